/*
 * svc_fixture.h - what the unit tests of the services over a real store
 * share (test_council_svc.c, test_talent_svc.c): a store in a fresh
 * temporary folder with a small street seeded, and a caller with one
 * role. Static functions: each test file includes it once; a test's own
 * fixture puts an svc_fixture first.
 */
#ifndef FQ_TEST_SVC_FIXTURE_H
#define FQ_TEST_SVC_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "domain/access.h"
#include "test_tmpdir.h"
#include "store/sqlite_int.h"

/* Street 1 with community 2 (grid 3, building 5, household 9) and
 * community 4; a test adds its persons, accounts and roles. */
#define SVC_FIXTURE_STREET                                                                         \
	"INSERT INTO units(id, parent_id, kind, code, name, path) VALUES"                          \
	" (1, NULL, 'street', 'S', '街道', '/1/'), (2, 1, 'community', 'C', '社区', '/1/2/'),"     \
	" (3, 2, 'grid', 'G', '网格', '/1/2/3/'), (5, 3, 'building', 'B', '楼', '/1/2/3/5/'),"   \
	" (4, 1, 'community', 'C4', '社区四', '/1/4/');"                                          \
	"INSERT INTO households(id, code, building_id, grid_id, address) VALUES"                  \
	" (9, 'H9', 5, 3, '1号');"

typedef struct svc_fixture {
	char dir[TMPDIR_SIZE];
	store *s;
	fq_arena a; /* for what the services read */
} svc_fixture;

static fq_status svc_fixture_seed(store_conn *c, void *sql, fq_err *err)
{
	return conn_exec(c, sql, err);
}

/* Open a store in a new folder and run seed (SQL) in it; 0 or -1. */
static int svc_fixture_open(svc_fixture *f, const char *seed)
{
	char path[128];
	fq_err err = {0};
	if (tmpdir_make(f->dir, "svc") != 0)
		return -1;
	snprintf(path, sizeof path, "%s/s.db", f->dir);
	fq_arena_init(&f->a);
	if (store_open(path, NULL, &f->s, &err) != FQ_OK ||
	    store_write(f->s, svc_fixture_seed, (void *)seed, &err) != FQ_OK)
		return -1;
	return 0;
}

/* Close the store and remove its folder; 0 or -1. */
static int svc_fixture_close(svc_fixture *f)
{
	store_close(f->s);
	fq_arena_free(&f->a);
	return tmpdir_remove(f->dir);
}

/* A new test fixture of size bytes whose first member is an svc_fixture,
 * opened and seeded with seed; NULL on failure. */
static void *svc_fixture_new(size_t size, const char *seed)
{
	svc_fixture *f = calloc(1, size);
	if (f && svc_fixture_open(f, seed) != 0) {
		free(f);
		return NULL;
	}
	return f;
}

/* The cmocka teardown of a fixture made by svc_fixture_new. */
static int svc_fixture_teardown(void **state)
{
	svc_fixture *f = *state;
	int rc = svc_fixture_close(f);
	free(f);
	return rc;
}

/* A caller with one role bound at unit (path). */
static caller svc_fixture_caller(int64_t account, int64_t person, role r, int64_t unit,
				 const char *path)
{
	caller c = {.account_id = account, .person_id = person, .roles = r, .n_roles = 1};
	c.r[0] = (caller_role){.role = r, .unit_id = unit, .path = path};
	return c;
}

#endif
