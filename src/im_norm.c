/*
 * im_norm.c - the instmatch normalizer (see im_norm.h for the pipeline).
 *
 * Pure C11 + utf8proc. Two paths share every decision:
 *   - the ASCII fast path handles bytes < 0x80 with a class table, building tokens directly
 *     as lower-case bytes;
 *   - the general path decodes a code point, folds look-alikes, applies NFKC + case folding
 *     through utf8proc, strips diacritics, and classifies each resulting code point.
 * A token that starts in ASCII and meets a non-ASCII character is moved to the general path's
 * code point buffer. IM_OPT_NO_FASTPATH sends ASCII through the general path too; the unit
 * tests check both give identical output.
 */
#include "im_norm.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

typedef struct im_word_rule
{
	const char *key;
	uint8_t		keylen;
	uint8_t		flags;			/* RULE_STOP | RULE_WORD | RULE_PSTART */
	uint8_t		pmax;			/* longest phrase starting with this word */
	const char *value;			/* canonical replacement (RULE_WORD) */
} im_word_rule;

typedef struct im_phrase_rule
{
	const char *key;
	uint8_t		keylen;
	const char *value;
} im_phrase_rule;

#define RULE_STOP 1
#define RULE_WORD 2
#define RULE_PSTART 4
#define RULE_INKEY 16			/* the word occurs in a phrase key */

#include "tables/rules_table.h"
#include "tables/lookalike_table.h"
#include "tables/t2s_table.h"

im_allocator im_mem = {malloc, realloc, free};
void		(*im_interrupt_hook) (void) = NULL;

/* ------------------------------------------------------------------------------------------
 * Character classes
 * ------------------------------------------------------------------------------------------ */
enum
{
	C_DROP = 0,					/* removed without separating (controls) */
	C_LETTER,
	C_DIGIT,
	C_SPACE,					/* separates tokens */
	C_APOS,						/* apostrophe: removed inside a word */
	C_COMMA,
	C_SEMI,
	C_OPEN,
	C_CLOSE,
	C_MARK						/* combining mark (general path only) */
};

static uint8_t ascii_class[128];
static uint8_t ascii_run[256];	/* nonzero for [A-Za-z0-9._%+@-]: hosts and e-mails */
#define RUN_CHAR 1
#define RUN_DOT 2
#define RUN_AT 4
static char ascii_lower[128];
static uint8_t ascii_tok[256];	/* C_LETTER / C_DIGIT for ASCII letters and digits, else 0 */
static bool ascii_class_ready = false;

static void
init_ascii_class(void)
{
	int			c;

	for (c = 0; c < 128; c++)
	{
		uint8_t		k;

		if (c >= 'a' && c <= 'z')
			k = C_LETTER;
		else if (c >= 'A' && c <= 'Z')
			k = C_LETTER;
		else if (c >= '0' && c <= '9')
			k = C_DIGIT;
		else if (c < 0x20 || c == 0x7F)
			k = C_DROP;
		else
			k = C_SPACE;
		ascii_class[c] = k;
	}
	ascii_class['\t'] = C_SPACE;
	ascii_class['\n'] = C_SEMI;
	ascii_class['\r'] = C_SEMI;
	ascii_class['\v'] = C_SEMI;
	ascii_class['\f'] = C_SEMI;
	ascii_class['\''] = C_APOS;
	ascii_class['`'] = C_APOS;
	ascii_class[','] = C_COMMA;
	ascii_class['/'] = C_COMMA;
	ascii_class['|'] = C_COMMA;
	ascii_class['\\'] = C_COMMA;
	ascii_class[':'] = C_COMMA;
	ascii_class[';'] = C_SEMI;
	ascii_class['('] = C_OPEN;
	ascii_class['['] = C_OPEN;
	ascii_class['{'] = C_OPEN;
	ascii_class[')'] = C_CLOSE;
	ascii_class[']'] = C_CLOSE;
	ascii_class['}'] = C_CLOSE;
	for (c = 0; c < 256; c++)
		ascii_run[c] = (c < 128 && (ascii_class[c] == C_LETTER || ascii_class[c] == C_DIGIT)) ||
			c == '-' || c == '_' || c == '%' || c == '+';
	ascii_run['.'] = RUN_DOT;
	ascii_run['@'] = RUN_AT;
	for (c = 0; c < 256; c++)
		ascii_tok[c] = (c < 128 && (ascii_class[c] == C_LETTER || ascii_class[c] == C_DIGIT)) ?
			ascii_class[c] : 0;
	for (c = 0; c < 128; c++)
		ascii_lower[c] = (char) ((c >= 'A' && c <= 'Z') ? (c | 0x20) : c);
	ascii_class_ready = true;
}

static inline bool
is_ascii_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int
im_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) ||
		(cp >= 0x3400 && cp <= 0x4DBF) ||
		(cp >= 0xF900 && cp <= 0xFAFF) ||
		(cp >= 0x20000 && cp <= 0x2A6DF) ||
		(cp >= 0x2A700 && cp <= 0x2EBEF) ||
		(cp >= 0x2EBF0 && cp <= 0x2EE5F) ||
		(cp >= 0x2F800 && cp <= 0x2FA1F) ||
		(cp >= 0x30000 && cp <= 0x323AF) ||
		cp == 0x3005 || cp == 0x3007;
}

