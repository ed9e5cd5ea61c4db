/*
 * instname.c - the instname type: normalized institution names with equality, ordering,
 * hashing, phrase containment (@>, <@), similarity (%, <->, inst_similarity) and a GIN
 * operator class.
 *
 * The storage format is described in instname.h. Values are built only by the normalizer, so
 * they are canonical and =, cmp and hash work on the bytes (as hstore does).
 *
 * Containment (a @> b): b's tokens occur contiguously in a with the same texts and kinds, and
 * for every token of b after its first, b has a boundary before it exactly when a has one
 * before the corresponding token (any boundary kind matches any other). The boundary before
 * b's first token is ignored. An empty b is contained in every value.
 *
 * Similarity: a weighted Dice coefficient over the token multisets, boundaries ignored:
 *     sim(a, b) = 2 M / (W(a) + W(b))       (1 when both are empty)
 * W(x) is the sum of the token weights of x: 1.0 per token, 0.2 for a generic word (rules.tsv),
 * a generic Han character (below) or a number. M is the value of a matching between the tokens
 * of a and b: first every exact match (same text and kind; multiset), worth the token's weight,
 * then, greedily, typo matches between two remaining words of at least 6 characters that begin
 * with the same character and are one Damerau-Levenshtein edit apart (insertion, deletion,
 * substitution or transposition of adjacent characters): both words then count at the lighter
 * of their two weights in W, and the pair is worth 0.8 x that weight in M.
 *
 * GIN (instname_ops): the keys of a value are its distinct tokens of kind WORD, HAN and DOMAIN
 * except the generic words, plus, for two generic words next to each other in one segment,
 * the pair "w1 w2" (so names made only of generic words, such as University of Science and
 * Technology of China, still have keys). Numbers and lone generic words are not keys.
 */
#include "postgres.h"

#include <math.h>

#include "access/gin.h"
#include "access/stratnum.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/nodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#if PG_VERSION_NUM >= 160000
#include "nodes/miscnodes.h"
#include "varatt.h"
#endif

#include "im_norm.h"
#include "instmatch.h"
#include "instname.h"
#include "instname_wire.h"

/* ------------------------------------------------------------------------------------------
 * Soft errors: ereturn on PostgreSQL 16+ (so pg_input_is_valid works), ereport before.
 * ------------------------------------------------------------------------------------------ */
#if PG_VERSION_NUM >= 160000
#define IN_ERETURN(ctx, val, ...) ereturn(ctx, val, __VA_ARGS__)
#else
#define IN_ERETURN(ctx, val, ...) \
	do { (void) (ctx); ereport(ERROR, __VA_ARGS__); return val; } while (0)
#endif

#define DatumGetInstNameP(d) ((struct varlena *) PG_DETOAST_DATUM_PACKED(d))
#define PG_GETARG_INSTNAME_P(n) DatumGetInstNameP(PG_GETARG_DATUM(n))

double		instname_similarity_threshold = 0.5;

void
instname_init(void)
{
	DefineCustomRealVariable("instmatch.similarity_threshold",
							 "Sets the similarity threshold used by the instname % operator.",
							 "Two instname values are similar (a % b) when inst_similarity(a, b) "
							 "is at least this value. Valid range is 0.0 .. 1.0.",
							 &instname_similarity_threshold,
							 0.5, 0.0, 1.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
}

/* ------------------------------------------------------------------------------------------
 * Generic words and characters
 * ------------------------------------------------------------------------------------------ */

/*
 * Han characters of the same generic words (大学 university, 学院 college, 研究所 institute,
 * 实验室 laboratory, 中心 center, 医院 hospital, 国家 national, 重点 key, 科学 science, 技术
 * technology, 工程 engineering, 中国 China, ...). They weigh 0.2 in inst_similarity() but stay
 * GIN keys, since a Chinese name can be made of nothing else (中国科学院).
 */
static const char *const generic_han[] = {	/* sorted in byte order */
	"中", "医", "国", "大", "学", "实", "室", "家", "工", "心", "所", "技", "术", "校", "点", "研",
	"科", "程", "立", "系", "部", "重", "院", "验"
};

static int
bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

static bool
in_sorted_list(const char *const *list, int n, const char *s, size_t len)
{
	int			lo = 0,
				hi = n - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int			c = bytes_cmp(s, len, list[mid], strlen(list[mid]));

		if (c == 0)
			return true;
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return false;
}

/*
 * Generic words are marked "generic" in src/data/rules.tsv (compiled in, versioned with the
 * rules): university, institute, china, ... They weigh 0.2 in inst_similarity() and are not
 * GIN keys on their own.
 */
bool
instname_is_generic_word(const char *s, size_t len)
{
	return im_is_generic(s, len) != 0;
}

static bool
is_generic_han(const char *s, size_t len)
{
	return len == 3 && in_sorted_list(generic_han, lengthof(generic_han), s, len);
}

/* Weight of a token in inst_similarity(), in units of 1/25. */
static inline int
tok_weight(const char *s, size_t len, int kind)
{
	switch (kind)
	{
		case IM_TOK_NUM:
			return INSTNAME_W_GENERIC;
		case IM_TOK_WORD:
			return instname_is_generic_word(s, len) ? INSTNAME_W_GENERIC : INSTNAME_W_TOKEN;
		case IM_TOK_HAN:
			return is_generic_han(s, len) ? INSTNAME_W_GENERIC : INSTNAME_W_TOKEN;
		default:
			return INSTNAME_W_TOKEN;
	}
}

/* Is the token a GIN key on its own? */
static inline bool
tok_indexed(const char *s, size_t len, int kind)
{
	if (kind == IM_TOK_NUM)
		return false;
	if (kind == IM_TOK_WORD && instname_is_generic_word(s, len))
		return false;
	return true;
}

/* ------------------------------------------------------------------------------------------
 * Reading values
 * ------------------------------------------------------------------------------------------ */
typedef struct in_tok
{
	const char *text;
	uint8		len;
	uint8		kind;
	uint8		gap;
} in_tok;

static void
report_corrupt(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("invalid instname value"),
			 errdetail("The stored value %s.", what)));
}

/* Check the header of a stored value; return its token count and its token area. */
static uint32
in_header(const struct varlena *v, const uint8 **start, const uint8 **end)
{
	const uint8 *d = (const uint8 *) VARDATA_ANY(v);
	size_t		n = VARSIZE_ANY_EXHDR(v);
	uint32		ntok;

	if (n < INSTNAME_HDRSZ)
		report_corrupt("is too short");
	if (d[0] != INSTNAME_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid instname value"),
				 errdetail("The stored value has format version %d; this library reads version %d.",
						   d[0], INSTNAME_VERSION)));
	memcpy(&ntok, d + 4, sizeof(uint32));
	if (ntok > (n - INSTNAME_HDRSZ) / 3)
		report_corrupt("has a wrong token count");
	*start = d + INSTNAME_HDRSZ;
	*end = d + n;
	return ntok;
}

