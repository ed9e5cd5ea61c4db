/*
 * match_pg.c - PostgreSQL side of the dictionary matcher: the per-backend dictionary cache,
 * its invalidation, and inst_match / inst_explain / inst_dictionary_info.
 *
 * The cache: one compiled dictionary per backend (and per parallel worker), built with SPI
 * from instmatch.entity, instmatch.alias and instmatch.relationship on first use, kept in its
 * own memory context under TopMemoryContext. The three tables carry a statement-level
 * trigger (instmatch_lists_changed) that queues a relcache invalidation of the table; every
 * backend receives it when the changing transaction commits (and the changing backend at
 * once, at its next command), and our relcache callback marks the dictionary stale, so the
 * next call rebuilds it. A rolled-back change sends nothing to other backends; the changing
 * backend itself rebuilds (PostgreSQL replays the invalidations locally at abort).
 *
 * Since 0.2.0 the dictionary is read through the views instmatch.dictionary_* (aliases of
 * linked entities merged into their target, suppressed aliases left out) with the statement's
 * snapshot, and every change to the tables behind them bumps instmatch.dictionary_version in
 * the same transaction. The cache remembers the version it was built from; when a statement
 * runs with a snapshot that differs from the last one checked, the version that snapshot sees
 * is read (one row) and the dictionary rebuilt if it differs. So a statement always screens
 * with the lists exactly as its snapshot sees them, never a mix of two versions, and a
 * transaction with an old snapshot (REPEATABLE READ) does not leave an old dictionary behind
 * for later ones. With the 0.1.0 objects (no views, no version table) the tables are read as
 * before.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "portability/instr_time.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "storage/proc.h"
#include "utils/tuplestore.h"
#include "utils/timestamp.h"

#include "im_match.h"
#include "instmatch.h"

/* ---- the cache ---- */
static MemoryContext dict_cxt = NULL;	/* holds dict and scan; NULL when none */
static im_dict *dict = NULL;
static im_scan dict_scan;
static bool dict_valid = false;
static Oid	dict_rels[3] = {InvalidOid, InvalidOid, InvalidOid};
static bool callback_registered = false;
static double dict_build_ms = 0;
static TimestampTz dict_built_at = 0;
static int64 dict_version = -1;		/* instmatch.dictionary_version it was built from */
/* text values of entity ids, entity names and aliases, made on first output (in dict_cxt) */
typedef struct ent_texts
{
	text	   *id;
	text	   *name;
} ent_texts;
static ent_texts *ent_text = NULL;	/* by entity; both made together, side by side */
static text **alias_text = NULL;
static bool dict_versioned = false;	/* the 0.2.0 objects exist */

/* The snapshot the version was last checked with; the same snapshot sees the same version. */
typedef struct snapshot_key
{
	bool		set;
	LocalTransactionId lxid;
	TransactionId xmin;
	TransactionId xmax;
	uint32		xcnt;
	int32		subxcnt;
	CommandId	curcid;
} snapshot_key;
static snapshot_key dict_seen;

#if PG_VERSION_NUM >= 170000
#define MY_LXID (MyProc->vxid.lxid)
#else
#define MY_LXID (MyProc->lxid)
#endif

static void
dict_relcache_callback(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == dict_rels[0] || relid == dict_rels[1] ||
		relid == dict_rels[2])
		dict_valid = false;
}

static void
dict_discard(void)
{
	if (dict_cxt)
		MemoryContextDelete(dict_cxt);
	dict_cxt = NULL;
	dict = NULL;
	dict_valid = false;
	ent_text = NULL;
	alias_text = NULL;
}

/* Did the active snapshot change since the last check? Remembers the current one. */
static bool
snapshot_changed(void)
{
	Snapshot	snap = ActiveSnapshotSet() ? GetActiveSnapshot() : NULL;
	snapshot_key k;

	memset(&k, 0, sizeof(k));
	k.set = true;
	k.lxid = MY_LXID;
	if (snap)
	{
		k.xmin = snap->xmin;
		k.xmax = snap->xmax;
		k.xcnt = snap->xcnt;
		k.subxcnt = snap->subxcnt;
		k.curcid = snap->curcid;
	}
	if (snap && dict_seen.set && memcmp(&k, &dict_seen, sizeof(k)) == 0)
		return false;
	dict_seen = k;
	return true;
}

