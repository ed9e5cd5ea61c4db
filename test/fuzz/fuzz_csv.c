/*
 * fuzz_csv.c - libFuzzer target for the CSV reader (src/im_csv.c).
 *
 *   make fuzz-csv FUZZ_SECONDS=600       build (clang) and run on test/fuzz/corpus-csv
 *   test/fuzz/fuzz_csv crash-file        replay one input
 *
 * Input: the first byte chooses the delimiter (low 3 bits: , ; TAB | 0x1F space , ,) and an
 * allocation budget for the allocation-failure run (the other bits); the rest is the CSV text.
 *
 * For each input the target aborts if any of these fails:
 *   1. the reader and an independent reference reader (a byte-at-a-time state machine written
 *      from the specification in im_csv.h, below) give the same records (line, fields, quoted
 *      flags) and the same end: EOF, or the same error code, line and field number;
 *   2. every record has at least one field; record lines never decrease and are at most the
 *      number of lines of the input; every field is NUL-terminated and within the limits; an
 *      unquoted field holds no delimiter, quote, CR or LF;
 *   3. writing the records back (every field quoted, quotes doubled, LF line ends) and reading
 *      that gives the same fields;
 *   4. with small limits (4 fields, 8 bytes) the records read are a prefix of those read with
 *      the default limits, and an error other than a limit error is the same error;
 *   5. with an allocator that fails after N allocations, the result is the full result or an
 *      IM_CSV_ERR_NOMEM error after a prefix of the records; nothing leaks (ASan).
 * Before aborting it prints the failed property and the input to stderr.
 */
#include "im_csv.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct frec
{
	size_t		line;
	size_t		nfields;
	size_t	   *off;			/* field i: text + off[i], length len[i] */
	size_t	   *len;
	int		   *quoted;
	char	   *text;
	size_t		tlen;
} frec;

typedef struct fresult
{
	frec	   *rec;
	size_t		n,
				cap;
	int			err;			/* 0 = EOF, else im_csv_error */
	size_t		err_line,
				err_field;
} fresult;

static const uint8_t *cur_data;
static size_t cur_size;