/*
 * in_header, and check that the token lengths add up, so callers can walk the tokens without
 * bounds checks. The walk reads one length byte per token: cheap next to anything that looks
 * at the token texts.
 */
static uint32
in_open(const struct varlena *v, const uint8 **start, const uint8 **end)
{
	uint32		ntok = in_header(v, start, end);

	if (!instname_tokens_fit(*start, (size_t) (*end - *start), ntok))
		report_corrupt("has a truncated token or trailing bytes");
	return ntok;
}

static inline void
tok_at(const uint8 *p, in_tok *t)
{
	t->len = p[0];
	t->kind = p[1] & INSTNAME_META_KIND;
	t->gap = p[1] >> INSTNAME_META_GAP_SHIFT;
	t->text = (const char *) p + 2;
}

/* All tokens of a value in an array (palloc'd; NULL when there are none). */
static in_tok *
in_decode(const struct varlena *v, uint32 *ntok)
{
	const uint8 *p,
			   *e;
	uint32		n = in_open(v, &p, &e);
	in_tok	   *t = NULL;
	uint32		i;

	if (n > 0)
	{
		t = palloc_extended(sizeof(in_tok) * (Size) n, MCXT_ALLOC_HUGE);
		for (i = 0; i < n; i++)
		{
			tok_at(p, &t[i]);
			p += 2 + p[0];
		}
	}
	*ntok = n;
	return t;
}

/* ------------------------------------------------------------------------------------------
 * Building values from text
 * ------------------------------------------------------------------------------------------ */
typedef struct in_build
{
	char	   *data;			/* the varlena under construction */
	size_t		len;
	size_t		cap;
	uint32		ntok;
} in_build;

static int
build_emit(void *arg, const im_tok *tok)
{
	in_build   *b = arg;
	size_t		need = b->len + 2 + tok->len;
	uint8		meta;

	Assert(tok->len >= 1 && tok->len <= IM_MAX_TOKEN_BYTES && tok->kind <= 3);
	if (need > b->cap)
	{
		size_t		cap = Max(b->cap * 2, need);

		if (need > MaxAllocSize)
			return IM_ERR_OUTPUT_LIMIT;
		if (cap > MaxAllocSize)
			cap = MaxAllocSize;
		b->data = repalloc_huge(b->data, cap);
		b->cap = cap;
	}
	/* canonical gap: none before the first token; ";" absorbs "," as rendering does */
	meta = instname_canonical_meta(tok->kind, tok->gap, b->ntok == 0);
	b->data[b->len] = (char) tok->len;
	b->data[b->len + 1] = (char) meta;
	memcpy(b->data + b->len + 2, tok->text, tok->len);
	b->len = need;
	b->ntok++;
	return IM_OK;
}

/*
 * Normalize len bytes at s into an instname. Errors go to escontext when it is an
 * ErrorSaveContext (PostgreSQL 16+); then NULL is returned.
 */
static struct varlena *
instname_build(const char *s, size_t len, Node *escontext)
{
	in_build	b;
	size_t		cap;
	int			rc;
	uint8	   *h;

	if (GetDatabaseEncoding() != PG_UTF8)
		IN_ERETURN(escontext, NULL,
				   (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("instmatch requires a UTF8 database"),
					errdetail("The database encoding is %s.", GetDatabaseEncodingName()),
					errhint("Create the database with ENCODING 'UTF8'.")));
	if (len > IM_MAX_INPUT_BYTES)
		IN_ERETURN(escontext, NULL,
				   (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					errmsg("instname value is too long"),
					errdetail("The input is %zu bytes long; the maximum is %zu bytes.",
							  len, (size_t) IM_MAX_INPUT_BYTES)));

	/* The stored form is usually a little smaller than the text; grow when needed. */
	cap = VARHDRSZ + INSTNAME_HDRSZ + len + len / 4 + 16;
	if (cap > MaxAllocSize)
		cap = MaxAllocSize;
	b.data = MemoryContextAllocHuge(CurrentMemoryContext, cap);
	b.cap = cap;
	b.len = VARHDRSZ + INSTNAME_HDRSZ;
	b.ntok = 0;

	rc = im_normalize(s, len, 0, build_emit, &b);
	if (rc == IM_ERR_TOO_LONG || rc == IM_ERR_OUTPUT_LIMIT)
		IN_ERETURN(escontext, NULL,
				   (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					errmsg("instname value is too long"),
					errdetail("The input of %zu bytes normalizes to more than the maximum of %zu bytes.",
							  len, (size_t) (MaxAllocSize - VARHDRSZ))));
	instmatch_report(rc, len);

	SET_VARSIZE(b.data, b.len);
	h = (uint8 *) VARDATA(b.data);
	h[0] = INSTNAME_VERSION;
	h[1] = 0;					/* flags */
	h[2] = h[3] = 0;			/* reserved */
	memcpy(h + 4, &b.ntok, sizeof(uint32));
	return (struct varlena *) b.data;
}

/*
 * Render a value as text, the same text inst_normalize() gives. The result starts after
 * `reserve` bytes (room for a varlena header) and is NUL-terminated; *len is its length
 * including the reserve.
 */
static char *
instname_render(const struct varlena *v, size_t reserve, size_t *len)
{
	const uint8 *p,
			   *e;
	uint32		n = in_open(v, &p, &e);
	im_buf		b;
	im_render_state rs;
	uint32		i;
	int			rc = IM_OK;
	size_t		cap;

	im_buf_init(&b, MaxAllocSize);
	cap = reserve + (size_t) (e - p) + 16;
	if (cap > MaxAllocSize)
		cap = MaxAllocSize;
	b.data = MemoryContextAllocHuge(CurrentMemoryContext, cap);
	b.cap = cap;
	b.len = reserve;
	b.data[b.len] = '\0';
	im_render_init(&rs, &b);
	for (i = 0; i < n && rc == IM_OK; i++)
	{
		in_tok		t;
		im_tok		it;

		if ((i & 0xFFFF) == 0xFFFF)
			CHECK_FOR_INTERRUPTS();
		tok_at(p, &t);
		it.text = t.text;
		it.len = t.len;
		it.kind = t.kind;
		it.gap = t.gap;
		it.src_start = it.src_end = 0;
		rc = im_render_emit(&rs, &it);
		p += 2 + t.len;
	}
	if (rc == IM_OK)
		rc = im_render_finish(&rs);
	if (rc == IM_ERR_OUTPUT_LIMIT)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("instname value is too long to render as text")));
	instmatch_report(rc, (size_t) (e - p));
	*len = b.len;
	return b.data;
}