/* instmatch.dictionary_version as the active snapshot sees it. SPI must be connected. */
static int64
read_dictionary_version(void)
{
	bool		isnull;
	Datum		d;

	if (SPI_execute("SELECT version FROM instmatch.dictionary_version", true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read instmatch.dictionary_version");
	if (SPI_processed != 1)
		return 0;
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return isnull ? 0 : DatumGetInt64(d);
}

static Oid
list_table_oid(const char *name)
{
	Oid			nsp = get_namespace_oid("instmatch", true);
	Oid			rel = OidIsValid(nsp) ? get_relname_relid(name, nsp) : InvalidOid;

	if (!OidIsValid(rel))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("table instmatch.%s does not exist", name),
				 errhint("The instmatch extension creates it; is the extension installed in this database?")));
	return rel;
}

/* Text of column col of the current SPI tuple, or NULL. Palloc'd in the SPI context. */
static char *
spi_text(HeapTuple tup, TupleDesc desc, int col)
{
	return SPI_getvalue(tup, desc, col);
}

static void
dict_check(int rc)
{
	if (rc == IM_ERR_NOMEM)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY),
						errmsg("out of memory while building the instmatch dictionary")));
	if (rc < 0)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						errmsg("could not build the instmatch dictionary (code %d)", rc)));
}

/* Inactive entities and their successors; schema-qualified, so search_path cannot redirect it. */
#define SUCCESSOR_QUERY \
	"SELECT r.entity_id, r.related_id FROM instmatch.relationship r" \
	" JOIN instmatch.entity e ON e.entity_id OPERATOR(pg_catalog.=) r.entity_id" \
	" WHERE r.kind OPERATOR(pg_catalog.=) 'successor'" \
	" AND e.status OPERATOR(pg_catalog.=) 'inactive' ORDER BY 1, 2"

/* Run query through a cursor, calling fn for each row with the dictionary context current. */
typedef void (*row_fn) (HeapTuple tup, TupleDesc desc);

