/*
 * store_talent_int.h - private to store_talent.c and store_talent_task.c:
 * the path prefix they both bind (the rows are read with the helpers of
 * sqlite_int.h).
 */
#ifndef FQ_STORE_STORE_TALENT_INT_H
#define FQ_STORE_STORE_TALENT_INT_H

#include "store/sqlite_int.h"
#include "store/store_talent.h"

/* "path%" in the arena for a LIKE prefix test (paths hold no wildcards). */
const char *talent_prefix(fq_arena *a, const char *path);

#endif
