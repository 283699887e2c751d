/*
 * store_talent_int.h - private to store_talent.c and store_talent_task.c:
 * the row readers' helpers they share.
 */
#ifndef FQ_STORE_STORE_TALENT_INT_H
#define FQ_STORE_STORE_TALENT_INT_H

#include "store/sqlite_int.h"
#include "store/store_talent.h"

/* FQ_ESTORE when st is NULL (the statement could not be prepared). */
fq_status talent_prepared(sqlite3_stmt *st, fq_err *err);

/* Column i as int64, 0 for NULL. */
int64_t talent_col_int(sqlite3_stmt *st, int i);

/* Bind v, or NULL when v is 0. */
void talent_bind_id(sqlite3_stmt *st, int i, int64_t v);

/* "path%" in the arena for a LIKE prefix test (paths hold no wildcards). */
const char *talent_prefix(fq_arena *a, const char *path);

#endif
