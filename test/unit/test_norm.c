/*
 * test_norm.c - server-free unit tests of the instmatch normalizer (src/im_norm.c).
 *
 *   test/unit/test_norm CORPUS [AFFILIATIONS_TSV]
 *
 * CORPUS is test/data/normalize_corpus.txt (one affiliation string per line). The optional
 * AFFILIATIONS_TSV (e.g. ../shared/data/dev_eval/affiliations.tsv: a header line, the string in
 * the 2nd tab-separated column) adds its strings to the corpus-wide property checks.
 *
 * Sections:
 *   1  expected renderings (input -> exact im_normalize_text output)
 *   2  equalities the matcher relies on, phrase containment
 *   3  ASCII fast path vs IM_OPT_NO_FASTPATH: identical token streams       } over the corpus,
 *   4  idempotence: normalizing the rendering again changes nothing         } the TSV and
 *   5  source ranges                                                        } >= 100,000 PRNG
 *   6  token well-formedness (length, UTF-8, content), long runs            } strings
 *   7  error paths: too long, output limit, callback stop, no memory, invalid UTF-8, NUL
 *   8  versions, and sanity of the compiled look-alike / traditional->simplified tables
 *
 *   also: every rule of src/data/rules.tsv (found from the program's path) in context
 *
 * Every assertion counts as one check. A failing check prints one line; to keep the output
 * readable only the first 12 failures of each kind are printed, then a count of the rest
 * (TEST_NORM_SHOW=N in the environment prints up to N per kind). The last line is
 * "N passed, M failed" (", K skipped" if any); the exit status is 1 if any check failed.
 * The PRNG strings come from a fixed splitmix64 seed (printed), so runs are reproducible.
 *
 * Checks marked "[BUG]" in their note fail against the normalizer as of this writing; they
 * state the intended behaviour and must not be weakened to make them pass.
 */
#include "im_norm.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* ------------------------------------------------------------------------------------------
 * Check accounting
 * ------------------------------------------------------------------------------------------ */
static long n_passed,
			n_failed,
			n_skipped;

static long max_shown = 12;	/* failure lines shown per category (TEST_NORM_SHOW) */
#define MAX_CATS 64

static struct
{
	const char *name;
	long		failed;
	long		shown;
}			cats[MAX_CATS];
static int	ncats;

static int
cat_index(const char *name)
{
	int			i;

	for (i = 0; i < ncats; i++)
		if (strcmp(cats[i].name, name) == 0)
			return i;
	if (ncats == MAX_CATS)
		return MAX_CATS - 1;
	cats[ncats].name = name;
	cats[ncats].failed = 0;
	cats[ncats].shown = 0;
	return ncats++;
}

/* Record one check. On failure print "FAIL [cat] message" (limited per category). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static bool
check(bool ok, const char *cat, const char *fmt,...)
{
	int			c;
	va_list		ap;

	if (ok)
	{
		n_passed++;
		return true;
	}
	n_failed++;
	c = cat_index(cat);
	cats[c].failed++;
	if (cats[c].shown < max_shown)
	{
		cats[c].shown++;
		printf("FAIL [%s] ", cat);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	return false;
}

static void
skip(const char *what)
{
	n_skipped++;
	printf("skipped: %s\n", what);
}

/* ------------------------------------------------------------------------------------------
 * Formatting helpers
 * ------------------------------------------------------------------------------------------ */

/*
 * Write s[0..n) as a C string literal body into a static ring of buffers: printable ASCII
 * as is, valid non-ASCII code points as \uXXXX / \UXXXXXXXX (as octal bytes below U+00A0,
 * where C forbids universal character names), everything else as octal escapes. Long
 * strings are shortened in the middle.
 */
static const char *
cstr(const char *s, size_t n)
{
	static char ring[4][4096];
	static int	slot;
	char	   *out = ring[slot = (slot + 1) % 4];
	size_t		o = 0,
				i = 0;
	const size_t lim = sizeof(ring[0]) - 32;

	out[o++] = '"';
	while (i < n && o < lim)
	{
		unsigned char c = (unsigned char) s[i];

		if (n > 400 && i == 150)
		{
			size_t		skipto = n - 100;

			o += (size_t) snprintf(out + o, lim - o, "\"...(%zu bytes)...\"", skipto - i);
			i = skipto;
			while (i < n && ((unsigned char) s[i] & 0xC0) == 0x80)
				i++;
			continue;
		}
		if (c == '"' || c == '\\')
		{
			out[o++] = '\\';
			out[o++] = (char) c;
			i++;
		}
		else if (c == '\n')
		{
			out[o++] = '\\';
			out[o++] = 'n';
			i++;
		}
		else if (c == '\t')
		{
			out[o++] = '\\';
			out[o++] = 't';
			i++;
		}
		else if (c >= 0x20 && c < 0x7F)
		{
			out[o++] = (char) c;
			i++;
		}
		else
		{
			utf8proc_int32_t cp = -1;
			utf8proc_ssize_t k = (c >= 0x80) ?
				utf8proc_iterate((const utf8proc_uint8_t *) s + i, (utf8proc_ssize_t) (n - i), &cp) : -1;

			if (k > 0 && cp >= 0xA0)
			{
				o += (size_t) snprintf(out + o, lim - o, cp > 0xFFFF ? "\\U%08X" : "\\u%04X",
									   (unsigned) cp);
				i += (size_t) k;
			}
			else
			{
				o += (size_t) snprintf(out + o, lim - o, "\\%03o", c);
				i++;
			}
		}
	}
	if (i < n)
		o += (size_t) snprintf(out + o, sizeof(ring[0]) - o, "...");
	out[o++] = '"';
	out[o] = '\0';
	return out;
}

static const char *
cstrz(const char *s)
{
	return s ? cstr(s, strlen(s)) : "(null)";
}

/* ------------------------------------------------------------------------------------------
 * Token collector
 * ------------------------------------------------------------------------------------------ */
typedef struct trec
{
	uint32_t	off;			/* into toks.txt */
	uint32_t	len;
	uint32_t	s,
				e;
	uint8_t		kind,
				gap;
} trec;

typedef struct toks
{
	trec	   *v;
	size_t		n,
				cap;
	char	   *txt;
	size_t		tn,
				tcap;
	long		calls;			/* callback invocations */
	long		bad_len;		/* tokens with len outside 1..IM_MAX_TOKEN_BYTES (not stored) */
} toks;

static void *
xrealloc(void *p, size_t n)
{
	void	   *q = realloc(p, n ? n : 1);

	if (q == NULL)
	{
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	return q;
}

static void
toks_reset(toks *t)
{
	t->n = 0;
	t->tn = 0;
	t->calls = 0;
	t->bad_len = 0;
}

static void
toks_free(toks *t)
{
	free(t->v);
	free(t->txt);
	memset(t, 0, sizeof(*t));
}

static int
collect(void *arg, const im_tok *tok)
{
	toks	   *t = arg;
	trec	   *r;

	t->calls++;
	if (tok->len < 1 || tok->len > IM_MAX_TOKEN_BYTES)
	{
		t->bad_len++;
		return 0;
	}
	if (t->n == t->cap)
	{
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = xrealloc(t->v, t->cap * sizeof(trec));
	}
	if (t->tn + tok->len > t->tcap)
	{
		while (t->tn + tok->len > t->tcap)
			t->tcap = t->tcap ? t->tcap * 2 : 1024;
		t->txt = xrealloc(t->txt, t->tcap);
	}
	memcpy(t->txt + t->tn, tok->text, tok->len);
	r = &t->v[t->n++];
	r->off = (uint32_t) t->tn;
	r->len = tok->len;
	r->s = tok->src_start;
	r->e = tok->src_end;
	r->kind = tok->kind;
	r->gap = tok->gap;
	t->tn += tok->len;
	return 0;
}

static int
norm(const char *s, size_t len, unsigned opt, toks *t)
{
	toks_reset(t);
	return im_normalize(s, len, opt, collect, t);
}

static const char *
tok_text(const toks *t, size_t i)
{
	return t->txt + t->v[i].off;
}

static const char *
kind_name(int k)
{
	switch (k)
	{
		case IM_TOK_WORD: return "WORD";
		case IM_TOK_NUM: return "NUM";
		case IM_TOK_HAN: return "HAN";
		case IM_TOK_DOMAIN: return "DOMAIN";
		default: return "?";
	}
}

/* "tok #i text kind gap [s,e)" into a ring buffer, or "(none)" past the end. */
static const char *
tok_desc(const toks *t, size_t i)
{
	static char ring[4][600];
	static int	slot;
	char	   *out = ring[slot = (slot + 1) % 4];

	if (i >= t->n)
		return "(none)";
	snprintf(out, sizeof(ring[0]), "%s %s gap=%u [%u,%u)",
			 cstr(tok_text(t, i), t->v[i].len), kind_name(t->v[i].kind),
			 t->v[i].gap, t->v[i].s, t->v[i].e);
	return out;
}

/* Render collected tokens with the library's renderer. */
static int
render_toks(const toks *t, im_buf *out)
{
	im_render_state rs;
	size_t		i;
	int			rc = IM_OK;

	im_buf_init(out, 0);
	im_render_init(&rs, out);
	for (i = 0; i < t->n && rc == IM_OK; i++)
	{
		im_tok		k;

		k.text = tok_text(t, i);
		k.len = t->v[i].len;
		k.kind = t->v[i].kind;
		k.gap = t->v[i].gap;
		k.src_start = t->v[i].s;
		k.src_end = t->v[i].e;
		rc = im_render_emit(&rs, &k);
	}
	if (rc == IM_OK)
		rc = im_render_finish(&rs);
	return rc;
}

/* im_normalize_text into a malloc'd string (never NULL); rc through *rcp. */
static char *
ntext_len(const char *s, size_t len, unsigned opt, int *rcp)
{
	im_buf		b;
	int			rc;
	char	   *r;

	im_buf_init(&b, 0);
	rc = im_normalize_text(s, len, opt, &b);
	if (rcp)
		*rcp = rc;
	r = xrealloc(NULL, b.len + 1);
	if (b.data)
		memcpy(r, b.data, b.len);
	r[b.len] = '\0';
	im_buf_free(&b);
	return r;
}

static char *
ntext(const char *s)
{
	return ntext_len(s, strlen(s), 0, NULL);
}

static bool
valid_utf8(const char *s, size_t n)
{
	size_t		i = 0;

	while (i < n)
	{
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *) s + i,
											  (utf8proc_ssize_t) (n - i), &cp);

		if (k <= 0)
			return false;
		i += (size_t) k;
	}
	return true;
}

/* ------------------------------------------------------------------------------------------
 * 1. Expected renderings
 * ------------------------------------------------------------------------------------------ */
typedef struct render_case
{
	const char *in;
	const char *expect;
	const char *note;
} render_case;

