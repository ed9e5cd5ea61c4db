/*
 * csv_pg.c - PostgreSQL side of the CSV reader (im_csv.c):
 *
 *   inst_csv_parse(content text, delimiter "char" DEFAULT ',')
 *       RETURNS TABLE(line_no int, fields text[])
 *
 * One row per record, with the line of the file where the record starts; errors in the file
 * become ereports with SQLSTATE 22P04 (bad_copy_file_format) naming the line and the field.
 * The reader gets palloc-based memory, so an error or a cancel (CHECK_FOR_INTERRUPTS once per
 * record) releases everything with the memory context.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "im_csv.h"

static void *
csv_palloc(void *ctx, size_t size)
{
	return MemoryContextAllocHuge((MemoryContext) ctx, size);
}

static void *
csv_repalloc(void *ctx, void *ptr, size_t size)
{
	(void) ctx;
	return repalloc_huge(ptr, size);
}

static void
csv_pfree(void *ctx, void *ptr)
{
	(void) ctx;
	pfree(ptr);
}

static void
csv_report(const im_csv *p)
{
	switch (p->err)
	{
		case IM_CSV_ERR_NOMEM:
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
			break;
		case IM_CSV_ERR_FIELD_TOO_LONG:
			ereport(ERROR,
					(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
					 errmsg("line %zu, field %zu: field too long", p->err_line, p->err_field),
					 errdetail("A CSV field may have at most %zu bytes.", p->max_field_bytes)));
			break;
		case IM_CSV_ERR_TOO_MANY_FIELDS:
			ereport(ERROR,
					(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
					 errmsg("line %zu, field %zu: too many fields in one record",
							p->err_line, p->err_field),
					 errdetail("A CSV record may have at most %zu fields.", p->max_fields)));
			break;
		case IM_CSV_ERR_UNTERMINATED:
			ereport(ERROR,
					(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
					 errmsg("line %zu, field %zu: unterminated quoted field",
							p->err_line, p->err_field),
					 errdetail("The quoted field that starts on line %zu has no closing quote before the end of the input.",
							   p->err_line)));
			break;
		case IM_CSV_ERR_QUOTE_IN_FIELD:
		case IM_CSV_ERR_TEXT_AFTER_QUOTE:
			ereport(ERROR,
					(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
					 errmsg("line %zu, field %zu: %s", p->err_line, p->err_field,
							im_csv_error_text(p->err)),
					 errhint("In CSV, a field containing a double quote must be quoted as a whole, with the quote doubled: \"a \"\"b\"\" c\".")));
			break;
		default:
			elog(ERROR, "unexpected CSV reader error %d", (int) p->err);
	}
}

PG_FUNCTION_INFO_V1(inst_csv_parse);
Datum
inst_csv_parse(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *in = PG_GETARG_TEXT_PP(0);
	char		delim = PG_GETARG_CHAR(1);
	im_csv_options opt;
	im_csv		p;
	MemoryContext rowcxt,
				old;
	Datum	   *elems = NULL;
	size_t		elems_cap = 0;
	int			rc;

	if ((unsigned char) delim >= 0x80 || delim == '\0' || delim == '"' || delim == '\r' ||
		delim == '\n' || delim == 0x1A)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid CSV delimiter"),
				 errdetail("The delimiter must be one ASCII byte other than NUL, CR, LF, 0x1A and the double quote.")));

	InitMaterializedSRF(fcinfo, 0);

	memset(&opt, 0, sizeof(opt));
	opt.delimiter = (unsigned char) delim;
	opt.alloc = csv_palloc;
	opt.realloc = csv_repalloc;
	opt.free = csv_pfree;
	opt.alloc_ctx = CurrentMemoryContext;
	if (im_csv_init(&p, VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), &opt) != IM_CSV_OK)
		elog(ERROR, "CSV reader refused delimiter 0x%02x", (unsigned char) delim);

	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "inst_csv_parse row",
								   ALLOCSET_DEFAULT_SIZES);
	while ((rc = im_csv_next(&p)) == IM_CSV_RECORD)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};
		size_t		i;

		CHECK_FOR_INTERRUPTS();
		if (p.rec_line > (size_t) PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("line %zu: too many lines", p.rec_line)));
		if (p.nfields > elems_cap)
		{
			elems_cap = p.nfields;
			elems = elems ? repalloc(elems, elems_cap * sizeof(Datum))
				: palloc(elems_cap * sizeof(Datum));
		}
		old = MemoryContextSwitchTo(rowcxt);
		for (i = 0; i < p.nfields; i++)
		{
			size_t		len;
			const char *f = im_csv_field_text(&p, i, &len);

			elems[i] = PointerGetDatum(cstring_to_text_with_len(f, (int) len));
		}
		values[0] = Int32GetDatum((int32) p.rec_line);
		values[1] = PointerGetDatum(construct_array(elems, (int) p.nfields, TEXTOID, -1, false,
													TYPALIGN_INT));
		MemoryContextSwitchTo(old);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextReset(rowcxt);
	}
	if (rc == IM_CSV_ERROR)
		csv_report(&p);
	im_csv_free(&p);
	MemoryContextDelete(rowcxt);
	PG_FREE_IF_COPY(in, 0);
	return (Datum) 0;
}
