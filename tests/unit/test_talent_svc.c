/*
 * test_talent_svc.c - unit tests for the talent pool's reads and write
 * jobs (src/domain/talent_svc_read.c, talent_svc_job.c) over a real store
 * in a temporary folder, without HTTP: a pool created and audited in the
 * same transaction, a self-nomination and a recommendation approved by the
 * community, who sees a member, a pool and a page of the list, the
 * caller's own record, a workload by state, and a refused write that
 * leaves no audit row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/talent_svc.h"
#include "svc_fixture.h"

#define NOW 1767225600 /* 2026-01-01T08:00:00+08:00 */

/* Who lives and works there. */
#define SEED SVC_FIXTURE_STREET \
	"INSERT INTO persons(id, household_id, name, phone) VALUES" \
	" (90, 9, '甲', '13800000090'), (91, 9, '乙', NULL);" \
	"INSERT INTO accounts(id, username, display_name, password_hash, person_id) VALUES" \
	" (1, 'com', '社区', 'x', NULL), (10, 'a', '甲', 'x', 90), (20, 'o', '外人', 'x', NULL);" \
	"INSERT INTO account_roles VALUES (1, 'community_officer', 2), (10, 'resident', 3)," \
	" (20, 'community_officer', 4);"

typedef struct fixture {
	svc_fixture sf; /* first */
	caller officer, resident, other;
} fixture;

static int setup(void **state)
{
	fixture *f = svc_fixture_new(sizeof *f, SEED);
	if (!f)
		return -1;
	f->officer = svc_fixture_caller(1, 0, ROLE_COMMUNITY_OFFICER, 2, "/1/2/");
	f->resident = svc_fixture_caller(10, 90, ROLE_RESIDENT, 3, "/1/2/3/");
	f->other = svc_fixture_caller(20, 0, ROLE_COMMUNITY_OFFICER, 4, "/1/4/");
	*state = f;
	return 0;
}

/* A job for op by who on id, made ready to fill. */
static talsvc_job job(fixture *f, talsvc_op op, const caller *who, int64_t id)
{
	talsvc_job j = {.a = &f->sf.a, .who = who, .peer = "127.0.0.1", .now = NOW, .id = id};
	talsvc_job_init(&j, op);
	return j;
}

/* Audit rows of action. */
static int64_t audited(fixture *f, const char *action)
{
	store_conn *c = NULL;
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	assert_int_equal(store_read_begin(f->sf.s, &c), FQ_OK);
	if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM audit_log WHERE action = ?1", -1, &st,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	store_read_end(f->sf.s, c);
	return n;
}

/* The pool of community 2, by its officer. */
static int64_t pool(fixture *f)
{
	talsvc_job j = job(f, TALSVC_POOL_CREATE, &f->officer, 0);
	j.in.pool.unit_id = 2;
	assert_int_equal(svc_write(f->sf.s, &j.job), FQ_OK);
	assert_true(j.id > 0);
	return j.id;
}

static void test_pool(void **state)
{
	fixture *f = *state;
	int64_t id = pool(f);
	assert_int_equal(audited(f, "talent.pool.create"), 1);
	fq_err err = {0};
	store_talent_pool p;
	assert_int_equal(talsvc_pool_get(f->sf.s, &f->sf.a, id, &p, &err), FQ_OK);
	assert_string_equal(p.name, "社区群英库");
	/* a second pool of the unit is refused, and not audited */
	talsvc_job j = job(f, TALSVC_POOL_CREATE, &f->officer, 0);
	j.in.pool.unit_id = 2;
	assert_int_equal(svc_write(f->sf.s, &j.job), FQ_ECONFLICT);
	assert_int_equal(audited(f, "talent.pool.create"), 1);
	/* a resident below sees it; the other community's officer does not */
	store_talent_pool *rows = NULL;
	size_t n = 0;
	assert_int_equal(talsvc_pools(f->sf.s, &f->sf.a, &f->resident, &rows, &n, &err), FQ_OK);
	assert_int_equal(n, 1);
	assert_int_equal(talsvc_pools(f->sf.s, &f->sf.a, &f->other, &rows, &n, &err), FQ_OK);
	assert_int_equal(n, 0);
}

