/*
 * instname.h - the instname type: a normalized institution name or affiliation, stored as the
 * normalizer's token sequence with its segment boundaries.
 *
 * On-disk layout (a varlena; every multi-byte field is read with memcpy, so values with a short
 * 1-byte varlena header are used in place, unaligned):
 *
 *     int32   vl_len_          varlena header
 *     uint8   version          INSTNAME_VERSION, always written and checked
 *     uint8   flags            reserved, 0
 *     uint16  reserved         0
 *     uint32  ntokens
 *     then ntokens times:
 *         uint8   len          1 .. IM_MAX_TOKEN_BYTES (255)
 *         uint8   meta         bits 0-1: kind (IM_TOK_*), bits 2-5: gap (IM_GAP_* of the gap
 *                              before the token; 0 on the first token); bits 6-7 are 0
 *         char    text[len]    canonical UTF-8 text, no NUL
 *
 * A value is canonical by construction: it is only ever built by the normalizer (text input,
 * and binary input, which renders what it received and normalizes it again), and the gap of a
 * token is stored the way rendering writes it (a semicolon boundary absorbs a comma boundary).
 * So equal names have equal bytes: =, the btree comparison and hashing work on the bytes.
 *
 * The binary (send/recv) format is: uint8 version, uint32 ntokens (network order), then per
 * token uint8 len, uint8 meta, len bytes of UTF-8, regardless of client_encoding.
 */
#ifndef INSTNAME_H
#define INSTNAME_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#define INSTNAME_VERSION 1
#define INSTNAME_HDRSZ 8			/* bytes after the varlena header, before the tokens */

#define INSTNAME_META_KIND 0x03
#define INSTNAME_META_GAP_SHIFT 2
#define INSTNAME_META_VALID 0x3F	/* kind and gap bits; the others must be 0 */

/* GIN strategy numbers of the instname_ops operator class */
#define INSTNAME_SIMILAR_STRATEGY 1		/* instname % instname */
#define INSTNAME_CONTAINS_STRATEGY 2	/* instname @> instname */
#define INSTNAME_CONTAINED_STRATEGY 3	/* instname <@ instname */
#define INSTNAME_EQUAL_STRATEGY 4		/* instname = instname */

/*
 * Similarity weights, in units of 1/25 so that every sum is an exact integer:
 * an ordinary token weighs 1.0, a generic word or a number 0.2, and a typo match counts
 * 0.8 of the lighter of the two tokens.
 */
#define INSTNAME_W_TOKEN 25
#define INSTNAME_W_GENERIC 5
#define INSTNAME_TYPO_NUM 4			/* typo match value = w * 4 / 5 */
#define INSTNAME_TYPO_DEN 5
#define INSTNAME_TYPO_MIN_CHARS 6	/* both words at least this many characters */

/* GUC instmatch.similarity_threshold */
extern double instname_similarity_threshold;

/* Called from _PG_init: defines the GUCs of the instname type. */
extern void instname_init(void);

/*
 * Is this canonical word (WORD kind) one of the compiled-in generic words? Generic words
 * weigh 0.2 in inst_similarity and are not GIN keys on their own.
 */
extern bool instname_is_generic_word(const char *s, size_t len);

#endif							/* INSTNAME_H */