static const render_case render_cases[] = {
	/* NFKC */
	{"\uFF22\uFF25\uFF29\uFF28\uFF21\uFF2E\uFF27", "beihang", "NFKC full-width"},
	{"\uFF22\uFF45\uFF49\uFF48\uFF41\uFF4E\uFF47\u3000\uFF35\uFF4E\uFF49\uFF56\uFF0C\uFF11\uFF10\uFF10\uFF11\uFF19\uFF11",
	 "beihang university, 100191", "NFKC full-width space, comma, digits"},
	{"Sci\uFB01c O\uFB03ce", "scific office", "NFKC ligatures fi, ffi"},
	{"\u2460\u2461\u2462 \u2469", "123 10", "NFKC circled digits"},
	{"x\u00B2 H\u2082O", "x 2 h 2 o", "NFKC superscript/subscript digits split from letters"},
	{"Lab \u2163", "laboratory iv", "NFKC Roman numeral"},
	{"\U0001D414\U0001D427\U0001D422\U0001D42F", "university", "NFKC mathematical bold"},
	{"\u337F", "\u682A\u5F0F\u4F1A\u793E", "NFKC squared katakana word -> Han"},
	{"\uFF76\uFF9E\uFF78", "\u30AC\u30AF", "NFKC half-width katakana with voicing mark composes"},
	/* case folding */
	{"Stra\u00DFe STRASSE", "strasse strasse", "case folding sharp s"},
	{"\u0130stanbul ISTANBUL", "istanbul istanbul", "case folding dotted capital I"},
	{"\u039F\u0394\u039F\u03A3 \u03BF\u03B4\u03CC\u03C2", "\u03BF\u03B4\u03BF\u03C3 \u03BF\u03B4\u03BF\u03C3",
	 "case folding Greek, final sigma"},
	/* diacritics */
	{"Universit\u00E9", "university", "diacritics + word rule"},
	{"\u0141\u00F3d\u017A", "lodz", "Polish stroke l, acute"},
	{"\u1F08\u03B8\u1FC6\u03BD\u03B1\u03B9", "\u03B1\u03B8\u03B7\u03BD\u03B1\u03B9", "Greek polytonic stripped"},
	{"S\u00E3o Paulo \u00C5bo", "sao paulo abo", "tilde, ring"},
	{"\u00D8rsted \u00C6r\u00F8 \u00DE\u00F3rshofn", "orsted aero thorshofn", "o-stroke, ae, thorn"},
	{"Tr\u01B0\u1EDDng \u0110\u1EA1i h\u1ECDc", "truong dai hoc", "Vietnamese"},
	{"Universite\u0301", "university", "combining acute (decomposed input)"},
	{"\u041C\u043E\u0441\u043A\u043E\u0432\u0441\u043A\u0438\u0439", "\u043C\u043E\u0441\u043A\u043E\u0432\u0441\u043A\u0438\u0438",
	 "genuine Russian word stays Cyrillic (breve of short i removed)"},
	{"\u0401\u043B\u043A\u0430", "\u0435\u043B\u043A\u0430", "Cyrillic io -> ie"},
	{"\u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD", "\u05E9\u05DC\u05D5\u05DD", "Hebrew points stripped"},
	{"\u0645\u064F\u062D\u064E\u0645\u0651\u064E\u062F", "\u0645\u062D\u0645\u062F", "Arabic harakat stripped"},
	{"\u304C\u3063\u3053\u3046 \u30D1\u30D0", "\u304C\u3063\u3053\u3046 \u30D1\u30D0", "kana voicing kept"},
	{"\u304B\u3099", "\u304C", "kana + combining voicing mark composes"},
	{"\uC11C\uC6B8\uB300\uD559\uAD50", "\uC11C\uC6B8\uB300\uD559\uAD50", "Hangul intact"},
	{"\u1100\u1161\u11A8", "\uAC01", "conjoining jamo compose to a syllable"},
	{"\u0995\u09CC\u09B6\u09B2", "\u0995\u09CC\u09B6\u09B2",
	 "[BUG] Bengali vowel sign AU stays composed (NFKC); U+09CC decomposes to two Mc signs"},
	{"\u0BA4\u0BCA\u0BB4\u0BBF", "\u0BA4\u0BCA\u0BB4\u0BBF",
	 "[BUG] Tamil vowel sign O stays composed (NFKC)"},
	{"\u0935\u093F\u0936\u094D\u0935\u0935\u093F\u0926\u094D\u092F\u093E\u0932\u092F",
	 "\u0935\u093F\u0936\u094D\u0935\u0935\u093F\u0926\u094D\u092F\u093E\u0932\u092F", "Devanagari signs kept"},
	/* control and format characters: dropped without separating */
	{"Bei\u200Bhang", "beihang", "zero-width space"},
	{"Bei\u200Dhang Bei\u200Chang", "beihang beihang", "ZWJ, ZWNJ"},
	{"Bei\u00ADhang", "beihang", "soft hyphen"},
	{"\uFEFFBeihang", "beihang", "BOM"},
	{"Bei\u202Ehang\u202C Bei\u2066hang\u2069 Bei\u200Ehang", "beihang beihang beihang", "bidi controls"},
	{"Bei\x07hang\x7F", "beihang", "ASCII controls"},
	{"Bei\u2060hang", "beihang", "word joiner"},
	/* spaces, dashes, quotes */
	{"Beijing\u00A0China\u2009Asia\u3000X\u202FY\u2002Z", "beijing china asia x y z", "Unicode spaces"},
	{"Wisconsin\u2013Madison Paris\u2014Sud Bio\u2010based Sun Yat\u2011sen",
	 "wisconsin madison paris sud bio based sun yat sen", "dashes"},
	{"a\u2212b c\u2012d e\uFE63f", "a b c d e f", "minus sign and other dashes separate"},
	{"\u201CCarol Davila\u201D \u00ABLa Sapienza\u00BB \u2039x\u203A", "carol davila sapienza x", "quotation marks"},
	{"Univ \u201ECarol Davila\u201C Bucharest", "university carol davila bucharest",
	 "low-9 double quote (U+201E, category Ps) is a quote, not a parenthesis"},
	{"Inst \u201AKlein\u2018 Berlin", "institute klein berlin",
	 "low-9 single quote (U+201A, category Ps) is a quote, not a parenthesis"},
	{"Beijing\xC2\x85" "China", "beijing; china", "NEL is a line break"},
	{"Beijing\u2028China\u2029X", "beijing; china; x", "line/paragraph separators"},
	/* look-alikes */
	{"\u0412\u0435\u0456hang Univ\u0435rsity", "beihang university", "Cyrillic look-alikes in a Latin word"},
	{"Tsinghu\u0430", "tsinghua", "one Cyrillic a"},
	{"\u039C\u0399\u03A4 \u039Ayoto \u03A4\u03BFkyo", "mit kyoto tokyo", "Greek look-alikes"},
	{"\u13BB\u13AA\u13A1\u13D9\u13AA\u13A1\u13A0", "harvard", "Cherokee look-alikes"},
	{"\u1D1C\u0274\u026A\u1D20\u1D07\u0280\uA731\u026A\u1D1B\u028F", "university", "Latin small capitals"},
	{"\u0391\u03B8\u03AE\u03BD\u03B1", "\u03B1\u03B8\u03B7\u03BD\u03B1", "genuine Greek word stays Greek"},
	/* Han */
	{"\u54C8\u723E\u6FF1\u5DE5\u696D\u5927\u5B78", "\u54C8\u5C14\u6EE8\u5DE5\u4E1A\u5927\u5B66", "traditional -> simplified"},
	{"\u570B\u7ACB\u81FA\u7063\u5927\u5B78", "\u56FD\u7ACB\u53F0\u6E7E\u5927\u5B66", "traditional -> simplified (Taiwan)"},
	{"\u5317\u4EAC\u5927\u5B66\uFF0C\u5317\u4EAC 100871", "\u5317\u4EAC\u5927\u5B66, \u5317\u4EAC 100871", "full-width comma, Han + digits"},
	{"\u5317\u4EAC\u3001\u4E0A\u6D77\u3002\u5929\u6D25", "\u5317\u4EAC, \u4E0A\u6D77, \u5929\u6D25", "ideographic comma and full stop"},
	{"Beihang University (\u5317\u4EAC\u822A\u7A7A\u822A\u5929\u5927\u5B66)",
	 "beihang university (\u5317\u4EAC\u822A\u7A7A\u822A\u5929\u5927\u5B66)", "Han inside parentheses"},
	{"\u5317\u4EACUniv", "\u5317\u4EAC university", "Han then Latin"},
	{"\uF900\u2F00", "\u5C82\u4E00", "CJK compatibility ideograph (-> U+8C48 -> simplified) and Kangxi radical"},
	/* abbreviations */
	{"Univ", "university", "Univ"},
	{"Inst", "institute", "Inst"},
	{"Technol", "technology", "Technol"},
	{"Tech", "technology", "Tech"},
	{"Sci", "science", "Sci"},
	{"Engn", "engineering", "Engn"},
	{"Natl", "national", "Natl"},
	{"Nat'l", "national", "Nat'l"},
	{"Acad", "academy", "Acad"},
	{"Coll", "college", "Coll"},
	{"Lab", "laboratory", "Lab"},
	{"Dept", "department", "Dept"},
	{"Sch", "school", "Sch"},
	{"Ctr", "center", "Ctr"},
	{"Centre", "center", "Centre"},
	{"Polytech", "polytechnic", "Polytech"},
	{"Aeronaut", "aeronautics", "Aeronaut"},
	{"Astronaut", "astronautics", "Astronaut"},
	{"Accel", "accelerator", "Accel"},
	{"Petrochem", "petrochemical", "Petrochem"},
	{"Def", "defense", "Def"},
	{"Defence", "defense", "Defence"},
	{"Elect", "electronic", "Elect"},
	{"Electr", "electronic", "Electr"},
	{"Telecommun", "telecommunications", "Telecommun"},
	{"Commun", "communications", "Commun"},
	{"Informat", "information", "Informat"},
	{"Phys", "physics", "Phys"},
	{"Chem", "chemistry", "Chem"},
	{"Math", "mathematics", "Math"},
	{"Res", "research", "Res"},
	{"State Key Lab", "state key laboratory", "Key Lab"},
	{"Beijing, Peoples R China", "beijing, china", "Peoples R China"},
	{"Beijing, P.R. China", "beijing, china", "P.R. China"},
	{"Beijing, P. R. China", "beijing, china", "P. R. China"},
	{"Beijing, PR China", "beijing, china", "PR China"},
	{"Beijing, PRC", "beijing, china", "PRC"},
	{"Beijing, People's Republic of China", "beijing, china", "People's Republic of China"},
	{"Sch Mat Sci & Engn", "school mat science engineering", "& dropped"},
	{"UNIV. OF TECH.", "university technology", "upper case, dots"},
	{"Nat Sci Fdn", "natural science foundation", "nat sci phrase"},
	{"Nat Univ", "national university", "nat fallback"},
	{"Cent S Univ", "central south university", "cent s phrase"},
	{"Xi An Jiao-Tong", "xian jiaotong", "xi an and jiao tong phrases, across a hyphen"},
	{"Washington, U.S.A.", "washington, usa", "u s a phrase"},
	{"Nat, Sci", "national, science", "phrases do not cross a segment boundary"},
	/* stop words */
	{"Institute of Physics and the Chemistry", "institute physics chemistry", "English stop words"},
	{"Universidad de la Plata", "university plata", "Spanish stop words"},
	{"Fakult\u00E4t f\u00FCr Physik der Universit\u00E4t", "fakultat physics university", "German stop words"},
	{"the of and", "", "only stop words"},
	{"of, Beijing", "beijing", "leading stop word: no boundary before the first token"},
	{"Beijing, of China", "beijing, china", "a dropped stop word passes its boundary on"},
	/* apostrophes */
	{"Xi'an", "xian", "apostrophe removed"},
	{"Xi\u2019an Xi\u02BCan Xi`an Xi\uFF07an", "xian xian xian xian", "apostrophe variants"},
	{"l'Universit\u00E9", "university", "French elision"},
	{"L\u2019Universit\u00E9 d'Orsay", "university orsay", "French elisions, typographic apostrophe"},
	{"Universit\u00E0 dell'Insubria", "university insubria", "Italian elision"},
	{"King's College", "kings college", "English possessive"},
	{"'Quoted' Univ'", "quoted university", "quotes at word edges"},
	{"l' Aquila", "l aquila", "apostrophe before a space is a separator"},
	{"Xi\u0149an", "xinan", "[BUG] the apostrophe of U+0149 (NFKC: U+02BC n) is removed like any other"},
	/* hyphens, letters/digits */
	{"Bio-based Paris-Saclay", "bio based paris saclay", "hyphens split"},
	{"Beijing100191", "beijing 100191", "letter/digit split"},
	{"CB3 0HE 2nd", "cb 3 0 he second", "letter/digit split both ways"},
	{"1.5-2,5", "1 5 2, 5", "numbers split at dots and dashes"},
	/* domains and e-mail */
	{"zhang@buaa.edu.cn", "buaa.edu.cn", "e-mail -> domain"},
	{"ZHANG.Wei@BUAA.EDU.CN.", "buaa.edu.cn", "upper-case e-mail, trailing dot"},
	{"www.hit.edu.cn", "hit.edu.cn", "www. dropped"},
	{"http://www.ustc.edu.cn/", "ustc.edu.cn", "URL"},
	{"E-mail: li_na@mail.example.com", "e mail, mail.example.com", "e-mail after a label"},
	{"Dept.of Phys.", "department physics", "Dept.of is not a domain"},
	{"Univ.Co", "university company", "Univ.Co is not a domain"},
	{"Inst.of Sci.", "institute science", "Inst.of is not a domain"},
	{"@buaa.edu.cn", "buaa edu cn", "no local part: not an e-mail"},
	{"a@b@c.cn", "a b c cn", "two @: not an e-mail"},
	/* segment boundaries */
	{"a, b; c (d) e/f", "a, b; c (d) e, f", "boundary rendering"},
	{"a | b \\ c : d", "a, b, c, d", "| \\ : are commas"},
	{"a [b] {c}", "a (b) (c)", "brackets and braces"},
	{"a\nb\r\nc", "a; b; c", "line breaks"},
	{"a (b", "a (b)", "unclosed parenthesis closed at the end"},
	{"a (b (c) d) e", "a (b (c) d) e", "nested parentheses"},
	{"(a) b", "a) b", "parenthesis before the first token"},
	{"a;; ,, b", "a; b", "repeated boundaries"},
	{"a (, b", "a, (b)", "open + comma"},
	{"a), (b", "a), (b)", "close + comma + open"},
	{"Beijing 100191.", "beijing 100191", "trailing full stop"},
	/* empty */
	{"", "", "empty string"},
	{"   ", "", "only spaces"},
	{"!!! ,;() -- ...", "", "only punctuation"},
	{"\u200B\u00AD\uFEFF", "", "only format characters"},
};

