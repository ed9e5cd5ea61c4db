/*
 * fuzz_match.c - libFuzzer target for the instmatch dictionary matcher (src/im_match.c).
 *
 *   make fuzz-match FUZZ_SECONDS=600    build (clang) and run on test/fuzz/corpus-match
 *   test/fuzz/fuzz_match crash-file     replay one input
 *
 * Input: the bytes before the first 0x00 describe a dictionary, the bytes after it are the
 * affiliation string. Without a 0x00 the whole input is the affiliation string, scanned with a
 * fixed dictionary (the one of sql/match.sql). Dictionary lines (separated by \n or \r):
 *
 *   E id|country_name|city|domain     an entity (missing fields: none; more '|' fields after
 *                                     the domain are more domains)
 *   A id|kind|alias                   an alias; kind is name, aka, former, acronym, label or a
 *                                     digit 0-4; the alias is the rest of the line ('|' too)
 *   P child|parent                    a relationship (child has parent)
 *
 * The parser is total: a line that does not parse (unknown letter, unknown id or kind, empty
 * id) is skipped, never an error. Only the first 64 KB of a dictionary part are read.
 *
 * For each input the target builds the dictionary, scans the string with explain=0 and
 * explain=1, and aborts if any of these fails (it prints the input and the property first):
 *   - every call returns IM_OK (the dictionary and the string are bounded);
 *   - every hit: entity and alias indexes valid, 0 <= src_start < src_end <= len,
 *     tok_start < tok_end <= ntok and the source range is the tokens' range, score in (0, 1],
 *     kind and reason known;
 *   - explain=0 returns accepted hits only; accepted hits carry an "accepted" reason (match,
 *     resolved, ambiguous, parent, affiliate), suppressed ones a "suppressed" reason; kind
 *     child_of goes with reason parent, kind ambiguous with reason ambiguous;
 *   - the accepted hits of explain=0 equal the accepted hits of explain=1 (entity, kind,
 *     source range, score), in the same order;
 *   - no entity is accepted twice;
 *   - every accepted child_of hit's entity is a parent (im_dict_is_ancestor) of an accepted
 *     entity that is not itself child_of;
 *   - im_reason_text gives a non-empty sentence for every hit.
 *
 * Memory: the dictionary part is capped at 64 KB; the scan workspace is reused between inputs
 * (it grows with the longest string), everything else is freed before returning.
 *
 * Built with -DFUZZ_MATCH_MAIN (and without -fsanitize=fuzzer) it gets a main() that replays
 * the files named on the command line and prints the hits, for compilers without libFuzzer.
 */
#include "im_match.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DICT_CAP (64 * 1024)

static const uint8_t *cur_data;
static size_t cur_size;
static im_scan scan0,
			scan1;
static bool scans_ready;

static void
put_escaped(FILE *f, const char *s, size_t n)
{
	size_t		i;

	fputc('"', f);
	for (i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c >= 0x20 && c < 0x7F)
			fputc(c, f);
		else
			fprintf(f, "\\%03o", c);
	}
	fputc('"', f);
}

#if defined(__GNUC__)
__attribute__((noreturn, format(printf, 1, 2)))
#endif
static void
fail(const char *fmt,...)
{
	va_list		ap;

	fprintf(stderr, "\nfuzz_match: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\ninput (%zu bytes): ", cur_size);
	put_escaped(stderr, (const char *) cur_data, cur_size);
	fprintf(stderr, "\n");
	abort();
}

/* ------------------------------------------------------------------------------------------
 * The fixed dictionary (sql/match.sql); the labels are the Chinese names of Beihang, HIT, NPU
 * and USTC in UTF-8
 * ------------------------------------------------------------------------------------------ */
