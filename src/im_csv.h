/*
 * im_csv.h - a CSV reader (RFC 4180) for the list importers.
 *
 * Pure C11, no PostgreSQL headers and no other instmatch code, so the unit tests and the fuzz
 * target link it alone. The PostgreSQL wrapper (csv_pg.c) gives it palloc-based memory.
 *
 * The reader works on a complete input held in memory and returns one record at a time:
 *
 *   - fields are separated by a one-byte delimiter (',' by default; any ASCII byte except the
 *     double quote, CR, LF, NUL and 0x1A);
 *   - records end with LF, CRLF or a lone CR; the last record needs no line end;
 *   - a field that starts with a double quote is quoted: it ends at the next quote that is not
 *     doubled; inside it "" stands for one quote, and delimiters, CR and LF are data (a record
 *     may span several lines);
 *   - empty lines are skipped (they give no record), so a file may end with blank lines;
 *   - a UTF-8 byte order mark (EF BB BF) at the very start of the input is skipped;
 *   - DOS end-of-file bytes (0x1A) are skipped where a record would start, and one at the very
 *     end of the input (after the last record, followed by nothing but line ends) is ignored:
 *     OFAC's files end with one, and files concatenated with cat carry it into the next line;
 *   - errors, each with the line where it was found and the field number (1-based):
 *     a double quote inside an unquoted field, text after the closing quote of a field, a
 *     quoted field still open at the end of the input (reported at the line where it opened),
 *     a field longer than max_field_bytes, a record with more than max_fields fields.
 *
 * Bytes are passed through as they are: the reader splits only at ASCII bytes (delimiter,
 * quote, CR, LF), so valid UTF-8 input gives valid UTF-8 fields. Field contents may contain any
 * byte but NUL is never added; each field is also NUL-terminated for convenience.
 *
 * Memory: one buffer for the current record's field bytes and one array of field positions,
 * both grown as needed and reused from record to record (so memory is bounded by the largest
 * record, not the input). im_csv_free releases them. On allocation failure im_csv_next returns
 * IM_CSV_ERROR with IM_CSV_ERR_NOMEM and nothing leaks once im_csv_free is called.
 */
#ifndef IM_CSV_H
#define IM_CSV_H

#include <stddef.h>

#define IM_CSV_DEFAULT_MAX_FIELD_BYTES ((size_t) 1 << 20)	/* 1 MiB */
#define IM_CSV_DEFAULT_MAX_FIELDS ((size_t) 1024)

/* Return values of im_csv_next */
#define IM_CSV_RECORD 1			/* a record is available */
#define IM_CSV_EOF 0			/* no more records */
#define IM_CSV_ERROR (-1)		/* see err, err_line, err_field */

typedef enum im_csv_error
{
	IM_CSV_OK = 0,
	IM_CSV_ERR_QUOTE_IN_FIELD,	/* a double quote inside an unquoted field */
	IM_CSV_ERR_TEXT_AFTER_QUOTE,	/* text between a closing quote and the delimiter */
	IM_CSV_ERR_UNTERMINATED,	/* quoted field not closed at the end of the input */
	IM_CSV_ERR_FIELD_TOO_LONG,	/* field longer than max_field_bytes */
	IM_CSV_ERR_TOO_MANY_FIELDS, /* record with more than max_fields fields */
	IM_CSV_ERR_NOMEM,			/* the allocator returned NULL */
	IM_CSV_ERR_BAD_DELIMITER	/* delimiter not usable (see above); from im_csv_init */
} im_csv_error;

typedef struct im_csv_options
{
	unsigned char delimiter;	/* 0 = ',' */
	size_t		max_field_bytes;	/* 0 = IM_CSV_DEFAULT_MAX_FIELD_BYTES */
	size_t		max_fields;		/* 0 = IM_CSV_DEFAULT_MAX_FIELDS */
	/* allocator; all NULL = malloc, realloc, free. realloc is only called with ptr != NULL */
	void	   *(*alloc) (void *ctx, size_t size);
	void	   *(*realloc) (void *ctx, void *ptr, size_t size);
	void		(*free) (void *ctx, void *ptr);
	void	   *alloc_ctx;
} im_csv_options;

typedef struct im_csv_field
{
	size_t		off;			/* offset of the field's bytes in the record buffer */
	size_t		len;			/* length in bytes (a NUL follows) */
	int			quoted;			/* 1 if the field was written in quotes */
} im_csv_field;

typedef struct im_csv
{
	/* input and options (read-only after init) */
	const unsigned char *data;
	size_t		len;			/* without a trailing 0x1A and the line ends after it */
	unsigned char delim;
	size_t		max_field_bytes;
	size_t		max_fields;
	void	   *(*alloc) (void *ctx, size_t size);
	void	   *(*realloc) (void *ctx, void *ptr, size_t size);
	void		(*free) (void *ctx, void *ptr);
	void	   *alloc_ctx;

	/* position */
	size_t		pos;			/* next byte to read */
	size_t		line;			/* line number of data[pos], 1-based */

	/* the current record, valid after IM_CSV_RECORD until the next call */
	size_t		rec_line;		/* line where the record starts */
	size_t		nfields;
	im_csv_field *fields;
	size_t		fields_cap;
	char	   *buf;			/* field bytes, each field NUL-terminated */
	size_t		buf_len;
	size_t		buf_cap;

	/* the error, after IM_CSV_ERROR (sticky: later calls return IM_CSV_ERROR again) */
	im_csv_error err;
	size_t		err_line;		/* line of the error (for UNTERMINATED: where the quote opened) */
	size_t		err_field;		/* 1-based field number within the record */
} im_csv;

/*
 * Prepare to read len bytes at data (which must stay valid while reading). Returns IM_CSV_OK or
 * IM_CSV_ERR_BAD_DELIMITER; nothing is allocated yet, but im_csv_free may always be called.
 */
im_csv_error im_csv_init(im_csv *p, const char *data, size_t len, const im_csv_options *opt);

/* Read the next record: IM_CSV_RECORD, IM_CSV_EOF or IM_CSV_ERROR. */
int			im_csv_next(im_csv *p);

/* Field i (0-based, < p->nfields) of the current record: NUL-terminated, *len its length. */
const char *im_csv_field_text(const im_csv *p, size_t i, size_t *len);

/* Release the buffers; p can be initialized again afterwards. */
void		im_csv_free(im_csv *p);

/* English text for an error code, e.g. "unterminated quoted field". */
const char *im_csv_error_text(im_csv_error err);

#endif							/* IM_CSV_H */