/* ------------------------------------------------------------------------------------------
 * I/O and casts
 * ------------------------------------------------------------------------------------------ */
PG_FUNCTION_INFO_V1(instname_in);
Datum
instname_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
#if PG_VERSION_NUM >= 160000
	Node	   *escontext = fcinfo->context;
#else
	Node	   *escontext = NULL;
#endif
	struct varlena *r = instname_build(s, strlen(s), escontext);

	if (r == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(r);
}

PG_FUNCTION_INFO_V1(instname_out);
Datum
instname_out(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_INSTNAME_P(0);
	size_t		len;

	PG_RETURN_CSTRING(instname_render(v, 0, &len));
}

PG_FUNCTION_INFO_V1(instname_from_text);
Datum
instname_from_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	struct varlena *r = instname_build(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), NULL);

	PG_FREE_IF_COPY(t, 0);
	PG_RETURN_POINTER(r);
}

PG_FUNCTION_INFO_V1(instname_to_text);
Datum
instname_to_text(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_INSTNAME_P(0);
	size_t		len;
	char	   *r = instname_render(v, VARHDRSZ, &len);

	SET_VARSIZE(r, len);
	PG_FREE_IF_COPY(v, 0);
	PG_RETURN_TEXT_P((text *) r);
}

static void
recv_interrupt(void)
{
	CHECK_FOR_INTERRUPTS();
}

#define BAD_BINARY(fmt, ...) \
	ereport(ERROR, \
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION), \
			 errmsg("invalid binary instname: " fmt, __VA_ARGS__)))

/*
 * Binary input is untrusted: every field is checked, then the tokens are rendered as text and
 * normalized again, so a value that never went through the normalizer cannot enter a table
 * (and break equality, hashing or an index).
 */
PG_FUNCTION_INFO_V1(instname_recv);
Datum
instname_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const unsigned char *d = (const unsigned char *) buf->data + buf->cursor;
	instname_wire_info info;
	im_buf		out;
	int			rc;
	struct varlena *r;

	/* the checks are pure C (instname_wire.c), shared with test/fuzz/fuzz_instname.c */
	switch (instname_wire_check(d, (size_t) (buf->len - buf->cursor), &info))
	{
		case INSTNAME_WIRE_OK:
			break;
		case INSTNAME_WIRE_SHORT_HEADER:
			BAD_BINARY("the header needs 5 bytes, %u are left", info.arg1);
			break;
		case INSTNAME_WIRE_BAD_VERSION:
			BAD_BINARY("format version %u is not supported (this library reads version %d)",
					   info.arg1, INSTNAME_VERSION);
			break;
		case INSTNAME_WIRE_BAD_COUNT:
			BAD_BINARY("token count %u does not fit in the %u bytes left", info.arg1, info.arg2);
			break;
		case INSTNAME_WIRE_TRUNCATED:
			BAD_BINARY("token %u of %u is truncated", info.arg1, info.arg2);
			break;
		case INSTNAME_WIRE_EMPTY_TOKEN:
			BAD_BINARY("token %u of %u is empty", info.arg1, info.arg2);
			break;
		case INSTNAME_WIRE_BAD_FLAGS:
			BAD_BINARY("token %u has unknown flag bits 0x%02x", info.arg1, info.arg2);
			break;
		case INSTNAME_WIRE_FIRST_GAP:
			BAD_BINARY("the first token has a boundary before it (flags 0x%02x)", info.arg1);
			break;
		case INSTNAME_WIRE_BAD_UTF8:
			BAD_BINARY("token %u of %u is not valid UTF-8", info.arg1, info.arg2);
			break;
	}
	/* consume exactly the value; anything after it is the caller's to reject */
	buf->cursor += (int) info.consumed;

	/* render what was received and normalize it again: only canonical values get in */
	im_buf_init(&out, MaxAllocSize);
	rc = instname_wire_render(d, &info, &out, recv_interrupt);
	if (rc == IM_ERR_OUTPUT_LIMIT)
		BAD_BINARY("the value is too long to render (%u tokens)", info.ntok);
	instmatch_report(rc, out.len);

	r = instname_build(out.data ? out.data : "", out.len, NULL);
	im_buf_free(&out);
	PG_RETURN_POINTER(r);
}

PG_FUNCTION_INFO_V1(instname_send);
Datum
instname_send(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_INSTNAME_P(0);
	const uint8 *p,
			   *e;
	uint32		ntok = in_open(v, &p, &e);
	StringInfoData buf;

	/* The token area has exactly the wire layout: len, meta, text per token. */
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, INSTNAME_VERSION);
	pq_sendint32(&buf, ntok);
	pq_sendbytes(&buf, (const char *) p, (int) (e - p));
	PG_FREE_IF_COPY(v, 0);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ------------------------------------------------------------------------------------------
 * Ordering, equality and hashing
 * ------------------------------------------------------------------------------------------ */

/*
 * Token by token: text bytes (a proper prefix sorts first), then kind, then the gap before
 * the token; a value that is a prefix of the other sorts first. Zero exactly when the bytes
 * are equal (values are canonical).
 */
static int
instname_cmp_internal(const struct varlena *a, const struct varlena *b)
{
	const uint8 *pa,
			   *ea,
			   *pb,
			   *eb;
	uint32		na = in_header(a, &pa, &ea);
	uint32		nb = in_header(b, &pb, &eb);
	uint32		i,
				n = Min(na, nb);

	/* usually decided by the first token: check bounds as we go instead of walking first */
	for (i = 0; i < n; i++)
	{
		int			la,
					lb,
					c;

		if (ea - pa < 2 || eb - pb < 2 || ea - pa - 2 < pa[0] || eb - pb - 2 < pb[0])
			report_corrupt("has a truncated token");
		la = pa[0];
		lb = pb[0];
		c = memcmp(pa + 2, pb + 2, Min(la, lb));
		if (c != 0)
			return c < 0 ? -1 : 1;
		if (la != lb)
			return la < lb ? -1 : 1;
		if ((pa[1] & INSTNAME_META_KIND) != (pb[1] & INSTNAME_META_KIND))
			return (pa[1] & INSTNAME_META_KIND) < (pb[1] & INSTNAME_META_KIND) ? -1 : 1;
		if (pa[1] != pb[1])
			return pa[1] < pb[1] ? -1 : 1;
		pa += 2 + la;
		pb += 2 + lb;
	}
	if (na != nb)
		return na < nb ? -1 : 1;
	return 0;
}