static uint32_t
pair_lookup(const uint32_t (*table)[2], size_t n, uint32_t cp)
{
	size_t		lo = 0,
				hi = n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (table[mid][0] == cp)
			return table[mid][1];
		if (table[mid][0] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

uint32_t
im_fold_lookalike(uint32_t cp)
{
	if (cp < 0x80)
		return 0;
	return pair_lookup(im_lookalike_table, IM_LOOKALIKE_COUNT, cp);
}

uint32_t
im_fold_t2s(uint32_t cp)
{
	uint32_t	s = pair_lookup(im_t2s_table, IM_T2S_COUNT, cp);

	return s ? s : cp;
}

/* Letters of the Latin script (after diacritics are stripped), for the look-alike rule. */
static inline bool
is_latin_letter(uint32_t cp)
{
	return cp < 0x0250 || (cp >= 0x1E00 && cp <= 0x1EFF) ||
		(cp >= 0x2C60 && cp <= 0x2C7F) || (cp >= 0xA720 && cp <= 0xA7FF) ||
		(cp >= 0xAB30 && cp <= 0xAB6F);
}

/*
 * Diacritics are removed from letters of alphabets where they are optional for matching
 * (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Syriac); marks of other scripts (Indic
 * vowel signs, kana voicing marks) are part of the spelling and kept.
 */
static inline bool
mark_is_stripped(uint32_t mark, uint32_t base)
{
	if ((mark >= 0x0300 && mark <= 0x036F) || (mark >= 0x1AB0 && mark <= 0x1AFF) ||
		(mark >= 0x1DC0 && mark <= 0x1DFF) || (mark >= 0x20D0 && mark <= 0x20FF) ||
		(mark >= 0xFE20 && mark <= 0xFE2F))
		return true;
	return base < 0x0780 || (base >= 0x08A0 && base <= 0x08FF) ||
		(base >= 0x1E00 && base <= 0x1FFF) || (base >= 0xFB1D && base <= 0xFDFF);
}

/* Latin letters with a stroke or ligatures, which have no Unicode decomposition. */
static const char *
latin_extra(uint32_t cp)
{
	switch (cp)
	{
		case 0x00E6: return "ae";	/* æ */
		case 0x00F0: return "d";	/* ð */
		case 0x00F8: return "o";	/* ø */
		case 0x00FE: return "th";	/* þ */
		case 0x0111: return "d";	/* đ */
		case 0x0127: return "h";	/* ħ */
		case 0x0131: return "i";	/* ı */
		case 0x0142: return "l";	/* ł */
		case 0x0153: return "oe";	/* œ */
		case 0x0167: return "t";	/* ŧ */
		case 0x0180: return "b";	/* ƀ */
		case 0x0183: return "b";	/* ƃ */
		case 0x01E5: return "g";	/* ǥ */
		case 0x0268: return "i";	/* ɨ */
		case 0x0138: return "k";	/* ĸ */
		case 0x014B: return "n";	/* ŋ */
		case 0x0237: return "j";	/* ȷ */
		default: return NULL;
	}
}

static inline bool
is_apostrophe_cp(uint32_t cp)
{
	return cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x02B9 || cp == 0x00B4 ||
		cp == 0x2032 || cp == 0x02BB || cp == 0xFF07 || cp == 0x055A || cp == 0xA78C;
}

/* Class of a (folded) non-ASCII code point. */
static int
unicode_class(uint32_t cp)
{
	switch (utf8proc_category((utf8proc_int32_t) cp))
	{
		case UTF8PROC_CATEGORY_LU:
		case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT:
		case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO:
		case UTF8PROC_CATEGORY_NL:
		case UTF8PROC_CATEGORY_NO:
			return C_LETTER;
		case UTF8PROC_CATEGORY_MC:
			return C_MARK;		/* spacing marks: Indic vowel signs */
		case UTF8PROC_CATEGORY_ND:
			return C_DIGIT;
		case UTF8PROC_CATEGORY_MN:
		case UTF8PROC_CATEGORY_ME:
			return C_MARK;
		case UTF8PROC_CATEGORY_CF:
		case UTF8PROC_CATEGORY_CC:
			return (cp == 0x85) ? C_SEMI : C_DROP;
		case UTF8PROC_CATEGORY_ZL:
		case UTF8PROC_CATEGORY_ZP:
			return C_SEMI;
		case UTF8PROC_CATEGORY_PS:
			/* low-9 quotation marks are opening quotes, not parentheses */
			return (cp == 0x201A || cp == 0x201E || cp == 0x2E42) ? C_SPACE : C_OPEN;
		case UTF8PROC_CATEGORY_PE:
			return C_CLOSE;
		case UTF8PROC_CATEGORY_PO:
			switch (cp)
			{
				case 0x3001:	/* 、 ideographic comma */
				case 0x3002:	/* 。 ideographic full stop */
				case 0xFF64:
				case 0xFF61:
				case 0x060C:	/* Arabic comma */
				case 0x055D:	/* Armenian comma */
				case 0x1802:	/* Mongolian comma */
					return C_COMMA;
				case 0x061B:	/* Arabic semicolon */
				case 0x204F:	/* reversed semicolon */
					return C_SEMI;
				default:
					return C_SPACE;
			}
		default:
			return C_SPACE;		/* Z*, Pd, Pi, Pf, Pc, S*, Cn, Co, Cs */
	}
}

/* ------------------------------------------------------------------------------------------
 * Rule tables
 * ------------------------------------------------------------------------------------------ */

#define MAX_RULE_KEY 48

static inline const im_word_rule *
lookup_word(const char *s, size_t n)
{
	uint32_t	i;

	if (n > MAX_RULE_KEY || n == 0)
		return NULL;
	i = ((uint32_t) n * 977 + (unsigned char) s[0] * 31 + (unsigned char) s[n - 1]) & 4095;
	if (!(im_word_prefilter[i >> 5] & (1u << (i & 31))))
		return NULL;
	i = im_fnv1a(s, n) & (IM_WORD_TABLE_SIZE - 1);
	while (im_word_table[i].key != NULL)
	{
		if (im_word_table[i].keylen == n && memcmp(im_word_table[i].key, s, n) == 0)
			return &im_word_table[i];
		i = (i + 1) & (IM_WORD_TABLE_SIZE - 1);
	}
	return NULL;
}

static const im_phrase_rule *
lookup_phrase(const char *s, size_t n)
{
	uint32_t	i = im_fnv1a(s, n) & (IM_PHRASE_TABLE_SIZE - 1);

	while (im_phrase_table[i].key != NULL)
	{
		if (im_phrase_table[i].keylen == n && memcmp(im_phrase_table[i].key, s, n) == 0)
			return &im_phrase_table[i];
		i = (i + 1) & (IM_PHRASE_TABLE_SIZE - 1);
	}
	return NULL;
}

int
im_is_generic(const char *text, size_t len)
{
	uint32_t	i;

	if (len == 0 || len > MAX_RULE_KEY)
		return 0;
	i = im_fnv1a(text, len) & (IM_GENERIC_TABLE_SIZE - 1);
	while (im_generic_table[i] != NULL)
	{
		if (strlen(im_generic_table[i]) == len && memcmp(im_generic_table[i], text, len) == 0)
			return 1;
		i = (i + 1) & (IM_GENERIC_TABLE_SIZE - 1);
	}
	return 0;
}

/* ------------------------------------------------------------------------------------------
 * Normalizer state
 * ------------------------------------------------------------------------------------------ */
#define RAW_MAX IM_MAX_TOKEN_BYTES	/* code points in a raw token */
#define QCAP 16

typedef struct qtok
{
	char		text[IM_MAX_TOKEN_BYTES];
	uint16_t	len;
	uint8_t		kind;
	uint8_t		gap;
	uint8_t		pmax;
	uint8_t		inkey;			/* the word occurs in a phrase key */
	uint32_t	src_start;
	uint32_t	src_end;
} qtok;

typedef enum
{
	RAW_NONE = 0,
	RAW_ASCII,
	RAW_UNICODE
} raw_mode;

typedef struct norm_state
{
	const unsigned char *s;
	size_t		len;
	unsigned	options;
	im_emit_fn	emit;
	void	   *arg;
	int			rc;

	/* raw token under construction */
	raw_mode	mode;
	int			cls;			/* C_LETTER or C_DIGIT */
	char		abuf[RAW_MAX];	/* RAW_ASCII: lower-case bytes */
	int			alen;
	int32_t		cps[RAW_MAX];	/* RAW_UNICODE: folded code points */
	uint8_t		look[RAW_MAX];	/* Latin letter a look-alike would fold to, or 0 */
	int			ncp;
	int			ubytes;			/* UTF-8 length of cps[0..ncp) */
	uint32_t	base;			/* last non-mark code point, for diacritic stripping */
	bool		has_confusable;
	bool		has_foreign;	/* a letter that is neither Latin nor a look-alike */
	bool		has_marks;		/* kept combining marks: reorder and compose */
	int			apos_at;		/* chars before the first removed apostrophe, or -1 */
	uint32_t	raw_start;
	uint32_t	raw_end;

	uint8_t		pending_gap;	/* boundaries seen since the last token */
	uint32_t	nemitted;

	/* canonical tokens waiting for phrase matching */
	qtok		q[QCAP];
	int			qhead;
	int			qn;

	/*
	 * Decided tokens held back because a later phrase value could complete a phrase with them
	 * ("PR P.R.C.": "p r c" becomes "china", then "pr china" is a phrase): only phrase words,
	 * each no longer than a rule key; see out_push.
	 */
	struct otok *o;
	size_t		on;
	size_t		ocap;
} norm_state;

typedef struct otok
{
	char		text[MAX_RULE_KEY];
	uint8_t		len;
	uint8_t		kind;
	uint8_t		gap;
	uint32_t	src_start;
	uint32_t	src_end;
} otok;

#define OUT_MAX_HELD ((size_t) 1 << 20)	/* phrase words in a row; more is an error */

/* ------------------------------------------------------------------------------------------
 * Output: phrase stage and emission
 * ------------------------------------------------------------------------------------------ */
static inline void
final_emit(norm_state *st, const char *text, size_t len, int kind, uint8_t gap,
		   uint32_t s, uint32_t e)
{
	im_tok		t;
	int			rc;

	if (st->rc != 0)
		return;
	t.text = text;
	t.len = (uint32_t) len;
	t.kind = (uint8_t) kind;
	t.gap = st->nemitted == 0 ? 0 : gap;
	t.src_start = s;
	t.src_end = e;
	rc = st->emit(st->arg, &t);
	st->nemitted++;
	if (rc != 0)
		st->rc = rc;
}

static void
out_flush(norm_state *st)
{
	size_t		i;

	for (i = 0; i < st->on; i++)
		final_emit(st, st->o[i].text, st->o[i].len, st->o[i].kind, st->o[i].gap,
				   st->o[i].src_start, st->o[i].src_end);
	st->on = 0;
}

/*
 * A decided token: emitted at once, unless it is a phrase word, which is held until a token
 * that no phrase uses (or a boundary) shows that no phrase value can complete a phrase with it.
 */
static void out_hold(norm_state *st, const char *text, size_t len, int kind, uint8_t gap,
					 uint32_t s, uint32_t e);

static inline void
out_push(norm_state *st, const char *text, size_t len, int kind, uint8_t gap,
		 uint32_t s, uint32_t e, int inkey)
{
	if (inkey < 0)				/* not known yet: look the word up */
	{
		const im_word_rule *r = (kind == IM_TOK_WORD || kind == IM_TOK_NUM) ?
			lookup_word(text, len) : NULL;

		inkey = r != NULL && (r->flags & RULE_INKEY);
	}
	if (!inkey)
	{
		if (st->on)
			out_flush(st);
		final_emit(st, text, len, kind, gap, s, e);
		return;
	}
	out_hold(st, text, len, kind, gap, s, e);
}

static void
out_hold(norm_state *st, const char *text, size_t len, int kind, uint8_t gap,
		 uint32_t s, uint32_t e)
{
	otok	   *t;

	if (gap != 0 && st->on)
		out_flush(st);			/* phrases do not cross boundaries */
	if (st->on == st->ocap)
	{
		size_t		cap = st->ocap ? st->ocap * 2 : 16;
		otok	   *n;

		if (st->on >= OUT_MAX_HELD)
		{
			st->rc = IM_ERR_OUTPUT_LIMIT;
			return;
		}
		n = st->o ? im_mem.realloc(st->o, cap * sizeof(otok)) : im_mem.alloc(cap * sizeof(otok));
		if (n == NULL)
		{
			st->rc = IM_ERR_NOMEM;
			return;
		}
		st->o = n;
		st->ocap = cap;
	}
	t = &st->o[st->on++];
	memcpy(t->text, text, len);
	t->len = (uint8_t) len;
	t->kind = (uint8_t) kind;
	t->gap = gap;
	t->src_start = s;
	t->src_end = e;
}

/* Push a rule value's tokens (separated by single spaces); the first takes the gap. */
static void
push_value(norm_state *st, const char *value, uint8_t gap, uint32_t s, uint32_t e)
{
	const char *p = value;

	while (*p)
	{
		const char *sp = strchr(p, ' ');
		size_t		n = sp ? (size_t) (sp - p) : strlen(p);

		out_push(st, p, n, IM_TOK_WORD, gap, s, e, -1);
		gap = 0;
		p += n;
		if (*p == ' ')
			p++;
	}
}

/* After a phrase value: rewrite phrases it completes with held tokens, until none is left. */
static void
out_reduce(norm_state *st)
{
	while (st->rc == 0)
	{
		size_t		L = st->on < IM_PHRASE_MAX_LEN ? st->on : IM_PHRASE_MAX_LEN;
		bool		found = false;

		for (; L >= 2 && !found; L--)
		{
			char		key[IM_PHRASE_MAX_LEN * (MAX_RULE_KEY + 1)];
			size_t		klen = 0,
						j;
			const im_phrase_rule *pr;
			otok	   *first = &st->o[st->on - L];

			for (j = 0; j < L; j++)
			{
				otok	   *t = first + j;

				if (j > 0 && t->gap != 0)
					break;
				if (j > 0)
					key[klen++] = ' ';
				memcpy(key + klen, t->text, t->len);
				klen += t->len;
			}
			if (j < L || (pr = lookup_phrase(key, klen)) == NULL)
				continue;
			{
				uint8_t		gap = first->gap;
				uint32_t	s = first->src_start;
				uint32_t	e = st->o[st->on - 1].src_end;

				st->on -= L;
				found = true;
				push_value(st, pr->value, gap, s, e);
			}
		}
		if (!found)
			return;
	}
}

/* Emit a phrase value, then the phrases it completes with held tokens. */
static void
emit_value(norm_state *st, const char *value, uint8_t gap, uint32_t s, uint32_t e)
{
	push_value(st, value, gap, s, e);
	if (st->on)
		out_reduce(st);
}

static void
process_head(norm_state *st)
{
	qtok	   *h = &st->q[st->qhead];
	int			L;

	if (h->pmax > 0)
	{
		L = h->pmax < st->qn ? h->pmax : st->qn;
		for (; L >= 1; L--)
		{
			char		key[IM_PHRASE_MAX_LEN * (MAX_RULE_KEY + 1)];
			size_t		klen = 0;
			int			j;
			bool		ok = true;
			const im_phrase_rule *pr;

			for (j = 0; j < L && ok; j++)
			{
				qtok	   *t = &st->q[(st->qhead + j) % QCAP];

				if ((j > 0 && t->gap != 0) || (t->kind != IM_TOK_WORD && t->kind != IM_TOK_NUM) ||
					t->len > MAX_RULE_KEY)
					ok = false;
				else
				{
					if (j > 0)
						key[klen++] = ' ';
					memcpy(key + klen, t->text, t->len);
					klen += t->len;
				}
			}
			if (!ok)
				continue;
			pr = lookup_phrase(key, klen);
			if (pr)
			{
				qtok	   *last = &st->q[(st->qhead + L - 1) % QCAP];

				emit_value(st, pr->value, h->gap, h->src_start, last->src_end);
				st->qhead = (st->qhead + L) % QCAP;
				st->qn -= L;
				return;
			}
		}
	}
	out_push(st, h->text, h->len, h->kind, h->gap, h->src_start, h->src_end, h->inkey);
	st->qhead = (st->qhead + 1) % QCAP;
	st->qn--;
}

static inline void
queue_push(norm_state *st, const char *text, size_t len, int kind, uint8_t gap,
		   uint32_t s, uint32_t e, uint8_t pmax, uint8_t inkey)
{
	qtok	   *t;

	/* Fast exit: nothing waits and this token cannot start a phrase. */
	if (st->qn == 0 && pmax == 0)
	{
		out_push(st, text, len, kind, gap, s, e, inkey);
		return;
	}
	t = &st->q[(st->qhead + st->qn) % QCAP];
	memcpy(t->text, text, len);
	t->len = (uint16_t) len;
	t->kind = (uint8_t) kind;
	t->gap = gap;
	t->pmax = pmax;
	t->inkey = inkey;
	t->src_start = s;
	t->src_end = e;
	st->qn++;
	/* The head can be decided once the longest phrase it may start is in the queue. */
	while (st->qn > 0 && st->qn >= st->q[st->qhead].pmax)
		process_head(st);
}

static void
flush_queue(norm_state *st)
{
	while (st->qn > 0)
		process_head(st);
}

/* Word stage: stop words and word rules. */
static inline void
word_stage(norm_state *st, const char *text, size_t len, int kind, uint32_t s, uint32_t e)
{
	uint8_t		gap = st->pending_gap;
	const im_word_rule *r = NULL;

	st->pending_gap = 0;
	if (kind == IM_TOK_WORD)
		r = lookup_word(text, len);
	else if (kind == IM_TOK_NUM)
	{
		/* a number has no word rule, but can start a phrase (1 st -> first) */
		r = lookup_word(text, len);
		if (r != NULL && !(r->flags & RULE_PSTART))
			r = NULL;
		if (r != NULL)
		{
			queue_push(st, text, len, kind, gap, s, e, r->pmax, (r->flags & RULE_INKEY) != 0);
			return;
		}
	}
	if (r == NULL)
	{
		queue_push(st, text, len, kind, gap, s, e, 0, 0);
		return;
	}
	if (r->flags & RULE_STOP)
	{
		st->pending_gap |= gap;
		if (st->pending_gap & IM_GAP_SEMI)
			st->pending_gap &= (uint8_t) ~IM_GAP_COMMA;
		return;
	}
	if (r->flags & RULE_WORD)
	{
		const char *p = r->value;

		while (*p)
		{
			const char *sp = strchr(p, ' ');
			size_t		n = sp ? (size_t) (sp - p) : strlen(p);
			const im_word_rule *r2 = lookup_word(p, n);

			queue_push(st, p, n, IM_TOK_WORD, gap, s, e,
					   (r2 && (r2->flags & RULE_PSTART)) ? r2->pmax : 0,
					   r2 && (r2->flags & RULE_INKEY));
			gap = 0;
			p += n;
			if (*p == ' ')
				p++;
		}
		return;
	}
	queue_push(st, text, len, kind, gap, s, e, r->pmax, (r->flags & RULE_INKEY) != 0);
}

/* ------------------------------------------------------------------------------------------
 * Raw tokens
 * ------------------------------------------------------------------------------------------ */
static inline bool
is_vowel(int c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == 'h';
}

/*
 * French and Italian elisions: l'universite, dell'Insubria, d'Orsay lose the article, which is
 * a stop word once separated. Any other apostrophe is simply removed (Xi'an -> xian).
 */
static int
elision_prefix(const char *t, int apos_at, int len)
{
	if (apos_at <= 0 || apos_at >= len || !is_vowel((unsigned char) t[apos_at]))
		return 0;
	switch (apos_at)
	{
		case 1:
			return (t[0] == 'l' || t[0] == 'd') ? 1 : 0;
		case 3:
			return memcmp(t, "all", 3) == 0 ? 3 : 0;
		case 4:
			return (memcmp(t, "dell", 4) == 0 || memcmp(t, "dall", 4) == 0 ||
					memcmp(t, "nell", 4) == 0 || memcmp(t, "sull", 4) == 0) ? 4 : 0;
		default:
			return 0;
	}
}

static void
raw_begin(norm_state *st, raw_mode mode, int cls, uint32_t start)
{
	st->mode = mode;
	st->cls = cls;
	st->alen = 0;
	st->ncp = 0;
	st->ubytes = 0;
	st->base = 0;
	st->has_confusable = false;
	st->has_foreign = false;
	st->has_marks = false;
	st->apos_at = -1;
	st->raw_start = start;
	st->raw_end = start;
}

/* Stable insertion sort of each run of combining marks by canonical combining class. */
static void
reorder_marks(int32_t *c, int n)
{
	int			i;

	for (i = 1; i < n; i++)
	{
		int32_t		x = c[i];
		int			cc = utf8proc_get_property(x)->combining_class;
		int			j = i;

		if (cc == 0)
			continue;
		while (j > 0)
		{
			int			pc = utf8proc_get_property(c[j - 1])->combining_class;

			if (pc == 0 || pc <= cc)
				break;
			c[j] = c[j - 1];
			j--;
		}
		c[j] = x;
	}
}

static void
raw_end(norm_state *st)
{
	int			kind;

	if (st->mode == RAW_NONE)
		return;
	kind = st->cls == C_DIGIT ? IM_TOK_NUM : IM_TOK_WORD;

	if (st->mode == RAW_ASCII)
	{
		int			skip = 0;

		if (st->apos_at >= 0)
			skip = elision_prefix(st->abuf, st->apos_at, st->alen);
		st->mode = RAW_NONE;
		word_stage(st, st->abuf + skip, (size_t) (st->alen - skip), kind,
				   st->raw_start, st->raw_end);
		return;
	}
	else
	{
		char		out[RAW_MAX * 4 + 4];
		size_t		olen = 0;
		int			n = st->ncp;
		int			i;
		int			apos_byte = -1;
		size_t		off;

		if (st->has_confusable && !st->has_foreign)
		{
			for (i = 0; i < n; i++)
				if (st->look[i])
					st->cps[i] = st->look[i];
		}
		else if (st->has_marks)
		{
			/*
			 * Marks stay only on letters of scripts whose marks are part of the spelling:
			 * put them in canonical order and compose (NFC), so the result is NFKC.
			 */
			utf8proc_ssize_t r;

			reorder_marks(st->cps, n);
			r = utf8proc_normalize_utf32(st->cps, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
			if (r >= 0 && r <= n)
			{
				if (st->apos_at >= 0 && r != n)
					st->apos_at = -1;	/* positions moved; no elision here */
				n = (int) r;
			}
		}
		for (i = 0; i < n; i++)
		{
			if (i == st->apos_at)
				apos_byte = (int) olen;
			olen += (size_t) utf8proc_encode_char(st->cps[i], (utf8proc_uint8_t *) out + olen);
		}
		st->mode = RAW_NONE;
		off = 0;
		if (apos_byte > 0)
			off = (size_t) elision_prefix(out, apos_byte, (int) olen);
		/* add_unicode keeps tokens within IM_MAX_TOKEN_BYTES; this cut is only a guard */
		while (off < olen && st->rc == 0)
		{
			size_t		n2 = olen - off;

			if (n2 > IM_MAX_TOKEN_BYTES)
			{
				n2 = IM_MAX_TOKEN_BYTES;
				while (n2 > 0 && ((unsigned char) out[off + n2] & 0xC0) == 0x80)
					n2--;
			}
			word_stage(st, out + off, n2, kind, st->raw_start, st->raw_end);
			off += n2;
		}
	}
}

/* Move an ASCII raw token into the code point buffer (it met a non-ASCII character). */
static void
raw_to_unicode(norm_state *st)
{
	int			i;

	for (i = 0; i < st->alen; i++)
	{
		st->cps[i] = (unsigned char) st->abuf[i];
		st->look[i] = 0;
	}
	st->ncp = st->alen;
	st->ubytes = st->alen;
	st->base = st->alen > 0 ? (unsigned char) st->abuf[st->alen - 1] : 0;
	st->mode = RAW_UNICODE;
}

static inline void
boundary(norm_state *st, int cls)
{
	if (st->mode != RAW_NONE)
		raw_end(st);
	switch (cls)
	{
		case C_COMMA:
			/* one flag per gap for , and ; (the stronger): rendering shows one of them */
			if (!(st->pending_gap & IM_GAP_SEMI))
				st->pending_gap |= IM_GAP_COMMA;
			break;
		case C_SEMI:
			st->pending_gap = (uint8_t) ((st->pending_gap & ~IM_GAP_COMMA) | IM_GAP_SEMI);
			break;
		case C_OPEN:
			st->pending_gap |= IM_GAP_OPEN;
			break;
		case C_CLOSE:
			st->pending_gap |= IM_GAP_CLOSE;
			break;
		default:
			break;
	}
}

/* Append one folded code point of class C_LETTER/C_DIGIT/C_MARK to the raw token. */
static void
add_unicode(norm_state *st, uint32_t cp, uint32_t look, int cls, uint32_t start, uint32_t end)
{
	bool		is_mark = (cls == C_MARK);
	int			clen;

	if (is_mark)
	{
		if (st->mode == RAW_NONE || mark_is_stripped(cp, st->base))
		{
			if (st->mode != RAW_NONE)
				st->raw_end = end;
			return;
		}
		cls = st->cls;			/* a mark never splits a token */
		st->has_marks = true;
	}
	else if (st->mode != RAW_NONE && cls != st->cls)
		raw_end(st);
	if (st->mode == RAW_ASCII)
		raw_to_unicode(st);
	else if (st->mode == RAW_NONE)
		raw_begin(st, RAW_UNICODE, cls, start);
	clen = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;

	/*
	 * A token holds at most IM_MAX_TOKEN_BYTES bytes: a longer run of letters is cut here,
	 * before any letter, so each piece is folded and composed on its own and normalizing a
	 * piece again gives the same piece. A mark that does not fit is dropped (only a letter
	 * followed by more than 250 bytes of marks can get there).
	 */
	if (st->ubytes + clen > IM_MAX_TOKEN_BYTES)
	{
		if (is_mark)
			return;
		raw_end(st);
		raw_begin(st, RAW_UNICODE, cls, start);
	}
	st->ubytes += clen;
	st->cps[st->ncp] = (int32_t) cp;
	st->look[st->ncp] = (uint8_t) look;
	st->ncp++;
	st->raw_end = end;
	if (look)
		st->has_confusable = true;
	else if (cls == C_LETTER && !is_latin_letter(cp))
		st->has_foreign = true;
	if (!is_mark)
		st->base = cp;
	if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xA960 && cp <= 0xA97F) ||
		(cp >= 0xD7B0 && cp <= 0xD7FF))
		st->has_marks = true;	/* conjoining jamo: compose into syllables */
}

static inline void
add_ascii(norm_state *st, unsigned char c, int cls, uint32_t pos)
{
	if (st->mode != RAW_NONE && cls != st->cls)
		raw_end(st);
	if (st->mode == RAW_NONE)
		raw_begin(st, RAW_ASCII, cls, pos);
	else if (st->mode == RAW_UNICODE)
	{
		add_unicode(st, c, 0, cls, pos, pos + 1);
		return;
	}
	if (st->alen == RAW_MAX)
	{
		raw_end(st);
		raw_begin(st, RAW_ASCII, cls, pos);
	}
	st->abuf[st->alen++] = (char) c;
	st->raw_end = pos + 1;
}

/* Is the character at byte i a letter or digit (for the apostrophe rule)? */
static bool
next_is_alnum(const norm_state *st, size_t i)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	int			cls;

	if (i >= st->len)
		return false;
	if (st->s[i] < 0x80)
		return is_ascii_alnum(st->s[i]);
	n = utf8proc_iterate(st->s + i, (utf8proc_ssize_t) (st->len - i), &cp);
	if (n < 0)
		return false;
	cls = unicode_class((uint32_t) cp);
	return cls == C_LETTER || cls == C_DIGIT;
}

