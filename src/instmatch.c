/*
 * instmatch.c - PostgreSQL glue for the normalizer: inst_normalize, inst_tokens,
 * inst_normalizer_version. The normalizer itself (im_norm.c) knows nothing of PostgreSQL;
 * here it gets palloc-based memory and CHECK_FOR_INTERRUPTS, and its error codes become
 * ereports.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include "im_norm.h"
#include "instmatch.h"
#include "instname.h"

PG_MODULE_MAGIC;

/* ---- hooks for the pure-C core ---- */
static void *
im_palloc(size_t size)
{
	return MemoryContextAllocHuge(CurrentMemoryContext, size);
}

static void *
im_repalloc(void *ptr, size_t size)
{
	return repalloc_huge(ptr, size);
}

static void
im_pfree(void *ptr)
{
	pfree(ptr);
}

static void
im_check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

void		_PG_init(void);

void
_PG_init(void)
{
	im_mem.alloc = im_palloc;
	im_mem.realloc = im_repalloc;
	im_mem.free = im_pfree;
	im_interrupt_hook = im_check_interrupts;

	/* GUCs: define every instmatch.* variable first, then reserve the prefix. */
	instname_init();
#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("instmatch");
#else
	EmitWarningsOnPlaceholders("instmatch");
#endif
}

void
instmatch_require_utf8(void)
{
	if (GetDatabaseEncoding() != PG_UTF8)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("instmatch requires a UTF8 database"),
				 errdetail("The database encoding is %s.", GetDatabaseEncodingName()),
				 errhint("Create the database with ENCODING 'UTF8'.")));
}

void
instmatch_report(int rc, size_t input_bytes)
{
	switch (rc)
	{
		case IM_OK:
			return;
		case IM_ERR_TOO_LONG:
		case IM_ERR_OUTPUT_LIMIT:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("normalized text is too long"),
					 errdetail("The input of %zu bytes normalizes to more than the maximum of %zu bytes.",
							   input_bytes, (size_t) (MaxAllocSize - VARHDRSZ))));
			break;
		case IM_ERR_NOMEM:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory while normalizing text")));
			break;
		default:
			elog(ERROR, "unexpected normalizer result %d", rc);
	}
}

/* ---- inst_normalize(text) -> text ---- */
PG_FUNCTION_INFO_V1(inst_normalize);
Datum
inst_normalize(PG_FUNCTION_ARGS)
{
	text	   *in = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(in);
	size_t		len = VARSIZE_ANY_EXHDR(in);
	im_buf		b;
	size_t		cap;
	int			rc;

	instmatch_require_utf8();
	/* Output is usually a little longer than the input; reserve room for the header. */
	im_buf_init(&b, MaxAllocSize);
	cap = VARHDRSZ + len + len / 4 + 16;
	if (cap > MaxAllocSize)
		cap = MaxAllocSize;
	b.data = MemoryContextAllocHuge(CurrentMemoryContext, cap);
	b.cap = cap;
	b.len = VARHDRSZ;
	rc = im_normalize_text(s, len, 0, &b);
	instmatch_report(rc, len);
	SET_VARSIZE(b.data, b.len);
	PG_FREE_IF_COPY(in, 0);
	PG_RETURN_TEXT_P((text *) b.data);
}

/* ---- inst_tokens(text) -> text[] ---- */
typedef struct tokens_state
{
	ArrayBuildState *astate;
	int			ntok;
} tokens_state;

static void
push_elem(tokens_state *ts, const char *p, size_t n)
{
	ts->astate = accumArrayResult(ts->astate,
								  PointerGetDatum(cstring_to_text_with_len(p, (int) n)),
								  false, TEXTOID, CurrentMemoryContext);
}

static int
tokens_emit(void *arg, const im_tok *tok)
{
	tokens_state *ts = arg;

	if (ts->ntok > 0 && tok->gap)
	{
		if (tok->gap & IM_GAP_CLOSE)
			push_elem(ts, ")", 1);
		if (tok->gap & IM_GAP_SEMI)
			push_elem(ts, ";", 1);
		else if (tok->gap & IM_GAP_COMMA)
			push_elem(ts, ",", 1);
		if (tok->gap & IM_GAP_OPEN)
			push_elem(ts, "(", 1);
	}
	push_elem(ts, tok->text, tok->len);
	ts->ntok++;
	return IM_OK;
}

PG_FUNCTION_INFO_V1(inst_tokens);
Datum
inst_tokens(PG_FUNCTION_ARGS)
{
	text	   *in = PG_GETARG_TEXT_PP(0);
	size_t		len = VARSIZE_ANY_EXHDR(in);
	tokens_state ts;
	int			rc;

	instmatch_require_utf8();
	ts.astate = initArrayResult(TEXTOID, CurrentMemoryContext, false);
	ts.ntok = 0;
	rc = im_normalize(VARDATA_ANY(in), len, 0, tokens_emit, &ts);
	instmatch_report(rc, len);
	PG_FREE_IF_COPY(in, 0);
	PG_RETURN_DATUM(makeArrayResult(ts.astate, CurrentMemoryContext));
}

/* ---- inst_normalizer_version() -> text ---- */
PG_FUNCTION_INFO_V1(inst_normalizer_version);
Datum
inst_normalizer_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(psprintf("rules %s; Unicode %s (utf8proc %s)",
											  im_rules_version(), im_unicode_version(),
											  im_utf8proc_version())));
}

/* Called once by the install script, then dropped. */
PG_FUNCTION_INFO_V1(instmatch_require_utf8_sql);
Datum
instmatch_require_utf8_sql(PG_FUNCTION_ARGS)
{
	instmatch_require_utf8();
	PG_RETURN_VOID();
}