static void test_members(void **state)
{
	fixture *f = *state;
	int64_t p = pool(f);
	fq_err err = {0};
	talsvc_member_view v;
	/* no member yet */
	assert_int_equal(talsvc_me(f->sf.s, &f->sf.a, &f->resident, &v, &err), FQ_ENOTFOUND);
	talsvc_job self = job(f, TALSVC_ENROL, &f->resident, 0);
	self.in.enrol = (talsvc_enrol_in){.pool_id = p, .enrolment = TALENT_SELF_NOMINATION};
	assert_int_equal(svc_write(f->sf.s, &self.job), FQ_OK);
	talsvc_job rec = job(f, TALSVC_ENROL, &f->officer, 0);
	rec.in.enrol = (talsvc_enrol_in){.pool_id = p, .person_id = 91,
					 .enrolment = TALENT_RECOMMENDATION};
	assert_int_equal(svc_write(f->sf.s, &rec.job), FQ_OK);
	assert_int_equal(audited(f, "talent.enrol"), 2);
	/* only the community approves */
	talsvc_job d = job(f, TALSVC_DECIDE, &f->resident, self.id);
	d.in.decide.d = TALENT_APPROVE;
	assert_int_equal(svc_write(f->sf.s, &d.job), FQ_EFORBIDDEN);
	d = job(f, TALSVC_DECIDE, &f->officer, self.id);
	d.in.decide.d = TALENT_APPROVE;
	assert_int_equal(svc_write(f->sf.s, &d.job), FQ_OK);
	assert_int_equal(audited(f, "talent.approve"), 1);
	assert_int_equal(talsvc_me(f->sf.s, &f->sf.a, &f->resident, &v, &err), FQ_OK);
	assert_int_equal(v.t.id, self.id);
	assert_string_equal(v.t.status, "approved");
	/* the other member is out of the resident's sight, and the other officer's */
	assert_int_equal(talsvc_member(f->sf.s, &f->sf.a, &f->resident, rec.id, &v, &err), FQ_ENOTFOUND);
	assert_int_equal(talsvc_member(f->sf.s, &f->sf.a, &f->other, self.id, &v, &err), FQ_ENOTFOUND);
	assert_int_equal(talsvc_member(f->sf.s, &f->sf.a, &f->officer, rec.id, &v, &err), FQ_OK);
	/* a page of one continues after its row; the next holds the other */
	store_talent_filter lf = {.limit = 1};
	talsvc_page page;
	assert_int_equal(talsvc_list(f->sf.s, &f->sf.a, &f->officer, &lf, &page, &err), FQ_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.last_id, ((store_talent *)page.rows)[0].id);
	lf = (store_talent_filter){.limit = 1, .after_id = page.last_id};
	assert_int_equal(talsvc_list(f->sf.s, &f->sf.a, &f->officer, &lf, &page, &err), FQ_OK);
	assert_int_equal(page.n, 1);
	lf = (store_talent_filter){.limit = 5};
	assert_int_equal(talsvc_list(f->sf.s, &f->sf.a, &f->other, &lf, &page, &err), FQ_OK);
	assert_int_equal(page.n, 0);
	assert_int_equal(page.last_id, 0);
	talsvc_workload w;
	assert_int_equal(talsvc_workload_get(f->sf.s, &f->sf.a, &f->resident, self.id, &w, &err), FQ_OK);
	for (int i = 0; i < TALENT_TASK_STATE_COUNT; i++)
		assert_int_equal(w.counts[i], 0);
	assert_int_equal(w.n_recent, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pool, setup, svc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_members, setup, svc_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
