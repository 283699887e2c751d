/*
 * test_store_modules.c - the invariants of the store modules, each on a
 * real SQLite file in a temporary folder, called directly on one
 * connection (as the writer would, without its thread): org paths built
 * from the parent's, accounts and sessions, counters summed per unit and
 * dimension, webhooks and their deliveries, a request's counters and
 * merge written and read back, a dispute's parties, signatures and
 * agreement, a council vote's ballots, and talent pools and members.
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
#include "store/store_council.h"
#include "store/store_dispute.h"
#include "store/store_live.h"
#include "store/store_load.h"
#include "store/store_metrics.h"
#include "store/store_org.h"
#include "store/store_requests.h"
#include "store/store_talent.h"
#include "test_store_dir.h"

/* A migrated database name in the test folder, opened as the store opens
 * its connections (with the modules' SQL functions). */
static store_conn *open_db(const char *name)
{
	char p[128];
	db_path(p, sizeof p, name);
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

/* The units, a building (4) under the grid, household 9 in it and its
 * person 90, with account 1 for them. */
static void seed_people(store_conn *c)
{
	fq_err err = {0};
	seed_units(c);
	assert_int_equal(conn_exec(c,
				   "INSERT INTO units(id, parent_id, kind, code, name, path) VALUES"
				   " (4, 3, 'building', 'B', '楼', '/1/2/3/4/');"
				   "INSERT INTO households(id, code, building_id, grid_id, address)"
				   " VALUES (9, 'H9', 4, 3, '1号');"
				   "INSERT INTO persons(id, household_id, name, phone)"
				   " VALUES (90, 9, '张三', '13800000090'), (91, 9, '李四', NULL);"
				   "INSERT INTO accounts(id, username, display_name, password_hash)"
				   " VALUES (1, 'med', '调解员', 'x');",
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

/* ---- disputes ------------------------------------------------------------- */

static store_dispute new_dispute(void)
{
	return (store_dispute){
		.unit_id = 2, .unit_path = "/1/2/", .level = 2, .state = "registered",
		.type = "neighbour", .source = "party_application", .title = "漏水", .facts = "楼上漏水",
		.claims = "", .target_due = 1000, .judicial_state = "none", .created_by = 1,
		.created_at = 100, .updated_at = 100,
	};
}

/* A case is numbered from its day and id; a party of another case cannot
 * consent to it; one lead mediator; a signer signs once; the agreement and
 * its terms come back with the case. */
static void test_disputes(void **state)
{
	(void)state;
	store_conn *c = open_db("disputes.db");
	seed_people(c);
	fq_arena a;
	fq_arena_init(&a);
	fq_err err = {0};
	store_dispute d = new_dispute();
	int64_t id = 0, party = 0, other = 0;
	assert_int_equal(store_dispute_insert(c, &d, 20260301, &id, &err), FQ_OK);
	store_dispute got;
	assert_int_equal(store_dispute_get(c, &a, id, &got, &err), FQ_OK);
	assert_non_null(strstr(got.number, "20260301"));
	assert_string_equal(got.unit_name, "社区");
	assert_null(got.outcome);
	store_dispute_party p = {.person_id = 90, .household_id = 9, .name = "张三",
				 .role = "applicant", .address = "", .consent = "pending"};
	assert_int_equal(store_dispute_party_insert(c, id, &p, &party, &err), FQ_OK);
	assert_int_equal(store_dispute_insert(c, &d, 20260301, &other, &err), FQ_OK);
	assert_int_equal(store_dispute_party_consent(c, other, party, "agreed", 110, "", &err),
			 FQ_ENOTFOUND);
	assert_int_equal(store_dispute_party_consent(c, id, party, "agreed", 110, "好", &err),
	                 FQ_OK);
	assert_int_equal(store_dispute_mediator_add(c, id, 1, 1, &err), FQ_OK);
	assert_int_equal(store_dispute_mediator_add(c, id, 1, 1, &err), FQ_OK);
	store_dispute_signature sig = {.signer = "party", .party_id = party, .name = "张三",
				       .method = "sign", .at = 120};
	assert_int_equal(store_dispute_signature_insert(c, id, &sig, &err), FQ_OK);
	assert_int_equal(store_dispute_signature_insert(c, id, &sig, &err), FQ_ECONFLICT);
	store_dispute_term terms[2] = {{.seq = 1, .text = "修好水管", .deadline = 20260310},
				       {.seq = 2, .text = "赔偿", .deadline = 0}};
	assert_int_equal(store_dispute_agreement_put(c, id, "事实", "要点", "责任", terms, 2, 130,
						     &err),
			 FQ_OK);
	assert_int_equal(store_dispute_term_performed(c, id, 1, 140, &err), FQ_OK);
	assert_int_equal(store_dispute_term_performed(c, id, 9, 140, &err), FQ_ENOTFOUND);
	store_dispute_case k;
	assert_int_equal(store_dispute_load(c, &a, id, &k, &err), FQ_OK);
	assert_int_equal(k.n_parties, 1);
	assert_string_equal(k.parties[0].consent, "agreed");
	assert_int_equal(k.n_mediators, 1);
	assert_true(k.has_agreement);
	assert_string_equal(k.ag_points, "要点");
	assert_int_equal(k.n_terms, 2);
	assert_true(k.terms[0].performed);
	assert_false(k.terms[1].performed);
	assert_int_equal(k.n_signatures, 1);
	assert_int_equal(store_dispute_load(c, &a, other, &k, &err), FQ_OK);
	assert_false(k.has_agreement);
	assert_int_equal(store_dispute_get(c, &a, 999, &got, &err), FQ_ENOTFOUND);
	fq_arena_free(&a);
	conn_close(c);
}

/* ---- councils ------------------------------------------------------------- */

/* A meeting of three with a vote: each participant votes once, a secret
 * ballot shows no voter, the tally counts the choices, and a closed vote
 * takes no ballot and cannot be closed again. */
static void test_council_votes(void **state)
{
	(void)state;
	store_conn *c = open_db("councils.db");
	seed_people(c);
	fq_arena a;
	fq_arena_init(&a);
	fq_err err = {0};
	store_council_meeting m = {.unit_id = 2, .unit_path = "/1/2/", .title = "议事会",
				   .kind = "council", .starts_at = 200, .place = "活动室"};
	int64_t meeting = 0, people[3] = {0}, secret = 0, open = 0;
	assert_int_equal(store_council_meeting_insert(c, &m, 1, 100, &meeting, &err), FQ_OK);
	static const char *const names[3] = {"甲", "乙", "丙"};
	for (int i = 0; i < 3; i++) {
		store_council_participant p = {.meeting_id = meeting, .kind = "resident_rep",
					       .name = names[i], .can_vote = 1};
		assert_int_equal(store_council_participant_insert(c, &p, 100, &people[i], &err),
				 FQ_OK);
	}
	store_council_vote v = {.meeting_id = meeting, .motion = "修路", .secret = 1,
				.quorum_num = 1, .quorum_den = 2, .majority = "simple",
				.eligible = 3};
	assert_int_equal(store_council_vote_insert(c, &v, 1, 210, &secret, &err), FQ_OK);
	v.secret = 0;
	assert_int_equal(store_council_vote_insert(c, &v, 1, 210, &open, &err), FQ_OK);
	assert_int_equal(store_council_ballot_cast(c, secret, 1, people[0], "yes", 1, &err), FQ_OK);
	assert_int_equal(store_council_ballot_cast(c, secret, 1, people[0], "no", 1, &err),
			 FQ_ECONFLICT);
	assert_int_equal(store_council_ballot_cast(c, secret, 1, people[1], "no", 1, &err), FQ_OK);
	assert_int_equal(store_council_ballot_cast(c, open, 0, people[2], "abstain", 1, &err),
	                 FQ_OK);
	int yes = 0, no = 0, abstain = 0, voted = 0;
	assert_int_equal(store_council_tally(c, secret, &yes, &no, &abstain, &err), FQ_OK);
	assert_int_equal(yes * 100 + no * 10 + abstain, 110);
	assert_int_equal(store_council_has_voted(c, secret, people[1], &voted, &err), FQ_OK);
	assert_true(voted);
	assert_int_equal(store_council_has_voted(c, secret, people[2], &voted, &err), FQ_OK);
	assert_false(voted);
	store_council_ballot *ballots = NULL;
	size_t n = 0;
	assert_int_equal(store_council_open_ballots(c, &a, secret, &ballots, &n, &err), FQ_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_council_open_ballots(c, &a, open, &ballots, &n, &err), FQ_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ballots[0].name, "丙");
	store_council_vote got;
	assert_int_equal(store_council_vote_get(c, &a, secret, &got, &err), FQ_OK);
	got.voted = 2;
	got.yes = 1;
	got.no = 1;
	got.quorum_met = 1;
	got.outcome = "tie";
	assert_int_equal(store_council_vote_close(c, &got, 220, &err), FQ_OK);
	assert_int_equal(store_council_vote_close(c, &got, 230, &err), FQ_ECONFLICT);
	assert_int_not_equal(store_council_ballot_cast(c, secret, 1, people[2], "yes", 1, &err),
			     FQ_OK);
	assert_int_equal(store_council_vote_get(c, &a, secret, &got, &err), FQ_OK);
	assert_string_equal(got.state, "closed");
	assert_string_equal(got.outcome, "tie");
	fq_arena_free(&a);
	conn_close(c);
}

/* ---- talents -------------------------------------------------------------- */

/* One pool per unit; a person joins a pool once; the counters a task moves
 * add up; an update writes the decision. */
static void test_talents(void **state)
{
	(void)state;
	store_conn *c = open_db("talents.db");
	seed_people(c);
	fq_arena a;
	fq_arena_init(&a);
	fq_err err = {0};
	int64_t pool = 0, again = 0, member = 0, dup = 0;
	assert_int_equal(store_talent_pool_insert(c, 2, "/1/2/", "群英库", 1, 100, &pool, &err),
	                 FQ_OK);
	assert_int_equal(store_talent_pool_insert(c, 2, "/1/2/", "二", 1, 100, &again, &err),
			 FQ_ECONFLICT);
	static const char *const skills[] = {"law"};
	store_talent_tags tags = {skills, 1, 1u}, none = {NULL, 0, 0};
	store_talent t = {.pool_id = pool, .person_id = 90, .household_id = 9, .account_id = 1,
			  .home_path = "/1/2/3/4/", .enrolment = "self_nomination",
			  .status = "pending", .capacity = 2, .created_at = 100};
	assert_int_equal(store_talent_insert(c, &t, &tags, &none, &member, &err), FQ_OK);
	assert_int_equal(store_talent_insert(c, &t, &tags, &none, &dup, &err), FQ_ECONFLICT);
	assert_int_equal(store_talent_count(c, member, 2, 0, 0, 0, 110, &err), FQ_OK);
	assert_int_equal(store_talent_count(c, member, -1, 1, 5, 1, 120, &err), FQ_OK);
	store_talent got;
	assert_int_equal(store_talent_get(c, &a, member, &got, &err), FQ_OK);
	assert_int_equal(got.open_tasks, 1);
	assert_int_equal(got.done_tasks, 1);
	assert_int_equal(got.rating_sum, 5);
	assert_int_equal(got.skill_mask, 1u);
	assert_string_equal(got.name, "张三");
	assert_string_equal(got.pool_path, "/1/2/");
	got.status = "approved";
	got.decided_by = 1;
	got.decided_at = 130;
	got.updated_at = 130;
	assert_int_equal(store_talent_update(c, &got, &err), FQ_OK);
	store_talent_pool pp;
	assert_int_equal(store_talent_pool_get(c, &a, pool, &pp, &err), FQ_OK);
	assert_int_equal(pp.approved, 1);
	assert_int_equal(pp.pending, 0);
	assert_int_equal(store_talent_by_account(c, &a, 1, &got, &err), FQ_OK);
	assert_int_equal(got.id, member);
	assert_int_equal(store_talent_get(c, &a, 999, &got, &err), FQ_ENOTFOUND);
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
		cmocka_unit_test(test_disputes),
		cmocka_unit_test(test_council_votes),
		cmocka_unit_test(test_talents),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
