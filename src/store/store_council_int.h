/*
 * store_council_int.h - private to store_council*.c: running a statement
 * that returns one row or many, with a row reader per struct, so each
 * query of the councils is a statement and a reader.
 */
#ifndef FQ_STORE_STORE_COUNCIL_INT_H
#define FQ_STORE_STORE_COUNCIL_INT_H

#include "store/sqlite_int.h"
#include "store/store_council.h"

/* Fill row from the statement's current row with strings in a; return 0,
 * or -1 when out of memory. */
typedef int (*council_row_fn)(fq_arena *a, sqlite3_stmt *st, void *row);

/* Step st (bound already) once: on a row call read into row; FQ_ENOTFOUND
 * naming field when there is none. st is reset. */
fq_status council_one(store_conn *c, fq_arena *a, sqlite3_stmt *st, council_row_fn read,
		      void *row, const char *field, fq_err *err);

/* Step st (bound already) through at most max rows of size bytes each,
 * into an arena array; *out and *n written on success. st is reset. */
fq_status council_many(store_conn *c, fq_arena *a, sqlite3_stmt *st, council_row_fn read,
		       size_t size, size_t max, void **out, size_t *n, fq_err *err);

/* Step st (bound already) for one integer (column 0; 0 when no row). */
fq_status council_int(store_conn *c, sqlite3_stmt *st, int64_t *out, fq_err *err);

/* Bind id, or NULL when it is 0. */
void council_bind_id(sqlite3_stmt *st, int i, int64_t id);

/* Column i as text in a: "" for NULL; sets *bad when out of memory. */
const char *council_text(fq_arena *a, sqlite3_stmt *st, int i, int *bad);

/* The "statement could not be prepared" failure. */
fq_status council_noprep(fq_err *err);

#endif
