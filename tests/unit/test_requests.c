/*
 * test_requests.c - unit tests for the requests service (src/domain/
 * requests*.c over src/store/store_requests.c): channels, numbers,
 * distances and fingerprints; how each kind of caller stands to a request
 * (scope, holder, reporter, 邻长 link, co-handling department, routers
 * above their level); the actions offered; the capacity of an assignee;
 * and, over a real store, intake by hotline, idempotency, system
 * escalation up the ladder with its counters and outbox rows, the top of
 * the ladder changing nothing, and scope for a human actor.
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

#include "domain/requests.h"
#include "store/sqlite_int.h"

#define NOW 1767225600 /* 2026-01-01T08:00:00+08:00 */

/* ---- pure helpers ------------------------------------------------------ */

static void test_channels(void **state)
{
	(void)state;
	for (int ch = REQSVC_CH_NONE + 1; ch < REQSVC_CH_COUNT; ch++)
		assert_int_equal(reqsvc_channel_parse(reqsvc_channel_name((reqsvc_channel)ch)), ch);
	assert_string_equal(reqsvc_channel_name(REQSVC_CH_PROXY), "proxy");
	assert_int_equal(reqsvc_channel_parse("fax"), REQSVC_CH_NONE);
	assert_int_equal(reqsvc_channel_parse(NULL), REQSVC_CH_NONE);
	assert_null(reqsvc_channel_name(REQSVC_CH_COUNT));
}

static void test_numbers(void **state)
{
	(void)state;
	char n[REQSVC_NUMBER_SIZE];
	fq_err err = {0};
	assert_int_equal(reqsvc_number_format(20261123, 123, n, &err), FQ_OK);
	assert_string_equal(n, "FQ20261123000123");
	assert_int_equal(reqsvc_number_seq(n, 20261123), 123);
	assert_int_equal(reqsvc_number_format(20261123, REQSVC_SEQ_MAX, n, &err), FQ_OK);
	assert_string_equal(n, "FQ20261123999999");
	assert_int_equal(reqsvc_number_seq(n, 20261123), REQSVC_SEQ_MAX);
	assert_int_equal(reqsvc_number_seq(n, 20261124), 0);
	assert_int_equal(reqsvc_number_seq("FQ2026112300012", 20261123), 0);
	assert_int_equal(reqsvc_number_seq("FQ2026112300012x", 20261123), 0);
	assert_int_equal(reqsvc_number_seq(NULL, 20261123), 0);
	assert_int_equal(reqsvc_number_format(20261123, 0, n, &err), FQ_EINVAL);
	assert_int_equal(reqsvc_number_format(20261123, REQSVC_SEQ_MAX + 1, n, &err), FQ_EINVAL);
	assert_int_equal(reqsvc_number_format(20260229, 1, n, &err), FQ_EINVAL);
	assert_string_equal(err.field, "number");
}

static void test_distance(void **state)
{
	(void)state;
	assert_true(reqsvc_distance_m(34.6, 112.4, 34.6, 112.4) == 0);
	double north = reqsvc_distance_m(34.6, 112.4, 34.601, 112.4);
	assert_true(north > 111.0 && north < 111.7);
	/* a thousandth of a degree east is shorter by cos(34.6°) ≈ 0.823 */
	double east = reqsvc_distance_m(34.6, 112.4, 34.6, 112.401);
	assert_true(east > 91.2 && east < 92.0);
	assert_true(reqsvc_distance_m(34.6, 112.401, 34.6, 112.4) == east);
}