static bool
instname_eq_internal(const struct varlena *a, const struct varlena *b)
{
	size_t		la = VARSIZE_ANY_EXHDR(a);

	return la == VARSIZE_ANY_EXHDR(b) &&
		memcmp(VARDATA_ANY(a), VARDATA_ANY(b), la) == 0;
}

#define INSTNAME_BINOP(fname, expr) \
PG_FUNCTION_INFO_V1(fname); \
Datum \
fname(PG_FUNCTION_ARGS) \
{ \
	struct varlena *a = PG_GETARG_INSTNAME_P(0); \
	struct varlena *b = PG_GETARG_INSTNAME_P(1); \
	bool		res = (expr); \
	PG_FREE_IF_COPY(a, 0); \
	PG_FREE_IF_COPY(b, 1); \
	PG_RETURN_BOOL(res); \
}

INSTNAME_BINOP(instname_eq, instname_eq_internal(a, b))
INSTNAME_BINOP(instname_ne, !instname_eq_internal(a, b))
INSTNAME_BINOP(instname_lt, instname_cmp_internal(a, b) < 0)
INSTNAME_BINOP(instname_le, instname_cmp_internal(a, b) <= 0)
INSTNAME_BINOP(instname_gt, instname_cmp_internal(a, b) > 0)
INSTNAME_BINOP(instname_ge, instname_cmp_internal(a, b) >= 0)

PG_FUNCTION_INFO_V1(instname_cmp);
Datum
instname_cmp(PG_FUNCTION_ARGS)
{
	struct varlena *a = PG_GETARG_INSTNAME_P(0);
	struct varlena *b = PG_GETARG_INSTNAME_P(1);
	int			res = instname_cmp_internal(a, b);

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	PG_RETURN_INT32(res);
}

PG_FUNCTION_INFO_V1(instname_hash);
Datum
instname_hash(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_INSTNAME_P(0);
	Datum		h = hash_any((const unsigned char *) VARDATA_ANY(v), (int) VARSIZE_ANY_EXHDR(v));

	PG_FREE_IF_COPY(v, 0);
	return h;
}

PG_FUNCTION_INFO_V1(instname_hash_extended);
Datum
instname_hash_extended(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_INSTNAME_P(0);
	Datum		h = hash_any_extended((const unsigned char *) VARDATA_ANY(v),
									  (int) VARSIZE_ANY_EXHDR(v), PG_GETARG_INT64(1));

	PG_FREE_IF_COPY(v, 0);
	return h;
}

/* ------------------------------------------------------------------------------------------
 * Containment
 * ------------------------------------------------------------------------------------------ */
/*
 * Per-call-site cache for the right side of @> (fn_extra, in fn_mcxt): in a scan or a join the
 * same query value is compared with many rows, so it is decoded once. Keyed by the value's
 * bytes.
 */
typedef struct contains_cache
{
	struct varlena *value;		/* copy of the decoded value */
	in_tok	   *tok;			/* its tokens, pointing into value */
	uint32		ntok;
} contains_cache;

static const in_tok *
decode_cached(FunctionCallInfo fcinfo, const struct varlena *b, uint32 *ntok)
{
	contains_cache *c = (contains_cache *) fcinfo->flinfo->fn_extra;
	size_t		len = VARSIZE_ANY(b);
	MemoryContext old;

	if (c != NULL && VARSIZE_ANY(c->value) == len && memcmp(c->value, b, len) == 0)
	{
		*ntok = c->ntok;
		return c->tok;
	}
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (c == NULL)
		c = fcinfo->flinfo->fn_extra = palloc0(sizeof(contains_cache));
	else
	{
		if (c->tok)
			pfree(c->tok);
		pfree(c->value);
	}
	c->value = palloc_extended(len, MCXT_ALLOC_HUGE);
	memcpy(c->value, b, len);
	c->tok = in_decode(c->value, &c->ntok);
	MemoryContextSwitchTo(old);
	*ntok = c->ntok;
	return c->tok;
}

static bool
instname_contains_internal(FunctionCallInfo fcinfo, const struct varlena *a, const struct varlena *b)
{
	uint32		nb;
	const in_tok *bt = decode_cached(fcinfo, b, &nb);
	const uint8 *p,
			   *e;
	uint32		na;
	uint32		i;
	size_t		work = 0;
	bool		found = false;

	if (nb == 0)
		return true;
	na = in_open(a, &p, &e);
	for (i = 0; i + nb <= na && !found; i++)
	{
		const uint8 *q = p;
		uint32		j;

		for (j = 0; j < nb; j++)
		{
			const in_tok *t = &bt[j];

			if (q[0] != t->len || (q[1] & INSTNAME_META_KIND) != t->kind ||
				memcmp(q + 2, t->text, t->len) != 0)
				break;
			if (j > 0 && ((q[1] >> INSTNAME_META_GAP_SHIFT) != 0) != (t->gap != 0))
				break;
			q += 2 + q[0];
		}
		found = (j == nb);
		work += j + 1;
		if (work > 100000)
		{
			CHECK_FOR_INTERRUPTS();
			work = 0;
		}
		p += 2 + p[0];
	}
	return found;
}

INSTNAME_BINOP(instname_contains, instname_contains_internal(fcinfo, a, b))
INSTNAME_BINOP(instname_contained, instname_contains_internal(fcinfo, b, a))

/* ------------------------------------------------------------------------------------------
 * Similarity
 * ------------------------------------------------------------------------------------------ */
typedef struct sim_tok
{
	const char *text;
	uint8		len;
	uint8		kind;
	uint8		w;				/* weight, units of 1/25 */
	uint8		nchars;
	bool		used;
} sim_tok;