static void
test_renderings(void)
{
	size_t		i;

	for (i = 0; i < sizeof(render_cases) / sizeof(render_cases[0]); i++)
	{
		const render_case *c = &render_cases[i];
		int			rc;
		char	   *got = ntext_len(c->in, strlen(c->in), 0, &rc);

		check(rc == IM_OK && strcmp(got, c->expect) == 0, "render",
			  "%s: %s -> %s (rc %d), expected %s", c->note, cstrz(c->in), cstrz(got), rc,
			  cstrz(c->expect));
		free(got);
	}
}

/* ------------------------------------------------------------------------------------------
 * 2. Equalities and phrase containment
 * ------------------------------------------------------------------------------------------ */

/*
 * Do the tokens of needle occur in hay as consecutive tokens inside one segment (every matched
 * token after the first has gap 0)?
 */
static bool
contains_phrase(const toks *hay, const toks *needle)
{
	size_t		i,
				j;

	if (needle->n == 0)
		return true;
	for (i = 0; i + needle->n <= hay->n; i++)
	{
		for (j = 0; j < needle->n; j++)
		{
			const trec *h = &hay->v[i + j];
			const trec *nd = &needle->v[j];

			if (h->len != nd->len || memcmp(tok_text(hay, i + j), tok_text(needle, j), h->len) != 0 ||
				h->kind != nd->kind || (j > 0 && h->gap != 0))
				break;
		}
		if (j == needle->n)
			return true;
	}
	return false;
}

static void
expect_phrase(const char *hay, const char *needle)
{
	toks		h = {0},
				n = {0};

	norm(hay, strlen(hay), 0, &h);
	norm(needle, strlen(needle), 0, &n);
	if (!check(n.n > 0 && contains_phrase(&h, &n), "phrase",
			   "%s does not contain the tokens of %s in one segment", cstrz(hay), cstrz(needle)))
	{
		char	   *r = ntext(hay);

		printf("  (%s renders as %s)\n", cstrz(hay), cstrz(r));
		free(r);
	}
	toks_free(&h);
	toks_free(&n);
}

static void
expect_no_phrase(const char *hay, const char *needle, const char *why)
{
	toks		h = {0},
				n = {0};

	norm(hay, strlen(hay), 0, &h);
	norm(needle, strlen(needle), 0, &n);
	check(!contains_phrase(&h, &n), "phrase", "%s: %s should not contain %s", why, cstrz(hay),
		  cstrz(needle));
	toks_free(&h);
	toks_free(&n);
}

static void
expect_equal(const char *a, const char *b, const char *note)
{
	char	   *ra = ntext(a);
	char	   *rb = ntext(b);

	check(strcmp(ra, rb) == 0, "equal", "%s: %s -> %s but %s -> %s", note, cstrz(a), cstrz(ra),
		  cstrz(b), cstrz(rb));
	free(ra);
	free(rb);
}

static void
expect_differ(const char *a, const char *b, const char *note)
{
	char	   *ra = ntext(a);
	char	   *rb = ntext(b);

	check(strcmp(ra, rb) != 0, "differ", "%s: %s and %s both -> %s", note, cstrz(a), cstrz(b),
		  cstrz(ra));
	free(ra);
	free(rb);
}

static void
test_equalities(void)
{
	expect_phrase("Beihang Univ, Sch Comp Sci & Engn, Beijing 100191, Peoples R China",
				  "Beihang University");
	expect_phrase("School of Computer Science and Engineering, Beihang University, Beijing 100191, P.R. China",
				  "Beihang University");
	expect_phrase("Sch Comp Sci & Engn, Beihang Univ", "School of Computer Science and Engineering");
	expect_phrase("Natl Key Lab Aeronaut & Astronaut", "National Key Laboratory of Aeronautics and Astronautics");
	expect_phrase("Beijing 100191, Peoples R China", "China");
	expect_no_phrase("Beihang, Univ", "Beihang University", "a comma splits the phrase");
	expect_no_phrase("Beihang (Univ)", "Beihang University", "a parenthesis splits the phrase");

	expect_equal("Northwestern Polytech Univ", "Northwestern Polytechnical University", "WoS vs full");
	expect_equal("Nat'l Univ. of Defense Tech.", "National University of Defense Technology", "IEEE vs full");
	expect_equal("University of Science and Technology of China", "Univ Sci & Technol China", "full vs WoS");
	expect_equal("Harbin Inst. of Tech.", "Harbin Institute of Technology", "IEEE vs full");
	expect_equal("Fermi Nat. Accel. Lab.", "Fermi National Accelerator Laboratory", "IEEE vs full");
	expect_equal("Beijing Inst. of Petrochem. Technol.", "Beijing Institute of Petrochemical Technology",
				 "IEEE vs full");
	expect_equal("Natl Univ Def Technol", "National University of Defence Technology", "defence/defense");
	expect_equal("Beijing Univ Aeronaut & Astronaut", "Beijing University of Aeronautics and Astronautics",
				 "WoS vs full");
	expect_equal("Univ Elect Sci & Technol China", "University of Electronic Science and Technology of China",
				 "WoS vs full");
	expect_equal("Beijing Univ Posts & Telecommun", "Beijing University of Posts and Telecommunications",
				 "WoS vs full");
	expect_equal("Xi'an Jiaotong University", "Xian Jiao Tong Univ", "apostrophe + jiao tong phrase");
	expect_equal("Sun Yat-sen University", "Sun Yatsen Univ", "yat-sen / yatsen");
	expect_equal("Peoples R China", "People's Republic of China", "country forms");
	expect_equal("P.R. China", "PRC", "country forms");
	expect_equal("\u54C8\u723E\u6FF1\u5DE5\u696D\u5927\u5B78", "\u54C8\u5C14\u6EE8\u5DE5\u4E1A\u5927\u5B66",
				 "traditional = simplified");
	expect_equal("\u6E05\u83EF\u5927\u5B78", "\u6E05\u534E\u5927\u5B66", "traditional = simplified");
	expect_equal("\uFF34\uFF53\uFF49\uFF4E\uFF47\uFF48\uFF55\uFF41 \uFF35\uFF4E\uFF49\uFF56\uFF45\uFF52\uFF53\uFF49\uFF54\uFF59\uFF0C\uFF24\uFF45\uFF50\uFF54 \uFF50\uFF48\uFF59\uFF53\uFF0C\uFF22\uFF45\uFF49\uFF4A\uFF49\uFF4E\uFF47\u3000\uFF11\uFF10\uFF10\uFF10\uFF18\uFF14",
				 "Tsinghua University, Dept phys, Beijing 100084", "full-width = ASCII");
	expect_equal("\uFF08\uFF21\uFF09\uFF1B\uFF3B\uFF22\uFF3D", "(A);[B]", "full-width punctuation = ASCII");
	expect_equal("\uFF5A\uFF48\uFF41\uFF4E\uFF47\uFF20\uFF42\uFF55\uFF41\uFF41\uFF0E\uFF45\uFF44\uFF55\uFF0E\uFF43\uFF4E",
				 "zhang buaa edu cn", "domains are recognized where written in ASCII only (README)");
	expect_equal("UNIVERSIT\u00C9 PARIS-SACLAY", "universite paris saclay", "case and accents");
	expect_equal("\u0412\u0435\u0456hang Univ\u0435rsity", "Beihang University", "look-alikes");
	expect_equal("Universite\u0301 Laval", "Universit\u00E9 Laval", "NFD = NFC");
	expect_equal("Beijing\u3000China", "Beijing China", "ideographic space");
	expect_differ("Beihang Univ, Beijing", "Beihang Univ; Beijing", "comma and semicolon differ");
	expect_differ("\u041C\u043E\u0441\u043A\u0432\u0430", "Mockba", "a genuine Cyrillic word is not folded");
}