static void
spi_each(const char *query, row_fn fn)
{
	Portal		portal;
	SPIPlanPtr	plan = SPI_prepare(query, 0, NULL);

	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for \"%s\": %s", query, SPI_result_code_string(SPI_result));
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
	for (;;)
	{
		uint64		i;

		SPI_cursor_fetch(portal, true, 10000);
		if (SPI_processed == 0)
			break;
		for (i = 0; i < SPI_processed; i++)
		{
			fn(SPI_tuptable->vals[i], SPI_tuptable->tupdesc);
			CHECK_FOR_INTERRUPTS();
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	SPI_freeplan(plan);
}

static void
add_entity_row(HeapTuple tup, TupleDesc desc)
{
	char	   *id = spi_text(tup, desc, 1);
	char	   *name = spi_text(tup, desc, 2);
	char	   *country = spi_text(tup, desc, 3);
	char	   *country_name = spi_text(tup, desc, 4);
	char	   *city = spi_text(tup, desc, 5);
	char	   *domains = spi_text(tup, desc, 6);	/* one domain per line */
	MemoryContext old = MemoryContextSwitchTo(dict_cxt);
	int32_t		e = im_dict_add_entity(dict, id, strlen(id), country, country_name, city);

	dict_check(e);
	if (name)
		dict_check(im_dict_add_alias(dict, e, name, strlen(name), IM_ALIAS_NAME));
	if (domains)
	{
		char	   *p = domains;

		while (*p)
		{
			char	   *nl = strchr(p, '\n');
			size_t		len = nl ? (size_t) (nl - p) : strlen(p);

			dict_check(im_dict_add_domain(dict, e, p, len));
			p += len;
			if (*p)
				p++;
		}
	}
	MemoryContextSwitchTo(old);
}

static void
add_alias_row(HeapTuple tup, TupleDesc desc)
{
	char	   *id = spi_text(tup, desc, 1);
	char	   *alias = spi_text(tup, desc, 2);
	char	   *kind = spi_text(tup, desc, 3);
	MemoryContext old = MemoryContextSwitchTo(dict_cxt);
	int32_t		e = im_dict_find(dict, id, strlen(id));
	int			k = im_alias_kind_from_name(kind, strlen(kind));

	if (e >= 0 && k >= 0)
		dict_check(im_dict_add_alias(dict, e, alias, strlen(alias), (im_alias_kind) k));
	MemoryContextSwitchTo(old);
}

/* A row (entity id, entity id) passed to add when both entities are in the dictionary. */
static void
add_pair_row(HeapTuple tup, TupleDesc desc, int (*add) (im_dict *d, int32_t a, int32_t b))
{
	char	   *a_id = spi_text(tup, desc, 1);
	char	   *b_id = spi_text(tup, desc, 2);
	MemoryContext old = MemoryContextSwitchTo(dict_cxt);
	int32_t		a = im_dict_find(dict, a_id, strlen(a_id));
	int32_t		b = im_dict_find(dict, b_id, strlen(b_id));

	if (a >= 0 && b >= 0)
		dict_check(add(dict, a, b));
	MemoryContextSwitchTo(old);
}

/* inactive entities and their successors (relationship "successor") */
static void
add_successor_row(HeapTuple tup, TupleDesc desc)
{
	add_pair_row(tup, desc, im_dict_add_successor);
}

/* (child, parent) */
static void
add_parent_row(HeapTuple tup, TupleDesc desc)
{
	add_pair_row(tup, desc, im_dict_add_parent);
}

static void
dict_build(void)
{
	instr_time	start,
				dur;
	MemoryContext old;

	dict_discard();
	INSTR_TIME_SET_CURRENT(start);
	dict_rels[0] = list_table_oid("entity");
	dict_rels[1] = list_table_oid("alias");
	dict_rels[2] = list_table_oid("relationship");
	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(dict_relcache_callback, (Datum) 0);
		callback_registered = true;
	}
	dict_cxt = AllocSetContextCreate(TopMemoryContext, "instmatch dictionary",
									 ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(dict_cxt);
	dict = im_dict_create();
	im_scan_init(&dict_scan);
	MemoryContextSwitchTo(old);
	if (dict == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));

	dict_versioned = OidIsValid(get_relname_relid("dictionary_version",
												  get_namespace_oid("instmatch", false)));
	PG_TRY();
	{
		bool		pushed = false;

		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");

		/*
		 * Read the lists as the statement's snapshot sees them (parallel workers have the
		 * leader's), together with the version they carry; see the head comment.
		 */
		if (!ActiveSnapshotSet())
		{
			PushActiveSnapshot(GetTransactionSnapshot());
			pushed = true;
		}
		(void) snapshot_changed();
		dict_version = dict_versioned ? read_dictionary_version() : -1;
		/*
		 * Schema-qualified names and operators (status is NOT NULL), so the caller's
		 * search_path cannot redirect them.
		 */
		if (dict_versioned)
		{
			spi_each("SELECT e.entity_id, e.name, e.country, e.country_name, e.city,"
					 " pg_catalog.array_to_string(e.domains, E'\\n')"
					 " FROM instmatch.dictionary_entity e ORDER BY e.entity_id", add_entity_row);
			spi_each("SELECT a.entity_id, a.alias, a.kind FROM instmatch.dictionary_alias a"
					 " ORDER BY a.entity_id, a.kind, a.alias", add_alias_row);
			spi_each("SELECT p.child_id, p.parent_id FROM instmatch.dictionary_parent p"
					 " ORDER BY 1, 2", add_parent_row);
			spi_each(SUCCESSOR_QUERY, add_successor_row);
		}
		else
		{
			spi_each("SELECT e.entity_id, e.name, e.country, e.country_name, e.city,"
					 " pg_catalog.array_to_string(e.domains, E'\\n')"
					 " FROM instmatch.entity e WHERE e.status OPERATOR(pg_catalog.<>) 'withdrawn'"
					 " ORDER BY e.entity_id", add_entity_row);
			spi_each("SELECT a.entity_id, a.alias, a.kind FROM instmatch.alias a"
					 " ORDER BY a.entity_id, a.kind, a.alias", add_alias_row);
			spi_each("SELECT r.entity_id, r.related_id FROM instmatch.relationship r"
					 " WHERE r.kind OPERATOR(pg_catalog.=) 'parent'"
					 " UNION SELECT r.related_id, r.entity_id FROM instmatch.relationship r"
					 " WHERE r.kind OPERATOR(pg_catalog.=) 'child'"
					 " ORDER BY 1, 2", add_parent_row);
			spi_each(SUCCESSOR_QUERY, add_successor_row);
		}
		if (pushed)
			PopActiveSnapshot();
		SPI_finish();
		old = MemoryContextSwitchTo(dict_cxt);
		dict_check(im_dict_build(dict));
		MemoryContextSwitchTo(old);
	}
	PG_CATCH();
	{
		dict_discard();
		PG_RE_THROW();
	}
	PG_END_TRY();

	INSTR_TIME_SET_CURRENT(dur);
	INSTR_TIME_SUBTRACT(dur, start);
	dict_build_ms = INSTR_TIME_GET_MILLISEC(dur);
	dict_built_at = GetCurrentTimestamp();
	dict_valid = true;
}