static const char fixed_dict[] =
	"E bit|China|Beijing|bit.edu.cn\n"
	"E bitm|India|Ranchi|bitmesra.ac.in\n"
	"E buaa|China|Beijing|buaa.edu.cn\n"
	"E cas|China|Beijing|cas.cn\n"
	"E hit|China|Harbin|hit.edu.cn\n"
	"E hitsz|China|Shenzhen|hitsz.edu.cn\n"
	"E iop-cas|China|Beijing|iphy.ac.cn\n"
	"E iop-uk|United Kingdom|London|iop.org\n"
	"E mipt|Russia|Dolgoprudny|mipt.ru\n"
	"E moe-cn|China|Beijing\n"
	"E moe-sg|Singapore|Singapore\n"
	"E msra|China|Beijing\n"
	"E nju|China|Nanjing|nju.edu.cn\n"
	"E npu|China|Xi'an|nwpu.edu.cn\n"
	"E nuaa|China|Nanjing|nuaa.edu.cn\n"
	"E nudt|China|Changsha|nudt.edu.cn\n"
	"E scu|China|Chengdu|scu.edu.cn\n"
	"E suse|China|Zigong\n"
	"E ucb|United States|Berkeley|berkeley.edu\n"
	"E ustc|China|Hefei|ustc.edu.cn\n"
	"A bit|name|Beijing Institute of Technology\n"
	"A bitm|name|Birla Institute of Technology, Mesra\n"
	"A buaa|name|Beihang University\n"
	"A cas|name|Chinese Academy of Sciences\n"
	"A hit|name|Harbin Institute of Technology\n"
	"A hitsz|name|Harbin Institute of Technology, Shenzhen\n"
	"A iop-cas|name|Institute of Physics\n"
	"A iop-uk|name|Institute of Physics\n"
	"A mipt|name|Moscow Institute of Physics and Technology\n"
	"A moe-cn|name|Ministry of Education\n"
	"A moe-sg|name|Ministry of Education\n"
	"A msra|name|Microsoft Research Asia (China)\n"
	"A nju|name|Nanjing University\n"
	"A npu|name|Northwestern Polytechnical University\n"
	"A nuaa|name|Nanjing University of Aeronautics and Astronautics\n"
	"A nudt|name|National University of Defense Technology\n"
	"A scu|name|Sichuan University\n"
	"A suse|name|Sichuan University of Science and Engineering\n"
	"A ucb|name|University of California, Berkeley\n"
	"A ustc|name|University of Science and Technology of China\n"
	"A bit|acronym|BIT\n"
	"A bitm|acronym|BIT\n"
	"A buaa|acronym|BUAA\n"
	"A buaa|former|Beijing University of Aeronautics and Astronautics\n"
	"A buaa|label|\345\214\227\344\272\254\350\210\252\347\251\272\350\210\252\345\244\251\345\244\247\345\255\246\n"
	"A cas|acronym|CAS\n"
	"A hit|acronym|HIT\n"
	"A hit|label|\345\223\210\345\260\224\346\273\250\345\267\245\344\270\232\345\244\247\345\255\246\n"
	"A npu|acronym|NWPU\n"
	"A npu|label|\350\245\277\345\214\227\345\267\245\344\270\232\345\244\247\345\255\246\n"
	"A nuaa|acronym|NUAA\n"
	"A nudt|acronym|NUDT\n"
	"A ucb|aka|UC Berkeley\n"
	"A ustc|acronym|USTC\n"
	"A ustc|label|\344\270\255\345\233\275\347\247\221\345\255\246\346\212\200\346\234\257\345\244\247\345\255\246\n"
	"P hitsz|hit\n"
	"P iop-cas|cas\n";

static im_dict *fixed;

/* ------------------------------------------------------------------------------------------
 * Dictionary parser (total: any bytes either parse or are skipped)
 * ------------------------------------------------------------------------------------------ */

