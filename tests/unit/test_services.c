/*
 * test_services.c - the services that api/ reaches without the store
 * (auth_svc, catalogue_svc, org_svc, search_svc, stats_svc, system_svc, and
 * the requests service's reads and jobs of requests_jobs.c), each against
 * a real SQLite file in a temporary directory: reads that take the store
 * and writes as jobs through svc_write, as a command would call them.
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

#include "domain/auth_svc.h"
#include "domain/catalogue_svc.h"
#include "domain/org_svc.h"
#include "domain/requests.h"
#include "domain/search_svc.h"
#include "domain/stats_svc.h"
#include "domain/system_svc.h"
#include "store/sqlite_int.h"
#include "test_tmpdir.h"

#define PASSWORD "correct horse"

typedef struct fixture {
	char dir[TMPDIR_SIZE];
	store *s;
	fq_arena arena;
	caller admin; /* an admin of the whole deployment */
	caller gw;    /* a grid worker of grid 3 */
} fixture;

static fq_status seed_tx(store_conn *c, void *arg, fq_err *err)
{
	const char *hash = arg;
	int64_t id = 0;
	fq_status st = conn_exec(
		c,
		"INSERT INTO units(id, parent_id, kind, code, name, path) VALUES"
		" (1, NULL, 'street', 'S', '街道', '/1/'), (2, 1, 'community', 'C', '社区', '/1/2/'),"
		" (3, 2, 'grid', 'G', '网格', '/1/2/3/'), (4, 3, 'building', 'B', '楼', '/1/2/3/4/');"
		"INSERT INTO households(id, code, building_id, grid_id, address) VALUES"
		" (9, 'H9', 4, 3, '1号');"
		"INSERT INTO persons(id, household_id, name, phone) VALUES (90, 9, '张三', '13800000090');",
		err);
	if (st == FQ_OK)
		st = store_account_insert(c, "admin", "管理员", hash, 0, &id, err);
	if (st == FQ_OK)
		st = store_account_role_add(c, id, "admin", 0, err);
	return st;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	char hash[AUTH_HASH_MAX], path[128];
	fq_err err = {0};
	if (!f)
		return -1;
	fq_arena_init(&f->arena);
	if (tmpdir_make(f->dir, "services") != 0 || auth_hash_password(PASSWORD, hash, &err) != FQ_OK)
		return -1;
	snprintf(path, sizeof path, "%s/s.db", f->dir);
	if (store_open(path, NULL, &f->s, &err) != FQ_OK ||
	    catalogue_seed_if_empty(f->s, &err) != FQ_OK ||
	    store_write(f->s, seed_tx, hash, &err) != FQ_OK)
		return -1;
	f->admin = (caller){.account_id = 1, .roles = ROLE_ADMIN, .n_roles = 1};
	f->admin.r[0] = (caller_role){.role = ROLE_ADMIN, .unit_id = 0, .path = "/"};
	f->gw = (caller){.account_id = 2, .roles = ROLE_GRID_WORKER, .n_roles = 1};
	f->gw.r[0] = (caller_role){.role = ROLE_GRID_WORKER, .unit_id = 3, .path = "/1/2/3/"};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_close(f->s);
	fq_arena_free(&f->arena);
	int rc = tmpdir_remove(f->dir);
	free(f);
	return rc;
}

/* ---- auth_svc ------------------------------------------------------------- */