static im_dict *
get_dict(void)
{
	instmatch_require_utf8();

	/*
	 * Invalidations are taken in where PostgreSQL takes them (transaction start, lock
	 * acquisition), not here. With the 0.2.0 objects, a new snapshot also checks the
	 * version (head comment); one snapshot keeps one dictionary.
	 */
	if (dict_valid && dict != NULL && dict_versioned && ActiveSnapshotSet() && snapshot_changed())
	{
		int64		v;

		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		v = read_dictionary_version();
		SPI_finish();
		if (v != dict_version)
			dict_valid = false;
	}
	if (!dict_valid || dict == NULL)
		dict_build();
	return dict;
}

/* Scan s with the cached dictionary; the result stays in dict_scan until the next scan. */
static void
scan_text(text *t, bool explain)
{
	im_dict    *d = get_dict();
	MemoryContext old = MemoryContextSwitchTo(dict_cxt);
	int			rc = im_dict_scan(d, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), explain, &dict_scan);

	MemoryContextSwitchTo(old);
	instmatch_report(rc, VARSIZE_ANY_EXHDR(t));
}

/* ---- inst_match / inst_explain ---- */

/*
 * Character position (1-based) of byte offset byte_off of s. It is counted on from a cursor
 * (a byte offset and its character count) when the offset lies at or after it, and the cursor
 * moves there when move is set: hits come in order of their start, so each character is counted
 * about once. The database encoding is UTF-8 (instmatch_require_utf8) and a text value is valid
 * in it, so its characters are the bytes that are not continuation bytes.
 */
typedef struct char_cursor
{
	uint32_t	byte;
	int			chars;
} char_cursor;

static int
char_pos(const char *s, uint32_t byte_off, char_cursor *cur, bool move)
{
	uint32_t	b = 0;
	int			c = 0;

	if (byte_off >= cur->byte)
	{
		b = cur->byte;
		c = cur->chars;
	}
	for (; b < byte_off; b++)
		c += ((unsigned char) s[b] & 0xC0) != 0x80;
	if (move)
	{
		cur->byte = byte_off;
		cur->chars = c;
	}
	return c + 1;
}

/*
 * The text value of string s of the dictionary, number i of n of its kind: made once per
 * dictionary and kept with it, so an output row copies it instead of measuring and copying s.
 */
typedef const char *(*dict_string_fn) (const im_dict *d, int32_t i);

