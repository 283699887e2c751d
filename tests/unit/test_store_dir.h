/*
 * test_store_dir.h - the temporary folder the store tests keep their
 * SQLite files in: made by the group setup, removed with everything in it
 * by the group teardown. Included by test_store.c and test_store_modules.c.
 */
#ifndef FQ_TEST_STORE_DIR_H
#define FQ_TEST_STORE_DIR_H

#include "test_tmpdir.h"

static char dir[TMPDIR_SIZE]; /* the folder, "/tmp/fq-store-XXXXXX" once made */

/* name inside the folder, into out of n bytes. */
static void db_path(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", dir, name);
}

static int setup(void **state)
{
	(void)state;
	return tmpdir_make(dir, "store");
}

static int teardown(void **state)
{
	(void)state;
	return tmpdir_remove(dir);
}

#endif