static void test_login_session_logout(void **state)
{
	fixture *f = *state;
	fq_err err = {0};
	authsvc_login_job j;
	assert_int_equal(authsvc_login(f->s, &f->arena, "admin", PASSWORD, "127.0.0.1", 1000,
				       5000, &j, &err),
			 FQ_OK);
	assert_null(j.failure);
	assert_non_null(j.who);
	assert_int_equal(svc_write(f->s, &j.job), FQ_OK);
	caller who;
	assert_int_equal(authsvc_session_caller(f->s, &f->arena, j.hash, 2000, &who, &err), FQ_OK);
	assert_int_equal(who.account_id, j.account_id);
	assert_string_equal(who.csrf, j.csrf);
	assert_int_equal(who.session_expires_at, 5000);
	assert_int_equal(authsvc_session_caller(f->s, &f->arena, j.hash, 5000, &who, &err),
			 FQ_EUNAUTH); /* expired */
	authsvc_logout_job out;
	assert_int_equal(authsvc_logout_job_init(&out, &f->arena, j.who, j.token, "127.0.0.1"),
			 FQ_OK);
	assert_int_equal(svc_write(f->s, &out.job), FQ_OK);
	assert_int_equal(authsvc_session_caller(f->s, &f->arena, j.hash, 2000, &who, &err),
			 FQ_EUNAUTH);
}

static void test_login_refused(void **state)
{
	fixture *f = *state;
	fq_err err = {0};
	authsvc_login_job j;
	assert_int_equal(authsvc_login(f->s, &f->arena, "admin", "wrong password", "::1", 1000,
				       5000, &j, &err),
			 FQ_OK);
	assert_string_equal(j.failure, "wrong password");
	assert_null(j.who);
	assert_int_equal(svc_write(f->s, &j.job), FQ_OK); /* the refusal is audited */
	assert_int_equal(authsvc_login(f->s, &f->arena, "nobody", PASSWORD, "::1", 1000, 5000,
				       &j, &err),
			 FQ_OK);
	assert_string_equal(j.failure, "unknown username");
	assert_int_equal(j.account_id, 0);
}

static void test_accounts_by_scope(void **state)
{
	fixture *f = *state;
	fq_err err = {0};
	store_account *rows = NULL;
	size_t n = 9;
	store_account_filter page = {.limit = 10};
	assert_int_equal(authsvc_accounts(f->s, &f->arena, &f->admin, &page, &rows, &n, &err),
			 FQ_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].username, "admin");
	assert_int_equal(authsvc_accounts(f->s, &f->arena, &f->gw, &page, &rows, &n, &err), FQ_OK);
	assert_int_equal(n, 0); /* no admin binding */
	page.q = "dmi"; /* a part of the username */
	assert_int_equal(authsvc_accounts(f->s, &f->arena, &f->admin, &page, &rows, &n, &err),
			 FQ_OK);
	assert_int_equal(n, 1);
	page.q = "nobody";
	assert_int_equal(authsvc_accounts(f->s, &f->arena, &f->admin, &page, &rows, &n, &err),
			 FQ_OK);
	assert_int_equal(n, 0);
	page.q = NULL; /* a pick list needs the text */
	assert_int_equal(authsvc_account_lookup(f->s, &f->arena, &f->gw, &page, &rows, &n, &err),
			 FQ_EINVAL);
	assert_string_equal(err.field, "q");
	page.q = "adm";
	page.role = "admin";
	assert_int_equal(authsvc_account_lookup(f->s, &f->arena, &f->gw, &page, &rows, &n, &err), FQ_OK);
	assert_int_equal(n, 1);
	page.role = "mediator";
	assert_int_equal(authsvc_account_lookup(f->s, &f->arena, &f->gw, &page, &rows, &n, &err), FQ_OK);
	assert_int_equal(n, 0);
}

/* ---- catalogue_svc ------------------------------------------------------------ */