static void
apostrophe(norm_state *st, size_t next)
{
	if (st->mode != RAW_NONE && next_is_alnum(st, next))
	{
		if (st->apos_at < 0)
			st->apos_at = st->mode == RAW_ASCII ? st->alen : st->ncp;
		return;
	}
	raw_end(st);
}

/* ------------------------------------------------------------------------------------------
 * Domains: buaa.edu.cn, www.hit.edu.cn, name@ustc.edu.cn
 * ------------------------------------------------------------------------------------------ */
static inline bool
is_run_char(unsigned char c)
{
	return ascii_run[c] != 0;
}

static const char *const gtlds[] = {"com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", NULL};

/*
 * Validate s[a..b) as a host name: labels of [A-Za-z0-9-] not starting or ending with '-',
 * at least two labels, the last a known generic TLD or any two letters (country codes). A
 * two-label name whose first label is a word the rules know (Dept.of, Univ.Co) is not a
 * domain unless it follows '@'. Returns the number of labels, or 0.
 */
static int
valid_host(const unsigned char *s, size_t a, size_t b, bool after_at)
{
	size_t		i = a,
				lab = a;
	int			nlab = 0;
	size_t		last_start = a;

	if (b - a > 253 || a >= b)
		return 0;
	for (i = a; i <= b; i++)
	{
		if (i == b || s[i] == '.')
		{
			size_t		l = i - lab;
			size_t		k;

			if (l == 0 || l > 63 || s[lab] == '-' || s[i - 1] == '-')
				return 0;
			for (k = lab; k < i; k++)
				if (!(is_ascii_alnum(s[k]) || s[k] == '-'))
					return 0;
			nlab++;
			last_start = lab;
			lab = i + 1;
		}
	}
	if (nlab < 2)
		return 0;
	{
		size_t		l = b - last_start;
		size_t		k;
		char		tld[8];
		bool		known = false;

		if (l < 2 || l > 6)
			return 0;
		for (k = 0; k < l; k++)
		{
			unsigned char c = s[last_start + k];

			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
				return 0;
			tld[k] = (char) (c | 0x20);
		}
		tld[l] = '\0';
		if (l == 2)
			known = true;
		for (k = 0; !known && gtlds[k]; k++)
			known = strcmp(tld, gtlds[k]) == 0;
		if (!known)
			return 0;
	}
	(void) after_at;
	if (nlab == 2)
	{
		char		first[MAX_RULE_KEY];
		size_t		l = 0;

		for (i = a; s[i] != '.'; i++)
		{
			if (l == MAX_RULE_KEY)
				break;
			first[l++] = (char) (s[i] | 0x20);
		}
		if (l < MAX_RULE_KEY && lookup_word(first, l) != NULL)
			return 0;
	}
	return nlab;
}

