/*
 * instname_wire.h - validation of the instname binary (send/recv) format and of stored
 * instname token areas, in pure C11 (no PostgreSQL headers), so the fuzz target
 * (test/fuzz/fuzz_instname.c) links exactly the code instname_recv runs.
 *
 * Wire format (see instname.h): uint8 version, uint32 ntokens in network order, then per token
 * uint8 len (1..255), uint8 meta (bits 0-1 kind, bits 2-5 gap, 6-7 zero; no gap on the first
 * token), len bytes of valid UTF-8 without NUL. Bytes after the last token are not read: the
 * caller (PostgreSQL's binary input) rejects them.
 */
#ifndef INSTNAME_WIRE_H
#define INSTNAME_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "im_norm.h"

#define INSTNAME_WIRE_VERSION 1
#define INSTNAME_WIRE_HDRSZ 5		/* version byte + token count */

/* Result codes of instname_wire_check; arg1 / arg2 fill the message (see instname_recv). */
typedef enum instname_wire_rc
{
	INSTNAME_WIRE_OK = 0,
	INSTNAME_WIRE_SHORT_HEADER,		/* arg1 = bytes left */
	INSTNAME_WIRE_BAD_VERSION,		/* arg1 = version */
	INSTNAME_WIRE_BAD_COUNT,		/* arg1 = token count, arg2 = bytes left after header */
	INSTNAME_WIRE_TRUNCATED,		/* arg1 = token number (1-based), arg2 = token count */
	INSTNAME_WIRE_EMPTY_TOKEN,		/* arg1 = token number, arg2 = token count */
	INSTNAME_WIRE_BAD_FLAGS,		/* arg1 = token number, arg2 = the unknown bits */
	INSTNAME_WIRE_FIRST_GAP,		/* arg1 = the meta byte */
	INSTNAME_WIRE_BAD_UTF8			/* arg1 = token number, arg2 = token count */
} instname_wire_rc;

typedef struct instname_wire_info
{
	uint32_t	ntok;			/* token count (valid when the header was read) */
	size_t		consumed;		/* bytes of header and tokens, when OK */
	uint32_t	arg1;
	uint32_t	arg2;
} instname_wire_info;

/* Validate a binary instname at buf[0..len). Never reads outside it. */
instname_wire_rc instname_wire_check(const unsigned char *buf, size_t len,
									 instname_wire_info *info);

/*
 * Render the tokens of a value that instname_wire_check accepted (buf as given to it) as
 * text, the way inst_normalize() writes it; out is NUL-terminated. Returns IM_OK or an
 * IM_ERR_* code of the buffer. Calls interrupt() (if not NULL) every 4096 tokens.
 */
int			instname_wire_render(const unsigned char *buf, const instname_wire_info *info,
								 im_buf *out, void (*interrupt) (void));

/* Is s[0..len) valid UTF-8 without NUL (the rules of PostgreSQL's pg_verify_mbstr)? */
int			instname_utf8_valid(const unsigned char *s, size_t len);

/*
 * Stored token area (after the 8-byte header of a stored value): do ntok tokens of
 * (len >= 1, meta, text) fill p[0..n) exactly? 1 if yes, 0 if not.
 */
int			instname_tokens_fit(const unsigned char *p, size_t n, uint32_t ntok);

/* The meta byte stored for a token: kind, and the canonical gap (none on the first token,
 * a semicolon absorbs a comma, as rendering writes it). */
static inline uint8_t
instname_canonical_meta(uint8_t kind, uint8_t gap, int first)
{
	uint8_t		g = first ? 0 : (uint8_t) (gap & IM_GAP_ANY);

	if (g & IM_GAP_SEMI)
		g &= (uint8_t) ~IM_GAP_COMMA;
	return (uint8_t) ((kind & 0x03) | (g << 2));
}

#endif							/* INSTNAME_WIRE_H */
