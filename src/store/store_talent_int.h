/*
 * store_talent_int.h - private to store_talent.c and store_talent_task.c:
 * the row readers' helpers they share.
 */
#ifndef FQ_STORE_STORE_TALENT_INT_H
#define FQ_STORE_STORE_TALENT_INT_H

#include "store/sqlite_int.h"
#include "store/store_talent.h"

typedef void (*talent_row_reader)(fq_arena *a, sqlite3_stmt *st, void *row);

/* FQ_ESTORE when st is NULL (the statement could not be prepared). */
fq_status talent_prepared(sqlite3_stmt *st, fq_err *err);

/* Step st once: the row through read into row, FQ_ENOTFOUND naming field
 * ("no such <what>") when there is none. Resets st. */
fq_status talent_fetch_one(store_conn *c, fq_arena *a, sqlite3_stmt *st, talent_row_reader read,
			   void *row, const char *field, const char *what, fq_err *err);

/* Step st up to max rows of row_size each into an arena array. Resets st. */
fq_status talent_collect(store_conn *c, fq_arena *a, sqlite3_stmt *st, size_t max,
			 size_t row_size, talent_row_reader read, void **out, size_t *n,
			 fq_err *err);

/* Column i as int64, 0 for NULL. */
int64_t talent_col_int(sqlite3_stmt *st, int i);

/* Bind v, or NULL when v is 0. */
void talent_bind_id(sqlite3_stmt *st, int i, int64_t v);

/* "path%" in the arena for a LIKE prefix test (paths hold no wildcards). */
const char *talent_prefix(fq_arena *a, const char *path);

#endif