/*
 * At the start i of a run of [A-Za-z0-9._%+@-] characters, try to read an e-mail address or a
 * host name. On success emit a DOMAIN token and return the index after it; else return 0.
 * The caller guarantees that no token has been finalized from the run yet.
 */
static size_t
try_domain(norm_state *st, size_t i)
{
	const unsigned char *s = st->s;
	size_t		e = i,
				at = (size_t) -1,
				a,
				b;
	int			nats = 0;
	int			nlab;
	char		text[256];
	size_t		k;
	unsigned	seen = 0;

	/* Most runs are plain words: find that out in one tight pass. */
	while (e < st->len && ascii_run[s[e]])
		seen |= ascii_run[s[e++]];
	if (!(seen & RUN_DOT))
		return 0;
	if (seen & RUN_AT)
	{
		for (k = i; k < e; k++)
			if (s[k] == '@')
			{
				at = k;
				nats++;
			}
		if (nats > 1)
			return 0;
	}
	a = nats ? at + 1 : i;
	b = e;
	while (b > a && (s[b - 1] == '.' || s[b - 1] == '-'))
		b--;
	if (b <= a)
		return 0;
	if (nats == 1 && at == i)
		return 0;				/* "@host" without a local part */
	/* www. is dropped (as often as it is written) while two labels remain */
	while (b - a > 4 && (s[a] | 0x20) == 'w' && (s[a + 1] | 0x20) == 'w' &&
		   (s[a + 2] | 0x20) == 'w' && s[a + 3] == '.' && memchr(s + a + 4, '.', b - a - 4))
		a += 4;
	/* validated as emitted, so that the emitted text reads as the same domain again */
	nlab = valid_host(s, a, b, nats == 1);
	if (nlab == 0)
		return 0;
	for (k = 0; k < b - a; k++)
	{
		unsigned char c = s[a + k];

		text[k] = (char) ((c >= 'A' && c <= 'Z') ? (c | 0x20) : c);
	}
	/*
	 * The fast path may already hold the run's first letters as an open raw token: they are
	 * part of the domain, so drop them instead of emitting them.
	 */
	st->mode = RAW_NONE;
	word_stage(st, text, b - a, IM_TOK_DOMAIN, (uint32_t) a, (uint32_t) b);
	return b;
}

