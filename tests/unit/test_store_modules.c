/*
 * test_store_modules.c - the invariants of the store modules, each on a
 * real SQLite file in a temporary folder, called directly on one
 * connection (as the writer would, without its thread): org paths built
 * from the parent's, accounts and sessions, counters summed per unit and
 * dimension, webhooks and their deliveries, and a request's counters and
 * merge written and read back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/sqlite_int.h"
#include "store/store_auth.h"
#include "store/store_live.h"
#include "store/store_load.h"
#include "store/store_metrics.h"
#include "store/store_org.h"
#include "store/store_requests.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/fq-store-mod-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

/* A migrated database name in the test folder, opened as the store opens
 * its connections (with the modules' SQL functions). */
static store_conn *open_db(const char *name)
{
	char p[128];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	store_conn *c = NULL;
	fq_err err = {0};
	assert_int_equal(conn_open(p, 0, &c, &err), FQ_OK);
	assert_int_equal(conn_modules(c, store_modules, &err), FQ_OK);
	assert_int_equal(migrations_apply(c, &err), FQ_OK);
	return c;
}

/* A street, a community under it and a grid under that: ids 1, 2, 3. */
static void seed_units(store_conn *c)
{
	fq_err err = {0};
	assert_int_equal(conn_exec(c,
				   "INSERT INTO units(id, parent_id, kind, code, name, path) VALUES"
				   " (1, NULL, 'street', 'S', '街道', '/1/'),"
				   " (2, 1, 'community', 'C', '社区', '/1/2/'),"
				   " (3, 2, 'grid', 'G', '网格', '/1/2/3/');",
				   &err),
			 FQ_OK);
}

/* ---- org ------------------------------------------------------------------ */

/* A unit's path is its parent's path and its own id; a unit under a
 * missing parent is refused; children list under their parent. */
static void test_org_paths(void **state)
{
	(void)state;
	store_conn *c = open_db("org.db");
	fq_arena a;
	fq_arena_init(&a);
	fq_err err = {0};
	int64_t street = 0, grid = 0, orphan = 0;
	store_load_unit_row u = {.kind = "street", .code = "S1", .name = "街道"};
	assert_int_equal(store_load_unit(c, &u, &street, &err), FQ_OK);
	u = (store_load_unit_row){.parent_id = street, .kind = "grid", .code = "G1", .name = "网格"};
	assert_int_equal(store_load_unit(c, &u, &grid, &err), FQ_OK);
	store_unit got;
	assert_int_equal(store_unit_get(c, &a, grid, &got, &err), FQ_OK);
	char want[64];
	snprintf(want, sizeof want, "/%lld/%lld/", (long long)street, (long long)grid);
	assert_string_equal(got.path, want);
	assert_int_equal(got.parent_id, street);
	u = (store_load_unit_row){.parent_id = 999, .kind = "grid", .code = "G2", .name = "x"};
	assert_int_equal(store_load_unit(c, &u, &orphan, &err), FQ_ENOTFOUND);
	store_unit_filter f = {.parent_id = street, .limit = 10};
	store_unit *list = NULL;
	size_t n = 0;
	assert_int_equal(store_unit_list(c, &a, &f, &list, &n, &err), FQ_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].code, "G1");
	assert_int_equal(store_unit_get(c, &a, 999, &got, &err), FQ_ENOTFOUND);
	fq_arena_free(&a);
	conn_close(c);
}

/* ---- auth ----------------------------------------------------------------- */

/* A username is taken once; a session is found by its hash until its
 * account is disabled, its password changes or it is swept. */
static void test_auth_sessions(void **state)
{
	(void)state;
	store_conn *c = open_db("auth.db");
	fq_arena a;
	fq_arena_init(&a);
	fq_err err = {0};
	int64_t id = 0, other = 0;
	assert_int_equal(store_account_insert(c, "gw", "网格员", "h", 0, &id, &err), FQ_OK);
	assert_int_equal(store_account_insert(c, "gw", NULL, "h", 0, &other, &err), FQ_ECONFLICT);
	assert_string_equal(err.field, "username");
	assert_int_equal(store_account_role_add(c, id, "no_such_role", 0, &err), FQ_EINVAL);
	assert_int_equal(store_account_role_add(c, id, "admin", 0, &err), FQ_OK);
	assert_int_equal(store_account_role_add(c, id, "admin", 0, &err), FQ_OK);
	store_account_role *roles = NULL;
	int n_roles = 0;
	assert_int_equal(store_account_roles(c, &a, id, &roles, &n_roles, &err), FQ_OK);
	assert_int_equal(n_roles, 1);
	static const unsigned char live[] = "live-hash", old[] = "old-hash";
	assert_int_equal(store_session_insert(c, live, sizeof live, "csrf", id, 100, 1000, &err),
			 FQ_OK);
	assert_int_equal(store_session_insert(c, old, sizeof old, "csrf2", id, 100, 200, &err),
			 FQ_OK);
	store_session s;
	assert_int_equal(store_session_lookup(c, &a, live, sizeof live, &s, &err), FQ_OK);
	assert_int_equal(s.account_id, id);
	assert_string_equal(s.csrf, "csrf");
	int deleted = 0;
	assert_int_equal(store_session_sweep(c, 500, 10, &deleted, &err), FQ_OK);
	assert_int_equal(deleted, 1);
	assert_int_equal(store_session_lookup(c, &a, old, sizeof old, &s, &err), FQ_ENOTFOUND);
	assert_int_equal(store_session_lookup(c, &a, live, sizeof live, &s, &err), FQ_OK);
	assert_int_equal(store_account_set_disabled(c, id, 1, &err), FQ_OK);
	assert_int_equal(store_session_lookup(c, &a, live, sizeof live, &s, &err), FQ_ENOTFOUND);
	assert_int_equal(store_account_set_password(c, 999, "h", &err), FQ_ENOTFOUND);
	fq_arena_free(&a);
	conn_close(c);
}