/* Kinds and source ranges of a few inputs. */
static void
test_token_details(void)
{
	toks		t = {0};
	const char *s;
	size_t		i;
	bool		ok;

	s = "\u5317\u4EAC\u822A\u7A7A\u822A\u5929\u5927\u5B66";
	norm(s, strlen(s), 0, &t);
	ok = t.n == 8;
	for (i = 0; i < t.n; i++)
		ok = ok && t.v[i].kind == IM_TOK_HAN && t.v[i].len == 3 && t.v[i].gap == 0 &&
			t.v[i].s == 3 * i && t.v[i].e == 3 * i + 3;
	check(ok, "tokens", "%s: expected 8 HAN tokens of 3 bytes at [3i,3i+3), got %zu (first %s)",
		  cstrz(s), t.n, tok_desc(&t, 0));

	s = "zhang@buaa.edu.cn";
	norm(s, strlen(s), 0, &t);
	check(t.n == 1 && t.v[0].kind == IM_TOK_DOMAIN && t.v[0].s == 6 && t.v[0].e == 17, "tokens",
		  "%s: expected one DOMAIN [6,17), got %zu tokens, first %s", cstrz(s), t.n, tok_desc(&t, 0));

	s = "Dept.of Phys.";
	norm(s, strlen(s), 0, &t);
	ok = t.n == 2;
	for (i = 0; i < t.n; i++)
		ok = ok && t.v[i].kind == IM_TOK_WORD;
	check(ok, "tokens", "%s: expected 2 WORD tokens, got %zu, first %s", cstrz(s), t.n, tok_desc(&t, 0));

	s = "Beijing100191";
	norm(s, strlen(s), 0, &t);
	check(t.n == 2 && t.v[0].kind == IM_TOK_WORD && t.v[1].kind == IM_TOK_NUM &&
		  t.v[0].s == 0 && t.v[0].e == 7 && t.v[1].s == 7 && t.v[1].e == 13 && t.v[1].gap == 0,
		  "tokens", "%s: expected WORD [0,7) NUM [7,13), got %s %s", cstrz(s), tok_desc(&t, 0),
		  tok_desc(&t, 1));

	s = "Wuhan, Peoples R China";
	norm(s, strlen(s), 0, &t);
	check(t.n == 2 && t.v[1].s == 7 && t.v[1].e == 22 && t.v[1].gap == IM_GAP_COMMA, "tokens",
		  "%s: phrase token should cover [7,22) with gap COMMA, got %s", cstrz(s), tok_desc(&t, 1));

	s = "Sun Yatsen";
	norm(s, strlen(s), 0, &t);
	check(t.n == 3 && t.v[1].s == 4 && t.v[1].e == 10 && t.v[2].s == 4 && t.v[2].e == 10 &&
		  t.v[2].gap == 0, "tokens", "%s: both value tokens cover [4,10), got %s %s", cstrz(s),
		  tok_desc(&t, 1), tok_desc(&t, 2));

	s = "l'Universit\u00E9";
	norm(s, strlen(s), 0, &t);
	check(t.n == 1 && t.v[0].s == 0 && t.v[0].e == strlen(s), "tokens",
		  "%s: one token covering the whole input, got %s", cstrz(s), tok_desc(&t, 0));

	s = "a, b; c (d) e";
	norm(s, strlen(s), 0, &t);
	check(t.n == 5 && t.v[0].gap == 0 && t.v[1].gap == IM_GAP_COMMA && t.v[2].gap == IM_GAP_SEMI &&
		  t.v[3].gap == IM_GAP_OPEN && t.v[4].gap == IM_GAP_CLOSE, "tokens",
		  "%s: gaps 0 COMMA SEMI OPEN CLOSE expected", cstrz(s));

	s = "\uFF41\uFF42\uFF43";
	norm(s, strlen(s), 0, &t);
	check(t.n == 1 && t.v[0].s == 0 && t.v[0].e == 9, "tokens",
		  "%s: full-width token should cover [0,9), got %s", cstrz(s), tok_desc(&t, 0));
	toks_free(&t);
}

/* ------------------------------------------------------------------------------------------
 * 3-6. Per-string properties
 * ------------------------------------------------------------------------------------------ */
static toks T1,
			T2,
			TS;
static long n_strings;

static bool
tok_eq(const toks *a, size_t i, const toks *b, size_t j, bool with_src)
{
	const trec *x = &a->v[i],
			   *y = &b->v[j];

	return x->len == y->len && memcmp(tok_text(a, i), tok_text(b, j), x->len) == 0 &&
		x->kind == y->kind && x->gap == y->gap &&
		(!with_src || (x->s == y->s && x->e == y->e));
}

/* Index of the first differing token, or SIZE_MAX if the streams are equal. */
static size_t
first_diff(const toks *a, const toks *b, bool with_src)
{
	size_t		i;

	for (i = 0; i < a->n && i < b->n; i++)
		if (!tok_eq(a, i, b, i, with_src))
			return i;
	return a->n == b->n ? SIZE_MAX : i;
}

/* Apostrophes the normalizer removes inside words or treats as separators. */
static bool
is_apostrophe(utf8proc_int32_t c)
{
	return c == '\'' || c == '`' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x02B9 ||
		c == 0x00B4 || c == 0x2032 || c == 0x02BB || c == 0xFF07 || c == 0x055A || c == 0xA78C;
}

/* Check the form of every token (6) and the source ranges (5) of a collected stream. */
static void
check_tokens(const char *label, const char *s, size_t len, const toks *t)
{
	size_t		i;
	uint32_t	prev_start = 0;
	const char *bad = NULL;
	size_t		bad_i = 0;

	/* 5: src_start < src_end <= len, src_start non-decreasing */
	for (i = 0; i < t->n && !bad; i++)
	{
		const trec *r = &t->v[i];

		if (!(r->s < r->e && r->e <= len))
			bad = "src_start < src_end <= len violated";
		else if (r->s < prev_start)
			bad = "src_start decreases";
		prev_start = r->s;
		bad_i = i;
	}
	check(bad == NULL, "ranges", "%s %s: token %zu %s: %s", label, cstr(s, len), bad_i,
		  tok_desc(t, bad_i), bad ? bad : "");

	/* 6: 1..IM_MAX_TOKEN_BYTES bytes, valid UTF-8, content fits the kind, sane gaps */
	bad = t->bad_len ? "token length outside 1..IM_MAX_TOKEN_BYTES" : NULL;
	for (i = 0; i < t->n && !bad; i++)
	{
		const trec *r = &t->v[i];
		const char *x = tok_text(t, i);
		uint32_t	k;

		bad_i = i;
		if (!valid_utf8(x, r->len))
			bad = "invalid UTF-8";
		else if (r->gap & ~IM_GAP_ANY)
			bad = "unknown gap bits";
		else if (i == 0 && r->gap != 0)
			bad = "first token has a gap";
		else if (r->kind > IM_TOK_DOMAIN)
			bad = "unknown kind";
		for (k = 0; k < r->len && !bad; k++)
		{
			unsigned char c = (unsigned char) x[k];

			if (c >= 0x80)
				continue;
			if (r->kind == IM_TOK_WORD && !(c >= 'a' && c <= 'z'))
				bad = "WORD token with an ASCII byte other than a-z";
			else if (r->kind == IM_TOK_NUM && !(c >= '0' && c <= '9'))
				bad = "NUM token with an ASCII byte other than 0-9";
			else if (r->kind == IM_TOK_DOMAIN &&
					 !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'))
				bad = "DOMAIN token with a byte other than a-z 0-9 . -";
			else if (r->kind == IM_TOK_HAN)
				bad = "HAN token with an ASCII byte";
		}
		if (!bad && r->kind != IM_TOK_DOMAIN)
		{
			size_t		o = 0;

			while (o < r->len && !bad)
			{
				utf8proc_int32_t cp;
				utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *) x + o,
													  (utf8proc_ssize_t) (r->len - o), &cp);

				if (n <= 0)
					break;
				if (is_apostrophe(cp))
					bad = "token contains an apostrophe";
				else if (o == 0 && (utf8proc_category(cp) == UTF8PROC_CATEGORY_MN ||
									utf8proc_category(cp) == UTF8PROC_CATEGORY_ME))
					bad = "token starts with a combining mark (Mn/Me)";
				o += (size_t) n;
			}
		}
		if (!bad && r->kind == IM_TOK_HAN)
		{
			utf8proc_int32_t cp;
			utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *) x, r->len, &cp);

			if (n != (utf8proc_ssize_t) r->len || !im_is_han((uint32_t) cp) ||
				im_fold_t2s((uint32_t) cp) != (uint32_t) cp)
				bad = "HAN token is not one simplified Han character";
		}
		if (!bad && r->kind == IM_TOK_DOMAIN && memchr(x, '.', r->len) == NULL)
			bad = "DOMAIN token without a dot";
	}
	check(bad == NULL, "tokens", "%s %s: token %zu %s: %s", label, cstr(s, len), bad_i,
		  tok_desc(t, bad_i), bad ? bad : "");
}

/* Is the rendering its own NFKC case-folded form (the pipeline applies both)? */
static bool
is_nfkc_casefold(const char *s, size_t n)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t r;
	bool		ok;

	if (n == 0)
		return true;
	r = utf8proc_map((const utf8proc_uint8_t *) s, (utf8proc_ssize_t) n, &m,
					 UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	ok = r == (utf8proc_ssize_t) n && memcmp(m, s, n) == 0;
	free(m);
	return ok;
}