static void test_fingerprint(void **state)
{
	(void)state;
	char a[REQSVC_FINGERPRINT_SIZE], b[REQSVC_FINGERPRINT_SIZE];
	reqsvc_fingerprint("abc", 3, a);
	assert_string_equal(a, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	reqsvc_fingerprint("abd", 3, b);
	assert_string_not_equal(a, b);
	assert_int_equal(strlen(b), REQSVC_FINGERPRINT_SIZE - 1);
}

static void test_assignee_role(void **state)
{
	(void)state;
	assert_int_equal(reqsvc_assignee_role(1, ROLE_LEADER | ROLE_RESIDENT), ROLE_LEADER);
	assert_int_equal(reqsvc_assignee_role(1, ROLE_BUILDING_LEADER), ROLE_BUILDING_LEADER);
	assert_int_equal(reqsvc_assignee_role(1, ROLE_RESIDENT), ROLE_LEADER);
	assert_int_equal(reqsvc_assignee_role(2, ROLE_GRID_WORKER | ROLE_LEADER), ROLE_GRID_WORKER);
	assert_int_equal(reqsvc_assignee_role(3, 0), ROLE_COMMUNITY_OFFICER);
	assert_int_equal(reqsvc_assignee_role(4, ROLE_DEPARTMENT_OFFICER), ROLE_DEPARTMENT_OFFICER);
	assert_int_equal(reqsvc_assignee_role(4, ROLE_DISPATCHER | ROLE_DEPARTMENT_OFFICER),
			 ROLE_DISPATCHER);
	assert_int_equal(reqsvc_assignee_role(5, ROLE_DISPATCHER), 0);
}

/* ---- standing ------------------------------------------------------------ */

#define GRID_PATH "/1/2/10/"
#define BUILDING_PATH "/1/2/10/20/"

/* A caller with one role bound at path (unit id from the last segment). */
static caller one_role(int64_t account, role r, int64_t unit, const char *path)
{
	caller c = {.account_id = account, .roles = r, .n_roles = 1};
	c.r[0] = (caller_role){.role = r, .unit_id = unit, .path = path};
	return c;
}

static const store_req_cohandler DEPTS[] = {{30, 1, "城管"}, {31, 0, "住建"}};

static reqsvc_facts facts(int level)
{
	return (reqsvc_facts){.unit_path = GRID_PATH, .building_path = BUILDING_PATH,
			      .level = level, .assignee_account_id = 50,
			      .reporter_account_id = 60, .reporter_person_id = 600,
			      .cohandlers = DEPTS, .n_cohandlers = 2};
}

static reqsvc_standing stand(const caller *c, const reqsvc_facts *f)
{
	reqsvc_standing s;
	reqsvc_stand(c, f, &s);
	return s;
}

static void test_stand_grid_worker(void **state)
{
	(void)state;
	caller gw = one_role(1, ROLE_GRID_WORKER, 10, GRID_PATH);
	reqsvc_facts f = facts(2);
	reqsvc_standing s = stand(&gw, &f);
	assert_true(s.visible && s.staff);
	assert_int_equal(s.rel, REQ_REL_HOLDER);
	assert_true(s.roles & ROLE_GRID_WORKER);
	/* above the grid: still seen, no longer held or routed */
	f.level = 3;
	s = stand(&gw, &f);
	assert_true(s.visible);
	assert_int_equal(s.rel, 0);
	assert_int_equal(s.roles & ROLE_GRID_WORKER, 0);
	/* another grid */
	caller other = one_role(2, ROLE_GRID_WORKER, 11, "/1/2/11/");
	f.level = 2;
	assert_false(stand(&other, &f).visible);
	/* a prefix that is not an ancestor */
	caller near = one_role(3, ROLE_GRID_WORKER, 1, "/1/2/1/");
	assert_false(stand(&near, &f).visible);
}

static void test_stand_holders_by_level(void **state)
{
	(void)state;
	caller com = one_role(1, ROLE_COMMUNITY_OFFICER, 2, "/1/2/");
	caller disp = one_role(2, ROLE_DISPATCHER, 1, "/1/");
	reqsvc_facts f = facts(3);
	assert_int_equal(stand(&com, &f).rel, REQ_REL_HOLDER);
	assert_int_equal(stand(&disp, &f).rel, 0);
	f.level = 4;
	assert_int_equal(stand(&com, &f).rel, 0);
	assert_int_equal(stand(&com, &f).roles & ROLE_COMMUNITY_OFFICER, 0);
	assert_int_equal(stand(&disp, &f).rel, REQ_REL_HOLDER);
	/* level 1: only the assignee holds it */
	f.level = 1;
	caller lead = one_role(50, ROLE_LEADER, 10, GRID_PATH);
	reqsvc_standing s = stand(&lead, &f);
	assert_int_equal(s.rel, REQ_REL_HOLDER);
	assert_true(s.roles & ROLE_LEADER);
	caller gw = one_role(7, ROLE_GRID_WORKER, 10, GRID_PATH);
	assert_int_equal(stand(&gw, &f).rel, 0);
	assert_true(stand(&gw, &f).visible);
}

static void test_stand_reporter_and_link(void **state)
{
	(void)state;
	reqsvc_facts f = facts(2);
	caller typed = one_role(60, ROLE_RESIDENT, 10, GRID_PATH);
	reqsvc_standing s = stand(&typed, &f);
	assert_true(s.visible);
	assert_int_equal(s.rel, REQ_REL_REPORTER);
	assert_int_equal(s.roles & ROLE_GRID_WORKER, 0);
	assert_true(s.roles & ROLE_RESIDENT);
	caller person = one_role(61, ROLE_RESIDENT, 10, GRID_PATH);
	person.person_id = 600;
	assert_int_equal(stand(&person, &f).rel, REQ_REL_REPORTER);
	caller neighbour = one_role(62, ROLE_RESIDENT, 10, GRID_PATH);
	neighbour.person_id = 601;
	assert_false(stand(&neighbour, &f).visible);
	caller leader = one_role(63, ROLE_LEADER, 10, GRID_PATH);
	assert_false(stand(&leader, &f).visible);
	f.linked = true;
	s = stand(&leader, &f);
	assert_true(s.visible && s.linked);
	assert_int_equal(s.rel, 0);
	caller bld = one_role(64, ROLE_BUILDING_LEADER, 20, BUILDING_PATH);
	f.linked = false;
	assert_true(stand(&bld, &f).visible);
	f.building_path = "/1/2/10/21/";
	assert_false(stand(&bld, &f).visible);
	assert_false(stand(NULL, &f).visible);
}

static void test_stand_cohandler(void **state)
{
	(void)state;
	reqsvc_facts f = facts(4);
	caller dept = one_role(70, ROLE_DEPARTMENT_OFFICER, 31, "/1/31/");
	reqsvc_standing s = stand(&dept, &f);
	assert_true(s.visible && s.cohandler);
	assert_false(s.staff);
	assert_int_equal(s.rel, 0);
	caller other = one_role(71, ROLE_DEPARTMENT_OFFICER, 32, "/1/32/");
	assert_false(stand(&other, &f).visible);
}

static void test_actions(void **state)
{
	(void)state;
	reqsvc_facts f = facts(4);
	req_state_in cur = {.id = 1, .state = REQ_DISPATCHED, .level = 4};
	caller dept = one_role(70, ROLE_DEPARTMENT_OFFICER, 30, "/1/30/");
	reqsvc_standing s = stand(&dept, &f);
	assert_int_equal(reqsvc_actions(&cur, &s), 1u << REQ_ACT_ACCEPT);
	cur.state = REQ_ACCEPTED;
	assert_int_equal(reqsvc_actions(&cur, &s), 1u << REQ_ACT_RESOLVE);
	caller disp = one_role(2, ROLE_DISPATCHER, 1, "/1/");
	s = stand(&disp, &f);
	unsigned set = reqsvc_actions(&cur, &s);
	assert_true(set & REQSVC_ACT_COHANDLERS);
	assert_true(set & (1u << REQ_ACT_RESOLVE));
	assert_false(set & (1u << REQ_ACT_ESCALATE)); /* the top of the ladder */
	cur.level = 3;
	f.level = 3;
	s = stand(&disp, &f);
	assert_false(reqsvc_actions(&cur, &s) & REQSVC_ACT_COHANDLERS);
	caller res = one_role(60, ROLE_RESIDENT, 10, GRID_PATH);
	cur.state = REQ_RESOLVED;
	s = stand(&res, &f);
	assert_int_equal(reqsvc_actions(&cur, &s), 1u << REQ_ACT_RATE);
}

/* ---- over a real store ---------------------------------------------------- */

static fq_status seed_tx(store_conn *c, void *arg, fq_err *err)
{
	(void)arg;
	return conn_exec(
		c,
		"INSERT INTO units(id, parent_id, kind, code, name, path) VALUES"
		" (1, NULL, 'street', 'S', '街道', '/1/'), (2, 1, 'community', 'C', '社区', '/1/2/'),"
		" (3, 2, 'grid', 'G', '网格', '/1/2/3/'), (4, 3, 'building', 'B', '楼', '/1/2/3/4/'),"
		" (5, 2, 'grid', 'G5', '网格5', '/1/2/5/');"
		"INSERT INTO households(id, code, building_id, grid_id, address) VALUES"
		" (9, 'H9', 4, 3, '1号');"
		"INSERT INTO persons(id, household_id, name, phone) VALUES (90, 9, '张三', '13800000090');"
		"INSERT INTO accounts(id, username, display_name, password_hash) VALUES"
		" (1, 'gw', '网格员', 'x'), (2, 'com', '社区', 'x'), (3, 'disp', '指挥中心', 'x');"
		"INSERT INTO account_roles VALUES (1, 'grid_worker', 3), (2, 'community_officer', 2),"
		" (3, 'dispatcher', 1);"
		"INSERT INTO categories(id, code, name, start_level) VALUES (1, 'x.y', '测试', 2);"
		"INSERT INTO category_limits VALUES (1, 2, 4, 'hours', 2, 'workdays'),"
		" (1, 3, 8, 'hours', 3, 'workdays');",
		err);
}

typedef struct fixture {
	char dir[64];
	store *s;
	caller disp;
} fixture;

static int setup_store(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/fq-requests-XXXXXX");
	if (!f || !mkdtemp(f->dir))
		return -1;
	char path[128];
	snprintf(path, sizeof path, "%s/r.db", f->dir);
	fq_err err = {0};
	if (store_open(path, NULL, &f->s, &err) != FQ_OK ||
	    store_write(f->s, seed_tx, NULL, &err) != FQ_OK)
		return -1;
	f->disp = one_role(3, ROLE_DISPATCHER, 1, "/1/");
	*state = f;
	return 0;
}

static int teardown_store(void **state)
{
	fixture *f = *state;
	store_close(f->s);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	int rc = system(cmd);
	free(f);
	return rc == 0 ? 0 : -1;
}

typedef struct create_job {
	reqsvc_plan *plan;
	const char *key, *fingerprint;
	int64_t replayed;
} create_job;

static fq_status create_tx(store_conn *c, void *arg, fq_err *err)
{
	create_job *j = arg;
	return reqsvc_create(c, j->plan, j->key, j->fingerprint, &j->replayed, err);
}

typedef struct apply_job {
	int64_t id;
	reqsvc_actor actor;
	req_action act;
} apply_job;

static fq_status apply_tx(store_conn *c, void *arg, fq_err *err)
{
	apply_job *j = arg;
	return reqsvc_apply(c, j->id, &j->actor, &j->act, NULL, err);
}

/* A hotline request by the dispatcher at building 4, planned and stored. */
static int64_t raise_one(fixture *f, fq_arena *a, const char *key, const char *fp,
			 int64_t *replayed)
{
	reqsvc_input in = {.title = "楼道堆物", .category_code = "x.y", .channel = "hotline",
			   .building_id = 4, .caller_name = "张三", .caller_phone = "13800000090",
			   .now = NOW};
	reqsvc_plan *plan = fq_arena_alloc(a, sizeof *plan);
	store_conn *c;
	fq_err err = {0};
	assert_int_equal(store_read_begin(f->s, &c), FQ_OK);
	assert_int_equal(reqsvc_plan_create(c, a, &f->disp, &in, plan, &err), FQ_OK);
	store_read_end(f->s, c);
	assert_int_equal(plan->row.level, 2);
	assert_int_equal(plan->row.assignee_account_id, 1);
	assert_int_equal(plan->row.household_id, 9);
	assert_int_equal(plan->row.reporter_person_id, 90);
	assert_int_equal(plan->row.accept_due, NOW + 4 * 3600);
	create_job job = {.plan = plan, .key = key, .fingerprint = fp};
	assert_int_equal(store_write(f->s, create_tx, &job, &err), FQ_OK);
	*replayed = job.replayed;
	return job.replayed ? job.replayed : plan->summary.id;
}

static metrics_counts sum_all(fixture *f, int64_t unit)
{
	store_conn *c;
	metrics_counts m = {0};
	fq_err err = {0};
	assert_int_equal(store_read_begin(f->s, &c), FQ_OK);
	assert_int_equal(store_metrics_sum(c, unit, "", 20000101, 21991231, &m, &err), FQ_OK);
	store_read_end(f->s, c);
	return m;
}

static store_request load(fixture *f, fq_arena *a, int64_t id, size_t *n_events)
{
	store_conn *c;
	store_request r;
	store_req_event *ev;
	fq_err err = {0};
	assert_int_equal(store_read_begin(f->s, &c), FQ_OK);
	assert_int_equal(store_req_get(c, a, id, &r, &err), FQ_OK);
	assert_int_equal(store_req_events(c, a, id, STORE_REQ_EVENTS_MAX, &ev, n_events, &err),
			 FQ_OK);
	store_read_end(f->s, c);
	return r;
}

static void test_create_idempotent(void **state)
{
	fixture *f = *state;
	fq_arena a;
	fq_arena_init(&a);
	int64_t replayed;
	int64_t id = raise_one(f, &a, "key-1", "fp-1", &replayed);
	assert_int_equal(replayed, 0);
	size_t n = 0;
	store_request r = load(f, &a, id, &n);
	assert_string_equal(r.number, "FQ20260101000001");
	assert_string_equal(r.state, "dispatched");
	assert_string_equal(r.caller_phone, "13800000090");
	assert_int_equal(n, 2);
	assert_int_equal(raise_one(f, &a, "key-1", "fp-1", &replayed), id);
	assert_int_equal(replayed, id);
	int64_t second = raise_one(f, &a, NULL, NULL, &replayed);
	assert_string_equal(load(f, &a, second, &n).number, "FQ20260101000002");
	metrics_counts m = sum_all(f, 0);
	assert_int_equal(m.intake, 2);
	assert_int_equal(m.dispatched, 2);
	assert_int_equal(sum_all(f, 3).intake, 2);
	assert_int_equal(sum_all(f, 5).intake, 0);
	fq_arena_free(&a);
}

static void test_system_escalation(void **state)
{
	fixture *f = *state;
	fq_arena a;
	fq_arena_init(&a);
	int64_t replayed;
	int64_t id = raise_one(f, &a, NULL, NULL, &replayed);
	apply_job job = {.id = id, .actor = {0, REQ_ACTOR_SYSTEM, NULL},
			 .act = {.kind = REQ_ACT_ESCALATE, .reason = "签收超时", .now = NOW + 5 * 3600}};
	fq_err err = {0};
	assert_int_equal(store_write(f->s, apply_tx, &job, &err), FQ_OK);
	size_t n = 0;
	store_request r = load(f, &a, id, &n);
	assert_int_equal(r.level, 3);
	assert_int_equal(r.assignee_account_id, 2);
	assert_int_equal(r.assignee_unit_id, 2);
	assert_int_equal(r.accept_due, NOW + 5 * 3600 + 8 * 3600);
	assert_int_equal(n, 3);
	assert_int_equal(store_write(f->s, apply_tx, &job, &err), FQ_OK);
	r = load(f, &a, id, &n);
	assert_int_equal(r.level, 4);
	assert_int_equal(r.assignee_account_id, 3);
	/* no limits at level 4: the defaults */
	assert_int_equal(r.accept_due, NOW + 5 * 3600 + REQSVC_DEFAULT_ACCEPT_HOURS * 3600);
	metrics_counts before = sum_all(f, 0);
	assert_int_equal(store_write(f->s, apply_tx, &job, &err), FQ_ECONFLICT);
	assert_non_null(strstr(err.message, "level 4"));
	store_request same = load(f, &a, id, &n);
	assert_int_equal(n, 4);
	assert_int_equal(same.updated_at, r.updated_at);
	metrics_counts after = sum_all(f, 0);
	assert_int_equal(after.escalated, before.escalated);
	assert_int_equal(sum_all(f, 1).escalated, 2);
	fq_arena_free(&a);
}

static void test_scope_of_a_human_actor(void **state)
{
	fixture *f = *state;
	fq_arena a;
	fq_arena_init(&a);
	int64_t replayed;
	int64_t id = raise_one(f, &a, NULL, NULL, &replayed);
	caller other = one_role(1, ROLE_GRID_WORKER, 5, "/1/2/5/");
	other.account_id = 99;
	apply_job job = {.id = id, .actor = {99, ROLE_GRID_WORKER, &other},
			 .act = {.kind = REQ_ACT_ACCEPT, .now = NOW + 60}};
	fq_err err = {0};
	assert_int_equal(store_write(f->s, apply_tx, &job, &err), FQ_ENOTFOUND);
	caller gw = one_role(1, ROLE_GRID_WORKER, 3, "/1/2/3/");
	job.actor = (reqsvc_actor){1, ROLE_GRID_WORKER, &gw};
	assert_int_equal(store_write(f->s, apply_tx, &job, &err), FQ_OK);
	size_t n = 0;
	store_request r = load(f, &a, id, &n);
	assert_string_equal(r.state, "accepted");
	assert_int_equal(r.accepted_at, NOW + 60);
	assert_int_equal(r.accepted_late, 0);
	job.act.kind = REQ_ACT_ACCEPT;
	assert_int_equal(store_write(f->s, apply_tx, &job, &err), FQ_ECONFLICT);
	assert_non_null(strstr(err.message, "accepted"));
	fq_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_channels),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_assignee_role),
		cmocka_unit_test(test_stand_grid_worker),
		cmocka_unit_test(test_stand_holders_by_level),
		cmocka_unit_test(test_stand_reporter_and_link),
		cmocka_unit_test(test_stand_cohandler),
		cmocka_unit_test(test_actions),
		cmocka_unit_test_setup_teardown(test_create_idempotent, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(test_system_escalation, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(test_scope_of_a_human_actor, setup_store,
						teardown_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