static void test_category_create_and_update(void **state)
{
	fixture *f = *state;
	fq_err err = {0};
	store_category *rows = NULL;
	size_t n = 0;
	assert_int_equal(catsvc_categories(f->s, &f->arena, &rows, &n, &err), FQ_OK);
	assert_true(n > 0);
	assert_int_equal(rows[0].parent_id, 0); /* top classes first */
	catsvc_category_job j = {0};
	catsvc_category_job_init(&j, 1);
	j.arena = &f->arena;
	j.by.account_id = 1;
	j.edit = (catsvc_edit){.parent_id = rows[0].id, .name = "新类", .start_level = -1,
			       .priority = -1, .active = -1};
	j.edit.code = fq_arena_printf(&f->arena, "%s.new", rows[0].code);
	assert_int_equal(svc_write(f->s, &j.job), FQ_OK);
	assert_true(j.id > 0);
	assert_string_equal(j.result.name, "新类");
	assert_int_equal(j.result.start_level, rows[0].start_level); /* from its class */

	catsvc_category_job u = {0};
	catsvc_category_job_init(&u, 0);
	u.arena = &f->arena;
	u.id = j.id;
	u.edit = (catsvc_edit){.name = "改名", .start_level = -1, .priority = -1, .active = 0};
	assert_int_equal(svc_write(f->s, &u.job), FQ_OK);
	assert_string_equal(u.result.name, "改名");
	assert_int_equal(u.result.active, 0);

	u.id = 999999;
	assert_int_equal(svc_write(f->s, &u.job), FQ_ENOTFOUND);
	assert_string_equal(u.job.err.field, "id");
}

static void test_calendar_day(void **state)
{
	fixture *f = *state;
	fq_err err = {0};
	cal_entry *rows = NULL;
	size_t n = 0, before = 0;
	assert_int_equal(catsvc_calendar(f->s, &f->arena, 2031, &rows, &before, &err), FQ_OK);
	catsvc_day_job j = {0};
	catsvc_day_job_init(&j);
	j.entry = (cal_entry){.date = 20310105, .kind = CAL_HOLIDAY, .name = "测试"};
	assert_int_equal(svc_write(f->s, &j.job), FQ_OK);
	assert_int_equal(catsvc_calendar(f->s, &f->arena, 2031, &rows, &n, &err), FQ_OK);
	assert_int_equal(n, before + 1);
	j.remove = 1;
	assert_int_equal(svc_write(f->s, &j.job), FQ_OK);
	assert_int_equal(catsvc_calendar(f->s, &f->arena, 2031, &rows, &n, &err), FQ_OK);
	assert_int_equal(n, before);
}

/* ---- org_svc --------------------------------------------------------------------- */

static void test_org_reads(void **state)
{
	fixture *f = *state;
	fq_err err = {0};
	orgsvc_unit u;
	assert_int_equal(orgsvc_unit_get(f->s, &f->arena, 3, &u, &err), FQ_OK);
	assert_int_equal(u.depth, 3);
	assert_string_equal(u.chain[0].code, "S");
	assert_int_equal(u.households, 1);
	assert_int_equal(orgsvc_unit_get(f->s, &f->arena, 77, &u, &err), FQ_ENOTFOUND);
	assert_string_equal(err.field, "id");

	orgsvc_household h;
	assert_int_equal(orgsvc_household_get(f->s, &f->arena, &f->gw, 9, &h, &err), FQ_OK);
	assert_int_equal(h.n_persons, 1);
	store_poster_building b;
	assert_int_equal(orgsvc_poster_building(f->s, &f->arena, 4, &b, &err), FQ_OK);
	assert_int_equal(orgsvc_poster_building(f->s, &f->arena, 3, &b, &err), FQ_ENOTFOUND);
}

static void test_reveal_is_audited(void **state)
{
	fixture *f = *state;
	fq_err err = {0};
	orgsvc_reveal_job j;
	assert_int_equal(orgsvc_reveal(f->s, &f->arena, &f->admin, 90, ORG_FIELD_PHONE, "::1", &j,
				       &err),
			 FQ_OK);
	assert_string_equal(j.phone, "13800000090");
	assert_string_equal(j.subject, "person:90");
	assert_string_equal(j.detail, "phone");
	assert_int_equal(svc_write(f->s, &j.job), FQ_OK);
	assert_int_equal(orgsvc_reveal(f->s, &f->arena, &f->admin, 91, ORG_FIELD_PHONE, "::1", &j,
				       &err),
			 FQ_ENOTFOUND);
}