/*
 * Properties 3-6 for one input string. label names its origin (corpus:LINE, gen:N, tsv:LINE).
 */
static void
check_string(const char *label, const char *s, size_t len)
{
	im_buf		r1,
				r2;
	size_t		d;
	int			rc1,
				rc2;

	n_strings++;

	/* 3: fast path and general path give identical streams, src ranges included */
	rc1 = norm(s, len, 0, &T1);
	rc2 = norm(s, len, IM_OPT_NO_FASTPATH, &TS);
	d = first_diff(&T1, &TS, true);
	check(rc1 == IM_OK && rc2 == IM_OK && d == SIZE_MAX, "fastpath",
		  "%s %s: token %zu: fast %s vs no-fastpath %s (rc %d/%d)", label, cstr(s, len),
		  d == SIZE_MAX ? 0 : d, d == SIZE_MAX ? "" : tok_desc(&T1, d),
		  d == SIZE_MAX ? "" : tok_desc(&TS, d), rc1, rc2);

	/* 5, 6 */
	check_tokens(label, s, len, &T1);

	/* 6: the rendering is valid UTF-8, NUL-free, in NFKC case-folded form */
	rc1 = render_toks(&T1, &r1);
	check(rc1 == IM_OK && r1.data != NULL && valid_utf8(r1.data, r1.len) &&
		  memchr(r1.data, '\0', r1.len) == NULL, "render-utf8",
		  "%s %s: rendering %s is not valid UTF-8 (rc %d)", label, cstr(s, len),
		  r1.data ? cstr(r1.data, r1.len) : "(null)", rc1);
	if (r1.data == NULL)
		return;
	if (!is_nfkc_casefold(r1.data, r1.len))
	{
		size_t		k;

		for (k = 0; k < T1.n; k++)
			if (!is_nfkc_casefold(tok_text(&T1, k), T1.v[k].len))
				break;
		check(false, "render-nfkc", "%s %s: rendering is not NFKC + case folded; first such token %s",
			  label, cstr(s, len), k < T1.n ? tok_desc(&T1, k) : "(none: across tokens)");
	}
	else
		check(true, "render-nfkc", " ");

	/* 4: normalizing the rendering gives the same rendering and the same tokens/kinds/gaps */
	norm(r1.data, r1.len, 0, &T2);
	render_toks(&T2, &r2);
	check(r2.data != NULL && r1.len == r2.len && memcmp(r1.data, r2.data, r1.len) == 0,
		  "idempotence-render", "%s %s: rendered %s, re-rendered %s", label, cstr(s, len),
		  cstr(r1.data, r1.len), r2.data ? cstr(r2.data, r2.len) : "(null)");
	d = first_diff(&T1, &T2, false);
	check(d == SIZE_MAX, "idempotence-tokens",
		  "%s %s: rendered %s; token %zu was %s, after re-normalizing %s", label, cstr(s, len),
		  cstr(r1.data, r1.len), d == SIZE_MAX ? 0 : d, d == SIZE_MAX ? "" : tok_desc(&T1, d),
		  d == SIZE_MAX ? "" : tok_desc(&T2, d));
	im_buf_free(&r1);
	im_buf_free(&r2);
}

/* ------------------------------------------------------------------------------------------
 * Inputs: corpus, TSV, PRNG
 * ------------------------------------------------------------------------------------------ */
typedef struct strlist
{
	char	  **s;
	size_t	   *len;
	size_t		n,
				cap;
} strlist;

static void
strlist_add(strlist *l, const char *s, size_t n)
{
	if (l->n == l->cap)
	{
		l->cap = l->cap ? l->cap * 2 : 256;
		l->s = xrealloc(l->s, l->cap * sizeof(char *));
		l->len = xrealloc(l->len, l->cap * sizeof(size_t));
	}
	l->s[l->n] = xrealloc(NULL, n + 1);
	memcpy(l->s[l->n], s, n);
	l->s[l->n][n] = '\0';
	l->len[l->n] = n;
	l->n++;
}

static void
strlist_free(strlist *l)
{
	size_t		i;

	for (i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
	free(l->len);
	memset(l, 0, sizeof(*l));
}

static char *
read_file(const char *path, size_t *n)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf = NULL;
	size_t		cap = 0,
				len = 0;

	if (f == NULL)
		return NULL;
	for (;;)
	{
		size_t		r;

		if (len + 65536 > cap)
		{
			cap = cap ? cap * 2 : 1 << 20;
			buf = xrealloc(buf, cap);
		}
		r = fread(buf + len, 1, cap - len, f);
		len += r;
		if (r == 0)
			break;
	}
	fclose(f);
	*n = len;
	return buf;
}

/* Lines of a file; with column > 0, the column-th tab-separated field after a header line. */
static bool
read_lines(const char *path, int column, strlist *out)
{
	size_t		n,
				i = 0;
	char	   *buf = read_file(path, &n);
	bool		header = column > 0;

	if (buf == NULL)
		return false;
	while (i < n)
	{
		size_t		e = i,
					a,
					b;
		int			col;

		while (e < n && buf[e] != '\n')
			e++;
		a = i;
		b = e;
		if (b > a && buf[b - 1] == '\r')
			b--;
		for (col = 1; col < column && a < b; col++)
		{
			while (a < b && buf[a] != '\t')
				a++;
			if (a < b)
				a++;
		}
		if (column > 0)
		{
			size_t		f = a;

			while (f < b && buf[f] != '\t')
				f++;
			b = f;
		}
		if (header)
			header = false;
		else if (b > a)
			strlist_add(out, buf + a, b - a);
		i = e + 1;
	}
	free(buf);
	return true;
}

/* splitmix64 */
static uint64_t rng_state;

