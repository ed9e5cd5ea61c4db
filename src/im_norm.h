/*
 * im_norm.h - the instmatch normalizer: bytes -> token stream with segment boundaries.
 *
 * Pure C11 + utf8proc, no PostgreSQL headers, so unit tests and fuzz targets link it directly.
 *
 * The normalizer reads UTF-8 text and emits tokens through a callback, one at a time, so its
 * memory use does not grow with the input. Each token carries its text (canonical form), its
 * kind, the segment boundary flags of the gap before it, and the byte range of the input it
 * came from (so a matcher can report the exact original substring).
 *
 * Pipeline, per token:
 *   1. tokenize: NFKC + full case folding (utf8proc), diacritics removed from Latin, Greek,
 *      Cyrillic, Armenian, Hebrew and Arabic letters, control and format characters dropped,
 *      every space/dash/quote folded; look-alike letters folded to Latin inside a token made
 *      only of Latin and look-alike letters; traditional Han -> simplified, one token per Han
 *      character; apostrophes inside words removed (Xi'an -> xian; French/Italian elisions
 *      l' d' dell' dropped); hyphens and dots split words; letters and digits split apart;
 *      e-mail and web domains kept whole as DOMAIN tokens (www. and the local part dropped);
 *      , / | \ : -> COMMA boundary, ; and line breaks -> SEMI, ( [ { -> OPEN, ) ] } -> CLOSE.
 *   2. word rules (src/data/rules.tsv): stop words dropped, abbreviations and spelling variants
 *      mapped to one canonical word (univ -> university, technol -> technology).
 *   3. phrase rules: longest run of canonical words inside one segment rewritten
 *      (peoples r china -> china, nat science -> natural science).
 *
 * Everything the normalizer does is compiled in and versioned by IM_RULES_VERSION.
 */
#ifndef IM_NORM_H
#define IM_NORM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Version of the normalization rules. Bump it whenever any output can change (rules.tsv, the
 * look-alike or traditional->simplified tables, or the code in im_norm.c): indexes built on
 * inst_normalize()/instname must then be rebuilt (REINDEX), and the upgrade notes say so.
 */
#define IM_RULES_VERSION "2"

/* A token's bytes never exceed this; a longer run of letters is cut into several tokens. */
#define IM_MAX_TOKEN_BYTES 255

/* Largest input accepted (PostgreSQL's 1 GB varlena limit). */
#define IM_MAX_INPUT_BYTES ((size_t) 0x3FFFFFFF)

typedef enum im_tokkind
{
	IM_TOK_WORD = 0,			/* letters (any script but Han), possibly with digits cut off */
	IM_TOK_NUM = 1,				/* digits */
	IM_TOK_HAN = 2,				/* one Han ideograph (simplified form) */
	IM_TOK_DOMAIN = 3			/* e-mail or web domain, e.g. buaa.edu.cn */
} im_tokkind;

/* Boundary flags of the gap before a token; 0 = same segment as the previous token. */
#define IM_GAP_COMMA 0x01		/* , / | \ : and ideographic commas */
#define IM_GAP_SEMI 0x02		/* ; and line breaks: usually a new affiliation */
#define IM_GAP_OPEN 0x04		/* ( [ { */
#define IM_GAP_CLOSE 0x08		/* ) ] } */
#define IM_GAP_ANY 0x0F

typedef struct im_tok
{
	const char *text;			/* canonical UTF-8 text, not NUL-terminated */
	uint32_t	len;			/* 1 .. IM_MAX_TOKEN_BYTES */
	uint8_t		kind;			/* im_tokkind */
	uint8_t		gap;			/* IM_GAP_* before this token (always 0 on the first) */
	uint32_t	src_start;		/* byte range [src_start, src_end) of the input */
	uint32_t	src_end;
} im_tok;

/* Callback for each token; a nonzero return stops normalization and is returned. */
typedef int (*im_emit_fn) (void *arg, const im_tok *tok);

/* Return codes (the callback's own codes should be positive). */
#define IM_OK 0
#define IM_ERR_TOO_LONG (-1)	/* input longer than IM_MAX_INPUT_BYTES */
#define IM_ERR_NOMEM (-2)		/* allocator returned NULL */
#define IM_ERR_OUTPUT_LIMIT (-3)	/* a collector's output would pass its limit */

/* Options for im_normalize */
#define IM_OPT_NO_FASTPATH 0x01 /* run ASCII through the general Unicode path (tests) */

