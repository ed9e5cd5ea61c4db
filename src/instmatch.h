/*
 * instmatch.h - declarations shared by the PostgreSQL-side C files of instmatch.
 */
#ifndef INSTMATCH_H
#define INSTMATCH_H

#include <stddef.h>

/* ereport unless the database encoding is UTF8 */
extern void instmatch_require_utf8(void);

/* ereport for a normalizer return code other than IM_OK */
extern void instmatch_report(int rc, size_t input_bytes);

#endif							/* INSTMATCH_H */