static uint64_t
rng_next(void)
{
	uint64_t	z = (rng_state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static size_t
rnd(size_t n)
{
	return n ? (size_t) (rng_next() % n) : 0;
}

typedef struct sbuf
{
	char	   *p;
	size_t		n,
				cap;
} sbuf;

static void
sb_add(sbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap)
	{
		while (b->n + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 256;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
sb_adds(sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static const char *const seps[] = {
	" ", " ", " ", ", ", ", ", "; ", " (", ") ", "(", ")", "/", "-", ".", ". ", "\n", "\t", " & ",
	": ", "|", "[", "]", "{", "}", "\\", ",", ";", "  ", "\r\n", ",;", ";,", ", (", ") ,", "--",
	"..", " - ",
};

static const char *const rule_words[] = {
	"Univ", "Inst", "Technol", "Tech", "Sci", "Engn", "Natl", "Nat", "Nat'l", "Acad", "Coll",
	"Lab", "Dept", "Sch", "Ctr", "Centre", "Polytech", "Aeronaut", "Astronaut", "Def", "Elect",
	"Electr", "Telecommun", "Commun", "Informat", "Phys", "Chem", "Math", "Res", "Key", "Peoples",
	"People's", "R", "Rep", "Republic", "China", "P", "PR", "PRC", "U", "S", "A", "K", "USA", "Cent",
	"N", "E", "NE", "NW", "SW", "Jiao", "Tong", "Yatsen", "Yat", "Sen", "of", "the", "and", "de",
	"la", "des", "Science", "History", "Resources", "Products", "United", "States", "America",
	"Kingdom", "r", "d", "co", "st", "an", "at", "in", "http", "https", "l", "dell", "all", "d'",
	"l'", "dell'", "sull'", "univ.", "Dept.", "Inst.", "Sci.", "www", "edu", "cn", "com", "ac",
	"uk", "org",
};

static const char *const domain_bits[] = {
	"@", "@", ".", ".", "www.", "edu", "cn", ".edu.cn", "abc@def.com", "x.y.ac.uk", "univ.edu",
	"-", "_", "%", "+", "a.b@c.d.cn", "www.univ.edu", "www.dept.cn", "x@sci.cn", "@@", ".cn",
	"mail.", "WWW.HIT.EDU.CN", "li@pku.edu.cn.", "a-b.c-d.org", "1.2.cn", "info", "biz",
	"zhang.wei@buaa.edu.cn", "x@y", "x.y", "Dept.of", "Univ.Co", "a.b.c.d.e.f.gh",
};

static const char *const apos_bits[] = {
	"'", "'", "`", "''", "l'", "d'", "L'", "D'", "dell'", "all'", "nell'", "sull'", "dall'",
	"Xi'an", "Nat'l", "'s", "o'", "'1", "1'",
};

/* Non-ASCII pieces: letters, look-alikes, marks, spaces, format characters, invalid bytes. */
static const char *const uni_bits[] = {
	"\u00E9", "\u00FC", "\u00DF", "\u0130", "\u0131", "\u0142", "\u00E6", "\u00F8", "\u0110",
	"\u2019", "\u2018", "\u00B4", "\u02BC", "\u02B9", "\uFF07", "\u2032", "\u2013", "\u2014",
	"\u2212", "\u00A0", "\u3000", "\u200B", "\u200D", "\u00AD", "\uFEFF", "\u202E", "\u2066",
	"\u0430", "\u0435", "\u0456", "\u0412", "\u041D", "\u0416", "\u0436", "\u0439", "\u03B1",
	"\u0399", "\u039A", "\u03B8", "\u03C2", "\u03A3", "\u13A0", "\uAB70", "\uA4D0", "\u1D00",
	"\u0531", "\u0585", "\u05D0", "\u05B8", "\u0627", "\u064E", "\u0915", "\u094D", "\u093F",
	"\u0951", "\u093C", "\u0301", "\u0308", "\u0345", "\u3099", "\u309A", "\u304B", "\u30AB",
	"\uFF76", "\uFF9E", "\uD55C", "\u1100", "\u1161", "\u11A8", "\u3131", "\u314F", "\u5317",
	"\u5B78", "\u570B", "\u4E00", "\uF900", "\u2F00", "\u3005", "\u337F", "\u3231", "\u3001",
	"\u3002", "\uFF0C", "\uFF1B", "\uFF08", "\uFF09", "\u300C", "\u300D", "\u201E", "\u201A",
	"\u201C", "\u201D", "\u00AB", "\u00BB", "\u060C", "\u061B", "\xC2\x85", "\u2028", "\uFF21",
	"\uFF41", "\uFF10", "\uFF20", "\uFF0E", "\u2460", "\u00B2", "\u2474", "\u2163", "\uFB01",
	"\uFB03", "\u01C4", "\u1E9E", "\u1F88", "\u0390", "\uFDFA", "\u0F77", "\u2126", "\u212B",
	"\u0149", "\u0374", "\U0001D162", "\u0660", "\u0967", "\U0001D400", "\U00020000", "\U0002F800", "\U00010330", "\U0001F600",
	"\u2C65", "\uA733", "\u0250", "\u0E01", "\u0E38", "\u10D0", "\u3164", "\u115F", "\u034F",
	"\u180E", "\uE000", "\uFFFD", "\u0378", "\u00BD", "\u2044", "\u0F2A", "\u2070", "\uA78C",
	"\x80", "\xBF", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF",
	"\xFE", "\xE4\xB8", "\xF0\x9F\x98", "\xC3", "\xC1\xBF", "\xF8\x88\x80\x80\x80",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

typedef struct wordlist
{
	const char **p;
	size_t	   *n;
	size_t		count,
				cap;
} wordlist;

static void
wordlist_add(wordlist *w, const char *p, size_t n)
{
	if (w->count == w->cap)
	{
		w->cap = w->cap ? w->cap * 2 : 1024;
		w->p = xrealloc(w->p, w->cap * sizeof(char *));
		w->n = xrealloc(w->n, w->cap * sizeof(size_t));
	}
	w->p[w->count] = p;
	w->n[w->count] = n;
	w->count++;
}

static wordlist words_all,
			words_ascii;

static void
collect_words(const strlist *corpus)
{
	size_t		i;

	for (i = 0; i < corpus->n; i++)
	{
		const char *s = corpus->s[i];
		size_t		n = corpus->len[i],
					a = 0;

		while (a < n)
		{
			size_t		b = a,
						k;
			bool		ascii = true;

			while (b < n && s[b] != ' ')
				b++;
			if (b > a)
			{
				for (k = a; k < b; k++)
					if ((unsigned char) s[k] >= 0x80)
						ascii = false;
				wordlist_add(&words_all, s + a, b - a);
				if (ascii)
					wordlist_add(&words_ascii, s + a, b - a);
			}
			a = b + 1;
		}
	}
}

static void
add_word(sbuf *b, const char *p, size_t n)
{
	size_t		start = b->n,
				k;
	size_t		mode = rnd(10);

	sb_add(b, p, n);
	if (mode == 0)				/* UPPER */
		for (k = start; k < b->n; k++)
			b->p[k] = (char) ((b->p[k] >= 'a' && b->p[k] <= 'z') ? b->p[k] - 32 : b->p[k]);
	else if (mode == 1)			/* lower */
		for (k = start; k < b->n; k++)
			b->p[k] = (char) ((b->p[k] >= 'A' && b->p[k] <= 'Z') ? b->p[k] + 32 : b->p[k]);
}

/* One pseudo-random test string into b. */
static void
gen_string(sbuf *b, const strlist *corpus, bool allow_unicode)
{
	size_t		target;
	size_t		kind = rnd(100);

	b->n = 0;
	sb_add(b, "", 0);

	if (kind < 12 && corpus->n > 0)
	{
		/* a corpus line with a few random edits */
		size_t		li = rnd(corpus->n),
					m,
					edits = 1 + rnd(4);

		sb_add(b, corpus->s[li], corpus->len[li]);
		for (m = 0; m < edits && b->n > 0; m++)
		{
			size_t		pos = rnd(b->n);
			size_t		op = rnd(4);

			if (op == 0)		/* delete one byte (may break UTF-8) */
				memmove(b->p + pos, b->p + pos + 1, b->n - pos);
			else if (op == 1)	/* flip the case of an ASCII letter */
			{
				char		c = b->p[pos];

				if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
					b->p[pos] = (char) (c ^ 0x20);
				continue;
			}
			else if (op == 2)	/* replace one byte by a separator */
			{
				b->p[pos] = ".,;'@-( )/"[rnd(10)];
				continue;
			}
			else				/* duplicate a tail piece */
			{
				size_t		len = rnd(12);

				if (pos + len > b->n)
					len = b->n - pos;
				sb_add(b, b->p + pos, len);
				continue;
			}
			b->n--;
		}
		b->p[b->n] = '\0';
		return;
	}

	if (kind < 14)
	{
		/* long letter runs, around the 255-byte token limit */
		static const char *const uni_units[] = {
			"a", "\u0436", "\u0430", "\uD55C", "\u0915\u094D", "e\u0301", "Ab", "\u304B\u3099",
		};
		static const char *const ascii_units[] = {"a", "Ab", "z", "univ", "x'", "7"};
		static const char *const tails[] = {"\u0436", "1", " x", ".cn", "\u0301", "\u094D"};
		size_t		n = 200 + rnd(400),
					k;
		const char *unit = allow_unicode ? uni_units[rnd(NELEM(uni_units))] :
			ascii_units[rnd(NELEM(ascii_units))];

		if (rnd(2) && words_ascii.count)
		{
			size_t		i = rnd(words_ascii.count);

			add_word(b, words_ascii.p[i], words_ascii.n[i]);
		}
		for (k = 0; k < n; k++)
			sb_adds(b, unit);
		if (rnd(2))
			sb_adds(b, allow_unicode ? tails[rnd(NELEM(tails))] : "1");
		return;
	}

	target = (rnd(50) == 0) ? 256 + rnd(1500) : 1 + rnd(120);
	while (b->n < target)
	{
		size_t		r = rnd(100);

		if (r < 38)
		{
			const wordlist *w = allow_unicode ? &words_all : &words_ascii;

			if (w->count)
			{
				size_t		i = rnd(w->count);

				add_word(b, w->p[i], w->n[i]);
			}
		}
		else if (r < 53)
			sb_adds(b, seps[rnd(NELEM(seps))]);
		else if (r < 61)
		{
			char		c = (char) (0x20 + rnd(0x5F));

			sb_add(b, &c, 1);
		}
		else if (r < 64)
		{
			char		c = (char) rnd(0x80);	/* controls and NUL included */

			sb_add(b, &c, 1);
		}
		else if (r < 69)
		{
			size_t		k,
						n = 1 + rnd(8);

			for (k = 0; k < n; k++)
			{
				char		c = (char) ('0' + rnd(10));

				sb_add(b, &c, 1);
			}
		}
		else if (r < 75)
			sb_adds(b, apos_bits[rnd(NELEM(apos_bits))]);
		else if (r < 82)
			sb_adds(b, domain_bits[rnd(NELEM(domain_bits))]);
		else if (r < 92)
			sb_adds(b, rule_words[rnd(NELEM(rule_words))]);
		else if (allow_unicode)
			sb_adds(b, uni_bits[rnd(NELEM(uni_bits))]);
		else
			sb_adds(b, seps[rnd(NELEM(seps))]);
	}
}

static void
test_strings(const strlist *corpus, const char *tsv_path)
{
	char		label[64];
	size_t		i;
	long		before;
	sbuf		b = {0};
	const uint64_t seed = 0x696D6E6F726D3031ull;	/* "imnorm01" */
	const size_t ngen = 120000;

	/* corpus lines, also through im_normalize_text (it must agree with the collectors) */
	for (i = 0; i < corpus->n; i++)
	{
		char	   *t;
		im_buf		r;

		snprintf(label, sizeof(label), "corpus:%zu", i + 1);
		check_string(label, corpus->s[i], corpus->len[i]);
		t = ntext_len(corpus->s[i], corpus->len[i], 0, NULL);
		norm(corpus->s[i], corpus->len[i], 0, &T1);
		render_toks(&T1, &r);
		check(r.data && strcmp(t, r.data) == 0, "normalize_text",
			  "%s: im_normalize_text %s differs from rendering the callback's tokens %s",
			  label, cstrz(t), cstrz(r.data));
		free(t);
		im_buf_free(&r);
	}

	/* strings that reach known edge cases */
	{
		static const char *const edge[] = {
			"a,;b", "Beijing,\nChina", "a;,b", "a), ;(b", "x (y; z",
			"wang@univ.edu", "li@sci.cn", "www.dept.cn", "www.univ.edu.cn", "WWW.INST.ORG",
			"\u201E\u0421\u0432. \u041A\u043B\u0438\u043C\u0435\u043D\u0442\u201C, \u0421\u043E\u0444\u0438\u044F",
			"\u13A0\u0951", "\uA4D0\u093C x", "\u1D00\u0951",
			"Xi\u00B4an", "a\u0345", "\u1F88", "\u0390", "\uFDFA", "\u3164\u3164",
			"l'\u00ADUniversit\u00E9", "d'\u200BOrsay",
			"1'abc.edu.cn", "1\001abc.edu.cn", "1\u200Babc.edu.cn", "x'1ab.cn", "www.www.dept.cn",
			"abc@def.com", "PR PRC", "Peoples R PRC", "S PRC", "\u0149", "a\u0149", "p\u0374t", "\U0001D162\u064E", "a\U0001D166\u064E",
		};

		for (i = 0; i < NELEM(edge); i++)
		{
			snprintf(label, sizeof(label), "edge:%zu", i + 1);
			check_string(label, edge[i], strlen(edge[i]));
		}
	}

	/* long runs built around the 255-byte cut */
	{
		static const char *const units[] = {
			"\u0915\u094D", "\u0430", "\u0436", "a\u0301", "\u304B\u3099", "\u1100\u1161", "x'",
		};
		size_t		u,
					reps;

		for (u = 0; u < NELEM(units); u++)
			for (reps = 60; reps <= 300; reps += 60)
			{
				b.n = 0;
				sb_add(&b, "", 0);
				while (b.n < reps * strlen(units[u]))
					sb_adds(&b, units[u]);
				if (u == 1)
					sb_adds(&b, "\u0436");	/* one non-look-alike letter at the end */
				snprintf(label, sizeof(label), "run:%zu*%zu", u + 1, reps);
				check_string(label, b.p, b.n);
			}
	}

	/* the optional TSV */
	if (tsv_path)
	{
		strlist		tsv = {0};

		if (!read_lines(tsv_path, 2, &tsv))
		{
			char		msg[512];

			snprintf(msg, sizeof(msg), "corpus-wide checks on %.400s (cannot read it)", tsv_path);
			skip(msg);
		}
		else
		{
			for (i = 0; i < tsv.n; i++)
			{
				snprintf(label, sizeof(label), "tsv:%zu", i + 2);
				check_string(label, tsv.s[i], tsv.len[i]);
			}
			printf("corpus-wide checks: %zu strings from %s\n", tsv.n, tsv_path);
		}
		strlist_free(&tsv);
	}

	/* PRNG strings */
	rng_state = seed;
	before = n_strings;
	for (i = 0; i < ngen; i++)
	{
		gen_string(&b, corpus, rnd(10) < 4);
		snprintf(label, sizeof(label), "gen:%zu", i);
		check_string(label, b.p, b.n);
	}
	printf("properties 3-6: %ld strings compared (%zu corpus lines, %ld generated from seed 0x%016llX)\n",
		   n_strings, corpus->n, n_strings - before, (unsigned long long) seed);
	free(b.p);
}

/* ------------------------------------------------------------------------------------------
 * 6. Long runs
 * ------------------------------------------------------------------------------------------ */
static void
long_run(const char *unit, size_t reps, const char *expect_unit, const char *what)
{
	sbuf		in = {0},
				want = {0},
				got = {0};
	toks		t = {0};
	size_t		i;
	bool		ok = true;
	size_t		maxlen = 0;
	char		label[64];

	for (i = 0; i < reps; i++)
	{
		sb_adds(&in, unit);
		sb_adds(&want, expect_unit);
	}
	norm(in.p, in.n, 0, &t);
	sb_add(&got, "", 0);
	for (i = 0; i < t.n; i++)
	{
		if (t.v[i].len > maxlen)
			maxlen = t.v[i].len;
		ok = ok && t.v[i].len >= 1 && t.v[i].len <= IM_MAX_TOKEN_BYTES &&
			valid_utf8(tok_text(&t, i), t.v[i].len) && t.v[i].gap == 0;
		sb_add(&got, tok_text(&t, i), t.v[i].len);
	}
	check(t.bad_len == 0 && ok && t.n > 1, "long-run",
		  "%s: %zu tokens, longest %zu bytes; each must be 1..%d bytes of valid UTF-8 with gap 0",
		  what, t.n, maxlen, IM_MAX_TOKEN_BYTES);
	check(got.n == want.n && memcmp(got.p, want.p, got.n) == 0, "long-run",
		  "%s: the tokens joined (%zu bytes) are not the expected text (%zu bytes)", what, got.n,
		  want.n);
	snprintf(label, sizeof(label), "long:%s", what);
	check_string(label, in.p, in.n);
	free(in.p);
	free(want.p);
	free(got.p);
	toks_free(&t);
}

static void
test_long_runs(void)
{
	long_run("a", 10000, "a", "10000 ASCII letters");
	long_run("B", 10000, "b", "10000 upper-case ASCII letters");
	long_run("\u0436", 10000, "\u0436", "10000 Cyrillic zhe (2 bytes)");
	long_run("\uD55C", 10000, "\uD55C", "10000 Hangul syllables (3 bytes)");
	long_run("\u0E01", 10000, "\u0E01", "10000 Thai letters (3 bytes)");
	long_run("\U00010330", 3000, "\U00010330", "3000 Gothic letters (4 bytes)");
	long_run("a\u0436", 5000, "a\u0436", "alternating 1- and 2-byte letters");
	long_run("\u00C9", 3000, "e", "3000 E-acute (folded to 1 byte)");
	long_run("7", 10000, "7", "10000 digits");
}

/* ------------------------------------------------------------------------------------------
 * 7. Error paths
 * ------------------------------------------------------------------------------------------ */
typedef struct stopper
{
	long		calls;
	long		stop_at;
	long		after;			/* calls after the stop */
} stopper;

static int
stop_emit(void *arg, const im_tok *tok)
{
	stopper    *st = arg;

	(void) tok;
	if (st->calls >= st->stop_at)
	{
		st->after++;
		return 7;
	}
	st->calls++;
	return st->calls == st->stop_at ? 7 : 0;
}

static int	fail_alloc_after;	/* allocations allowed before failing; -1 = never fail */

static void *
test_alloc(size_t n)
{
	if (fail_alloc_after == 0)
		return NULL;
	if (fail_alloc_after > 0)
		fail_alloc_after--;
	return malloc(n);
}

static void *
test_realloc(void *p, size_t n)
{
	if (fail_alloc_after == 0)
		return NULL;
	if (fail_alloc_after > 0)
		fail_alloc_after--;
	return realloc(p, n);
}

static long interrupt_calls;

static void
count_interrupt(void)
{
	interrupt_calls++;
}

static void
test_errors(void)
{
	toks		t = {0};
	im_buf		b;
	int			rc;
	size_t		i;
	static const char small[4] = "abc";

	/* too long: nothing may be read or emitted */
	rc = norm(NULL, IM_MAX_INPUT_BYTES + 1, 0, &t);
	check(rc == IM_ERR_TOO_LONG && t.calls == 0, "errors",
		  "im_normalize(NULL, IM_MAX_INPUT_BYTES + 1): rc %d, %ld callbacks", rc, t.calls);
	rc = norm(small, IM_MAX_INPUT_BYTES + 1, IM_OPT_NO_FASTPATH, &t);
	check(rc == IM_ERR_TOO_LONG && t.calls == 0, "errors",
		  "im_normalize(4-byte buffer, IM_MAX_INPUT_BYTES + 1): rc %d, %ld callbacks", rc, t.calls);
	rc = norm(small, SIZE_MAX, 0, &t);
	check(rc == IM_ERR_TOO_LONG && t.calls == 0, "errors", "im_normalize(SIZE_MAX): rc %d", rc);
	im_buf_init(&b, 0);
	rc = im_normalize_text(NULL, IM_MAX_INPUT_BYTES + 1, 0, &b);
	check(rc == IM_ERR_TOO_LONG && b.len == 0, "errors",
		  "im_normalize_text(NULL, IM_MAX_INPUT_BYTES + 1): rc %d, len %zu", rc, b.len);
	im_buf_free(&b);
	rc = norm(NULL, 0, 0, &t);
	check(rc == IM_OK && t.calls == 0, "errors", "im_normalize(NULL, 0): rc %d, %ld callbacks", rc,
		  t.calls);

	/* output limit: the limit counts the terminating NUL */
	{
		static const struct
		{
			const char *in;
			size_t		limit;
			int			rc;
		}			lim[] = {
			{"Beihang", 8, IM_OK},
			{"Beihang", 7, IM_ERR_OUTPUT_LIMIT},
			{"Beihang University", 10, IM_ERR_OUTPUT_LIMIT},
			{"a (b", 6, IM_OK},
			{"a (b", 5, IM_ERR_OUTPUT_LIMIT},	/* the closing ")" added at the end */
			{"", 1, IM_OK},
			{"School of Computer Science and Engineering, Beihang University", 40, IM_ERR_OUTPUT_LIMIT},
		};

		for (i = 0; i < NELEM(lim); i++)
		{
			im_buf_init(&b, lim[i].limit);
			rc = im_normalize_text(lim[i].in, strlen(lim[i].in), 0, &b);
			check(rc == lim[i].rc && b.len < lim[i].limit && (rc != IM_OK || b.data != NULL),
				  "errors", "im_normalize_text(%s) with limit %zu: rc %d (expected %d), len %zu",
				  cstrz(lim[i].in), lim[i].limit, rc, lim[i].rc, b.len);
			im_buf_free(&b);
		}
		/* a large input against a small limit stops early */
		{
			sbuf		big = {0};

			for (i = 0; i < 20000; i++)
				sb_adds(&big, "Beihang University, ");
			im_buf_init(&b, 1000);
			rc = im_normalize_text(big.p, big.n, 0, &b);
			check(rc == IM_ERR_OUTPUT_LIMIT && b.len < 1000 && b.cap <= 1000, "errors",
				  "large input, limit 1000: rc %d, len %zu, cap %zu", rc, b.len, b.cap);
			im_buf_free(&b);
			free(big.p);
		}
	}

	/* a callback's nonzero return stops normalization and is returned */
	{
		static const char *const stop_inputs[] = {
			"Beihang Univ, Sch Comp Sci & Engn, Beijing 100191, Peoples R China",
			"Sun Yatsen Univ, Nat Sci, Cent S, P R C",
			"\u5317\u4EAC\u5927\u5B66 zhang@buaa.edu.cn Beijing100191",
			"Peoples R China",
		};
		size_t		k;

		for (i = 0; i < NELEM(stop_inputs); i++)
		{
			const char *s = stop_inputs[i];

			norm(s, strlen(s), 0, &t);
			for (k = 1; k <= t.n; k++)
			{
				stopper		st = {0, (long) k, 0};
				unsigned	opt;

				for (opt = 0; opt <= IM_OPT_NO_FASTPATH; opt++)
				{
					st.calls = 0;
					st.after = 0;
					rc = im_normalize(s, strlen(s), opt, stop_emit, &st);
					check(rc == 7 && st.calls == (long) k && st.after == 0, "errors",
						  "%s: callback returning 7 at token %zu (options %u): rc %d, %ld calls, %ld after the stop",
						  cstrz(s), k, opt, rc, st.calls, st.after);
				}
			}
		}
	}

	/* allocator failure */
	{
		im_allocator saved = im_mem;

		im_mem.alloc = test_alloc;
		im_mem.realloc = test_realloc;
		fail_alloc_after = 0;
		im_buf_init(&b, 0);
		rc = im_normalize_text("Beihang", 7, 0, &b);
		check(rc == IM_ERR_NOMEM, "errors", "first allocation fails: rc %d, expected IM_ERR_NOMEM", rc);
		im_buf_free(&b);
		{
			sbuf		big = {0};

			for (i = 0; i < 200; i++)
				sb_adds(&big, "Beihang University, ");
			fail_alloc_after = 1;
			im_buf_init(&b, 0);
			rc = im_normalize_text(big.p, big.n, 0, &b);
			check(rc == IM_ERR_NOMEM && b.data != NULL, "errors",
				  "second allocation (realloc) fails: rc %d, expected IM_ERR_NOMEM with the old buffer kept", rc);
			im_buf_free(&b);
			free(big.p);
		}
		fail_alloc_after = -1;
		im_mem = saved;
	}

	/* the interrupt hook is called on long inputs */
	{
		sbuf		big = {0};

		while (big.n < 200000)
			sb_adds(&big, "Harbin Inst Technol, Sch Astronaut, Harbin 150001; ");
		interrupt_calls = 0;
		im_interrupt_hook = count_interrupt;
		norm(big.p, big.n, 0, &t);
		im_interrupt_hook = NULL;
		check(interrupt_calls >= 2 && interrupt_calls <= 4, "errors",
			  "interrupt hook on %zu bytes: %ld calls, expected 2..4", big.n, interrupt_calls);
		free(big.p);
	}

	/* invalid UTF-8 separates and never crashes */
	{
		static const struct
		{
			const char *bytes;
			const char *what;
		}			bad[] = {
			{"\x80", "lone continuation byte"},
			{"\xBF\xBF", "two continuation bytes"},
			{"\xC3", "truncated 2-byte sequence"},
			{"\xE4\xB8", "truncated 3-byte sequence"},
			{"\xF0\x9F\x98", "truncated 4-byte sequence"},
			{"\xC0\xAF", "overlong '/'"},
			{"\xC1\xBF", "overlong 2-byte"},
			{"\xE0\x80\xAF", "overlong 3-byte"},
			{"\xF0\x80\x80\xAF", "overlong 4-byte"},
			{"\xED\xA0\x80", "UTF-8 encoded high surrogate"},
			{"\xED\xBF\xBF", "UTF-8 encoded low surrogate"},
			{"\xF4\x90\x80\x80", "above U+10FFFF"},
			{"\xF8\x88\x80\x80\x80", "5-byte form"},
			{"\xFE", "0xFE"},
			{"\xFF", "0xFF"},
		};

		for (i = 0; i < NELEM(bad); i++)
		{
			char		in[64];
			char	   *got;
			char		label[64];

			snprintf(in, sizeof(in), "Bei%shang", bad[i].bytes);
			got = ntext_len(in, strlen(in), 0, &rc);
			check(rc == IM_OK && strcmp(got, "bei hang") == 0, "invalid-utf8",
				  "%s: %s -> %s (rc %d), expected \"bei hang\"", bad[i].what, cstrz(in), cstrz(got), rc);
			free(got);
			snprintf(label, sizeof(label), "invalid:%zu", i + 1);
			check_string(label, in, strlen(in));
			snprintf(in, sizeof(in), "%s", bad[i].bytes);
			got = ntext_len(in, strlen(in), IM_OPT_NO_FASTPATH, &rc);
			check(rc == IM_OK && got[0] == '\0', "invalid-utf8", "%s alone: %s -> %s (rc %d)",
				  bad[i].what, cstrz(in), cstrz(got), rc);
			free(got);
		}
		{
			const char *s = "li@pku.edu.cn\xFF\xFE Beijing";
			char	   *got = ntext_len(s, strlen(s), 0, &rc);

			check(strcmp(got, "pku.edu.cn beijing") == 0, "invalid-utf8",
				  "%s -> %s, expected \"pku.edu.cn beijing\"", cstrz(s), cstrz(got));
			free(got);
		}
	}

	/* embedded NUL bytes: a control character, dropped; the rest of the input is read */
	{
		static const char nul1[] = "Beihang\0University";	/* 18 bytes */
		static const char nul2[] = "Univ\0, Beijing\0";
		char	   *got;

		got = ntext_len(nul1, sizeof(nul1) - 1, 0, &rc);
		check(rc == IM_OK && strcmp(got, "beihanguniversity") == 0, "nul",
			  "%s -> %s, expected \"beihanguniversity\"", cstr(nul1, sizeof(nul1) - 1), cstrz(got));
		free(got);
		norm(nul1, sizeof(nul1) - 1, 0, &t);
		check(t.n == 1 && t.v[0].s == 0 && t.v[0].e == 18, "nul", "%s: one token [0,18), got %s",
			  cstr(nul1, sizeof(nul1) - 1), tok_desc(&t, 0));
		got = ntext_len(nul2, sizeof(nul2) - 1, IM_OPT_NO_FASTPATH, &rc);
		check(rc == IM_OK && strcmp(got, "university, beijing") == 0, "nul",
			  "%s -> %s, expected \"university, beijing\"", cstr(nul2, sizeof(nul2) - 1), cstrz(got));
		free(got);
		got = ntext_len("\0\0\0", 3, 0, &rc);
		check(rc == IM_OK && got[0] == '\0', "nul", "three NULs -> %s", cstrz(got));
		free(got);
		check_string("nul:1", nul1, sizeof(nul1) - 1);
		check_string("nul:2", nul2, sizeof(nul2) - 1);
	}
	toks_free(&t);
}

/* ------------------------------------------------------------------------------------------
 * Every rule of src/data/rules.tsv, in context: "beijing KEY harbin" -> "beijing VALUE harbin"
 * (stop words: "beijing harbin"), and every value is already canonical.
 * ------------------------------------------------------------------------------------------ */
static void
test_rules_file(const char *path)
{
	strlist		lines = {0};
	size_t		i;
	long		nrules = 0,
				nunknown = 0;

	if (!read_lines(path, 0, &lines))
	{
		char		msg[600];

		snprintf(msg, sizeof(msg), "rule-by-rule checks (cannot read %.500s)", path);
		skip(msg);
		return;
	}
	for (i = 0; i < lines.n; i++)
	{
		char	   *f[3] = {NULL, NULL, NULL};
		char	   *p = lines.s[i];
		int			nf = 0;
		char		in[256],
					want[256];
		char	   *got;

		if (p[0] == '#' || p[0] == '\0')
			continue;
		while (nf < 3)
		{
			f[nf++] = p;
			p = strchr(p, '\t');
			if (p == NULL)
				break;
			*p++ = '\0';
		}
		if (strcmp(f[0], "stop") == 0 && f[1])
		{
			snprintf(in, sizeof(in), "beijing %s harbin", f[1]);
			snprintf(want, sizeof(want), "beijing harbin");
		}
		else if (strcmp(f[0], "generic") == 0 && f[1])
		{
			/* generic words are canonical words: not rewritten */
			snprintf(in, sizeof(in), "beijing %s harbin", f[1]);
			snprintf(want, sizeof(want), "beijing %s harbin", f[1]);
		}
		else if ((strcmp(f[0], "word") == 0 || strcmp(f[0], "phrase") == 0) && f[1] && f[2])
		{
			snprintf(in, sizeof(in), "beijing %s harbin", f[1]);
			snprintf(want, sizeof(want), "beijing %s harbin", f[2]);
		}
		else
		{
			nunknown++;
			continue;
		}
		nrules++;
		got = ntext(in);
		check(strcmp(got, want) == 0, "rules", "%s rule %s: %s -> %s, expected %s", f[0],
			  cstrz(f[1]), cstrz(in), cstrz(got), cstrz(want));
		free(got);
		got = ntext(want);
		check(strcmp(got, want) == 0, "rules", "%s rule %s: the value is not canonical: %s -> %s",
			  f[0], cstrz(f[1]), cstrz(want), cstrz(got));
		free(got);
	}
	check(nrules >= 100, "rules", "%s: only %ld rules found", path, nrules);
	if (nunknown)
	{
		char		msg[600];

		snprintf(msg, sizeof(msg), "%ld lines of %.500s with an unknown rule type", nunknown, path);
		skip(msg);
	}
	strlist_free(&lines);
}

/* ------------------------------------------------------------------------------------------
 * 8. Versions and tables
 * ------------------------------------------------------------------------------------------ */
static void
test_versions_and_tables(void)
{
	const char *rv = im_rules_version();
	const char *uv = im_unicode_version();
	const char *pv = im_utf8proc_version();
	size_t		l = strlen(IM_RULES_VERSION);
	uint32_t	cp;
	uint32_t	bad_cp = 0;
	const char *bad = NULL;

	check(rv != NULL && strncmp(rv, IM_RULES_VERSION, l) == 0 &&
		  (rv[l] == '\0' || rv[l] == ' '), "version",
		  "im_rules_version() %s does not start with IM_RULES_VERSION \"%s\"", cstrz(rv),
		  IM_RULES_VERSION);
	check(uv != NULL && uv[0] >= '1' && uv[0] <= '9', "version",
		  "im_unicode_version() %s", cstrz(uv));
	check(pv != NULL && pv[0] != '\0', "version", "im_utf8proc_version() %s", cstrz(pv));
	printf("rules %s, Unicode %s, utf8proc %s\n", rv ? rv : "?", uv ? uv : "?", pv ? pv : "?");

	/* look-alikes fold to one lower-case ASCII letter; ASCII itself is not a look-alike */
	for (cp = 0; cp <= 0x10FFFF && !bad; cp++)
	{
		uint32_t	f = im_fold_lookalike(cp);

		if (f != 0 && !(f >= 'a' && f <= 'z'))
			bad = "folds to something other than a-z";
		else if (cp < 0x80 && f != 0)
			bad = "ASCII is a look-alike";
		bad_cp = cp;
	}
	check(bad == NULL, "tables", "im_fold_lookalike(U+%04X) %s", bad_cp, bad ? bad : "");

	/* traditional -> simplified maps Han to Han and is idempotent */
	bad = NULL;
	for (cp = 0x3000; cp <= 0x323AF && !bad; cp++)
	{
		uint32_t	s = im_fold_t2s(cp);

		if (!im_is_han(cp))
		{
			if (s != cp)
				bad = "maps a non-Han code point";
		}
		else if (!im_is_han(s))
			bad = "maps to a non-Han code point";
		else if (im_fold_t2s(s) != s)
			bad = "is not idempotent";
		bad_cp = cp;
	}
	check(bad == NULL, "tables", "im_fold_t2s(U+%04X) %s", bad_cp, bad ? bad : "");
	check(im_fold_t2s(0x5B78) == 0x5B66 && im_fold_t2s(0x5B66) == 0x5B66 && im_fold_t2s('a') == 'a',
		  "tables", "im_fold_t2s: \u5B78 -> \u5B66 expected");
	check(im_is_han(0x4E00) && im_is_han(0x20000) && im_is_han(0x3005) && !im_is_han('a') &&
		  !im_is_han(0x3042) && !im_is_han(0xAC00), "tables", "im_is_han on samples");
}

/* ------------------------------------------------------------------------------------------ */
int
main(int argc, char **argv)
{
	strlist		corpus = {0};
	int			c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2 || argc > 3)
	{
		fprintf(stderr, "usage: %s CORPUS [AFFILIATIONS_TSV]\n", argv[0]);
		return 2;
	}
	fail_alloc_after = -1;
	if (getenv("TEST_NORM_SHOW"))
		max_shown = atol(getenv("TEST_NORM_SHOW"));
	if (!read_lines(argv[1], 0, &corpus))
	{
		fprintf(stderr, "cannot read %s\n", argv[1]);
		return 2;
	}
	check(corpus.n >= 250, "corpus", "%s has %zu lines, expected about 300", argv[1], corpus.n);
	collect_words(&corpus);

	test_renderings();
	test_equalities();
	test_token_details();
	test_long_runs();
	test_errors();
	test_versions_and_tables();
	{
		/* src/data/rules.tsv, found from the program's path (test/unit/test_norm) */
		char		path[4096];
		const char *slash = strrchr(argv[0], '/');
		int			dl = slash ? (int) (slash - argv[0]) : 1;

		snprintf(path, sizeof(path), "%.*s/../../src/data/rules.tsv", dl, slash ? argv[0] : ".");
		test_rules_file(path);
	}
	test_strings(&corpus, argc > 2 ? argv[2] : NULL);

	for (c = 0; c < ncats; c++)
		if (cats[c].failed > cats[c].shown)
			printf("[%s] %ld more failures not shown (%ld in all)\n", cats[c].name,
				   cats[c].failed - cats[c].shown, cats[c].failed);

	toks_free(&T1);
	toks_free(&T2);
	toks_free(&TS);
	free(words_all.p);
	free(words_all.n);
	free(words_ascii.p);
	free(words_ascii.n);
	strlist_free(&corpus);

	if (n_skipped)
		printf("%ld passed, %ld failed, %ld skipped\n", n_passed, n_failed, n_skipped);
	else
		printf("%ld passed, %ld failed\n", n_passed, n_failed);
	return n_failed ? 1 : 0;
}
