/*
 * fuzz_norm.c - libFuzzer target for the instmatch normalizer (src/im_norm.c).
 *
 *   make fuzz FUZZ_SECONDS=600          build (clang) and run on test/fuzz/corpus
 *   test/fuzz/fuzz_norm crash-file      replay one input
 *
 * For each input the target aborts if any of these fails:
 *   - the ASCII fast path and the general path (IM_OPT_NO_FASTPATH) give identical token
 *     streams: text, kind, gap, src_start, src_end;
 *   - every token is 1..IM_MAX_TOKEN_BYTES bytes of valid UTF-8 with a known kind, holds no
 *     apostrophe, does not start with a combining mark (Mn, Me), the first token has gap 0,
 *     src_start < src_end <= len, src_start never decreases;
 *   - the rendering (im_render_emit) is valid UTF-8, NUL-free, in NFKC case-folded form, and
 *     equal to im_normalize_text's output;
 *   - normalizing the rendering again gives the same rendering and the same token texts,
 *     kinds and gaps (idempotence).
 * Before aborting it prints the input and the failed property to stderr.
 *
 * Memory per input is bounded by the input length (token arrays, freed before returning).
 */
#include "im_norm.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

typedef struct ftok
{
	uint32_t	off;
	uint32_t	len;
	uint32_t	s,
				e;
	uint8_t		kind,
				gap;
} ftok;

typedef struct fstream
{
	ftok	   *v;
	size_t		n,
				cap;
	char	   *txt;
	size_t		tn,
				tcap;
	long		bad_len;
} fstream;

static const uint8_t *cur_data;
static size_t cur_size;

static void
put_escaped(const char *s, size_t n)
{
	size_t		i;

	fputc('"', stderr);
	for (i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '"' || c == '\\')
			fprintf(stderr, "\\%c", c);
		else if (c >= 0x20 && c < 0x7F)
			fputc(c, stderr);
		else
			fprintf(stderr, "\\%03o", c);
	}
	fputc('"', stderr);
}

#if defined(__GNUC__)
__attribute__((noreturn, format(printf, 1, 2)))
#endif
static void
fail(const char *fmt,...)
{
	va_list		ap;

	fprintf(stderr, "\nfuzz_norm: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\ninput (%zu bytes): ", cur_size);
	put_escaped((const char *) cur_data, cur_size);
	fprintf(stderr, "\n");
	abort();
}

static void *
xrealloc(void *p, size_t n)
{
	void	   *q = realloc(p, n ? n : 1);

	if (q == NULL)
		abort();
	return q;
}