/* ---- metrics -------------------------------------------------------------- */

#define DAY1 20260301
#define DAY2 20260302

/* The rows of metric_counters. */
static int64_t counter_rows(store_conn *c)
{
	sqlite3_stmt *st = stmt_get(c, STORE_PLAN_SCAN "a test counts them */"
				       " SELECT count(*) FROM metric_counters");
	int64_t n = -1;
	fq_err err = {0};
	assert_int_equal(stmt_int(c, st, &n, &err), FQ_OK);
	return n;
}

/* Additions wait until the commit hook writes them, summed into one row
 * per unit, dimension and day; sums add up over units, dimensions and
 * days; undone additions are never written. */
static void test_metrics_counters(void **state)
{
	(void)state;
	store_conn *c = open_db("metrics.db");
	fq_arena a;
	fq_arena_init(&a);
	fq_err err = {0};
	int64_t units[2] = {3, 1};
	metrics_counts d = {.intake = 1, .dispatched = 2};
	assert_int_equal(store_metrics_add(c, units, 2, 5, "self", DAY1, &d, &err), FQ_OK);
	assert_int_equal(store_metrics_add(c, units, 1, 6, "hotline", DAY2, &d, &err), FQ_OK);
	assert_int_equal(store_metrics_add(c, units, 1, 6, "hotline", DAY2, &d, &err), FQ_OK);
	assert_int_equal(counter_rows(c), 0); /* waiting for the commit */
	assert_int_equal(metrics_flush(c, &err), FQ_OK);
	/* one row per unit, dimension and day: 2 x 3 on DAY1, 1 x 3 on DAY2 */
	assert_int_equal(counter_rows(c), 9);
	metrics_counts sum = {0};
	assert_int_equal(store_metrics_sum(c, 3, "", DAY1, DAY2, &sum, &err), FQ_OK);
	assert_int_equal(sum.intake, 3);
	assert_int_equal(sum.dispatched, 6);
	assert_int_equal(store_metrics_sum(c, 1, "", DAY1, DAY2, &sum, &err), FQ_OK);
	assert_int_equal(sum.intake, 1);
	assert_int_equal(store_metrics_sum(c, 3, "c:5", DAY1, DAY2, &sum, &err), FQ_OK);
	assert_int_equal(sum.intake, 1);
	assert_int_equal(store_metrics_sum(c, 3, "ch:hotline", DAY2, DAY2, &sum, &err), FQ_OK);
	assert_int_equal(sum.intake, 2);
	assert_int_equal(store_metrics_sum(c, 3, "", DAY2 + 1, DAY2 + 1, &sum, &err), FQ_OK);
	assert_int_equal(sum.intake, 0);
	/* undone additions are never written */
	size_t mark = metrics_mark(c);
	assert_int_equal(store_metrics_add(c, units, 1, 5, "self", DAY1, &d, &err), FQ_OK);
	metrics_undo(c, mark);
	assert_int_equal(metrics_flush(c, &err), FQ_OK);
	assert_int_equal(store_metrics_sum(c, 3, "", DAY1, DAY2, &sum, &err), FQ_OK);
	assert_int_equal(sum.intake, 3);
	fq_arena_free(&a);
	conn_close(c);
}

/* ---- live and webhooks ---------------------------------------------------- */

/* A webhook starts at the head of the outbox, its deliveries come due and
 * are recorded, and a deleted webhook is gone. */
