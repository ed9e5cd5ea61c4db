/*
 * im_csv.c - the CSV reader of im_csv.h.
 *
 * One pass over the input, byte by byte, with a table of the bytes that end an unquoted run
 * (delimiter, quote, CR, LF) so that the common case copies whole runs at once.
 */
#include "im_csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SUB_BYTE 0x1A			/* DOS end-of-file marker */

static void *
libc_alloc(void *ctx, size_t size)
{
	(void) ctx;
	return malloc(size);
}

static void *
libc_realloc(void *ctx, void *ptr, size_t size)
{
	(void) ctx;
	return realloc(ptr, size);
}

static void
libc_free(void *ctx, void *ptr)
{
	(void) ctx;
	free(ptr);
}

const char *
im_csv_error_text(im_csv_error err)
{
	switch (err)
	{
		case IM_CSV_OK:
			return "no error";
		case IM_CSV_ERR_QUOTE_IN_FIELD:
			return "double quote inside an unquoted field";
		case IM_CSV_ERR_TEXT_AFTER_QUOTE:
			return "text after the closing quote of a quoted field";
		case IM_CSV_ERR_UNTERMINATED:
			return "unterminated quoted field: the input ends before its closing quote";
		case IM_CSV_ERR_FIELD_TOO_LONG:
			return "field too long";
		case IM_CSV_ERR_TOO_MANY_FIELDS:
			return "too many fields in one record";
		case IM_CSV_ERR_NOMEM:
			return "out of memory";
		case IM_CSV_ERR_BAD_DELIMITER:
			return "invalid delimiter";
	}
	return "unknown error";
}

im_csv_error
im_csv_init(im_csv *p, const char *data, size_t len, const im_csv_options *opt)
{
	im_csv_options def;
	size_t		end;

	memset(&def, 0, sizeof(def));
	if (opt == NULL)
		opt = &def;
	memset(p, 0, sizeof(*p));
	p->delim = opt->delimiter ? opt->delimiter : ',';
	p->max_field_bytes = opt->max_field_bytes ? opt->max_field_bytes
		: IM_CSV_DEFAULT_MAX_FIELD_BYTES;
	p->max_fields = opt->max_fields ? opt->max_fields : IM_CSV_DEFAULT_MAX_FIELDS;
	if (opt->alloc && opt->realloc && opt->free)
	{
		p->alloc = opt->alloc;
		p->realloc = opt->realloc;
		p->free = opt->free;
		p->alloc_ctx = opt->alloc_ctx;
	}
	else
	{
		p->alloc = libc_alloc;
		p->realloc = libc_realloc;
		p->free = libc_free;
	}
	p->line = 1;
	if (p->delim == '"' || p->delim == '\r' || p->delim == '\n' || p->delim == SUB_BYTE ||
		p->delim >= 0x80)
	{
		p->err = IM_CSV_ERR_BAD_DELIMITER;
		return p->err;
	}
	if (data == NULL)
		len = 0;
	p->data = (const unsigned char *) data;

	/* a trailing 0x1A, possibly followed by line ends, is not data */
	end = len;
	while (end > 0 && (p->data[end - 1] == '\r' || p->data[end - 1] == '\n'))
		end--;
	if (end > 0 && p->data[end - 1] == SUB_BYTE)
		len = end - 1;
	p->len = len;

	if (len >= 3 && p->data[0] == 0xEF && p->data[1] == 0xBB && p->data[2] == 0xBF)
		p->pos = 3;
	return IM_CSV_OK;
}

void
im_csv_free(im_csv *p)
{
	if (p->free)
	{
		if (p->buf)
			p->free(p->alloc_ctx, p->buf);
		if (p->fields)
			p->free(p->alloc_ctx, p->fields);
	}
	p->buf = NULL;
	p->fields = NULL;
	p->buf_cap = p->buf_len = 0;
	p->fields_cap = p->nfields = 0;
}