static int
collect(void *arg, const im_tok *tok)
{
	fstream    *t = arg;
	ftok	   *r;

	if (tok->len < 1 || tok->len > IM_MAX_TOKEN_BYTES)
	{
		t->bad_len++;
		return 0;
	}
	if (t->n == t->cap)
	{
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = xrealloc(t->v, t->cap * sizeof(ftok));
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

static void
stream_free(fstream *t)
{
	free(t->v);
	free(t->txt);
	memset(t, 0, sizeof(*t));
}

static void
normalize(const char *s, size_t len, unsigned opt, fstream *t, const char *what)
{
	int			rc;

	memset(t, 0, sizeof(*t));
	rc = im_normalize(s, len, opt, collect, t);
	if (rc != IM_OK)
		fail("%s: im_normalize returned %d", what, rc);
	if (t->bad_len)
		fail("%s: %ld tokens with a length outside 1..%d", what, t->bad_len, IM_MAX_TOKEN_BYTES);
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

/* Index of the first token that differs, or SIZE_MAX. */
static size_t
first_diff(const fstream *a, const fstream *b, bool with_src)
{
	size_t		i;

	for (i = 0; i < a->n && i < b->n; i++)
	{
		const ftok *x = &a->v[i],
				   *y = &b->v[i];

		if (x->len != y->len || memcmp(a->txt + x->off, b->txt + y->off, x->len) != 0 ||
			x->kind != y->kind || x->gap != y->gap ||
			(with_src && (x->s != y->s || x->e != y->e)))
			return i;
	}
	return a->n == b->n ? SIZE_MAX : i;
}

static void
describe(const char *label, const fstream *t, size_t i)
{
	if (i >= t->n)
	{
		fprintf(stderr, "  %s: (no token %zu; %zu tokens)\n", label, i, t->n);
		return;
	}
	fprintf(stderr, "  %s: token %zu ", label, i);
	put_escaped(t->txt + t->v[i].off, t->v[i].len);
	fprintf(stderr, " kind=%u gap=%u src=[%u,%u)\n", t->v[i].kind, t->v[i].gap, t->v[i].s,
			t->v[i].e);
}

/* Apostrophes the normalizer removes inside words or treats as separators. */
static bool
is_apostrophe(utf8proc_int32_t c)
{
	return c == '\'' || c == '`' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x02B9 ||
		c == 0x00B4 || c == 0x2032 || c == 0x02BB || c == 0xFF07 || c == 0x055A || c == 0xA78C;
}

static bool
has_apostrophe(const char *s, size_t n)
{
	size_t		i = 0;

	while (i < n)
	{
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *) s + i,
											  (utf8proc_ssize_t) (n - i), &cp);

		if (k <= 0)
			return false;
		if (is_apostrophe(cp))
			return true;
		i += (size_t) k;
	}
	return false;
}

/* Does s start with a combining mark (category Mn or Me: the normalizer's own marks)? */
static bool
starts_with_mark(const char *s, size_t n)
{
	utf8proc_int32_t cp;
	utf8proc_category_t c;

	if (utf8proc_iterate((const utf8proc_uint8_t *) s, (utf8proc_ssize_t) n, &cp) <= 0)
		return false;
	c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ME;
}

static void
check_stream(const fstream *t, size_t len, const char *what)
{
	size_t		i;
	uint32_t	prev = 0;

	for (i = 0; i < t->n; i++)
	{
		const ftok *r = &t->v[i];

		if (!valid_utf8(t->txt + r->off, r->len))
			fail("%s: token %zu is not valid UTF-8", what, i);
		if (starts_with_mark(t->txt + r->off, r->len))
		{
			describe("token", t, i);
			fail("%s: token %zu starts with a combining mark", what, i);
		}
		if (has_apostrophe(t->txt + r->off, r->len))
		{
			describe("token", t, i);
			fail("%s: token %zu contains an apostrophe", what, i);
		}
		if (r->kind > IM_TOK_DOMAIN)
			fail("%s: token %zu has unknown kind %u", what, i, r->kind);
		if (r->gap & ~IM_GAP_ANY)
			fail("%s: token %zu has unknown gap bits %u", what, i, r->gap);
		if (i == 0 && r->gap != 0)
			fail("%s: the first token has gap %u", what, r->gap);
		if (!(r->s < r->e && r->e <= len))
			fail("%s: token %zu has src [%u,%u) for %zu input bytes", what, i, r->s, r->e, len);
		if (r->s < prev)
			fail("%s: token %zu src_start %u < previous %u", what, i, r->s, prev);
		prev = r->s;
	}
}

static void
render(const fstream *t, im_buf *out)
{
	im_render_state rs;
	size_t		i;

	im_buf_init(out, 0);
	im_render_init(&rs, out);
	for (i = 0; i < t->n; i++)
	{
		im_tok		k;

		k.text = t->txt + t->v[i].off;
		k.len = t->v[i].len;
		k.kind = t->v[i].kind;
		k.gap = t->v[i].gap;
		k.src_start = t->v[i].s;
		k.src_end = t->v[i].e;
		if (im_render_emit(&rs, &k) != IM_OK)
			fail("im_render_emit failed");
	}
	if (im_render_finish(&rs) != IM_OK || out->data == NULL)
		fail("im_render_finish failed");
}

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	fstream		fast,
				slow,
				again;
	im_buf		r1,
				r2,
				direct;
	size_t		d;
	int			rc;

	cur_data = data;
	cur_size = size;

	/* fast path == general path */
	normalize(s, size, 0, &fast, "fast path");
	normalize(s, size, IM_OPT_NO_FASTPATH, &slow, "general path");
	d = first_diff(&fast, &slow, true);
	if (d != SIZE_MAX)
	{
		describe("fast path   ", &fast, d);
		describe("general path", &slow, d);
		fail("fast path and IM_OPT_NO_FASTPATH differ at token %zu", d);
	}

	/* token invariants */
	check_stream(&fast, size, "fast path");
	check_stream(&slow, size, "general path");

	/* rendering */
	render(&fast, &r1);
	if (!valid_utf8(r1.data, r1.len) || memchr(r1.data, '\0', r1.len) != NULL)
		fail("the rendering is not valid UTF-8 (or holds a NUL)");
	if (!is_nfkc_casefold(r1.data, r1.len))
	{
		fprintf(stderr, "  rendered: ");
		put_escaped(r1.data, r1.len);
		fprintf(stderr, "\n");
		fail("the rendering is not in NFKC case-folded form");
	}
	im_buf_init(&direct, 0);
	rc = im_normalize_text(s, size, 0, &direct);
	if (rc != IM_OK || direct.data == NULL || direct.len != r1.len ||
		memcmp(direct.data, r1.data, r1.len) != 0)
		fail("im_normalize_text (rc %d) differs from rendering the collected tokens", rc);
	im_buf_free(&direct);

	/* idempotence */
	normalize(r1.data, r1.len, 0, &again, "re-normalizing the rendering");
	check_stream(&again, r1.len, "re-normalizing the rendering");
	render(&again, &r2);
	if (r1.len != r2.len || memcmp(r1.data, r2.data, r1.len) != 0)
	{
		fprintf(stderr, "  rendered:    ");
		put_escaped(r1.data, r1.len);
		fprintf(stderr, "\n  re-rendered: ");
		put_escaped(r2.data, r2.len);
		fprintf(stderr, "\n");
		fail("not idempotent: the rendering changes when normalized again");
	}
	d = first_diff(&fast, &again, false);
	if (d != SIZE_MAX)
	{
		fprintf(stderr, "  rendered: ");
		put_escaped(r1.data, r1.len);
		fprintf(stderr, "\n");
		describe("first pass ", &fast, d);
		describe("second pass", &again, d);
		fail("not idempotent: token %zu differs after normalizing the rendering", d);
	}
	im_buf_free(&r2);
	stream_free(&again);

	im_buf_free(&r1);
	stream_free(&fast);
	stream_free(&slow);
	return 0;
}
