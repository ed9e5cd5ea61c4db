/*
 * test_csv.c - server-free unit tests of the CSV reader (src/im_csv.c).
 *
 *   test/unit/test_csv
 *
 * Most checks are table-driven: an input, a delimiter and the expected result written as
 * "L<line>[field|field|...]" per record, then "EOF", or "ERR <line>,<field> <code>" at the
 * error. In fields, '|', '[', ']', '\' and bytes outside printable ASCII are written \xNN.
 * Further sections: limits (field size and count, at and past the limit), allocation failure
 * (each allocation in turn; leaks counted), error stickiness and reuse, a large input (memory
 * bounded by the largest record) and the options' defaults.
 *
 * Each assertion is one check; a failing check prints one line. The last line is
 * "N passed, M failed"; the exit status is 1 if any check failed.
 */
#include "im_csv.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static long n_passed,
			n_failed;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static bool
check(bool ok, const char *fmt,...)
{
	va_list		ap;

	if (ok)
	{
		n_passed++;
		return true;
	}
	n_failed++;
	printf("FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return false;
}

/* ---- rendering a parse as text ---- */
typedef struct sbuf
{
	char	   *s;
	size_t		n,
				cap;
} sbuf;

static void
sb_putn(sbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap)
	{
		size_t		cap = b->cap ? b->cap : 256;

		while (cap < b->n + n + 1)
			cap *= 2;
		b->s = realloc(b->s, cap);
		if (b->s == NULL)
			abort();
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
sb_printf(sbuf *b, const char *fmt,...)
{
	char		tmp[256];
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	sb_putn(b, tmp, (size_t) n);
}

static const char *const err_codes[] = {
	"OK", "QUOTE_IN_FIELD", "TEXT_AFTER_QUOTE", "UNTERMINATED", "FIELD_TOO_LONG",
	"TOO_MANY_FIELDS", "NOMEM", "BAD_DELIMITER"
};

/* Parse and render: "L1[a|b] L2[c] EOF" or "... ERR 3,2 UNTERMINATED". Caller frees. */
static char *
render(const char *in, size_t len, const im_csv_options *opt)
{
	im_csv		p;
	sbuf		b = {0};
	int			rc;

	if (im_csv_init(&p, in, len, opt) != IM_CSV_OK)
	{
		sb_printf(&b, "INIT %s", err_codes[p.err]);
		im_csv_free(&p);
		return b.s;
	}
	while ((rc = im_csv_next(&p)) == IM_CSV_RECORD)
	{
		size_t		i;

		sb_printf(&b, "L%zu[", p.rec_line);
		for (i = 0; i < p.nfields; i++)
		{
			size_t		fl,
						k;
			const char *f = im_csv_field_text(&p, i, &fl);

			if (i > 0)
				sb_putn(&b, "|", 1);
			if (f[fl] != '\0')
				sb_putn(&b, "<not NUL-terminated>", 20);
			for (k = 0; k < fl; k++)
			{
				unsigned char c = (unsigned char) f[k];

				if (c < 0x20 || c >= 0x7F || c == '|' || c == '[' || c == ']' || c == '\\')
					sb_printf(&b, "\\x%02X", c);
				else
					sb_putn(&b, (const char *) &c, 1);
			}
		}
		sb_putn(&b, "] ", 2);
	}
	if (rc == IM_CSV_EOF)
		sb_printf(&b, "EOF");
	else
		sb_printf(&b, "ERR %zu,%zu %s", p.err_line, p.err_field, err_codes[p.err]);
	im_csv_free(&p);
	return b.s;
}

static void
expect(const char *what, const char *in, size_t len, unsigned char delim, const char *want)
{
	im_csv_options opt;
	char	   *got;

	memset(&opt, 0, sizeof(opt));
	opt.delimiter = delim;
	got = render(in, len, &opt);
	check(strcmp(got, want) == 0, "[%s]\n     want %s\n     got  %s", what, want, got);
	free(got);
}

#define EXPECT(what, lit, delim, want) expect(what, lit, sizeof(lit) - 1, delim, want)

/* ---- sections ---- */
static void
test_basic(void)
{
	EXPECT("one record, no line end", "a,b,c", 0, "L1[a|b|c] EOF");
	EXPECT("LF", "a,b\nc,d\n", 0, "L1[a|b] L2[c|d] EOF");
	EXPECT("CRLF", "a,b\r\nc,d\r\n", 0, "L1[a|b] L2[c|d] EOF");
	EXPECT("lone CR", "a,b\rc,d\r", 0, "L1[a|b] L2[c|d] EOF");
	EXPECT("mixed line ends", "a\r\nb\nc\rd", 0, "L1[a] L2[b] L3[c] L4[d] EOF");
	EXPECT("empty input", "", 0, "EOF");
	EXPECT("only line ends", "\r\n\n\r\n", 0, "EOF");
	EXPECT("empty lines skipped, numbers kept", "\na\n\n\nb\r\n\r\nc", 0,
		   "L2[a] L5[b] L7[c] EOF");
	EXPECT("empty fields", ",a,,b,", 0, "L1[|a||b|] EOF");
	EXPECT("a lone delimiter", ",\n", 0, "L1[|] EOF");
	EXPECT("spaces are data", " a , b ", 0, "L1[ a | b ] EOF");
	EXPECT("OFAC null marker kept", "9639,\"HANIYA, Ismail\",-0- ,-0- \r\n", 0,
		   "L1[9639|HANIYA, Ismail|-0- |-0- ] EOF");
	EXPECT("UTF-8 passes through", "Beihang,\xE5\x8C\x97\xE8\x88\xAA\n", 0,
		   "L1[Beihang|\\xE5\\x8C\\x97\\xE8\\x88\\xAA] EOF");
	EXPECT("field counts may differ", "a\nb,c,d\ne,f", 0, "L1[a] L2[b|c|d] L3[e|f] EOF");
}

static void
test_quoted(void)
{
	EXPECT("quoted", "\"a\",\"b c\"", 0, "L1[a|b c] EOF");
	EXPECT("empty quoted", "\"\",x,\"\"", 0, "L1[|x|] EOF");
	EXPECT("one empty quoted field is a record", "\"\"\n\"\"", 0, "L1[] L2[] EOF");
	EXPECT("doubled quotes", "\"say \"\"hi\"\"\",\"\"\"\"", 0, "L1[say \"hi\"|\"] EOF");
	EXPECT("delimiter inside quotes", "\"Harbin, Heilongjiang, CN\",x", 0,
		   "L1[Harbin, Heilongjiang, CN|x] EOF");
	EXPECT("LF inside quotes, line numbers after it", "\"a\nb\",c\nd\n", 0,
		   "L1[a\\x0Ab|c] L3[d] EOF");
	EXPECT("CRLF inside quotes counts once", "\"a\r\nb\r\nc\"\r\nd\r\n", 0,
		   "L1[a\\x0D\\x0Ab\\x0D\\x0Ac] L4[d] EOF");
	EXPECT("lone CR inside quotes", "\"a\rb\"\nc", 0, "L1[a\\x0Db] L3[c] EOF");
	EXPECT("CR, quotes, LF inside quotes", "\"a\r\"\"\nb\"\nc", 0,
		   "L1[a\\x0D\"\\x0Ab] L4[c] EOF");
	EXPECT("blank lines inside quotes", "\"\n\n\"\nx", 0, "L1[\\x0A\\x0A] L4[x] EOF");
	EXPECT("quoted field at the end, no line end", "a,\"b\"", 0, "L1[a|b] EOF");
	EXPECT("quoted then CR", "\"a\"\r\"b\"", 0, "L1[a] L2[b] EOF");
	EXPECT("quote after the start of a quoted field's line", "x\n\"q\"\"\",y", 0,
		   "L1[x] L2[q\"|y] EOF");
}

static void
test_special_bytes(void)
{
	EXPECT("BOM skipped at the start", "\xEF\xBB\xBF" "a,b\n", 0, "L1[a|b] EOF");
	EXPECT("BOM before a quoted field", "\xEF\xBB\xBF\"_id\",x", 0, "L1[_id|x] EOF");
	EXPECT("only a BOM", "\xEF\xBB\xBF", 0, "EOF");
	EXPECT("BOM elsewhere is data", "a\n\xEF\xBB\xBF" "b", 0, "L1[a] L2[\\xEF\\xBB\\xBFb] EOF");
	EXPECT("half a BOM is data", "\xEF\xBB" "a", 0, "L1[\\xEF\\xBBa] EOF");
	EXPECT("trailing 0x1A after CRLF", "a,b\r\n\x1A", 0, "L1[a|b] EOF");
	EXPECT("trailing 0x1A without line end", "a,b\x1A", 0, "L1[a|b] EOF");
	EXPECT("trailing 0x1A then line ends", "a,b\r\n\x1A\r\n\n", 0, "L1[a|b] EOF");
	EXPECT("trailing 0x1A after a quoted field", "a,\"b\"\x1A", 0, "L1[a|b] EOF");
	EXPECT("only 0x1A", "\x1A", 0, "EOF");
	EXPECT("0x1A at a record start (files concatenated)",
		   "1,a\r\n2,b\r\n\x1A" "3,x,y\r\n\x1A" "4,z\r\n\x1A", 0,
		   "L1[1|a] L2[2|b] L3[3|x|y] L4[4|z] EOF");
	EXPECT("0x1A on a line of its own in the middle", "a\n\x1A\nb", 0, "L1[a] L3[b] EOF");
	EXPECT("0x1A inside a field is data", "a\x1A" "b,\x1A,c", 0,
		   "L1[a\\x1Ab|\\x1A|c] EOF");
	EXPECT("0x1A inside quotes is data", "\"a\x1A\"\n\"\x1A\"", 0, "L1[a\\x1A] L2[\\x1A] EOF");
	EXPECT("high bytes and controls pass through", "\x01\xFF,\t", 0,
		   "L1[\\x01\\xFF|\\x09] EOF");
	expect("NUL bytes are data", "a\0b,c", 5, 0, "L1[a\\x00b|c] EOF");
}

static void
test_delimiters(void)
{
	EXPECT("semicolon", "a;b,c;\"d;e\"", ';', "L1[a|b,c|d;e] EOF");
	EXPECT("tab", "a\tb c\t", '\t', "L1[a|b c|] EOF");
	EXPECT("unit separator", "a\x1F" "b,c", 0x1F, "L1[a|b,c] EOF");
	EXPECT("pipe", "a|\"b|c\"", '|', "L1[a|b\\x7Cc] EOF");
	EXPECT("space", "a b  c", ' ', "L1[a|b||c] EOF");
	EXPECT("delimiter 0 means comma", "a,b", 0, "L1[a|b] EOF");
	EXPECT("quote refused", "a", '"', "INIT BAD_DELIMITER");
	EXPECT("CR refused", "a", '\r', "INIT BAD_DELIMITER");
	EXPECT("LF refused", "a", '\n', "INIT BAD_DELIMITER");
	EXPECT("0x1A refused", "a", 0x1A, "INIT BAD_DELIMITER");
	EXPECT("non-ASCII refused", "a", 0xC3, "INIT BAD_DELIMITER");
}

static void
test_errors(void)
{
	EXPECT("quote inside an unquoted field", "a,b\"c,d", 0, "ERR 1,2 QUOTE_IN_FIELD");
	EXPECT("quote at the end of an unquoted field", "ok\nab\"\n", 0,
		   "L1[ok] ERR 2,1 QUOTE_IN_FIELD");
	EXPECT("text after the closing quote", "x\ny,\"a\"b,c", 0,
		   "L1[x] ERR 2,2 TEXT_AFTER_QUOTE");
	EXPECT("space after the closing quote", "\"a\" ,b", 0, "ERR 1,1 TEXT_AFTER_QUOTE");
	EXPECT("text after a multi-line quoted field: line of the quote",
		   "\"a\nb\nc\"d", 0, "ERR 3,1 TEXT_AFTER_QUOTE");
	EXPECT("unterminated: line where it opened", "a\nb,\"c\nd\ne", 0,
		   "L1[a] ERR 2,2 UNTERMINATED");
	EXPECT("unterminated at the very end", "a,\"", 0, "ERR 1,2 UNTERMINATED");
	EXPECT("unterminated after a doubled quote", "\"a\"\"", 0, "ERR 1,1 UNTERMINATED");
	EXPECT("unterminated before a trailing 0x1A", "a\n\"b\r\n\x1A", 0,
		   "L1[a] ERR 2,1 UNTERMINATED");
	EXPECT("records before the error are returned", "1\n2\n3,\"x\"y", 0,
		   "L1[1] L2[2] ERR 3,2 TEXT_AFTER_QUOTE");
	EXPECT("lines counted across quoted CRLFs before an error",
		   "\"a\r\nb\"\r\nc\r\nd\"", 0, "L1[a\\x0D\\x0Ab] L3[c] ERR 4,1 QUOTE_IN_FIELD");
}

static void
test_limits(void)
{
	im_csv_options opt;
	char	   *got;

	memset(&opt, 0, sizeof(opt));
	opt.max_field_bytes = 4;
	opt.max_fields = 3;

	got = render("abcd,\"ab\"\"c\",x", 14, &opt);
	check(strcmp(got, "L1[abcd|ab\"c|x] EOF") == 0, "limits: at the limits: %s", got);
	free(got);
	got = render("a\nabcde", 7, &opt);
	check(strcmp(got, "L1[a] ERR 2,1 FIELD_TOO_LONG") == 0, "limits: unquoted +1: %s", got);
	free(got);
	got = render("a,\"ab\"\"cd\"", 10, &opt);
	check(strcmp(got, "ERR 1,2 FIELD_TOO_LONG") == 0, "limits: quoted +1 (escape): %s", got);
	free(got);
	got = render("a,\"\n\nabc\"", 9, &opt);
	check(strcmp(got, "ERR 1,2 FIELD_TOO_LONG") == 0,
		  "limits: too long reported at the line where the field starts: %s", got);
	free(got);
	got = render("a,b,c,d", 7, &opt);
	check(strcmp(got, "ERR 1,4 TOO_MANY_FIELDS") == 0, "limits: 4 fields: %s", got);
	free(got);
	got = render("a,b,c\n,,,", 9, &opt);
	check(strcmp(got, "L1[a|b|c] ERR 2,4 TOO_MANY_FIELDS") == 0,
		  "limits: 4 empty fields: %s", got);
	free(got);

	/* the defaults */
	{
		size_t		n = IM_CSV_DEFAULT_MAX_FIELD_BYTES;
		char	   *big = malloc(n + 2);
		size_t		i;

		memset(big, 'x', n + 1);
		big[n + 1] = '\0';
		got = render(big, n, NULL);
		check(strncmp(got, "L1[xxx", 6) == 0 && strcmp(got + strlen(got) - 4, " EOF") == 0,
			  "limits: default field size accepted");
		free(got);
		got = render(big, n + 1, NULL);
		check(strcmp(got, "ERR 1,1 FIELD_TOO_LONG") == 0, "limits: default field size +1: %s",
			  got);
		free(got);
		free(big);

		n = IM_CSV_DEFAULT_MAX_FIELDS;
		big = malloc(2 * n + 2);
		for (i = 0; i < n; i++)
		{
			big[2 * i] = 'f';
			big[2 * i + 1] = ',';
		}
		/* n fields: f,f,...,f */
		got = render(big, 2 * n - 1, NULL);
		check(strncmp(got, "L1[f|f|", 7) == 0 && strstr(got, "ERR") == NULL,
			  "limits: default field count accepted");
		free(got);
		/* n + 1 fields: trailing delimiter */
		got = render(big, 2 * n, NULL);
		check(strcmp(got, "ERR 1,1025 TOO_MANY_FIELDS") == 0,
			  "limits: default field count +1: %s", got);
		free(got);
		free(big);
	}
}

/* ---- allocation failure ---- */
static long alloc_budget;		/* allocations left before failing; <0 = unlimited */
static long live_blocks;

static void *
t_alloc(void *ctx, size_t size)
{
	void	   *p;

	(void) ctx;
	if (alloc_budget == 0)
		return NULL;
	if (alloc_budget > 0)
		alloc_budget--;
	p = malloc(size);
	if (p)
		live_blocks++;
	return p;
}

static void *
t_realloc(void *ctx, void *ptr, size_t size)
{
	(void) ctx;
	if (ptr == NULL)
	{
		check(false, "alloc: realloc called with NULL");
		return NULL;
	}
	if (alloc_budget == 0)
		return NULL;
	if (alloc_budget > 0)
		alloc_budget--;
	return realloc(ptr, size);
}

static void
t_free(void *ctx, void *ptr)
{
	(void) ctx;
	if (ptr)
		live_blocks--;
	free(ptr);
}

static void
test_alloc_failure(void)
{
	/* many fields and a long field, so that both arrays grow several times */
	sbuf		in = {0};
	im_csv_options opt;
	char	   *want,
			   *got;
	long		budget;
	int			i;

	for (i = 0; i < 40; i++)
		sb_printf(&in, "%d,", i);
	sb_printf(&in, "\"");
	for (i = 0; i < 300; i++)
		sb_printf(&in, "q\"\"");
	sb_printf(&in, "\"\r\nlast\r\n");

	memset(&opt, 0, sizeof(opt));
	opt.alloc = t_alloc;
	opt.realloc = t_realloc;
	opt.free = t_free;
	alloc_budget = -1;
	want = render(in.s, in.n, &opt);
	check(strstr(want, "ERR") == NULL && strstr(want, "L2[last] EOF") != NULL,
		  "alloc: unlimited parse: %.60s", want);
	check(live_blocks == 0, "alloc: %ld blocks left after the unlimited parse", live_blocks);

	for (budget = 0; budget < 64; budget++)
	{
		alloc_budget = budget;
		live_blocks = 0;
		got = render(in.s, in.n, &opt);
		alloc_budget = -1;
		if (strcmp(got, want) == 0)
		{
			free(got);
			check(budget >= 3, "alloc: succeeded with only %ld allocations", budget);
			break;
		}
		{
			const char *e = strstr(got, "ERR ");

			/* the records before the error are those of the full parse */
			check(e != NULL && strstr(e, " NOMEM") != NULL &&
				  strncmp(want, got, (size_t) (e - got)) == 0,
				  "alloc: budget %ld: %.80s", budget, got);
		}
		check(live_blocks == 0, "alloc: budget %ld: %ld blocks leaked", budget, live_blocks);
		free(got);
	}
	check(budget < 64, "alloc: never succeeded");
	free(want);
	free(in.s);
}

static void
test_state(void)
{
	im_csv		p;
	size_t		fl;
	const char *f;

	/* errors are sticky */
	im_csv_init(&p, "a\"b\nc", 5, NULL);
	check(im_csv_next(&p) == IM_CSV_ERROR && p.err == IM_CSV_ERR_QUOTE_IN_FIELD,
		  "state: first error");
	check(im_csv_next(&p) == IM_CSV_ERROR && p.nfields == 0, "state: error again");
	check(strcmp(im_csv_error_text(p.err), "double quote inside an unquoted field") == 0,
		  "state: error text");
	im_csv_free(&p);

	/* EOF is stable, field access out of range */
	im_csv_init(&p, "x,yz", 4, NULL);
	check(im_csv_next(&p) == IM_CSV_RECORD && p.nfields == 2, "state: record");
	f = im_csv_field_text(&p, 1, &fl);
	check(f && fl == 2 && strcmp(f, "yz") == 0, "state: field 1");
	check(im_csv_field_text(&p, 2, &fl) == NULL && fl == 0, "state: field out of range");
	check(im_csv_next(&p) == IM_CSV_EOF && im_csv_next(&p) == IM_CSV_EOF, "state: EOF twice");
	check(im_csv_field_text(&p, 0, NULL) == NULL, "state: no field after EOF");
	im_csv_free(&p);
	im_csv_free(&p);			/* twice is harmless */

	/* NULL data */
	im_csv_init(&p, NULL, 10, NULL);
	check(im_csv_next(&p) == IM_CSV_EOF, "state: NULL data is empty");
	im_csv_free(&p);

	/* every error code has a text */
	for (int e = IM_CSV_OK; e <= IM_CSV_ERR_BAD_DELIMITER; e++)
		check(strcmp(im_csv_error_text((im_csv_error) e), "unknown error") != 0,
			  "state: text for error %d", e);

	/* quoted flag */
	im_csv_init(&p, "\"a\",b", 5, NULL);
	check(im_csv_next(&p) == IM_CSV_RECORD && p.fields[0].quoted == 1 && p.fields[1].quoted == 0,
		  "state: quoted flags");
	im_csv_free(&p);
}

static void
test_large(void)
{
	/* 200,000 records of OFAC shape, CRLF, a trailing 0x1A: counts, lines, bounded memory */
	sbuf		in = {0};
	im_csv		p;
	long		n = 0,
				bad = 0;
	int			rc,
				i;

	for (i = 0; i < 200000; i++)
		sb_printf(&in, "%d,\"NAME %d, \"\"Q\"\"\",\"a\nb\",-0- \r\n", i, i);
	sb_putn(&in, "\x1A", 1);
	im_csv_init(&p, in.s, in.n, NULL);
	while ((rc = im_csv_next(&p)) == IM_CSV_RECORD)
	{
		char		want[64];

		snprintf(want, sizeof(want), "NAME %ld, \"Q\"", n);
		if (p.nfields != 4 || p.rec_line != (size_t) (2 * n + 1) ||
			strcmp(im_csv_field_text(&p, 1, NULL), want) != 0 ||
			strcmp(im_csv_field_text(&p, 3, NULL), "-0- ") != 0)
			bad++;
		n++;
	}
	check(rc == IM_CSV_EOF, "large: EOF");
	check(n == 200000, "large: %ld records", n);
	check(bad == 0, "large: %ld records wrong", bad);
	check(p.buf_cap <= 256 && p.fields_cap <= 16, "large: buffers %zu / %zu",
		  p.buf_cap, p.fields_cap);
	im_csv_free(&p);
	free(in.s);
}

int
main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_basic();
	test_quoted();
	test_special_bytes();
	test_delimiters();
	test_errors();
	test_limits();
	test_alloc_failure();
	test_state();
	test_large();
	printf("%ld passed, %ld failed\n", n_passed, n_failed);
	return n_failed ? 1 : 0;
}