/* Copy p[0..n) into buf as a C string (NUL-free input, so no truncation inside the string). */
static const char *
cfield(char *buf, size_t bufsize, const char *p, size_t n)
{
	if (n >= bufsize)
		n = bufsize - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

/* Split line[0..n) at '|' into at most max fields; returns the count (at least 1). */
static int
split(const char *line, size_t n, const char **f, size_t *fl, int max)
{
	int			k = 0;
	size_t		i,
				st = 0;

	for (i = 0; i <= n && k < max; i++)
	{
		if (i == n || (line[i] == '|' && k < max - 1))
		{
			f[k] = line + st;
			fl[k] = i - st;
			k++;
			st = i + 1;
		}
	}
	return k;
}

static int
parse_kind(const char *p, size_t n)
{
	if (n == 1 && p[0] >= '0' && p[0] <= '4')
		return p[0] - '0';
	return im_alias_kind_from_name(p, n);
}

static void
check_rc(int rc, const char *what)
{
	/* OUTPUT_LIMIT is the API's "bad argument" answer; the parser never passes one */
	if (rc < 0)
		fail("%s returned %d", what, rc);
}

static void
parse_line(im_dict *d, const char *line, size_t n)
{
	const char *f[8];
	size_t		fl[8];
	int			nf,
				k;
	char		b1[4096],
				b2[4096];

	if (n < 2 || (line[1] != ' ' && line[1] != '\t'))
		return;
	switch (line[0])
	{
		case 'E':
			{
				int32_t		e;

				nf = split(line + 2, n - 2, f, fl, 8);
				if (fl[0] == 0 || memchr(f[0], '\0', fl[0]))
					return;
				e = im_dict_add_entity(d, f[0], fl[0], NULL,
									   nf > 1 && fl[1] ? cfield(b1, sizeof(b1), f[1], fl[1]) : NULL,
									   nf > 2 && fl[2] ? cfield(b2, sizeof(b2), f[2], fl[2]) : NULL);
				check_rc(e, "im_dict_add_entity");
				for (k = 3; k < nf; k++)
					check_rc(im_dict_add_domain(d, e, f[k], fl[k]), "im_dict_add_domain");
				break;
			}
		case 'A':
			{
				int32_t		e;
				int			kind;

				nf = split(line + 2, n - 2, f, fl, 3);
				if (nf < 3)
					return;
				e = im_dict_find(d, f[0], fl[0]);
				kind = parse_kind(f[1], fl[1]);
				if (e < 0 || kind < 0)
					return;
				check_rc(im_dict_add_alias(d, e, f[2], fl[2], (im_alias_kind) kind),
						 "im_dict_add_alias");
				break;
			}
		case 'P':
			{
				int32_t		c,
							p;

				nf = split(line + 2, n - 2, f, fl, 2);
				if (nf < 2)
					return;
				c = im_dict_find(d, f[0], fl[0]);
				p = im_dict_find(d, f[1], fl[1]);
				if (c < 0 || p < 0)
					return;
				check_rc(im_dict_add_parent(d, c, p), "im_dict_add_parent");
				break;
			}
		default:
			return;
	}
}

static im_dict *
parse_dict(const char *s, size_t n)
{
	im_dict    *d = im_dict_create();
	size_t		i = 0;
	int			rc;

	if (d == NULL)
		fail("im_dict_create returned NULL");
	if (n > DICT_CAP)
		n = DICT_CAP;
	while (i < n)
	{
		size_t		j = i;

		while (j < n && s[j] != '\n' && s[j] != '\r')
			j++;
		parse_line(d, s + i, j - i);
		i = j + 1;
	}
	rc = im_dict_build(d);
	if (rc != IM_OK)
		fail("im_dict_build returned %d", rc);
	return d;
}

/* ------------------------------------------------------------------------------------------
 * Invariants
 * ------------------------------------------------------------------------------------------ */
static void
describe_hits(const im_dict *d, const im_scan *sc, const char *s, size_t len, const char *label)
{
	size_t		i;
	char		buf[256];

	fprintf(stderr, "  %s: %zu hits\n", label, sc->nhits);
	for (i = 0; i < sc->nhits && i < 40; i++)
	{
		const im_hit *h = &sc->hits[i];
		bool		ok = h->entity >= 0 && h->entity < im_dict_nentities(d);

		fprintf(stderr, "    %c entity %d (%s) alias %d kind %s score %.4f src [%u,%u) tok [%u,%u) %s",
				h->accepted ? '+' : '-', h->entity, ok ? im_dict_entity_id(d, h->entity) : "?",
				h->alias, im_match_kind_name(h->kind), (double) h->score, h->src_start,
				h->src_end, h->tok_start, h->tok_end,
				ok ? im_reason_text(d, h, buf, sizeof(buf)) : "?");
		if (h->src_start < h->src_end && h->src_end <= len)
		{
			fputc(' ', stderr);
			put_escaped(stderr, s + h->src_start, h->src_end - h->src_start);
		}
		fputc('\n', stderr);
	}
}

static void
check_hits(const im_dict *d, const im_scan *sc, const char *s, size_t len, int explain)
{
	int32_t		nent = im_dict_nentities(d),
				nali = im_dict_naliases(d);
	size_t		i,
				j;
	char		buf[256];
	const char *what = explain ? "explain=1" : "explain=0";

	for (i = 0; i < sc->nhits; i++)
	{
		const im_hit *h = &sc->hits[i];

#define BAD(...) do { describe_hits(d, sc, s, len, what); fail(__VA_ARGS__); } while (0)
		if (h->entity < 0 || h->entity >= nent)
			BAD("%s: hit %zu has entity %d of %d", what, i, h->entity, nent);
		if (h->alias < 0 || h->alias >= nali)
			BAD("%s: hit %zu has alias %d of %d", what, i, h->alias, nali);
		if (h->kind > IM_MK_FORMER)
			BAD("%s: hit %zu has unknown kind %u", what, i, h->kind);
		if (h->reason >= IM_WHY_COUNT)
			BAD("%s: hit %zu has unknown reason %u", what, i, h->reason);
		if (h->accepted > 1)
			BAD("%s: hit %zu has accepted = %u", what, i, h->accepted);
		if (!(h->src_start < h->src_end && h->src_end <= len))
			BAD("%s: hit %zu has src [%u,%u) for %zu bytes", what, i, h->src_start, h->src_end, len);
		if (!(h->tok_start < h->tok_end && h->tok_end <= sc->toks.ntok))
			BAD("%s: hit %zu has tokens [%u,%u) of %zu", what, i, h->tok_start, h->tok_end,
				sc->toks.ntok);
		if (h->src_start != sc->toks.tok[h->tok_start].src_start ||
			h->src_end != sc->toks.tok[h->tok_end - 1].src_end)
			BAD("%s: hit %zu src [%u,%u) is not its tokens' range [%u,%u)", what, i,
				h->src_start, h->src_end, sc->toks.tok[h->tok_start].src_start,
				sc->toks.tok[h->tok_end - 1].src_end);
		if (!(h->score > 0.0f && h->score <= 1.0f) || isnan(h->score))
			BAD("%s: hit %zu has score %g", what, i, (double) h->score);
		if (!explain && !h->accepted)
			BAD("explain=0: hit %zu is not accepted", i);
		if (h->accepted && !im_reason_accepted(h->reason))
			BAD("%s: accepted hit %zu has a suppression reason %u", what, i, h->reason);
		if (!h->accepted && im_reason_accepted(h->reason))
			BAD("%s: suppressed hit %zu has an acceptance reason %u", what, i, h->reason);
		if (h->accepted && (h->kind == IM_MK_CHILD_OF) != (h->reason == IM_WHY_PARENT))
			BAD("%s: accepted hit %zu: kind %s with reason %u", what, i,
				im_match_kind_name(h->kind), h->reason);
		if (h->accepted && (h->kind == IM_MK_AMBIGUOUS) != (h->reason == IM_WHY_AMBIGUOUS))
			BAD("%s: accepted hit %zu: kind %s with reason %u", what, i,
				im_match_kind_name(h->kind), h->reason);
		/* a standalone name is one token and the whole of its segment */
		if (h->accepted && h->reason == IM_WHY_STANDALONE &&
			(h->tok_end != h->tok_start + 1 ||
			 (h->tok_start > 0 && !(sc->toks.tok[h->tok_start].gap & IM_GAP_ANY)) ||
			 (h->tok_end < sc->toks.ntok && !(sc->toks.tok[h->tok_end].gap & IM_GAP_ANY))))
			BAD("%s: standalone hit %zu [%u,%u) is not a whole segment", what, i, h->tok_start,
				h->tok_end);
		buf[0] = '\0';
		if (im_reason_text(d, h, buf, sizeof(buf)) == NULL || buf[0] == '\0' ||
			strlen(buf) >= sizeof(buf))
			BAD("%s: hit %zu: empty reason text", what, i);
		if (!h->accepted)
			continue;
		for (j = 0; j < i; j++)
			if (sc->hits[j].accepted && sc->hits[j].entity == h->entity)
				BAD("%s: entity %s accepted twice (hits %zu and %zu)", what,
					im_dict_entity_id(d, h->entity), j, i);
		if (h->kind == IM_MK_CHILD_OF)
		{
			bool		found = false;

			for (j = 0; j < sc->nhits && !found; j++)
			{
				const im_hit *c = &sc->hits[j];

				found = c->accepted && c->kind != IM_MK_CHILD_OF && c->entity != h->entity &&
					im_dict_is_ancestor(d, c->entity, h->entity);
			}
			if (!found)
				BAD("%s: child_of hit %zu (%s) is no parent of an accepted entity", what, i,
					im_dict_entity_id(d, h->entity));
		}
#undef BAD
	}
}

typedef struct acc_hit
{
	int32_t		entity;
	uint32_t	src_start,
				src_end;
	float		score;
	uint8_t		kind;
} acc_hit;

static size_t
accepted_of(const im_scan *sc, acc_hit **out, size_t *cap)
{
	size_t		i,
				n = 0;

	for (i = 0; i < sc->nhits; i++)
	{
		const im_hit *h = &sc->hits[i];

		if (!h->accepted)
			continue;
		if (n == *cap)
		{
			*cap = *cap ? *cap * 2 : 64;
			*out = realloc(*out, *cap * sizeof(acc_hit));
			if (*out == NULL)
				abort();
		}
		(*out)[n].entity = h->entity;
		(*out)[n].src_start = h->src_start;
		(*out)[n].src_end = h->src_end;
		(*out)[n].score = h->score;
		(*out)[n].kind = h->kind;
		n++;
	}
	return n;
}

static void
run(const im_dict *d, const char *s, size_t len)
{
	static acc_hit *a0,
			   *a1;
	static size_t c0,
				c1;
	size_t		n0,
				n1,
				i;
	int			rc;

	if (!scans_ready)
	{
		im_scan_init(&scan0);
		im_scan_init(&scan1);
		scans_ready = true;
	}
	rc = im_dict_scan(d, s, len, 0, &scan0);
	if (rc != IM_OK)
		fail("im_dict_scan(explain=0) returned %d", rc);
	check_hits(d, &scan0, s, len, 0);
	rc = im_dict_scan(d, s, len, 1, &scan1);
	if (rc != IM_OK)
		fail("im_dict_scan(explain=1) returned %d", rc);
	check_hits(d, &scan1, s, len, 1);

	n0 = accepted_of(&scan0, &a0, &c0);
	n1 = accepted_of(&scan1, &a1, &c1);
	for (i = 0; i < n0 && i < n1; i++)
		if (a0[i].entity != a1[i].entity || a0[i].kind != a1[i].kind ||
			a0[i].src_start != a1[i].src_start || a0[i].src_end != a1[i].src_end ||
			a0[i].score != a1[i].score)
			break;
	if (i < n0 || i < n1)
	{
		describe_hits(d, &scan0, s, len, "explain=0");
		describe_hits(d, &scan1, s, len, "explain=1");
		fail("accepted hits differ between explain=0 (%zu) and explain=1 (%zu) at %zu", n0, n1, i);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	const char *nul = size ? memchr(s, '\0', size) : NULL;

	cur_data = data;
	cur_size = size;
	if (nul == NULL)
	{
		if (fixed == NULL)
		{
			fixed = parse_dict(fixed_dict, sizeof(fixed_dict) - 1);
			if (im_dict_nentities(fixed) != 20)
				fail("the fixed dictionary has %d entities, expected 20", im_dict_nentities(fixed));
		}
		run(fixed, s, size);
	}
	else
	{
		size_t		dl = (size_t) (nul - s);
		im_dict    *d = parse_dict(s, dl);

		run(d, nul + 1, size - dl - 1);
		im_dict_free(d);
	}
	return 0;
}

#ifdef FUZZ_MATCH_MAIN
/* Replay files without libFuzzer: print the hits of explain=1 for each. */
int
main(int argc, char **argv)
{
	int			i;

	for (i = 1; i < argc; i++)
	{
		FILE	   *f = fopen(argv[i], "rb");
		char	   *buf = NULL;
		size_t		n = 0,
					cap = 0,
					r;

		if (f == NULL)
		{
			perror(argv[i]);
			return 2;
		}
		do
		{
			if (n == cap)
			{
				cap = cap ? cap * 2 : 4096;
				buf = realloc(buf, cap);
				if (buf == NULL)
					abort();
			}
			r = fread(buf + n, 1, cap - n, f);
			n += r;
		} while (r > 0);
		fclose(f);
		LLVMFuzzerTestOneInput((const uint8_t *) buf, n);
		{
			const char *nul = memchr(buf, '\0', n);
			const char *s = nul ? nul + 1 : buf;
			size_t		sl = nul ? n - (size_t) (nul - buf) - 1 : n;
			im_dict    *d = nul ? parse_dict(buf, (size_t) (nul - buf)) : fixed;

			im_dict_scan(d, s, sl, 1, &scan1);
			cur_data = (const uint8_t *) buf;
			cur_size = n;
			printf("%s: ", argv[i]);
			fflush(stdout);
			describe_hits(d, &scan1, s, sl, "explain=1");
			if (nul)
				im_dict_free(d);
		}
		free(buf);
	}
	if (fixed)
		im_dict_free(fixed);
	im_scan_free(&scan0);
	im_scan_free(&scan1);
	return 0;
}
#endif