/*
 * Normalize len bytes at s, calling emit for each token in order. Invalid UTF-8 sequences
 * count as separators. Returns IM_OK, an IM_ERR_* code, or the callback's nonzero return.
 */
int			im_normalize(const char *s, size_t len, unsigned options,
						 im_emit_fn emit, void *arg);

/*
 * Memory and interrupt hooks. Defaults: malloc/realloc/free and no interrupt check. The
 * PostgreSQL glue installs palloc-based functions and CHECK_FOR_INTERRUPTS, which may
 * longjmp out: the normalizer itself keeps no heap memory between calls, so that is safe.
 */
typedef struct im_allocator
{
	void	   *(*alloc) (size_t size);
	void	   *(*realloc) (void *ptr, size_t size);
	void		(*free) (void *ptr);
} im_allocator;

extern im_allocator im_mem;
extern void (*im_interrupt_hook) (void);

/* Growable byte buffer used by the collectors below. */
typedef struct im_buf
{
	char	   *data;
	size_t		len;
	size_t		cap;
	size_t		limit;			/* IM_ERR_OUTPUT_LIMIT when len would pass it; 0 = none */
} im_buf;

void		im_buf_init(im_buf *b, size_t limit);
int			im_buf_append(im_buf *b, const char *p, size_t n);
void		im_buf_free(im_buf *b);

/*
 * Render a token stream as text, the form inst_normalize() returns: tokens separated by one
 * space, Han characters written together, boundaries as ")" "," or ";" and "(", e.g.
 *   "beihang university, school computer science engineering, beijing 100191, china"
 * Normalizing the rendered text again gives the same tokens and boundaries.
 */
typedef struct im_render_state
{
	im_buf	   *out;
	int			ntok;
	int			depth;			/* open parentheses not yet closed */
	uint8_t		prevkind;
} im_render_state;

void		im_render_init(im_render_state *st, im_buf *out);
int			im_render_emit(void *arg, const im_tok *tok);	/* an im_emit_fn */
int			im_render_finish(im_render_state *st);

/*
 * Collect a whole token stream in memory: token i has text text.data + tok[i].off, length
 * tok[i].len, and kind, gap and source range as emitted. Used by the instname type and the
 * matcher. im_collect_emit is an im_emit_fn; free with im_tokens_free.
 */
typedef struct im_ctok
{
	uint32_t	off;			/* offset of the text in im_tokens.text.data */
	uint16_t	len;
	uint8_t		kind;
	uint8_t		gap;
	uint32_t	src_start;
	uint32_t	src_end;
} im_ctok;

typedef struct im_tokens
{
	im_ctok    *tok;
	size_t		ntok;
	size_t		cap;
	im_buf		text;			/* token texts, back to back, no separators */
} im_tokens;

void		im_tokens_init(im_tokens *t);
int			im_collect_emit(void *arg, const im_tok *tok);
int			im_tokenize(const char *s, size_t len, unsigned options, im_tokens *out);
void		im_tokens_free(im_tokens *t);

/* Normalize and render in one call; result NUL-terminated in out (caller frees). */
int			im_normalize_text(const char *s, size_t len, unsigned options, im_buf *out);

/* Version strings */
const char *im_rules_version(void);		/* "1 (rules sha256 c16a6210e22b)" */
const char *im_unicode_version(void);	/* utf8proc's Unicode version, e.g. "15.0.0" */
const char *im_utf8proc_version(void);	/* utf8proc's own version, e.g. "2.8.0" */

/*
 * Is this canonical token a generic word (rules.tsv "generic": university, institute, china, ...)?
 * Generic words get little weight in similarity, are not indexed, and never make a name alone.
 */
int			im_is_generic(const char *text, size_t len);

/* FNV-1a, 32 bits: the hash of the rule tables (src/gen/gen_rules.py computes the same) and of
 * the matcher's token and entity tables. */
static inline uint32_t
im_fnv1a(const char *s, size_t n)
{
	uint32_t	h = 0x811C9DC5u;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		h ^= (unsigned char) s[i];
		h *= 0x01000193u;
	}
	return h;
}

/* Table lookups, exposed for tests */
uint32_t	im_fold_lookalike(uint32_t cp);	/* Latin letter, or 0 */
uint32_t	im_fold_t2s(uint32_t cp);	/* simplified form, or cp */
int			im_is_han(uint32_t cp);

#endif							/* IM_NORM_H */