static void
fail(const char *what)
{
	size_t		i;

	fprintf(stderr, "fuzz_csv: %s\ninput (%zu bytes): \"", what, cur_size);
	for (i = 0; i < cur_size; i++)
	{
		unsigned char c = cur_data[i];

		if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02X", c);
	}
	fprintf(stderr, "\"\n");
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

static void
res_free(fresult *r)
{
	size_t		i;

	for (i = 0; i < r->n; i++)
	{
		free(r->rec[i].off);
		free(r->rec[i].len);
		free(r->rec[i].quoted);
		free(r->rec[i].text);
	}
	free(r->rec);
	memset(r, 0, sizeof(*r));
}

static frec *
res_add(fresult *r, size_t line)
{
	frec	   *f;

	if (r->n == r->cap)
	{
		r->cap = r->cap ? 2 * r->cap : 8;
		r->rec = xrealloc(r->rec, r->cap * sizeof(frec));
	}
	f = &r->rec[r->n++];
	memset(f, 0, sizeof(*f));
	f->line = line;
	return f;
}

static void
rec_add_field(frec *f, const char *s, size_t n, int quoted)
{
	f->off = xrealloc(f->off, (f->nfields + 1) * sizeof(size_t));
	f->len = xrealloc(f->len, (f->nfields + 1) * sizeof(size_t));
	f->quoted = xrealloc(f->quoted, (f->nfields + 1) * sizeof(int));
	f->text = xrealloc(f->text, f->tlen + n + 1);
	memcpy(f->text + f->tlen, s, n);
	f->off[f->nfields] = f->tlen;
	f->len[f->nfields] = n;
	f->quoted[f->nfields] = quoted;
	f->tlen += n;
	f->nfields++;
}

/* ---- the reader under test ---- */
static void
run_reader(const char *d, size_t n, const im_csv_options *opt, fresult *out)
{
	im_csv		p;
	int			rc;
	size_t		i,
				prev_line = 0;

	memset(out, 0, sizeof(*out));
	if (im_csv_init(&p, d, n, opt) != IM_CSV_OK)
		fail("im_csv_init refused a valid delimiter");
	while ((rc = im_csv_next(&p)) == IM_CSV_RECORD)
	{
		frec	   *f = res_add(out, p.rec_line);

		if (p.nfields < 1)
			fail("record without fields");
		if (p.rec_line < 1 || p.rec_line < prev_line)
			fail("record line decreases");
		prev_line = p.rec_line;
		for (i = 0; i < p.nfields; i++)
		{
			size_t		fl;
			const char *s = im_csv_field_text(&p, i, &fl);

			if (s == NULL || s[fl] != '\0')
				fail("field not NUL-terminated");
			if (fl > p.max_field_bytes)
				fail("field longer than the limit");
			if (!p.fields[i].quoted &&
				(memchr(s, p.delim, fl) || memchr(s, '"', fl) || memchr(s, '\r', fl) ||
				 memchr(s, '\n', fl)))
				fail("unquoted field holds a delimiter, quote or line end");
			rec_add_field(f, s, fl, p.fields[i].quoted);
		}
		if (p.nfields > p.max_fields)
			fail("more fields than the limit");
	}
	if (rc == IM_CSV_ERROR)
	{
		out->err = (int) p.err;
		out->err_line = p.err_line;
		out->err_field = p.err_field;
		if (p.err_line < 1 || p.err_field < 1)
			fail("error without line or field");
		if (im_csv_next(&p) != IM_CSV_ERROR)
			fail("error not sticky");
	}
	else if (rc != IM_CSV_EOF)
		fail("unknown return code");
	im_csv_free(&p);
}

/* ---- the reference reader: one byte at a time, from the specification ---- */
enum
{
	S_REC, S_FIELD, S_UNQ, S_QUO, S_AFTER
};

static void
run_reference(const unsigned char *d, size_t n, unsigned char delim, size_t max_field,
			  size_t max_fields, fresult *out)
{
	size_t		pos = 0,
				line = 1,
				field_line = 0,
				end = n;
	int			st = S_REC;
	frec	   *rec = NULL;
	char	   *buf = NULL;
	size_t		blen = 0;
	int			quoted = 0;

	memset(out, 0, sizeof(*out));
	while (end > 0 && (d[end - 1] == '\r' || d[end - 1] == '\n'))
		end--;
	if (end > 0 && d[end - 1] == 0x1A)
		n = end - 1;
	if (n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
		pos = 3;
	buf = xrealloc(NULL, n + 1);

#define ERR(code, l, fno) do { out->err = (code); out->err_line = (l); out->err_field = (fno); \
		if (rec) { free(rec->off); free(rec->len); free(rec->quoted); free(rec->text); out->n--; } \
		free(buf); return; } while (0)
#define END_FIELD() do { if (!quoted && blen > max_field) ERR(IM_CSV_ERR_FIELD_TOO_LONG, field_line, rec->nfields + 1); \
		rec_add_field(rec, buf, blen, quoted); blen = 0; } while (0)

	for (;; pos++)
	{
		int			c = pos < n ? d[pos] : -1;
		int			is_nl = (c == '\r' || c == '\n');
		int			counts = (c == '\r' || (c == '\n' && !(pos > 0 && d[pos - 1] == '\r')));

		switch (st)
		{
			case S_REC:
				if (c < 0)
				{
					free(buf);
					return;
				}
				if (c == 0x1A)
					break;
				if (is_nl)
				{
					line += counts;
					break;
				}
				rec = res_add(out, line);
				st = S_FIELD;
				/* FALLTHROUGH */
			case S_FIELD:
				if (rec->nfields >= max_fields)
					ERR(IM_CSV_ERR_TOO_MANY_FIELDS, line, rec->nfields + 1);
				field_line = line;
				quoted = (c == '"');
				if (quoted)
				{
					st = S_QUO;
					break;
				}
				st = S_UNQ;
				/* FALLTHROUGH */
			case S_UNQ:
				if (c == '"')
					ERR(IM_CSV_ERR_QUOTE_IN_FIELD, line, rec->nfields + 1);
				if (c < 0 || is_nl)
				{
					END_FIELD();
					line += (c >= 0) ? counts : 0;
					st = S_REC;
					rec = NULL;
					if (c < 0)
					{
						free(buf);
						return;
					}
					break;
				}
				if (c == delim)
				{
					END_FIELD();
					st = S_FIELD;
					break;
				}
				buf[blen++] = (char) c;
				break;
			case S_QUO:
				if (c < 0)
					ERR(IM_CSV_ERR_UNTERMINATED, field_line, rec->nfields + 1);
				if (c == '"')
				{
					if (pos + 1 < n && d[pos + 1] == '"')
					{
						buf[blen++] = '"';
						pos++;
					}
					else
					{
						st = S_AFTER;
						break;
					}
				}
				else
				{
					line += counts;
					buf[blen++] = (char) c;
				}
				if (blen > max_field)
					ERR(IM_CSV_ERR_FIELD_TOO_LONG, field_line, rec->nfields + 1);
				break;
			case S_AFTER:
				if (c >= 0 && c != delim && !is_nl)
					ERR(IM_CSV_ERR_TEXT_AFTER_QUOTE, line, rec->nfields + 1);
				END_FIELD();
				if (c == delim)
				{
					st = S_FIELD;
					break;
				}
				line += (c >= 0) ? counts : 0;
				st = S_REC;
				rec = NULL;
				if (c < 0)
				{
					free(buf);
					return;
				}
				break;
		}
	}
#undef ERR
#undef END_FIELD
}

static int
same_records(const fresult *a, const fresult *b, size_t n, int check_quoted)
{
	size_t		i,
				j;

	for (i = 0; i < n; i++)
	{
		const frec *x = &a->rec[i],
				   *y = &b->rec[i];

		if (x->nfields != y->nfields)
			return 0;
		for (j = 0; j < x->nfields; j++)
			if (x->len[j] != y->len[j] ||
				memcmp(x->text + x->off[j], y->text + y->off[j], x->len[j]) != 0 ||
				(check_quoted && x->quoted[j] != y->quoted[j]))
				return 0;
	}
	return 1;
}