/* ---- search_svc ------------------------------------------------------------------- */

static void test_search_refs(void **state)
{
	fixture *f = *state;
	fq_err err = {0};
	store_search_filter flt = {.limit = 10};
	store_search_row *rows = NULL;
	size_t n = 9;
	int more = 1;
	srchsvc_refs refs = {.unit_id = 3};
	assert_int_equal(srchsvc_requests(f->s, &f->arena, &f->gw, &refs, &flt, &rows, &n, &more,
					  &err),
			 FQ_OK);
	assert_int_equal(n, 0);
	assert_string_equal(flt.unit_path, "/1/2/3/");
	refs = (srchsvc_refs){.category = "no.such"};
	assert_int_equal(srchsvc_requests(f->s, &f->arena, &f->gw, &refs, &flt, &rows, &n, &more,
					  &err),
			 FQ_EINVAL);
	assert_string_equal(err.field, "category");
	char *data = NULL;
	size_t len = 0;
	refs = (srchsvc_refs){0};
	assert_int_equal(srchsvc_export(f->s, &f->arena, &f->gw, &refs, &flt, SHEET_CSV, &data,
					&len, &err),
			 FQ_OK);
	assert_true(len > 0); /* the header row */
	free(data);
}

/* ---- requests_jobs ----------------------------------------------------------------- */

static void test_request_jobs_refuse(void **state)
{
	fixture *f = *state;
	fq_err err = {0};
	reqsvc_summary sum;
	assert_int_equal(reqsvc_summary_get(f->s, &f->arena, &f->admin, 5, &sum, &err),
			 FQ_ENOTFOUND);
	reqsvc_merge_many_job m = {.who = &f->admin, .merge_into = 1, .n = 0, .now = 1000};
	reqsvc_merge_many_job_init(&m);
	assert_int_equal(svc_write(f->s, &m.job), FQ_EINVAL); /* an empty list */
	assert_string_equal(m.job.err.field, "ids");
	reqsvc_action_job a = {.who = &f->gw, .id = 5, .now = 1000};
	reqsvc_action_job_init(&a);
	a.act = (req_action){.kind = REQ_ACT_ACCEPT, .now = 1000};
	assert_int_equal(svc_write(f->s, &a.job), FQ_ENOTFOUND); /* no such request */
}

/* ---- stats_svc and system_svc ------------------------------------------------------ */

static void test_stats_scope(void **state)
{
	fixture *f = *state;
	fq_err err = {0};
	statsvc_overview o;
	assert_int_equal(statsvc_overview_get(f->s, &f->arena, &f->gw, -1, 1000, &o, &err), FQ_OK);
	assert_int_equal(o.unit.id, 3); /* the caller's widest unit */
	assert_int_equal(o.open.open, 0);
	assert_int_equal(statsvc_overview_get(f->s, &f->arena, &f->gw, 1, 1000, &o, &err),
			 FQ_ENOTFOUND);
	statsvc_query q = {.from = 20260101, .to = 20260131, .by = STATS_BY_DAY};
	statsvc_report rep;
	assert_int_equal(statsvc_query_run(f->s, &f->arena, &f->gw, 4, &q, &rep, &err), FQ_EINVAL);
	assert_string_equal(err.field, "unit"); /* a building keeps no counters */
	assert_int_equal(statsvc_query_run(f->s, &f->arena, &f->gw, 3, &q, &rep, &err), FQ_OK);
	assert_int_equal(rep.total.intake, 0);

	syssvc_stats s;
	syssvc_store_stats(f->s, &s);
	assert_true(s.transactions > 0);
	assert_true(syssvc_schema_version(f->s) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_login_session_logout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_by_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_category_create_and_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calendar_day, setup, teardown),
		cmocka_unit_test_setup_teardown(test_org_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reveal_is_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_refs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request_jobs_refuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_scope, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