/* ------------------------------------------------------------------------------------------
 * General path: one input code point
 * ------------------------------------------------------------------------------------------ */
static void
handle_cp(norm_state *st, int32_t cp, uint32_t start, uint32_t end)
{
	utf8proc_int32_t buf[32];
	utf8proc_ssize_t n;
	utf8proc_ssize_t k;
	uint32_t	look;

	if (cp < 0)
	{
		raw_end(st);			/* invalid UTF-8 separates */
		return;
	}
	if (is_apostrophe_cp((uint32_t) cp))
	{
		apostrophe(st, end);
		return;
	}
	look = im_fold_lookalike((uint32_t) cp);
	if (cp >= 0xAC00 && cp <= 0xD7A3)
	{
		/* Hangul syllables are already NFKC and have no case: keep them whole. */
		buf[0] = cp;
		n = 1;
	}
	else
		n = utf8proc_decompose_char(cp, buf, 32,
									UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD,
									NULL);
	if (n < 0 || n > 32)
	{
		raw_end(st);
		return;
	}
	for (k = 0; k < n; k++)
	{
		uint32_t	c = (uint32_t) buf[k];
		const char *extra;
		int			cls;
		uint32_t	lk;

		if (c >= 0x80 && is_apostrophe_cp(c))
			cls = C_APOS;		/* e.g. the modifier apostrophe of NFKC(U+0149) */
		else if (c < 0x80)
			cls = ascii_class[c];
		else
			cls = -1;
		if (cls == C_APOS)
		{
			/* inside the decomposition, the next letter is the next code point of it */
			if (k + 1 < n)
			{
				int			ncls = buf[k + 1] < 0x80 ? ascii_class[buf[k + 1]] : unicode_class((uint32_t) buf[k + 1]);

				if (st->mode != RAW_NONE && (ncls == C_LETTER || ncls == C_DIGIT))
				{
					if (st->apos_at < 0)
						st->apos_at = st->mode == RAW_ASCII ? st->alen : st->ncp;
				}
				else
					raw_end(st);
			}
			else
				apostrophe(st, end);
			continue;
		}
		if (c < 0x80)
		{
			if (cls == C_LETTER || cls == C_DIGIT)
				add_unicode(st, (c >= 'A' && c <= 'Z') ? (c | 0x20) : c, 0, cls, start, end);
			else if (cls != C_DROP)
				boundary(st, cls);
			continue;
		}
		lk = (n == 1 && look) ? look : im_fold_lookalike(c);
		if (lk)
		{
			add_unicode(st, c, lk, C_LETTER, start, end);
			continue;
		}
		extra = latin_extra(c);
		if (extra)
		{
			for (; *extra; extra++)
				add_unicode(st, (unsigned char) *extra, 0, C_LETTER, start, end);
			continue;
		}
		cls = unicode_class(c);
		switch (cls)
		{
			case C_LETTER:
				if (im_is_han(c))
				{
					char		hb[4];
					utf8proc_ssize_t hl;

					raw_end(st);
					hl = utf8proc_encode_char((utf8proc_int32_t) im_fold_t2s(c), (utf8proc_uint8_t *) hb);
					word_stage(st, hb, (size_t) hl, IM_TOK_HAN, start, end);
				}
				else
					add_unicode(st, c, 0, C_LETTER, start, end);
				break;
			case C_DIGIT:
			case C_MARK:
				add_unicode(st, c, 0, cls, start, end);
				break;
			case C_DROP:
				break;
			default:
				boundary(st, cls);
				break;
		}
	}
}