static int
utf8_nchars(const char *s, size_t len)
{
	int			n = 0;
	size_t		i;

	for (i = 0; i < len; i++)
		if (((unsigned char) s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Decode valid UTF-8 (values are valid by construction) into code points; returns count. */
static int
utf8_decode(const char *s, size_t len, uint32 *out)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		i = 0;
	int			n = 0;

	while (i < len)
	{
		unsigned char c = p[i];
		uint32		cp;
		int			k;

		if (c < 0x80)
		{
			cp = c;
			k = 1;
		}
		else if ((c & 0xE0) == 0xC0)
		{
			cp = c & 0x1F;
			k = 2;
		}
		else if ((c & 0xF0) == 0xE0)
		{
			cp = c & 0x0F;
			k = 3;
		}
		else
		{
			cp = c & 0x07;
			k = 4;
		}
		i++;
		while (--k > 0 && i < len)
			cp = (cp << 6) | (p[i++] & 0x3F);
		out[n++] = cp;
	}
	return n;
}

/*
 * True when x and y begin with the same character and are exactly one Damerau-Levenshtein
 * edit apart (one insertion, deletion, substitution, or transposition of two adjacent
 * characters), counted in characters.
 */
static bool
typo_apart(const char *xs, size_t xlen, const char *ys, size_t ylen)
{
	uint32		xb[IM_MAX_TOKEN_BYTES],
				yb[IM_MAX_TOKEN_BYTES];
	const uint32 *x = xb,
			   *y = yb;
	int			n,
				m,
				i;

	if (xlen > IM_MAX_TOKEN_BYTES || ylen > IM_MAX_TOKEN_BYTES || xlen == 0 || ylen == 0)
		return false;
	n = utf8_decode(xs, xlen, xb);
	m = utf8_decode(ys, ylen, yb);
	if (n < m)
	{
		const uint32 *t = x;
		int			k = n;

		x = y;
		y = t;
		n = m;
		m = k;
	}
	/* now n >= m: x is the longer one */
	if (n - m > 1 || m == 0 || x[0] != y[0])
		return false;
	for (i = 0; i < m && x[i] == y[i]; i++)
		;
	if (n == m)
	{
		if (i == n)
			return false;		/* equal */
		/* substitution at i */
		if (memcmp(x + i + 1, y + i + 1, sizeof(uint32) * (n - i - 1)) == 0)
			return true;
		/* transposition of i and i + 1 */
		return i + 1 < n && x[i] == y[i + 1] && x[i + 1] == y[i] &&
			memcmp(x + i + 2, y + i + 2, sizeof(uint32) * (n - i - 2)) == 0;
	}
	/* x has one more character: deletion of x[i] */
	return memcmp(x + i + 1, y + i, sizeof(uint32) * (m - i)) == 0;
}

/* Typo rule: two words of >= 6 characters, same first character, one edit apart. */
static bool
typo_match(const sim_tok *x, const sim_tok *y)
{
	if (x->kind != IM_TOK_WORD || y->kind != IM_TOK_WORD)
		return false;
	if (x->nchars < INSTNAME_TYPO_MIN_CHARS || y->nchars < INSTNAME_TYPO_MIN_CHARS)
		return false;
	if (abs((int) x->nchars - (int) y->nchars) > 1 || x->text[0] != y->text[0])
		return false;
	return typo_apart(x->text, x->len, y->text, y->len);
}

static int
sim_tok_cmp(const void *pa, const void *pb)
{
	const sim_tok *a = pa,
			   *b = pb;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return bytes_cmp(a->text, a->len, b->text, b->len);
}

static sim_tok *
sim_decode(const struct varlena *v, uint32 *ntok, int64 *weight)
{
	const uint8 *p,
			   *e;
	uint32		n = in_open(v, &p, &e);
	sim_tok    *t = NULL;
	int64		w = 0;
	uint32		i;

	if (n > 0)
		t = palloc_extended(sizeof(sim_tok) * (Size) n, MCXT_ALLOC_HUGE);
	for (i = 0; i < n; i++)
	{
		in_tok		it;

		tok_at(p, &it);
		t[i].text = it.text;
		t[i].len = it.len;
		t[i].kind = it.kind;
		t[i].w = (uint8) tok_weight(it.text, it.len, it.kind);
		t[i].nchars = (uint8) utf8_nchars(it.text, it.len);
		t[i].used = false;
		w += t[i].w;
		p += 2 + it.len;
	}
	if (n > 1)
		qsort(t, n, sizeof(sim_tok), sim_tok_cmp);
	*ntok = n;
	*weight = w;
	return t;
}

static float4
instname_similarity_internal(const struct varlena *a, const struct varlena *b)
{
	uint32		na,
				nb,
				i,
				j;
	int64		wa,
				wb,
				m = 0;
	sim_tok    *ta,
			   *tb;

	/* The typo pass is greedy: run it in a fixed argument order, so sim(a,b) = sim(b,a). */
	if (instname_cmp_internal(a, b) > 0)
	{
		const struct varlena *t = a;

		a = b;
		b = t;
	}
	ta = sim_decode(a, &na, &wa);
	tb = sim_decode(b, &nb, &wb);
	if (wa + wb == 0)
		return 1.0f;

	/* exact matches: merge the sorted multisets */
	i = j = 0;
	while (i < na && j < nb)
	{
		int			c = sim_tok_cmp(&ta[i], &tb[j]);

		if (c == 0)
		{
			m += ta[i].w;
			ta[i++].used = true;
			tb[j++].used = true;
		}
		else if (c < 0)
			i++;
		else
			j++;
	}

	/* typo matches among the words left over */
	for (i = 0; i < na; i++)
	{
		if (ta[i].used || ta[i].kind != IM_TOK_WORD || ta[i].nchars < INSTNAME_TYPO_MIN_CHARS)
			continue;
		if ((i & 0xFF) == 0xFF)
			CHECK_FOR_INTERRUPTS();
		for (j = 0; j < nb; j++)
		{
			if (!tb[j].used && typo_match(&ta[i], &tb[j]))
			{
				int			w = Min(ta[i].w, tb[j].w);

				/* both count at the lighter weight: "insitute" is a generic word misspelt */
				m += (int64) w * INSTNAME_TYPO_NUM / INSTNAME_TYPO_DEN;
				wa -= ta[i].w - w;
				wb -= tb[j].w - w;
				ta[i].used = tb[j].used = true;
				break;
			}
		}
	}
	if (ta)
		pfree(ta);
	if (tb)
		pfree(tb);
	return (float4) (2.0 * (double) m / (double) (wa + wb));
}

PG_FUNCTION_INFO_V1(inst_similarity);
Datum
inst_similarity(PG_FUNCTION_ARGS)
{
	struct varlena *a = PG_GETARG_INSTNAME_P(0);
	struct varlena *b = PG_GETARG_INSTNAME_P(1);
	float4		res = instname_similarity_internal(a, b);

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	PG_RETURN_FLOAT4(res);
}

PG_FUNCTION_INFO_V1(instname_distance);
Datum
instname_distance(PG_FUNCTION_ARGS)
{
	struct varlena *a = PG_GETARG_INSTNAME_P(0);
	struct varlena *b = PG_GETARG_INSTNAME_P(1);
	float4		res = 1.0f - instname_similarity_internal(a, b);

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	PG_RETURN_FLOAT4(res);
}

/* a % b: reads instmatch.similarity_threshold, so the operator is STABLE. */
INSTNAME_BINOP(instname_similar,
			   (double) instname_similarity_internal(a, b) >= instname_similarity_threshold)

/* ------------------------------------------------------------------------------------------
 * GIN support
 * ------------------------------------------------------------------------------------------ */

static int
key_datum_cmp(const void *pa, const void *pb)
{
	const text *a = (const text *) DatumGetPointer(*(const Datum *) pa);
	const text *b = (const text *) DatumGetPointer(*(const Datum *) pb);

	return bytes_cmp(VARDATA(a), VARSIZE(a) - VARHDRSZ, VARDATA(b), VARSIZE(b) - VARHDRSZ);
}

static inline bool
is_generic_tok(const in_tok *t)
{
	return t->kind == IM_TOK_WORD && instname_is_generic_word(t->text, t->len);
}

/*
 * The GIN keys of a value: distinct indexed tokens, and "w1 w2" for two generic words next
 * to each other in one segment. Returns a palloc'd array of text datums (NULL if none).
 */
static Datum *
instname_keys(const struct varlena *v, int32 *nkeys)
{
	const uint8 *p,
			   *e;
	uint32		n = in_open(v, &p, &e);
	Datum	   *keys;
	uint32		i,
				nk = 0;
	bool		prev_generic = false;
	in_tok		prev = {0};

	if (n == 0)
	{
		*nkeys = 0;
		return NULL;
	}
	/* at most one single key and one pair key per token */
	keys = palloc_extended(sizeof(Datum) * 2 * (Size) n, MCXT_ALLOC_HUGE);
	for (i = 0; i < n; i++)
	{
		in_tok		t;
		bool		generic;

		if ((i & 0xFFFF) == 0xFFFF)
			CHECK_FOR_INTERRUPTS();
		tok_at(p, &t);
		p += 2 + t.len;
		generic = is_generic_tok(&t);
		if (generic)
		{
			if (prev_generic && t.gap == 0)
			{
				text	   *k = palloc(VARHDRSZ + prev.len + 1 + t.len);

				SET_VARSIZE(k, VARHDRSZ + prev.len + 1 + t.len);
				memcpy(VARDATA(k), prev.text, prev.len);
				VARDATA(k)[prev.len] = ' ';
				memcpy(VARDATA(k) + prev.len + 1, t.text, t.len);
				keys[nk++] = PointerGetDatum(k);
			}
		}
		else if (tok_indexed(t.text, t.len, t.kind))
			keys[nk++] = PointerGetDatum(cstring_to_text_with_len(t.text, t.len));
		prev_generic = generic;
		prev = t;
	}
	/* drop duplicates */
	if (nk > 1)
	{
		uint32		w = 1;

		qsort(keys, nk, sizeof(Datum), key_datum_cmp);
		for (i = 1; i < nk; i++)
		{
			if (key_datum_cmp(&keys[i], &keys[w - 1]) != 0)
				keys[w++] = keys[i];
			else
				pfree(DatumGetPointer(keys[i]));
		}
		nk = w;
	}
	*nkeys = (int32) nk;
	return keys;
}

PG_FUNCTION_INFO_V1(gin_extract_value_instname);
Datum
gin_extract_value_instname(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_INSTNAME_P(0);
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);

	PG_RETURN_POINTER(instname_keys(v, nkeys));
}

/*
 * inst_keys(instname) -> text[]: the GIN keys of a value, in byte order, as SQL sees them
 * (what an index lookup with @> needs to find in a row). The incremental re-screening uses it
 * to choose the index probes for a changed name.
 */
PG_FUNCTION_INFO_V1(inst_keys);
Datum
inst_keys(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_INSTNAME_P(0);
	int32		nkeys = 0;
	Datum	   *keys = instname_keys(v, &nkeys);
	ArrayType  *a;

	if (nkeys == 0)
		a = construct_empty_array(TEXTOID);
	else
		a = construct_array(keys, nkeys, TEXTOID, -1, false, TYPALIGN_INT);
	PG_RETURN_ARRAYTYPE_P(a);
}

/*
 * The query side of %. Query tokens are grouped by text; every group of indexed tokens has an
 * exact key and, for a word of >= 6 characters, a partial-match key (its first character) that
 * gin_compare_partial_instname turns into "every key one edit away". consistent() bounds the
 * similarity from above given which groups have a key present in the row:
 *
 *     M <= U + sum over groups g of (present(g) ? w(g) : u(g))
 *     sim = 2 M / (W(row) + W(query)) <= 2 M / (M + W(query))      since W(row) >= M
 *
 * U is the weight of the query tokens that are not keys (generic words, numbers): they may
 * match anything. w(g) is the weight of the group's tokens. u(g) is what the group can get
 * without its keys: a typo match with a generic word (generic words are not keys), worth
 * 0.8 x 0.2 per token, when a generic word is one edit away; else 0. Such a typo match also
 * lowers the query's own weight (the word then counts 0.2): W(query) is taken at its lowest.
 */
typedef struct sim_group
{
	const char *text;
	uint8		len;
	uint8		kind;
	uint8		nchars;
	int32		w;
	int32		u;
} sim_group;

typedef struct sim_query
{
	int			ngroups;
	sim_group  *groups;
	int64		wq;				/* W(query), lowered by what typo matches with generic words
								 * can take off it */
	int64		unindexed;		/* U */
	bool	   *present;		/* scratch for consistent() */
} sim_query;

typedef struct sim_entry
{
	sim_query  *q;
	int			group;
} sim_entry;

/*
 * Is a generic word one typo (see typo_apart) away from this word? Generic words are canonical
 * rule words, which are lower-case ASCII letters, so it is enough to try every deletion,
 * adjacent transposition, and substitution or insertion of a letter a-z (not at the first
 * character, which a typo match keeps) and look the candidates up. Runs once per query.
 */
static bool
near_generic_word(const char *s, size_t len, int nchars)
{
	uint32		cp[IM_MAX_TOKEN_BYTES];
	char		cand[IM_MAX_TOKEN_BYTES + 2];
	int			n,
				i,
				j,
				c,
				total_nonascii = 0;

	if (nchars < INSTNAME_TYPO_MIN_CHARS || len > IM_MAX_TOKEN_BYTES)
		return false;
	n = utf8_decode(s, len, cp);
	if (cp[0] >= 0x80)
		return false;			/* a generic word starts with an ASCII letter */
	for (i = 0; i < n; i++)
		if (cp[i] >= 0x80)
			total_nonascii++;

/* candidate in cand[0..k) when every code point is ASCII and its length is >= 6 */
#define TRY_CANDIDATE(k) \
	do { if ((k) >= INSTNAME_TYPO_MIN_CHARS && im_is_generic(cand, (k))) return true; } while (0)

	for (i = 1; i <= n; i++)
	{
		int			nonascii = 0,
					k;

		/* a non-ASCII code point anywhere but at i rules out every candidate */
		nonascii = total_nonascii - (i < n && cp[i] >= 0x80 ? 1 : 0);
		if (nonascii > 0)
			continue;

		if (i < n)
		{
			/* deletion of i */
			for (k = 0, j = 0; j < n; j++)
				if (j != i)
					cand[k++] = (char) cp[j];
			TRY_CANDIDATE(k);
			/* substitution at i */
			for (c = 'a'; c <= 'z'; c++)
			{
				if ((uint32) c == cp[i])
					continue;
				for (k = 0, j = 0; j < n; j++)
					cand[k++] = (j == i) ? (char) c : (char) cp[j];
				TRY_CANDIDATE(k);
			}
			/* transposition of i and i + 1 (both ASCII) */
			if (i + 1 < n && cp[i] < 0x80 && cp[i + 1] < 0x80 && cp[i] != cp[i + 1])
			{
				for (k = 0, j = 0; j < n; j++)
					cand[k++] = (char) cp[j == i ? i + 1 : (j == i + 1 ? i : j)];
				TRY_CANDIDATE(k);
			}
		}
		/* insertion before position i (i == n: at the end), only when all of s is ASCII */
		if (cp[i < n ? i : n - 1] < 0x80)
		{
			for (c = 'a'; c <= 'z'; c++)
			{
				for (k = 0, j = 0; j < n; j++)
				{
					if (j == i)
						cand[k++] = (char) c;
					cand[k++] = (char) cp[j];
				}
				if (i == n)
					cand[k++] = (char) c;
				TRY_CANDIDATE(k);
			}
		}
	}
#undef TRY_CANDIDATE
	return false;
}

static double
sim_bound(const sim_query *q, int64 m)
{
	if (m + q->wq == 0)
		return 1.0;
	return 2.0 * (double) m / (double) (m + q->wq);
}

/* tolerance for float rounding of the similarity; recheck decides anyway */
#define SIM_BOUND_EPS 1e-6

static Datum *
sim_extract_query(const struct varlena *v, int32 *nentries, bool **pmatch,
				  Pointer **extra_data, int32 *searchMode)
{
	uint32		n;
	sim_tok    *t;
	int64		wq;
	sim_query  *q = palloc0(sizeof(sim_query));
	Datum	   *entries;
	sim_entry  *ents;
	uint32		i;
	int			ne = 0,
				g;
	int64		m0;

	t = sim_decode(v, &n, &wq);	/* sorted by kind, text: equal texts are adjacent */
	q->wq = wq;
	q->groups = palloc(sizeof(sim_group) * (Size) Max(n, 1));
	for (i = 0; i < n; i++)
	{
		if ((i & 0xFF) == 0xFF)
			CHECK_FOR_INTERRUPTS();
		if (!tok_indexed(t[i].text, t[i].len, t[i].kind))
		{
			q->unindexed += t[i].w;
			continue;
		}
		if (q->ngroups > 0)
		{
			sim_group  *last = &q->groups[q->ngroups - 1];

			if (bytes_cmp(last->text, last->len, t[i].text, t[i].len) == 0)
			{
				last->w += t[i].w;
				if (last->u)
				{
					last->u += INSTNAME_W_GENERIC * INSTNAME_TYPO_NUM / INSTNAME_TYPO_DEN;
					q->wq -= t[i].w - INSTNAME_W_GENERIC;
				}
				continue;
			}
		}
		g = q->ngroups++;
		q->groups[g].text = t[i].text;
		q->groups[g].len = t[i].len;
		q->groups[g].kind = t[i].kind;
		q->groups[g].nchars = t[i].nchars;
		q->groups[g].w = t[i].w;
		q->groups[g].u = (t[i].kind == IM_TOK_WORD &&
						  near_generic_word(t[i].text, t[i].len, t[i].nchars))
			? INSTNAME_W_GENERIC * INSTNAME_TYPO_NUM / INSTNAME_TYPO_DEN : 0;
		if (q->groups[g].u)
			q->wq -= t[i].w - INSTNAME_W_GENERIC;
	}
	q->present = palloc(sizeof(bool) * (Size) Max(q->ngroups, 1));

	entries = palloc(sizeof(Datum) * 2 * (Size) Max(q->ngroups, 1));
	ents = palloc(sizeof(sim_entry) * 2 * (Size) Max(q->ngroups, 1));
	*extra_data = palloc(sizeof(Pointer) * 2 * (Size) Max(q->ngroups, 1));
	*pmatch = palloc0(sizeof(bool) * 2 * (Size) Max(q->ngroups, 1));
	m0 = q->unindexed;
	for (g = 0; g < q->ngroups; g++)
	{
		sim_group  *gr = &q->groups[g];

		m0 += gr->u;
		entries[ne] = PointerGetDatum(cstring_to_text_with_len(gr->text, gr->len));
		ents[ne].q = q;
		ents[ne].group = g;
		(*extra_data)[ne] = (Pointer) &ents[ne];
		ne++;
		/* a word that can have typos: also every key one edit away, by partial match */
		if (gr->kind == IM_TOK_WORD && gr->nchars >= INSTNAME_TYPO_MIN_CHARS)
		{
			int			first = pg_utf_mblen((const unsigned char *) gr->text);

			entries[ne] = PointerGetDatum(cstring_to_text_with_len(gr->text, first));
			(*pmatch)[ne] = true;
			ents[ne].q = q;
			ents[ne].group = g;
			(*extra_data)[ne] = (Pointer) &ents[ne];
			ne++;
		}
	}
	*nentries = ne;
	/* If a row with none of the keys could still pass, every row must be checked. */
	if (sim_bound(q, m0) + SIM_BOUND_EPS >= instname_similarity_threshold)
		*searchMode = GIN_SEARCH_MODE_ALL;
	return entries;
}

PG_FUNCTION_INFO_V1(gin_extract_query_instname);
Datum
gin_extract_query_instname(PG_FUNCTION_ARGS)
{
	struct varlena *query = PG_GETARG_INSTNAME_P(0);
	int32	   *nentries = (int32 *) PG_GETARG_POINTER(1);
	StrategyNumber strategy = PG_GETARG_UINT16(2);
	bool	  **pmatch = (bool **) PG_GETARG_POINTER(3);
	Pointer   **extra_data = (Pointer **) PG_GETARG_POINTER(4);
	int32	   *searchMode = (int32 *) PG_GETARG_POINTER(6);
	Datum	   *entries;

	switch (strategy)
	{
		case INSTNAME_CONTAINS_STRATEGY:
			/* every key of the query is a key of a row that contains it */
			entries = instname_keys(query, nentries);
			if (*nentries == 0)
				*searchMode = GIN_SEARCH_MODE_ALL;
			break;
		case INSTNAME_EQUAL_STRATEGY:
			/* equal rows have exactly the query's keys: none means rows without keys */
			entries = instname_keys(query, nentries);
			if (*nentries == 0)
				*searchMode = GIN_SEARCH_MODE_INCLUDE_EMPTY;
			break;
		case INSTNAME_CONTAINED_STRATEGY:
			/* a row contained in the query has only keys of the query, or none at all */
			entries = instname_keys(query, nentries);
			*searchMode = GIN_SEARCH_MODE_INCLUDE_EMPTY;
			break;
		case INSTNAME_SIMILAR_STRATEGY:
			entries = sim_extract_query(query, nentries, pmatch, extra_data, searchMode);
			break;
		default:
			elog(ERROR, "instname_ops: unrecognized strategy number %d", strategy);
			entries = NULL;		/* keep compiler quiet */
	}
	PG_RETURN_POINTER(entries);
}

/* Upper bound of the similarity when the groups flagged in q->present have a key present. */
static bool
sim_may_pass(const sim_query *q)
{
	int64		m = q->unindexed;
	int			g;

	for (g = 0; g < q->ngroups; g++)
		m += q->present[g] ? q->groups[g].w : q->groups[g].u;
	return sim_bound(q, m) + SIM_BOUND_EPS >= instname_similarity_threshold;
}

PG_FUNCTION_INFO_V1(gin_consistent_instname);
Datum
gin_consistent_instname(PG_FUNCTION_ARGS)
{
	bool	   *check = (bool *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = PG_GETARG_UINT16(1);
	int32		nkeys = PG_GETARG_INT32(3);
	Pointer    *extra_data = (Pointer *) PG_GETARG_POINTER(4);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(5);
	bool		res = true;
	int32		i;

	*recheck = true;			/* keys say nothing about order and boundaries */
	switch (strategy)
	{
		case INSTNAME_CONTAINS_STRATEGY:
		case INSTNAME_EQUAL_STRATEGY:
			for (i = 0; i < nkeys && res; i++)
				res = check[i];
			break;
		case INSTNAME_CONTAINED_STRATEGY:
			res = true;
			break;
		case INSTNAME_SIMILAR_STRATEGY:
			{
				sim_query  *q;

				if (nkeys == 0)
					break;		/* GIN_SEARCH_MODE_ALL with no keys: the bound passed */
				q = ((sim_entry *) extra_data[0])->q;
				memset(q->present, 0, sizeof(bool) * q->ngroups);
				for (i = 0; i < nkeys; i++)
					if (check[i])
						q->present[((sim_entry *) extra_data[i])->group] = true;
				res = sim_may_pass(q);
			}
			break;
		default:
			elog(ERROR, "instname_ops: unrecognized strategy number %d", strategy);
	}
	PG_RETURN_BOOL(res);
}

PG_FUNCTION_INFO_V1(gin_triconsistent_instname);
Datum
gin_triconsistent_instname(PG_FUNCTION_ARGS)
{
	GinTernaryValue *check = (GinTernaryValue *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = PG_GETARG_UINT16(1);
	int32		nkeys = PG_GETARG_INT32(3);
	Pointer    *extra_data = (Pointer *) PG_GETARG_POINTER(4);
	GinTernaryValue res = GIN_MAYBE;
	int32		i;

	switch (strategy)
	{
		case INSTNAME_CONTAINS_STRATEGY:
		case INSTNAME_EQUAL_STRATEGY:
			for (i = 0; i < nkeys; i++)
				if (check[i] == GIN_FALSE)
					res = GIN_FALSE;
			break;
		case INSTNAME_CONTAINED_STRATEGY:
			break;
		case INSTNAME_SIMILAR_STRATEGY:
			{
				sim_query  *q;

				if (nkeys == 0)
					break;
				q = ((sim_entry *) extra_data[0])->q;
				memset(q->present, 0, sizeof(bool) * q->ngroups);
				for (i = 0; i < nkeys; i++)
					if (check[i] != GIN_FALSE)
						q->present[((sim_entry *) extra_data[i])->group] = true;
				if (!sim_may_pass(q))
					res = GIN_FALSE;
			}
			break;
		default:
			elog(ERROR, "instname_ops: unrecognized strategy number %d", strategy);
	}
	PG_RETURN_GIN_TERNARY_VALUE(res);
}

/*
 * Partial match for %: the partial key is the first character of a query word; the scan
 * starts there and stops at the first key that does not start with it. A key matches when it
 * is a word of >= 6 characters at most one Damerau-Levenshtein edit from the query word.
 */
PG_FUNCTION_INFO_V1(gin_compare_partial_instname);
Datum
gin_compare_partial_instname(PG_FUNCTION_ARGS)
{
	text	   *prefix = PG_GETARG_TEXT_PP(0);
	text	   *key = PG_GETARG_TEXT_PP(1);
	sim_entry  *ent = (sim_entry *) PG_GETARG_POINTER(3);
	const char *k = VARDATA_ANY(key);
	size_t		klen = VARSIZE_ANY_EXHDR(key);
	size_t		plen = VARSIZE_ANY_EXHDR(prefix);
	const sim_group *g;
	int			nchars;
	int32		res;

	if (klen < plen || memcmp(k, VARDATA_ANY(prefix), plen) != 0)
		res = 1;				/* past the keys that start with the prefix */
	else if (ent == NULL)
		res = -1;
	else
	{
		g = &ent->q->groups[ent->group];
		nchars = utf8_nchars(k, klen);
		if (nchars < INSTNAME_TYPO_MIN_CHARS || abs(nchars - (int) g->nchars) > 1 ||
			memchr(k, ' ', klen) != NULL || memchr(k, '.', klen) != NULL)
			res = -1;
		else if (bytes_cmp(k, klen, g->text, g->len) == 0 ||
				 typo_apart(k, klen, g->text, g->len))
			res = 0;
		else
			res = -1;
	}
	PG_FREE_IF_COPY(prefix, 0);
	PG_FREE_IF_COPY(key, 1);
	PG_RETURN_INT32(res);
}