static void test_live_webhooks(void **state)
{
	(void)state;
	store_conn *c = open_db("live.db");
	fq_arena a;
	fq_arena_init(&a);
	fq_err err = {0};
	int64_t head = -1, hook = 0;
	assert_int_equal(store_live_head(c, &head, &err), FQ_OK);
	assert_int_equal(head, 0);
	store_live_event ev = {.at = 100, .unit_path = "/1/", .kind = "submitted", .number = "FQ1",
			       .state = "submitted", .level = 1, .title = "t", .category = "x"};
	int64_t event = 0;
	assert_int_equal(store_live_insert(c, &ev, &event, &err), FQ_OK);
	assert_int_equal(store_webhook_insert(c, "http://h/x", "*", "k", 100, &hook, &err), FQ_OK);
	int behind = 1;
	assert_int_equal(store_webhook_behind(c, &behind, &err), FQ_OK);
	assert_int_equal(behind, 0); /* it starts after the current head */
	ev.at = 110;
	assert_int_equal(store_live_insert(c, &ev, &event, &err), FQ_OK);
	assert_int_equal(store_webhook_behind(c, &behind, &err), FQ_OK);
	assert_int_equal(behind, 1);
	assert_int_equal(store_delivery_insert(c, hook, event, 120, &err), FQ_OK);
	assert_int_equal(store_webhook_advance(c, hook, event, &err), FQ_OK);
	store_delivery *due = NULL;
	size_t n = 0;
	assert_int_equal(store_delivery_due(c, &a, 119, 10, &due, &n, &err), FQ_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_delivery_due(c, &a, 120, 10, &due, &n, &err), FQ_OK);
	assert_int_equal(n, 1);
	assert_int_equal(due[0].event.id, event);
	assert_string_equal(due[0].url, "http://h/x");
	assert_int_equal(store_delivery_update(c, due[0].id, 1, "delivered", 0, NULL, &err), FQ_OK);
	store_webhook *hooks = NULL;
	assert_int_equal(store_webhook_list(c, &a, &hooks, &n, &err), FQ_OK);
	assert_int_equal(n, 1);
	assert_int_equal(hooks[0].delivered, 1);
	assert_int_equal(hooks[0].pending, 0);
	assert_int_equal(store_webhook_delete(c, hook, 130, &err), FQ_OK);
	assert_int_equal(store_webhook_delete(c, hook, 130, &err), FQ_ENOTFOUND);
	fq_arena_free(&a);
	conn_close(c);
}

/* ---- requests ------------------------------------------------------------- */

static void seed_requests(store_conn *c)
{
	fq_err err = {0};
	seed_units(c);
	assert_int_equal(conn_exec(c,
				   "INSERT INTO categories(id, code, name, start_level)"
				   " VALUES (1, 'x.y', '测试', 2);",
				   &err),
			 FQ_OK);
}

static store_request new_request(const char *number)
{
	return (store_request){
		.number = number, .grid_id = 3, .unit_path = "/1/2/3/", .category_id = 1,
		.channel = "self", .title = "路灯", .description = "不亮", .state = "dispatched",
		.level = 2, .priority = 2, .card = "none", .ext_state = "none",
		.rating_resolved = -1, .created_at = 100, .updated_at = 100,
	};
}

/* A number is taken once; the counters and the merge an update writes
 * come back; an update of a missing request is refused. */
static void test_requests_counters_merge(void **state)
{
	(void)state;
	store_conn *c = open_db("requests.db");
	seed_requests(c);
	fq_arena a;
	fq_arena_init(&a);
	fq_err err = {0};
	store_request r1 = new_request("FQ20260301000001"), r2 = new_request("FQ20260301000002");
	int64_t id1 = 0, id2 = 0, dup = 0;
	assert_int_equal(store_req_insert(c, &r1, &id1, &err), FQ_OK);
	assert_int_equal(store_req_insert(c, &r2, &id2, &err), FQ_OK);
	assert_int_equal(store_req_insert(c, &r1, &dup, &err), FQ_ECONFLICT);
	store_request before, after;
	assert_int_equal(store_req_get(c, &a, id2, &before, &err), FQ_OK);
	assert_string_equal(before.category_code, "x.y");
	assert_string_equal(before.grid_name, "网格");
	after = before;
	after.state = "closed";
	after.merged_into = id1;
	after.redo_count = before.redo_count + 1;
	after.extensions = before.extensions + 2;
	after.updated_at = 200;
	assert_int_equal(store_req_update(c, &before, &after, &err), FQ_OK);
	store_request got;
	assert_int_equal(store_req_get(c, &a, id2, &got, &err), FQ_OK);
	assert_int_equal(got.merged_into, id1);
	assert_int_equal(got.redo_count, 1);
	assert_int_equal(got.extensions, 2);
	assert_string_equal(got.state, "closed");
	assert_int_equal(got.rating_resolved, -1);
	after.id = 999;
	assert_int_equal(store_req_update(c, &before, &after, &err), FQ_ENOTFOUND);
	assert_int_equal(store_req_get(c, &a, 999, &got, &err), FQ_ENOTFOUND);
	fq_arena_free(&a);
	conn_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_org_paths),
		cmocka_unit_test(test_auth_sessions),
		cmocka_unit_test(test_metrics_counters),
		cmocka_unit_test(test_live_webhooks),
		cmocka_unit_test(test_requests_counters_merge),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