/* ------------------------------------------------------------------------------------------
 * Driver
 * ------------------------------------------------------------------------------------------ */
int
im_normalize(const char *input, size_t len, unsigned options, im_emit_fn emit, void *arg)
{
	norm_state	state;
	norm_state *st = &state;
	size_t		i = 0;
	size_t		next_check = 1 << 16;
	bool		fast = !(options & IM_OPT_NO_FASTPATH);
	int			rc;

	if (len > IM_MAX_INPUT_BYTES)
		return IM_ERR_TOO_LONG;
	if (!ascii_class_ready)
		init_ascii_class();
	st->s = (const unsigned char *) input;
	st->len = len;
	st->options = options;
	st->emit = emit;
	st->arg = arg;
	st->rc = 0;
	st->mode = RAW_NONE;
	st->pending_gap = 0;
	st->nemitted = 0;
	st->qhead = 0;
	st->qn = 0;
	st->o = NULL;
	st->on = 0;
	st->ocap = 0;

	while (i < len && st->rc == 0)
	{
		unsigned char b = st->s[i];
		bool		was_none;

		if (i >= next_check)
		{
			if (im_interrupt_hook)
				im_interrupt_hook();
			next_check = i + (1 << 16);
		}
		if (b < 0x80)
		{
			int			cls = ascii_class[b];

			/*
			 * A domain can start where a run of host/e-mail characters starts. The fast path
			 * checks later, once it sees the first letters are followed by a run character.
			 */
			if (!fast && st->mode == RAW_NONE && is_ascii_alnum(b) &&
				(i == 0 || !is_run_char(st->s[i - 1])))
			{
				size_t		e = try_domain(st, i);

				if (e)
				{
					i = e;
					continue;
				}
			}
			if (fast)
			{
				switch (cls)
				{
					case C_LETTER:
					case C_DIGIT:
						if (st->mode == RAW_UNICODE)
						{
							add_ascii(st, (unsigned char) ascii_lower[b], cls, (uint32_t) i);
							break;
						}
						/* the general path looks for a domain only where no token is open */
						was_none = (st->mode == RAW_NONE);
						if (st->mode != RAW_NONE && (cls != st->cls || st->alen == RAW_MAX))
							raw_end(st);
						if (st->mode == RAW_NONE)
							raw_begin(st, RAW_ASCII, cls, (uint32_t) i);

						/*
						 * Copy the run of same-class ASCII characters, up to the token limit
						 * (the outer loop then cuts the token and checks for interrupts).
						 */
						{
							const unsigned char *p = st->s;
							size_t		j = i;
							int			alen = st->alen;
							size_t		stop = i + (size_t) (RAW_MAX - alen);
							bool		run_start = (was_none &&
													 (i == 0 || !is_run_char(p[i - 1])));

							if (stop > len)
								stop = len;
							do
							{
								st->abuf[alen++] = ascii_lower[p[j]];
								j++;
							} while (j < stop && ascii_tok[p[j]] == cls);
							st->alen = alen;
							st->raw_end = (uint32_t) j;

							/* The same domain check as the general path, deferred. */
							if (run_start && j < len && is_run_char(p[j]))
							{
								size_t		e = try_domain(st, i);

								if (e)
									j = e;
							}
							i = j;
						}
						continue;
					case C_APOS:
						apostrophe(st, i + 1);
						break;
					case C_DROP:
						break;
					default:
						boundary(st, cls);
						break;
				}
				i++;
				continue;
			}
			handle_cp(st, b, (uint32_t) i, (uint32_t) i + 1);
			i++;
		}
		else
		{
			utf8proc_int32_t cp;
			utf8proc_ssize_t n = utf8proc_iterate(st->s + i, (utf8proc_ssize_t) (len - i), &cp);

			if (n < 0)
			{
				handle_cp(st, -1, (uint32_t) i, (uint32_t) i + 1);
				i++;
			}
			else
			{
				handle_cp(st, cp, (uint32_t) i, (uint32_t) (i + (size_t) n));
				i += (size_t) n;
			}
		}
	}
	raw_end(st);
	flush_queue(st);
	out_flush(st);
	rc = st->rc;
	if (st->o)
		im_mem.free(st->o);
	return rc;
}

