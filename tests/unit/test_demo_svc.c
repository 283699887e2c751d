/*
 * test_demo_svc.c - unit tests for src/domain/demo_svc.c over a real store,
 * run as the demo runs it (a write job through svc_write, a read through
 * the store): an account with one role and its caller, an unknown name or
 * request is FQ_ENOTFOUND, a request without co-handlers has no lead, and
 * an empty database has no units, purges nothing, has no closed requests
 * and no figures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "domain/demo_svc.h"
#include "store/store.h"
#include "test_tmpdir.h"

#define NOW 1790000000LL

/* The checks, as the body of one write job. */
typedef struct check_job {
	svc_job job; /* first */
	int64_t id;  /* the account added */
} check_job;

static fq_status accounts_run(store_conn *c, svc_job *job, fq_err *err)
{
	check_job *j = (check_job *)job;
	demosvc_account in = {"demo_admin", "演示管理员", "x", 0, "admin", 0};
	fq_arena a;
	fq_arena_init(&a);
	caller who;
	int64_t id = 0, other = 0;
	assert_int_equal(demosvc_account_add(c, &in, &j->id, err), FQ_OK);
	assert_true(j->id > 0);
	assert_int_equal(demosvc_account_id(c, "demo_admin", &id, err), FQ_OK);
	assert_int_equal(id, j->id);
	assert_int_equal(demosvc_account_id(c, "nobody", &other, err), FQ_ENOTFOUND);
	assert_int_equal(demosvc_caller(c, &a, id, &who, err), FQ_OK);
	assert_string_equal(who.username, "demo_admin");
	assert_true(who.roles & ROLE_ADMIN);
	assert_int_equal(who.n_roles, 1);
	assert_int_equal(who.r[0].unit_id, 0);
	assert_int_not_equal(demosvc_account_add(c, &in, &other, err), FQ_OK); /* name in use */
	fq_arena_free(&a);
	return FQ_OK;
}

static fq_status requests_run(store_conn *c, svc_job *job, fq_err *err)
{
	(void)job;
	fq_arena a;
	fq_arena_init(&a);
	store_request r;
	int64_t unit = -1, purged = 0, ids[4], created[4];
	size_t n = 1;
	assert_int_equal(demosvc_request(c, &a, 999, &r, err), FQ_ENOTFOUND);
	assert_int_equal(demosvc_lead_unit(c, &a, 999, &unit, err), FQ_OK);
	assert_int_equal(unit, 0);
	assert_int_equal(demosvc_live_purge(c, NOW, &purged, err), FQ_OK);
	assert_int_equal(purged, 0);
	assert_int_equal(demosvc_closed_requests(c, "/", ids, created, 4, &n, err), FQ_OK);
	assert_int_equal(n, 0);
	fq_arena_free(&a);
	return FQ_OK;
}

static void test_demo_svc(void **state)
{
	(void)state;
	char dir[TMPDIR_SIZE], path[96];
	assert_int_equal(tmpdir_make(dir, "demosvc"), 0);
	snprintf(path, sizeof path, "%s/s.db", dir);
	store *db = NULL;
	fq_err err = {0};
	assert_int_equal(store_open(path, NULL, &db, &err), FQ_OK);
	int64_t units = -1;
	assert_int_equal(demosvc_units_count(db, &units, &err), FQ_OK);
	assert_int_equal(units, 0);
	check_job j = {.job.run = accounts_run};
	assert_int_equal(svc_write(db, &j.job), FQ_OK);
	check_job r = {.job.run = requests_run};
	assert_int_equal(svc_write(db, &r.job), FQ_OK);
	demosvc_figures f;
	assert_int_equal(demosvc_figures_read(db, 20260101, 20261231, NOW, &f, &err), FQ_OK);
	assert_int_equal(f.counts.intake, 0);
	assert_int_equal(f.open.open, 0);
	store_close(db);
	assert_int_equal(tmpdir_remove(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_svc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