const char *
im_csv_field_text(const im_csv *p, size_t i, size_t *len)
{
	if (i >= p->nfields)
	{
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = p->fields[i].len;
	return p->buf + p->fields[i].off;
}

static int
set_error(im_csv *p, im_csv_error err, size_t line, size_t field)
{
	p->err = err;
	p->err_line = line;
	p->err_field = field;
	p->nfields = 0;
	return IM_CSV_ERROR;
}

/* Make room for n more bytes in the record buffer. */
static int
buf_reserve(im_csv *p, size_t n)
{
	size_t		need,
				cap;
	char	   *nb;

	if (n > SIZE_MAX - p->buf_len)
		return 0;
	need = p->buf_len + n;
	if (need <= p->buf_cap)
		return 1;
	cap = p->buf_cap ? p->buf_cap : 256;
	while (cap < need)
	{
		if (cap > SIZE_MAX / 2)
		{
			cap = need;
			break;
		}
		cap *= 2;
	}
	nb = p->buf ? p->realloc(p->alloc_ctx, p->buf, cap) : p->alloc(p->alloc_ctx, cap);
	if (nb == NULL)
		return 0;
	p->buf = nb;
	p->buf_cap = cap;
	return 1;
}

/* Start field number p->nfields + 1. Returns 0 on allocation failure. */
static int
field_begin(im_csv *p, int quoted)
{
	if (p->nfields == p->fields_cap)
	{
		size_t		cap = p->fields_cap ? p->fields_cap * 2 : 16;
		im_csv_field *nf;

		if (cap > SIZE_MAX / sizeof(im_csv_field))
			return 0;
		nf = p->fields ? p->realloc(p->alloc_ctx, p->fields, cap * sizeof(im_csv_field))
			: p->alloc(p->alloc_ctx, cap * sizeof(im_csv_field));
		if (nf == NULL)
			return 0;
		p->fields = nf;
		p->fields_cap = cap;
	}
	p->fields[p->nfields].off = p->buf_len;
	p->fields[p->nfields].len = 0;
	p->fields[p->nfields].quoted = quoted;
	return 1;
}

/* Append n bytes to the current field; -1 = too long, 0 = no memory, 1 = done. */
static int
field_append(im_csv *p, const unsigned char *s, size_t n)
{
	im_csv_field *f = &p->fields[p->nfields];

	if (n > p->max_field_bytes - f->len)
		return -1;
	if (!buf_reserve(p, n + 1))
		return 0;
	memcpy(p->buf + p->buf_len, s, n);
	p->buf_len += n;
	f->len += n;
	return 1;
}

static int
field_end(im_csv *p)
{
	if (!buf_reserve(p, 1))
		return 0;
	p->buf[p->buf_len++] = '\0';
	p->nfields++;
	return 1;
}

/* Count the line breaks in s[0..n): LF, CRLF, lone CR; *last_cr says s[-1] was a CR. */
static size_t
count_lines(const unsigned char *s, size_t n, int prev_cr)
{
	size_t		lines = 0;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		if (s[i] == '\n')
		{
			if (!(i == 0 ? prev_cr : s[i - 1] == '\r'))
				lines++;
		}
		else if (s[i] == '\r')
			lines++;
	}
	return lines;
}

/* Consume one line end at pos (CRLF, LF or CR) if there is one. */
static void
eat_line_end(im_csv *p)
{
	if (p->pos < p->len && p->data[p->pos] == '\r')
	{
		p->pos++;
		p->line++;
		if (p->pos < p->len && p->data[p->pos] == '\n')
			p->pos++;
	}
	else if (p->pos < p->len && p->data[p->pos] == '\n')
	{
		p->pos++;
		p->line++;
	}
}