/* ------------------------------------------------------------------------------------------
 * Buffers and rendering
 * ------------------------------------------------------------------------------------------ */
void
im_buf_init(im_buf *b, size_t limit)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->limit = limit;
}

int
im_buf_append(im_buf *b, const char *p, size_t n)
{
	if (b->limit && (b->len + n + 1 > b->limit))
		return IM_ERR_OUTPUT_LIMIT;
	if (b->len + n + 1 > b->cap)
	{
		size_t		cap = b->cap ? b->cap : 64;
		char	   *d;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (b->limit && cap > b->limit)
			cap = b->limit;
		d = b->data ? im_mem.realloc(b->data, cap) : im_mem.alloc(cap);
		if (d == NULL)
			return IM_ERR_NOMEM;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return IM_OK;
}

void
im_buf_free(im_buf *b)
{
	if (b->data)
		im_mem.free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
im_render_init(im_render_state *st, im_buf *out)
{
	st->out = out;
	st->ntok = 0;
	st->depth = 0;
	st->prevkind = 0;
}

int
im_render_emit(void *arg, const im_tok *tok)
{
	im_render_state *st = arg;
	im_buf	   *out = st->out;
	char		sep[8];
	size_t		n = 0;
	int			rc;

	/* Common case: room for a separator and the token without growing the buffer. */
	if (out->len + tok->len + 6 <= out->cap && (st->ntok == 0 || tok->gap == 0))
	{
		char	   *d = out->data + out->len;

		if (st->ntok > 0 && !(st->prevkind == IM_TOK_HAN && tok->kind == IM_TOK_HAN))
			*d++ = ' ';
		memcpy(d, tok->text, tok->len);
		d += tok->len;
		*d = '\0';
		if (out->limit && (size_t) (d - out->data) + 1 > out->limit)
			return IM_ERR_OUTPUT_LIMIT;
		out->len = (size_t) (d - out->data);
		st->ntok++;
		st->prevkind = tok->kind;
		return IM_OK;
	}

	if (st->ntok > 0)
	{
		uint8_t		g = tok->gap;

		if (g)
		{
			if (g & IM_GAP_CLOSE)
			{
				sep[n++] = ')';
				if (st->depth > 0)
					st->depth--;
			}
			if (g & IM_GAP_SEMI)
				sep[n++] = ';';
			else if (g & IM_GAP_COMMA)
				sep[n++] = ',';
			sep[n++] = ' ';
			if (g & IM_GAP_OPEN)
			{
				sep[n++] = '(';
				st->depth++;
			}
		}
		else if (!(st->prevkind == IM_TOK_HAN && tok->kind == IM_TOK_HAN))
			sep[n++] = ' ';
		if (n && (rc = im_buf_append(st->out, sep, n)) != IM_OK)
			return rc;
	}
	if ((rc = im_buf_append(st->out, tok->text, tok->len)) != IM_OK)
		return rc;
	st->ntok++;
	st->prevkind = tok->kind;
	return IM_OK;
}

int
im_render_finish(im_render_state *st)
{
	int			rc = im_buf_append(st->out, "", 0);	/* always NUL-terminated */

	while (rc == IM_OK && st->depth > 0)
	{
		rc = im_buf_append(st->out, ")", 1);
		st->depth--;
	}
	return rc;
}

int
im_normalize_text(const char *s, size_t len, unsigned options, im_buf *out)
{
	im_render_state rs;
	int			rc;

	im_render_init(&rs, out);
	rc = im_normalize(s, len, options, im_render_emit, &rs);
	if (rc == IM_OK)
		rc = im_render_finish(&rs);
	return rc;
}

/* ------------------------------------------------------------------------------------------
 * Token collector
 * ------------------------------------------------------------------------------------------ */
void
im_tokens_init(im_tokens *t)
{
	t->tok = NULL;
	t->ntok = 0;
	t->cap = 0;
	im_buf_init(&t->text, 0);
}

int
im_collect_emit(void *arg, const im_tok *tok)
{
	im_tokens  *t = arg;
	im_ctok    *c;
	int			rc;

	if (t->ntok == t->cap)
	{
		size_t		cap = t->cap ? t->cap * 2 : 32;
		im_ctok    *n;

		if (cap > SIZE_MAX / sizeof(im_ctok) || t->text.len > UINT32_MAX - IM_MAX_TOKEN_BYTES)
			return IM_ERR_OUTPUT_LIMIT;
		n = t->tok ? im_mem.realloc(t->tok, cap * sizeof(im_ctok)) : im_mem.alloc(cap * sizeof(im_ctok));
		if (n == NULL)
			return IM_ERR_NOMEM;
		t->tok = n;
		t->cap = cap;
	}
	c = &t->tok[t->ntok];
	c->off = (uint32_t) t->text.len;
	c->len = (uint16_t) tok->len;
	c->kind = tok->kind;
	c->gap = tok->gap;
	c->src_start = tok->src_start;
	c->src_end = tok->src_end;
	if ((rc = im_buf_append(&t->text, tok->text, tok->len)) != IM_OK)
		return rc;
	t->ntok++;
	return IM_OK;
}

int
im_tokenize(const char *s, size_t len, unsigned options, im_tokens *out)
{
	return im_normalize(s, len, options, im_collect_emit, out);
}

void
im_tokens_free(im_tokens *t)
{
	if (t->tok)
		im_mem.free(t->tok);
	t->tok = NULL;
	t->ntok = t->cap = 0;
	im_buf_free(&t->text);
}

/* ------------------------------------------------------------------------------------------
 * Versions
 * ------------------------------------------------------------------------------------------ */
const char *
im_rules_version(void)
{
	static char v[64];

	if (v[0] == '\0')
		snprintf(v, sizeof(v), "%s (rules %.12s)", IM_RULES_VERSION, IM_RULES_SHA256);
	return v;
}

const char *
im_unicode_version(void)
{
	return utf8proc_unicode_version();
}

const char *
im_utf8proc_version(void)
{
	return utf8proc_version();
}