static Datum
dict_text(text ***cache, int32 i, int32 n, dict_string_fn string_of)
{
	if (*cache == NULL)
		*cache = MemoryContextAllocZero(dict_cxt, (Size) n * sizeof(text *));
	if ((*cache)[i] == NULL)
	{
		/* the string is looked up only here: reading it would be a cache miss per row */
		MemoryContext old = MemoryContextSwitchTo(dict_cxt);

		(*cache)[i] = cstring_to_text(string_of(dict, i));
		MemoryContextSwitchTo(old);
	}
	return PointerGetDatum((*cache)[i]);
}

/* The text values of entity e's id and name, made together on first use (see dict_text). */
static const ent_texts *
entity_texts(int32 e)
{
	if (ent_text == NULL)
		ent_text = MemoryContextAllocZero(dict_cxt,
										  (Size) im_dict_nentities(dict) * sizeof(ent_texts));
	if (ent_text[e].id == NULL)
	{
		const char *id = im_dict_entity_id(dict, e);
		const char *name = im_dict_entity_name(dict, e);
		Size		idlen = strlen(id),
					namelen = strlen(name),
					idsize = MAXALIGN(VARHDRSZ + idlen);
		char	   *blk = MemoryContextAlloc(dict_cxt, idsize + VARHDRSZ + namelen);
		text	   *idt = (text *) blk,
				   *namet = (text *) (blk + idsize);

		SET_VARSIZE(idt, VARHDRSZ + idlen);
		memcpy(VARDATA(idt), id, idlen);
		SET_VARSIZE(namet, VARHDRSZ + namelen);
		memcpy(VARDATA(namet), name, namelen);
		ent_text[e].id = idt;
		ent_text[e].name = namet;
	}
	return &ent_text[e];
}

#if defined(__GNUC__) || defined(__clang__)
#define PG_IM_PREFETCH(p) __builtin_prefetch(p)
#else
#define PG_IM_PREFETCH(p) ((void) 0)
#endif

/*
 * Materialize-mode SRF: the scan result goes straight into the tuplestore the executor reads
 * (a FunctionScan materializes value-per-call results anyway). The result descriptor is
 * cached in fn_extra for the life of the query.
 */
typedef struct match_fn_cache
{
	TupleDesc	desc;
	text	   *matched;		/* buffer for the matched substring's value, reused per row */
	Size		matched_cap;	/* its size in bytes */
} match_fn_cache;

/*
 * Text values of the alias kind and match kind names: made once per backend, so an output row
 * copies them instead of measuring and copying the C strings.
 */
static text *alias_kind_text[IM_ALIAS_KIND_COUNT];
static text *match_kind_text[IM_MK_FORMER + 1];

static Datum
kind_text(text **cache, int ncache, int kind, const char *name)
{
	if (kind < 0 || kind >= ncache)
		return CStringGetTextDatum(name);
	if (cache[kind] == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		cache[kind] = cstring_to_text(name);
		MemoryContextSwitchTo(old);
	}
	return PointerGetDatum(cache[kind]);
}

/* The text value of s[a..b) in the cache's buffer: valid until the next call (rows copy it). */
static Datum
matched_text(match_fn_cache *cache, MemoryContext cxt, const char *s, uint32_t a, uint32_t b)
{
	Size		need = VARHDRSZ + (Size) (b - a);

	if (need > cache->matched_cap)
	{
		Size		cap = Max(need, 256);

		if (cache->matched)
			pfree(cache->matched);
		cache->matched = MemoryContextAlloc(cxt, cap);
		cache->matched_cap = cap;
	}
	SET_VARSIZE(cache->matched, need);
	memcpy(VARDATA(cache->matched), s + a, b - a);
	return PointerGetDatum(cache->matched);
}