int
im_csv_next(im_csv *p)
{
	const unsigned char *d = p->data;
	const size_t len = p->len;
	const unsigned char delim = p->delim;

	if (p->err != IM_CSV_OK)
		return IM_CSV_ERROR;
	p->nfields = 0;
	p->buf_len = 0;

	/* skip empty lines and 0x1A bytes where a record would start */
	for (;;)
	{
		while (p->pos < len && d[p->pos] == SUB_BYTE)
			p->pos++;
		if (p->pos < len && (d[p->pos] == '\r' || d[p->pos] == '\n'))
		{
			eat_line_end(p);
			continue;
		}
		break;
	}
	if (p->pos >= len)
		return IM_CSV_EOF;
	p->rec_line = p->line;

	for (;;)
	{
		size_t		fieldno = p->nfields + 1;
		size_t		start_line = p->line;
		int			rc;

		if (p->nfields >= p->max_fields)
			return set_error(p, IM_CSV_ERR_TOO_MANY_FIELDS, p->line, fieldno);

		if (p->pos < len && d[p->pos] == '"')
		{
			/* quoted field */
			if (!field_begin(p, 1))
				return set_error(p, IM_CSV_ERR_NOMEM, p->line, fieldno);
			p->pos++;
			for (;;)
			{
				const unsigned char *q;
				size_t		run;

				if (p->pos >= len)
					return set_error(p, IM_CSV_ERR_UNTERMINATED, start_line, fieldno);
				q = memchr(d + p->pos, '"', len - p->pos);
				run = q ? (size_t) (q - (d + p->pos)) : len - p->pos;
				if (run > 0)
				{
					rc = field_append(p, d + p->pos, run);
					if (rc < 0)
						return set_error(p, IM_CSV_ERR_FIELD_TOO_LONG, start_line, fieldno);
					if (rc == 0)
						return set_error(p, IM_CSV_ERR_NOMEM, start_line, fieldno);
					p->line += count_lines(d + p->pos, run,
										   p->pos > 0 && d[p->pos - 1] == '\r');
					p->pos += run;
				}
				if (q == NULL)
					return set_error(p, IM_CSV_ERR_UNTERMINATED, start_line, fieldno);
				/* at a quote: doubled = one quote of data, else the end of the field */
				if (p->pos + 1 < len && d[p->pos + 1] == '"')
				{
					rc = field_append(p, d + p->pos, 1);
					if (rc < 0)
						return set_error(p, IM_CSV_ERR_FIELD_TOO_LONG, start_line, fieldno);
					if (rc == 0)
						return set_error(p, IM_CSV_ERR_NOMEM, start_line, fieldno);
					p->pos += 2;
					continue;
				}
				p->pos++;
				break;
			}
			if (p->pos < len && d[p->pos] != delim && d[p->pos] != '\r' && d[p->pos] != '\n')
				return set_error(p, IM_CSV_ERR_TEXT_AFTER_QUOTE, p->line, fieldno);
		}
		else
		{
			/* unquoted field: up to the delimiter, a line end or the end of the input */
			size_t		s = p->pos;

			if (!field_begin(p, 0))
				return set_error(p, IM_CSV_ERR_NOMEM, p->line, fieldno);
			while (p->pos < len)
			{
				unsigned char c = d[p->pos];

				if (c == delim || c == '\r' || c == '\n')
					break;
				if (c == '"')
					return set_error(p, IM_CSV_ERR_QUOTE_IN_FIELD, p->line, fieldno);
				p->pos++;
			}
			rc = field_append(p, d + s, p->pos - s);
			if (rc < 0)
				return set_error(p, IM_CSV_ERR_FIELD_TOO_LONG, p->line, fieldno);
			if (rc == 0)
				return set_error(p, IM_CSV_ERR_NOMEM, p->line, fieldno);
		}
		if (!field_end(p))
			return set_error(p, IM_CSV_ERR_NOMEM, p->line, fieldno);

		/* after a field: the delimiter (another field follows), a line end, or the end */
		if (p->pos < len && d[p->pos] == delim)
		{
			p->pos++;
			continue;
		}
		eat_line_end(p);
		return IM_CSV_RECORD;
	}
}