static size_t
count_lines(const uint8_t *d, size_t n)
{
	size_t		i,
				lines = 1;

	for (i = 0; i < n; i++)
		if (d[i] == '\r' || (d[i] == '\n' && !(i > 0 && d[i - 1] == '\r')))
			lines++;
	return lines;
}

/* ---- allocation failure ---- */
static long budget;
static long live;

static void *
f_alloc(void *ctx, size_t n)
{
	void	   *p;

	(void) ctx;
	if (budget == 0)
		return NULL;
	budget--;
	p = malloc(n);
	if (p)
		live++;
	return p;
}

static void *
f_realloc(void *ctx, void *p, size_t n)
{
	(void) ctx;
	if (budget == 0)
		return NULL;
	budget--;
	return realloc(p, n);
}

static void
f_free(void *ctx, void *p)
{
	(void) ctx;
	if (p)
		live--;
	free(p);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char delims[8] = {',', ';', '\t', '|', 0x1F, ' ', ',', ','};
	im_csv_options opt;
	fresult		got,
				ref,
				again,
				small;
	const char *d;
	size_t		n,
				i,
				j;
	unsigned char delim;

	if (size < 1)
		return 0;
	cur_data = data;
	cur_size = size;
	delim = delims[data[0] & 7];
	d = (const char *) data + 1;
	n = size - 1;

	memset(&opt, 0, sizeof(opt));
	opt.delimiter = delim;

	/* 1, 2: the reader against the reference */
	run_reader(d, n, &opt, &got);
	run_reference((const unsigned char *) d, n, delim, IM_CSV_DEFAULT_MAX_FIELD_BYTES,
				  IM_CSV_DEFAULT_MAX_FIELDS, &ref);
	if (got.n != ref.n || !same_records(&got, &ref, got.n, 1))
		fail("records differ from the reference reader");
	for (i = 0; i < got.n; i++)
		if (got.rec[i].line != ref.rec[i].line)
			fail("record lines differ from the reference reader");
	if (got.err != ref.err || got.err_line != ref.err_line || got.err_field != ref.err_field)
		fail("end (EOF or error) differs from the reference reader");
	if (got.n > 0 && got.rec[got.n - 1].line > count_lines(data + 1, n))
		fail("record line past the last line");

	/* 3: write the records back and read them again */
	{
		char	   *w = NULL;
		size_t		wl = 0,
					cap = 16;

		w = xrealloc(NULL, cap);
		for (i = 0; i < got.n; i++)
		{
			const frec *f = &got.rec[i];

			for (j = 0; j < f->nfields; j++)
			{
				size_t		k;

				if (wl + 2 * f->len[j] + 8 > cap)
				{
					cap = 2 * cap + 2 * f->len[j] + 8;
					w = xrealloc(w, cap);
				}
				if (j > 0)
					w[wl++] = (char) delim;
				w[wl++] = '"';
				for (k = 0; k < f->len[j]; k++)
				{
					char		c = f->text[f->off[j] + k];

					if (c == '"')
						w[wl++] = '"';
					w[wl++] = c;
				}
				w[wl++] = '"';
			}
			w[wl++] = '\n';
		}
		run_reader(w, wl, &opt, &again);
		if (again.err != 0 || again.n != got.n || !same_records(&got, &again, got.n, 0))
			fail("writing the records back and reading them gives other records");
		res_free(&again);
		free(w);
	}

	/* 4: small limits */
	opt.max_fields = 4;
	opt.max_field_bytes = 8;
	run_reader(d, n, &opt, &small);
	if (small.n > got.n || !same_records(&small, &got, small.n, 1))
		fail("small limits: records are not a prefix");
	if (small.err == 0 && (got.err != 0 || small.n != got.n))
		fail("small limits: EOF, but not with the default limits");
	if (small.err != 0 && small.err != IM_CSV_ERR_FIELD_TOO_LONG &&
		small.err != IM_CSV_ERR_TOO_MANY_FIELDS &&
		(small.err != got.err || small.err_line != got.err_line ||
		 small.err_field != got.err_field || small.n != got.n))
		fail("small limits: another error than with the default limits");
	res_free(&small);
	opt.max_fields = 0;
	opt.max_field_bytes = 0;

	/* 5: allocation failure */
	opt.alloc = f_alloc;
	opt.realloc = f_realloc;
	opt.free = f_free;
	budget = data[0] >> 3;
	live = 0;
	run_reader(d, n, &opt, &small);
	if (live != 0)
		fail("allocation failure: blocks leaked");
	if (small.n > got.n || !same_records(&small, &got, small.n, 1))
		fail("allocation failure: records are not a prefix");
	if (small.err == IM_CSV_ERR_NOMEM)
		;
	else if (small.err != got.err || small.n != got.n)
		fail("allocation failure: neither the full result nor out of memory");
	res_free(&small);

	res_free(&got);
	res_free(&ref);
	return 0;
}