static Datum
match_srf(FunctionCallInfo fcinfo, bool explain)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	match_fn_cache *cache = fcinfo->flinfo->fn_extra;
	text	   *in = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(in);
	Tuplestorestate *ts;
	MemoryContext old;
	size_t		i;
	char_cursor cur = {0, 0};

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (cache == NULL)
	{
		TupleDesc	desc;

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		cache = palloc0(sizeof(match_fn_cache));
		cache->desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = cache;
	}

	scan_text(in, explain);

	/* the cached text values' slots are requested first: their reads then overlap */
	for (i = 0; i < dict_scan.nhits; i++)
	{
		if (ent_text)
			PG_IM_PREFETCH(&ent_text[dict_scan.hits[i].entity]);
		if (alias_text)
			PG_IM_PREFETCH(&alias_text[dict_scan.hits[i].alias]);
	}

	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	ts = tuplestore_begin_heap(true, false, work_mem);
	MemoryContextSwitchTo(old);
	for (i = 0; i < dict_scan.nhits; i++)
	{
		const im_hit *h = &dict_scan.hits[i];
		Datum		values[11];
		bool		nulls[11] = {false};
		char		why[256];
		int			k = 0;

		if (!explain && !h->accepted)
			continue;
		{
			const ent_texts *et = entity_texts(h->entity);

			values[k++] = PointerGetDatum(et->id);
			values[k++] = PointerGetDatum(et->name);
		}
		values[k++] = dict_text(&alias_text, h->alias, im_dict_naliases(dict),
								im_dict_alias_text);
		{
			int			ak = (int) im_hit_alias_kind(h);

			values[k++] = kind_text(alias_kind_text, lengthof(alias_kind_text), ak, im_alias_kind_name(ak));
		}
		values[k++] = matched_text(cache, fcinfo->flinfo->fn_mcxt, s, h->src_start, h->src_end);
		values[k++] = Float4GetDatum(h->score);
		values[k++] = kind_text(match_kind_text, lengthof(match_kind_text), h->kind, im_match_kind_name(h->kind));
		values[k++] = Int32GetDatum(char_pos(s, h->src_start, &cur, true));
		values[k++] = Int32GetDatum(char_pos(s, h->src_end, &cur, false));
		if (explain)
		{
			values[k++] = BoolGetDatum(h->accepted != 0);
			values[k++] = CStringGetTextDatum(im_reason_text(dict, h, why, sizeof(why)));
		}
		tuplestore_putvalues(ts, cache->desc, values, nulls);
	}
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = ts;

	/*
	 * The result's descriptor is optional where the caller expects one (a function scan and a
	 * target-list SRF both pass the declared row type): it is only checked against that one.
	 * Otherwise the executor frees the descriptor it is given: hand it a copy of the cached one.
	 */
	if (rsinfo->expectedDesc == NULL)
	{
		old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
		rsinfo->setDesc = CreateTupleDescCopy(cache->desc);
		MemoryContextSwitchTo(old);
	}
	PG_FREE_IF_COPY(in, 0);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(inst_match);
Datum
inst_match(PG_FUNCTION_ARGS)
{
	return match_srf(fcinfo, false);
}

PG_FUNCTION_INFO_V1(inst_explain);
Datum
inst_explain(PG_FUNCTION_ARGS)
{
	return match_srf(fcinfo, true);
}

/* ---- inst_dictionary_info() ---- */
PG_FUNCTION_INFO_V1(inst_dictionary_info);
Datum
inst_dictionary_info(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Datum		values[5];
	bool		nulls[5] = {false};
	im_dict    *d = get_dict();

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	values[0] = Int32GetDatum(im_dict_nentities(d));
	values[1] = Int32GetDatum(im_dict_naliases(d));
	values[2] = Int64GetDatum((int64) MemoryContextMemAllocated(dict_cxt, true));
	values[3] = Float8GetDatum(dict_build_ms);
	values[4] = TimestampTzGetDatum(dict_built_at);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls)));
}

/* ---- the trigger on the list tables ---- */
PG_FUNCTION_INFO_V1(instmatch_lists_changed);
Datum
instmatch_lists_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trig = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("instmatch_lists_changed() must be called as a trigger")));
	/* sent to every backend at commit; processed locally at the next command */
	CacheInvalidateRelcache(trig->tg_relation);
	return PointerGetDatum(NULL);
}
