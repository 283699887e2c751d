/*
 * test_search.c - unit tests for src/store/store_search.c,
 * src/domain/search.c and src/domain/catalogue.c over a real store: the
 * query plan of every kind of source (each walks the index it should, in
 * id order where it can, per EXPLAIN QUERY PLAN), pages merged from
 * several sources with overlaps, the export cap counted before any row is
 * handed out, the caller's reach, the text-query rule, deadline standing,
 * and the seed catalogue (valid, seeded once).
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
#include <sqlite3.h>

#include "domain/catalogue.h"
#include "domain/search.h"
#include "store/sqlite_int.h"
#include "store/store_catalogue.h"
#include "store/store_search.h"

#define T0 1767225600 /* 2026-01-01T08:00:00+08:00 */
#define N_REQ 120     /* requests in the fixture */

static char dir[64], path[96];
static store *db;

/* Request i of the fixture: grid 10 or 11 by parity, person 1001 on every
 * fifth, household 100 on every seventh, category 2 or 3, state closed
 * but every fourth dispatched. */
static int req_grid(int i) { return i % 2 ? 11 : 10; }
static int req_person(int i) { return i % 5 == 0; }
static int req_household(int i) { return i % 7 == 0; }
static const char *req_state(int i) { return i % 4 == 0 ? "dispatched" : "closed"; }

static fq_status fixture_tx(store_conn *c, void *arg, fq_err *err)
{
	(void)arg;
	fq_status st = conn_exec(
		c,
		"INSERT INTO units(id, parent_id, kind, code, name, path) VALUES"
		" (1, NULL, 'street', 's', '街道', '/1/'),"
		" (2, 1, 'community', 'c', '社区', '/1/2/'),"
		" (10, 2, 'grid', 'g10', '一网格', '/1/2/10/'),"
		" (11, 2, 'grid', 'g11', '二网格', '/1/2/11/'),"
		" (20, 10, 'building', 'b20', '1号楼', '/1/2/10/20/'),"
		" (30, 1, 'department', 'd30', '城管', '/1/30/');"
		"INSERT INTO households(id, code, building_id, grid_id, address)"
		" VALUES (100, 'h100', 20, 10, '1号楼101');"
		"INSERT INTO persons(id, household_id, name) VALUES (1001, 100, '张三');"
		"INSERT INTO leaders(id, person_id, kind, unit_id) VALUES (1, 1001, 'neighbour', 10);"
		"INSERT INTO leader_households VALUES (1, 100);",
		err);
	sqlite3_stmt *ins = NULL;
	if (st == FQ_OK &&
	    sqlite3_prepare_v2(c->db,
			       "INSERT INTO requests(id, number, grid_id, unit_path, category_id,"
			       " channel, title, description, address, building_id, household_id,"
			       " reporter_person_id, state, level, accept_due, created_at,"
			       " updated_at) VALUES (?1, 'N' || ?1, ?2, '/1/2/' || ?2 || '/', ?3,"
			       " 'self', ?4, '描述', '地址', ?5, ?6, ?7, ?8, 2, ?9, ?10, ?10)",
			       -1, &ins, NULL) != SQLITE_OK)
		st = FQ_ESTORE;
	for (int i = 1; st == FQ_OK && i <= N_REQ; i++) {
		char title[64];
		snprintf(title, sizeof title, "%s第%d号", i % 3 ? "楼道灯不亮" : "电梯故障困人", i);
		sqlite3_bind_int(ins, 1, i);
		sqlite3_bind_int(ins, 2, req_grid(i));
		sqlite3_bind_int(ins, 3, i % 2 ? 2 : 3);
		sqlite3_bind_text(ins, 4, title, -1, SQLITE_TRANSIENT);
		if (req_household(i)) {
			sqlite3_bind_int(ins, 5, 20);
			sqlite3_bind_int(ins, 6, 100);
		} else {
			sqlite3_bind_null(ins, 5);
			sqlite3_bind_null(ins, 6);
		}
		if (req_person(i))
			sqlite3_bind_int(ins, 7, 1001);
		else
			sqlite3_bind_null(ins, 7);
		sqlite3_bind_text(ins, 8, req_state(i), -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 9, T0 + i * 60);
		sqlite3_bind_int64(ins, 10, T0 + i);
		st = sqlite3_step(ins) == SQLITE_DONE ? FQ_OK : FQ_ESTORE;
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	return st;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/fq-search-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/s.db", dir);
	fq_err err = {0};
	if (store_open(path, NULL, &db, &err) != FQ_OK)
		return -1;
	if (catalogue_seed_if_empty(db, &err) != FQ_OK)
		return -1;
	return store_write(db, fixture_tx, NULL, &err) == FQ_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	store_close(db);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- plans --------------------------------------------------------------- */

static void plan_of(const store_search_filter *f, fq_arena *a, char **plan)
{
	store_conn *c = NULL;
	fq_err err = {0};
	assert_int_equal(store_read_begin(db, &c), FQ_OK);
	fq_status st = store_search_plan(c, f, a, plan, &err);
	store_read_end(db, c);
	if (st != FQ_OK)
		fail_msg("plan failed: %s", err.message);
}

/* The plan's line of source holds want and, when ordered, no sort. */
static void expect_plan(const store_search_filter *f, const char *source, const char *want,
			int ordered)
{
	fq_arena a;
	fq_arena_init(&a);
	char *plan = NULL;
	plan_of(f, &a, &plan);
	char head[32], line[4096];
	snprintf(head, sizeof head, "%s: ", source);
	const char *at = strstr(plan, head);
	if (!at)
		fail_msg("no source %s in the plan:\n%s", source, plan);
	snprintf(line, sizeof line, "%.*s", (int)strcspn(at, "\n"), at);
	fq_arena_free(&a);
	if (!strstr(line, want))
		fail_msg("plan of %s lacks \"%s\": %s", source, want, line);
	if (ordered && strstr(line, "TEMP B-TREE"))
		fail_msg("%s sorts instead of walking an index in id order: %s", source, line);
}

static store_search_filter staff(const char *p)
{
	store_search_filter f = {.limit = 50, .now = T0};
	f.scope.paths[0] = p;
	f.scope.n_paths = 1;
	return f;
}

static void test_plans_of_staff_sources(void **state)
{
	(void)state;
	store_search_filter f = staff("/1/2/");
	expect_plan(&f, "path", "INDEX requests_scope (unit_path=?", 1);
	f.category_id = 1;
	f.channel = "self";
	f.from = T0;
	expect_plan(&f, "path", "INDEX requests_scope (unit_path=?", 1);
	f.state = "closed";
	expect_plan(&f, "path_state", "INDEX requests_scope_state (unit_path=? AND state=?", 1);
	f = staff("/");
	expect_plan(&f, "all", "SEARCH r USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)", 1);
	f.state = "closed";
	f.level = 2;
	expect_plan(&f, "state_level", "INDEX requests_state (state=? AND level=?",
		    1);
	f = staff("/");
	f.category_id = 1;
	expect_plan(&f, "category", "INDEX requests_category (category_id=?", 1);
}

static void test_plans_of_sparse_filters_and_text(void **state)
{
	(void)state;
	store_search_filter f = staff("/");
	f.overdue = 1;
	expect_plan(&f, "overdue_accept", "INDEX requests_accept_due", 0);
	expect_plan(&f, "overdue_resolve", "INDEX requests_resolve_due", 0);
	f = staff("/1/2/10/");
	f.overdue = 1;
	expect_plan(&f, "path_overdue_accept",
		    "INDEX requests_accept_due_scope (unit_path=? AND accept_due<?)", 0);
	expect_plan(&f, "path_overdue_resolve",
		    "INDEX requests_resolve_due_scope (unit_path=? AND resolve_due<?)", 0);
	f = staff("/1/2/10/");
	f.supervised = 1;
	expect_plan(&f, "supervised", "INDEX requests_card_due", 0);
	f = staff("/1/2/10/");
	f.fts = "电梯故障";
	expect_plan(&f, "fts", "SCAN requests_fts VIRTUAL TABLE INDEX", 1);
	expect_plan(&f, "fts", "SEARCH r USING INTEGER PRIMARY KEY (rowid=?)", 1);
	/* the rows waiting for the index: a range of the queue, each row by id
	 * (sorted, at most STORE_SEARCH_INDEX_BATCH of them) */
	expect_plan(&f, "fts_pending", "SEARCH p USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)", 0);
	expect_plan(&f, "fts_pending", "SEARCH r USING INTEGER PRIMARY KEY (rowid=?)", 0);
	f.fts = "电梯";
	expect_plan(&f, "fts", "SCAN requests_fts VIRTUAL TABLE INDEX", 1);
	f.scope.person_id = 1001;
	expect_plan(&f, "person", "INDEX requests_reporter (reporter_person_id=?", 1);
	f.fts = "梯";  /* one character: LIKE on each unit's walk */
	expect_plan(&f, "path", "INDEX requests_scope (unit_path=?", 1);
}

/* A request number, or its last digits, is found through the index of its
 * last four characters, in id order, for every scope. */
static void test_plans_of_number_search(void **state)
{
	(void)state;
	store_search_filter f = staff("/1/2/10/");
	search_set_text(&f, "000123");
	assert_string_equal(f.number, "000123");
	expect_plan(&f, "number", "INDEX requests_number_tail (<expr>=?", 1);
	expect_plan(&f, "fts", "SCAN requests_fts VIRTUAL TABLE INDEX", 1);
	f = staff("/");
	search_set_text(&f, "FQ20261207000001");
	expect_plan(&f, "number", "INDEX requests_number_tail (<expr>=?", 1);
	f.state = "closed";
	f.scope.person_id = 7;
	expect_plan(&f, "number", "INDEX requests_number_tail (<expr>=?", 1);
}

/* Which queries stand for a request number: "FQ" and all 14 digits, or 4
 * to 14 digits alone; anything else is text only. */
static void test_number_queries(void **state)
{
	(void)state;
	static const struct {
		const char *q, *digits;
	} cases[] = {
		{"FQ20261207000001", "20261207000001"}, {"fq20261207000001", "20261207000001"},
		{" FQ20261207000001 ", "20261207000001"}, {"000001", "000001"},
		{"0001", "0001"}, {"20261207000001", "20261207000001"}, {"001", ""},
		{"FQ2026120700000", ""}, {"FQ", ""}, {"200261207000001", ""},
		{"12号楼", ""}, {"0001 2", ""}, {"", ""}, {"垃圾桶", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		store_search_filter f = {0};
		search_set_text(&f, cases[i].q);
		if (strcmp(f.number, cases[i].digits) != 0)
			fail_msg("\"%s\": got \"%s\", want \"%s\"", cases[i].q, f.number,
				 cases[i].digits);
	}
}

/* Over STORE_SEARCH_LIKE_UNITS_MAX units a LIKE match walks the table
 * once with the scope tested on each row; at the limit, unit by unit. */
static fq_status exec_tx(store_conn *c, void *arg, fq_err *err)
{
	return conn_exec(c, arg, err);
}

/* Add *arg grids under community 3000, numbered on from 3001. */
static fq_status add_grids_tx(store_conn *c, void *arg, fq_err *err)
{
	static int next = 3001;
	int n = *(int *)arg;
	(void)err;
	for (int i = 0; i < n; i++, next++) {
		sqlite3_stmt *ins = stmt_get(c, "INSERT INTO units(id, parent_id, kind, code, name,"
						" path) VALUES (?1, 3000, 'grid', 'x' || ?1, 'x',"
						" '/1/3000/' || ?1 || '/')");
		if (!ins)
			return FQ_ESTORE;
		sqlite3_bind_int(ins, 1, next);
		int rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc != SQLITE_DONE)
			return FQ_ESTORE;
	}
	return FQ_OK;
}

static void test_like_over_many_units(void **state)
{
	(void)state;
	fq_err err = {0};
	int n = STORE_SEARCH_LIKE_UNITS_MAX - 1; /* with the community: the limit */
	assert_int_equal(store_write(db, exec_tx,
				     (void *)"INSERT INTO units(id, parent_id, kind, code, name, path)"
				     " VALUES (3000, 1, 'community', 'c3000', '新社区', '/1/3000/')",
				     &err),
			 FQ_OK);
	assert_int_equal(store_write(db, add_grids_tx, &n, &err), FQ_OK);
	store_search_filter f = staff("/1/3000/");
	f.fts = "梯";
	expect_plan(&f, "path", "INDEX requests_scope (unit_path=?", 1);
	n = 1;
	assert_int_equal(store_write(db, add_grids_tx, &n, &err), FQ_OK);
	expect_plan(&f, "scope_scan", "SEARCH r USING INTEGER PRIMARY KEY", 1);
	assert_int_equal(store_write(db, exec_tx,
				     (void *)"DELETE FROM units WHERE parent_id = 3000 OR id = 3000",
				     &err),
			 FQ_OK);
}

static void test_plans_of_personal_sources(void **state)
{
	(void)state;
	store_search_filter f = {.limit = 50, .now = T0};
	f.scope.person_id = 1001;
	expect_plan(&f, "person", "INDEX requests_reporter (reporter_person_id=?", 1);
	f.scope.person_id = 0;
	f.scope.leader_id = 1;
	expect_plan(&f, "leader", "INDEX requests_household (household_id=?", 0);
	f.scope.leader_id = 0;
	f.scope.assignee_id = 7;
	expect_plan(&f, "assignee", "INDEX requests_assignee (assignee_account_id=?",
		    0);
	f = staff("/1/2/10/");
	f.scope.assignee_id = 7;
	expect_plan(&f, "assignee_outside",
		    "INDEX requests_assignee_unit (assignee_account_id=? AND unit_path>? AND"
		    " unit_path<?)",
		    0);
	f.scope.account_id = 7;
	expect_plan(&f, "account_outside",
		    "INDEX requests_reporter_account_unit (reporter_account_id=? AND unit_path>?"
		    " AND unit_path<?)",
		    0);
	f = (store_search_filter){.limit = 50, .now = T0};
	f.scope.buildings[0] = 20;
	f.scope.n_buildings = 1;
	expect_plan(&f, "building_indexed", "INDEX requests_building (building_id=?", 1);
}

/* ---- results ------------------------------------------------------------- */

/* Every id of f, page by page of `limit`, into ids; returns the count. */
static size_t walk(store_search_filter f, int limit, int64_t *ids, size_t max)
{
	store_conn *c = NULL;
	fq_err err = {0};
	size_t total = 0;
	int more = 1;
	f.limit = limit;
	f.before_id = 0;
	assert_int_equal(store_read_begin(db, &c), FQ_OK);
	while (more) {
		fq_arena a;
		fq_arena_init(&a);
		store_search_row *rows = NULL;
		size_t n = 0;
		if (store_search_requests(c, &f, &a, &rows, &n, &more, &err) != FQ_OK)
			fail_msg("search failed: %s", err.message);
		assert_true(n <= (size_t)limit);
		assert_true(!more || n == (size_t)limit);
		for (size_t i = 0; i < n && total < max; i++)
			ids[total++] = rows[i].id;
		if (n)
			f.before_id = rows[n - 1].id;
		fq_arena_free(&a);
	}
	store_read_end(db, c);
	return total;
}

typedef int (*want_fn)(int i);

static void expect_ids(store_search_filter f, want_fn want, int limit)
{
	int64_t got[N_REQ + 1];
	size_t n = walk(f, limit, got, N_REQ + 1);
	size_t k = 0;
	for (int i = N_REQ; i >= 1; i--) {
		if (!want(i))
			continue;
		if (k >= n || got[k] != i)
			fail_msg("limit %d: result %zu is %lld, want %d", limit, k,
				 k < n ? (long long)got[k] : -1LL, i);
		k++;
	}
	assert_int_equal(n, k);
}

static int in_grid10_or_own(int i) { return req_grid(i) == 10 || req_person(i); }
static int own_or_household(int i) { return req_person(i) || req_household(i); }
static int dispatched_in_11(int i) { return req_grid(i) == 11 && i % 4 == 0; }
static int lift_title(int i) { return i % 3 == 0; }
static int everything(int i) { (void)i; return 1; }

static void test_merged_sources_page_by_page(void **state)
{
	(void)state;
	store_search_filter f = staff("/1/2/10/");
	f.scope.person_id = 1001; /* overlaps grid 10 on every tenth */
	for (int limit = 1; limit <= 13; limit += 4)
		expect_ids(f, in_grid10_or_own, limit);
	store_search_filter g = {.now = T0};
	g.scope.person_id = 1001;
	g.scope.leader_id = 1;
	g.scope.buildings[0] = 20;
	g.scope.n_buildings = 1;
	expect_ids(g, own_or_household, 3);
	store_search_filter h = staff("/1/");
	expect_ids(h, everything, 50);
	h.state = "dispatched";
	h.unit_path = "/1/2/11/";
	expect_ids(h, dispatched_in_11, 4);
}

static int nothing(int i) { (void)i; return 0; }
static int lift_in_10(int i) { return lift_title(i) && req_grid(i) == 10; }
static int lift_in_10_or_own(int i) { return lift_title(i) && (req_grid(i) == 10 || req_person(i)); }
static int lamp_in_11(int i) { return !lift_title(i) && req_grid(i) == 11; }

/* Text of 3 characters or more (a phrase), 2 (the trigrams that start
 * with them, also at the very end of a text), 1 (LIKE), within the
 * scope's units through the index and in the personal sources by LIKE. */
static void test_text_search(void **state)
{
	(void)state;
	store_search_filter f = staff("/1/");
	const char *lift[] = {"故障困人", "电梯", "梯"};
	for (size_t i = 0; i < sizeof lift / sizeof *lift; i++) {
		search_set_text(&f, lift[i]);
		assert_string_equal(f.fts, lift[i]);
		expect_ids(f, lift_title, 7);
	}
	search_set_text(&f, "描述");  /* the whole description */
	expect_ids(f, everything, 50);
	search_set_text(&f, "地址");  /* the whole address: ends the text */
	expect_ids(f, everything, 50);
	search_set_text(&f, "火星");  /* a pair no text holds */
	expect_ids(f, nothing, 50);
	search_set_text(&f, "火星上的");
	expect_ids(f, nothing, 50);
	search_set_text(&f, "");
	assert_null(f.fts);

	store_search_filter g = staff("/1/2/10/");
	search_set_text(&g, "故障困人");
	expect_ids(g, lift_in_10, 3);
	search_set_text(&g, "电梯");
	expect_ids(g, lift_in_10, 50);
	g.scope.person_id = 1001;  /* and the person's own, wherever they are */
	expect_ids(g, lift_in_10_or_own, 4);
	search_set_text(&g, "故障困人");
	expect_ids(g, lift_in_10_or_own, 50);

	store_search_filter h = staff("/1/2/");
	h.unit_path = "/1/2/11/";
	search_set_text(&h, "灯不亮");
	expect_ids(h, lamp_in_11, 5);
	search_set_text(&h, "灯不");
	expect_ids(h, lamp_in_11, 50);
	h = staff("/1/2/10/");
	h.unit_path = "/1/2/11/";  /* a unit outside the scope */
	expect_ids(h, nothing, 50);
	h = staff("/1/30/");  /* a department's own units hold no requests */
	search_set_text(&h, "故障困人");
	expect_ids(h, nothing, 50);
}

/* Matches of text in the whole deployment. */
static size_t count_text(const char *text)
{
	store_search_filter f = staff("/");
	f.fts = text;
	static int64_t ids[1024];
	return walk(f, 200, ids, sizeof ids / sizeof *ids);
}

/* The text index follows inserts, edits and deletes, also when a request
 * is added and changed or removed within one transaction (the queue of
 * migration 10 is emptied at commit). */
/* A pair that starts STORE_SEARCH_SHORT_TERMS_MAX trigrams is served by
 * the index; one more and it is matched by LIKE instead, with the same
 * rows found either way. */
static void test_short_terms_limit(void **state)
{
	(void)state;
	fq_err err = {0};
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
		 " INSERT INTO requests(id, number, grid_id, unit_path, category_id, channel,"
		 " title, description, state, level, created_at, updated_at)"
		 " SELECT 2000 + i, 'T' || i, 10, '/1/2/10/', 2, 'self', '测试' || char(19968 + i),"
		 " 'd', 'closed', 2, 1, 1 FROM n",
		 STORE_SEARCH_SHORT_TERMS_MAX - 1);
	assert_int_equal(store_write(db, exec_tx, sql, &err), FQ_OK);
	store_search_filter f = staff("/1/2/10/");
	f.fts = "测试";
	expect_plan(&f, "fts", "SCAN requests_fts VIRTUAL TABLE INDEX", 1);
	assert_int_equal(count_text("测试"), STORE_SEARCH_SHORT_TERMS_MAX);
	snprintf(sql, sizeof sql,
		 "INSERT INTO requests(id, number, grid_id, unit_path, category_id, channel, title,"
		 " description, state, level, created_at, updated_at) VALUES (2999, 'T999', 10,"
		 " '/1/2/10/', 2, 'self', '测试' || char(40000), 'd', 'closed', 2, 1, 1)");
	assert_int_equal(store_write(db, exec_tx, sql, &err), FQ_OK);
	expect_plan(&f, "path", "INDEX requests_scope (unit_path=?", 1);
	assert_int_equal(count_text("测试"), STORE_SEARCH_SHORT_TERMS_MAX + 1);
	assert_int_equal(store_write(db, exec_tx,
				     (void *)"DELETE FROM requests WHERE id BETWEEN 2000 AND 2999",
				     &err),
			 FQ_OK);
}

/* Requests assigned to a staff member outside their units are in their
 * reach, with the text and filters as anywhere else; those inside are not
 * counted twice. */
static int lift_in_10_or_assigned(int i) { return lift_title(i) && (req_grid(i) == 10 || i % 9 == 0); }
static int in_10_or_assigned(int i) { return req_grid(i) == 10 || i % 9 == 0; }

static void test_assigned_outside_the_units(void **state)
{
	(void)state;
	fq_err err = {0};
	assert_int_equal(store_write(db, exec_tx,
				     (void *)"INSERT INTO accounts(id, username, display_name,"
				     " password_hash) VALUES (77, 'gw77', 'gw77', 'x');"
				     "UPDATE requests SET assignee_account_id = 77 WHERE id % 18 = 0;"
				     "UPDATE requests SET reporter_account_id = 77 WHERE id % 18 = 9",
				     &err),
			 FQ_OK);
	store_search_filter f = staff("/1/2/10/");
	f.scope.assignee_id = 77;
	f.scope.account_id = 77;
	expect_ids(f, in_10_or_assigned, 7);
	f.fts = "故障困人";
	expect_ids(f, lift_in_10_or_assigned, 5);
	f.fts = "电梯";
	expect_ids(f, lift_in_10_or_assigned, 50);
	f = staff("/1/2/11/");
	f.scope.paths[1] = "/1/2/10/";
	f.scope.n_paths = 2;
	f.scope.assignee_id = 77;
	expect_ids(f, everything, 50);
	assert_int_equal(store_write(db, exec_tx,
				     (void *)"UPDATE requests SET assignee_account_id = NULL,"
				     " reporter_account_id = NULL WHERE 77 IN (assignee_account_id,"
				     " reporter_account_id); DELETE FROM accounts WHERE id = 77",
				     &err),
			 FQ_OK);
}

static void test_text_index_follows_changes(void **state)
{
	(void)state;
	fq_err err = {0};
	const char *add = "INSERT INTO requests(id, number, grid_id, unit_path, category_id,"
			  " channel, title, description, state, level, created_at, updated_at)"
			  " VALUES (%d, 'X%d', 10, '/1/2/10/', 2, 'self', '%s', '描述', 'closed', 2,"
			  " 1, 1);";
	char sql[1024];
	snprintf(sql, sizeof sql, add, 900, 900, "井盖丢失了");
	assert_int_equal(store_write(db, exec_tx, sql, &err), FQ_OK);
	assert_int_equal(count_text("井盖丢失"), 1);
	assert_int_equal(count_text("井盖"), 1);
	assert_int_equal(store_write(db, exec_tx,
				     (void *)"UPDATE requests SET title = '下水道堵了' WHERE id = 900",
				     &err),
			 FQ_OK);
	assert_int_equal(count_text("井盖丢失"), 0);
	assert_int_equal(count_text("下水道堵"), 1);
	int n = snprintf(sql, sizeof sql, add, 901, 901, "井盖松动");
	snprintf(sql + n, sizeof sql - (size_t)n,
		 "UPDATE requests SET title = '井盖破损' WHERE id = 901;"
		 "INSERT INTO requests(id, number, grid_id, unit_path, category_id, channel, title,"
		 " description, state, level, created_at, updated_at) VALUES (902, 'X902', 10,"
		 " '/1/2/10/', 2, 'self', '井盖松动', 'd', 'closed', 2, 1, 1);"
		 "DELETE FROM requests WHERE id = 902;");
	assert_int_equal(store_write(db, exec_tx, sql, &err), FQ_OK);
	assert_int_equal(count_text("井盖松动"), 0);
	assert_int_equal(count_text("井盖破损"), 1);
	assert_int_equal(store_write(db, exec_tx,
				     (void *)"DELETE FROM requests WHERE id IN (900, 901)", &err),
			 FQ_OK);
	assert_int_equal(count_text("井盖"), 0);
	assert_int_equal(count_text("下水道堵"), 0);
}

/* The pending rows of the text index (requests_fts_pending), as a raw
 * count. */
static int64_t text_waiting(store_conn *c)
{
	int64_t n = -1;
	fq_err err = {0};
	assert_int_equal(stmt_int(c, stmt_get(c, "SELECT count(*) FROM requests_fts_pending"), &n,
				  &err),
			 FQ_OK);
	return n;
}

/* Run the search module's commit hook on c in a transaction of its own. */
static void search_commit(store_conn *c, int busy)
{
	fq_err err = {0};
	assert_int_equal(conn_exec(c, "BEGIN IMMEDIATE", &err), FQ_OK);
	assert_int_equal(store_search_commit(c, busy, &err), FQ_OK);
	assert_int_equal(conn_exec(c, "COMMIT", &err), FQ_OK);
}

/* While the writer is busy the text index may wait (store_search_commit):
 * what waits is found all the same, within the scope, by a long and a
 * short query; a busy commit indexes it once a batch waits, a lone one at
 * once, and an indexed request is found once. */
static void test_text_found_while_waiting(void **state)
{
	(void)state;
	fq_err err = {0};
	store_conn *raw = NULL;
	assert_int_equal(conn_open(path, 0, &raw, &err), FQ_OK);
	/* a commit without the writer's hooks leaves both in the queue */
	assert_int_equal(conn_exec(raw,
				   "INSERT INTO requests(id, number, grid_id, unit_path, category_id,"
				   " channel, title, description, state, level, created_at, updated_at)"
				   " VALUES (910, 'X910', 10, '/1/2/10/', 2, 'self', '路灯闪烁不停',"
				   " 'd', 'closed', 2, 1, 1), (911, 'X911', 11, '/1/2/11/', 2, 'self',"
				   " '路灯闪烁', 'd', 'closed', 2, 1, 1)",
				   &err),
			 FQ_OK);
	assert_int_equal(text_waiting(raw), 2);
	assert_int_equal(count_text("路灯闪烁"), 2);
	assert_int_equal(count_text("闪烁"), 2); /* a pair no indexed text holds */
	store_search_filter g = staff("/1/2/10/");
	search_set_text(&g, "路灯闪烁");
	int64_t ids[4];
	assert_int_equal(walk(g, 50, ids, 4), 1);
	assert_int_equal(ids[0], 910);

	search_commit(raw, 1); /* busy, and fewer than a batch wait */
	assert_int_equal(text_waiting(raw), 2);
	search_commit(raw, 0); /* a lone commit */
	assert_int_equal(text_waiting(raw), 0);
	assert_int_equal(count_text("路灯闪烁"), 2);
	assert_int_equal(count_text("闪烁"), 2);

	char sql[512];
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
		 " INSERT INTO requests(id, number, grid_id, unit_path, category_id, channel,"
		 " title, description, state, level, created_at, updated_at) SELECT i, 'X' || i,"
		 " 10, '/1/2/10/', 2, 'self', '窨井盖', 'd', 'closed', 2, 1, 1 FROM n",
		 1000 + STORE_SEARCH_INDEX_BATCH - 1);
	assert_int_equal(conn_exec(raw, sql, &err), FQ_OK);
	assert_int_equal(text_waiting(raw), STORE_SEARCH_INDEX_BATCH);
	search_commit(raw, 1); /* busy, and a batch waits */
	assert_int_equal(text_waiting(raw), 0);
	assert_int_equal(count_text("窨井盖"), STORE_SEARCH_INDEX_BATCH);
	conn_close(raw);
	assert_int_equal(store_write(db, exec_tx,
				     (void *)"DELETE FROM requests WHERE id BETWEEN 910 AND 1999", &err),
			 FQ_OK);
	assert_int_equal(count_text("路灯闪烁"), 0);
	assert_int_equal(count_text("窨井盖"), 0);
}

static fq_status count_row(void *arg, const store_search_row *row, fq_err *err)
{
	(void)row;
	(void)err;
	(*(size_t *)arg)++;
	return FQ_OK;
}

static void test_export_cap_counted_first(void **state)
{
	(void)state;
	store_search_filter f = staff("/");
	store_conn *c = NULL;
	fq_err err = {0};
	size_t handed = 0;
	assert_int_equal(store_read_begin(db, &c), FQ_OK);
	assert_int_equal(store_search_each(c, &f, N_REQ - 1, count_row, &handed, &err),
			 FQ_ETOOBIG);
	assert_string_equal(err.field, "limit");
	assert_int_equal(handed, 0);
	assert_int_equal(store_search_each(c, &f, N_REQ, count_row, &handed, &err), FQ_OK);
	assert_int_equal(handed, N_REQ);
	store_read_end(db, c);
}

static void test_households_requests(void **state)
{
	(void)state;
	store_conn *c = NULL;
	fq_err err = {0};
	fq_arena a;
	fq_arena_init(&a);
	int64_t ids[] = {100, 999};
	store_search_row *rows = NULL;
	size_t n = 0;
	assert_int_equal(store_read_begin(db, &c), FQ_OK);
	assert_int_equal(store_requests_of_households(c, ids, 2, 5, &a, &rows, &n, &err), FQ_OK);
	store_read_end(db, c);
	assert_int_equal(n, 5);
	int64_t want = N_REQ - N_REQ % 7;
	for (size_t i = 0; i < n; i++, want -= 7) {
		assert_int_equal(rows[i].household_id, 100);
		assert_int_equal(rows[i].id, want);
	}
	fq_arena_free(&a);
}

/* ---- domain rules ---------------------------------------------------------- */

static void test_scope_of_a_caller(void **state)
{
	(void)state;
	caller who = {.account_id = 9, .person_id = 1001, .leader_id = 1, .n_roles = 4};
	who.r[0] = (caller_role){.role = ROLE_GRID_WORKER, .unit_id = 10, .path = "/1/2/10/"};
	who.r[1] = (caller_role){.role = ROLE_COMMUNITY_OFFICER, .unit_id = 2, .path = "/1/2/"};
	who.r[2] = (caller_role){.role = ROLE_BUILDING_LEADER, .unit_id = 20, .path = "/1/2/10/20/"};
	who.r[3] = (caller_role){.role = ROLE_LEADER, .unit_id = 10, .path = "/1/2/10/"};
	who.roles = ROLE_GRID_WORKER | ROLE_COMMUNITY_OFFICER | ROLE_BUILDING_LEADER | ROLE_LEADER;
	store_search_scope s;
	search_scope_of(&who, &s);
	assert_int_equal(s.n_paths, 1);
	assert_string_equal(s.paths[0], "/1/2/");
	assert_int_equal(s.n_buildings, 1);
	assert_int_equal(s.buildings[0], 20);
	assert_int_equal(s.leader_id, 1);
	assert_int_equal(s.person_id, 1001);
	assert_int_equal(s.account_id, 9);
	assert_int_equal(s.assignee_id, 9);
	fq_err err = {0};
	assert_int_equal(search_unit_allowed(&who, "/1/2/11/", &err), FQ_OK);
	assert_int_equal(search_unit_allowed(&who, "/1/", &err), FQ_OK);
	assert_int_equal(search_unit_allowed(&who, "/1/30/", &err), FQ_ENOTFOUND);
	assert_string_equal(err.field, "unit");
	caller resident = {.account_id = 5, .person_id = 7, .n_roles = 1, .roles = ROLE_RESIDENT};
	resident.r[0] = (caller_role){.role = ROLE_RESIDENT, .unit_id = 11, .path = "/1/2/11/"};
	search_scope_of(&resident, &s);
	assert_int_equal(s.n_paths, 0);
	assert_int_equal(s.leader_id, 0);
	assert_int_equal(search_unit_allowed(&resident, "/1/30/", &err), FQ_OK);
}

static void test_timing_and_channels(void **state)
{
	(void)state;
	/* a 2-hour accept limit: on time when new, due soon in its last quarter */
	store_search_row r = {.state = "dispatched", .started = T0 - 7200, .accept_due = T0,
			      .resolve_due = T0 + 99999};
	assert_int_equal(search_timing(&r, T0 + 1), SLA_OVERDUE);
	assert_int_equal(search_timing(&r, T0), SLA_DUE_SOON);
	assert_int_equal(search_timing(&r, T0 - 1800), SLA_DUE_SOON);
	assert_int_equal(search_timing(&r, T0 - 1801), SLA_ON_TIME);
	assert_int_equal(search_timing(&r, T0 - 7200), SLA_ON_TIME);
	r.state = "accepted";
	assert_int_equal(search_timing(&r, T0 + 1), SLA_ON_TIME);
	r.state = "closed";
	assert_int_equal(search_timing(&r, T0 + 1), 0);
	assert_true(search_channel_valid("hotline"));
	assert_false(search_channel_valid("fax"));
	assert_false(search_channel_valid(NULL));
	assert_string_equal(search_channel_label("proxy"), "代报");
}

/* ---- the catalogue ------------------------------------------------------- */

static void test_seed_catalogue_is_valid(void **state)
{
	(void)state;
	size_t n = 0;
	const cat_seed *s = catalogue_seed_entries(&n);
	assert_true(n >= 40);
	fq_err err = {0};
	for (size_t i = 0; i < n; i++) {
		if (catalogue_check(s[i].parent ? s[i].code : NULL, s[i].name, s[i].name_en,
				    s[i].icon, s[i].start_level, s[i].priority, s[i].limits,
				    &err) != FQ_OK)
			fail_msg("%s: %s %s", s[i].code, err.field, err.message);
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(s[i].code, s[k].code);
		if (s[i].parent) {
			size_t k = 0;
			while (k < i && strcmp(s[k].code, s[i].parent) != 0)
				k++;
			assert_true(k < i); /* the class comes before its sub-categories */
		}
		if (strcmp(s[i].code, "safety.gas") == 0) {
			assert_int_equal(s[i].start_level, 3);
			assert_int_equal(s[i].priority, CAT_PRIORITY_URGENT);
			assert_int_equal(s[i].limits->level[2].accept.unit, SLA_HOURS);
		}
		if (strcmp(s[i].code, "property.corridor_light") == 0)
			assert_int_equal(s[i].start_level, 1);
	}
}

static void test_seed_runs_once(void **state)
{
	(void)state;
	fq_err err = {0};
	assert_int_equal(catalogue_seed_if_empty(db, &err), FQ_OK);
	store_conn *c = NULL;
	int64_t cats = 0, days = 0;
	assert_int_equal(store_read_begin(db, &c), FQ_OK);
	assert_int_equal(store_categories_count(c, &cats, &err), FQ_OK);
	assert_int_equal(store_calendar_count(c, &days, &err), FQ_OK);
	store_read_end(db, c);
	size_t n_cat = 0, n_cal = 0;
	catalogue_seed_entries(&n_cat);
	cal_seed_entries(&n_cal);
	assert_int_equal(cats, n_cat);
	assert_int_equal(days, n_cal);
}

static void test_check_names_the_field(void **state)
{
	(void)state;
	size_t n = 0;
	const cat_seed *s = catalogue_seed_entries(&n);
	sla_limits l = *s[1].limits;
	fq_err err = {0};
	l.level[1].resolve.unit = 0;
	assert_int_equal(catalogue_check(NULL, "名", "", "", 2, 2, &l, &err), FQ_EINVAL);
	assert_string_equal(err.field, "limits[2].resolve");
	assert_int_equal(catalogue_check("Bad.Code", "名", "", "", 2, 2, s[1].limits, &err),
			 FQ_EINVAL);
	assert_string_equal(err.field, "code");
	assert_int_equal(catalogue_check("a.b", "", "", "", 2, 2, s[1].limits, &err), FQ_EINVAL);
	assert_string_equal(err.field, "name");
	assert_int_equal(catalogue_check("a.b", "名", "", "", 5, 2, s[1].limits, &err),
			 FQ_EINVAL);
	assert_string_equal(err.field, "start_level");
	assert_int_equal(catalogue_check("a.b", "名", "", "", 2, 0, s[1].limits, &err),
			 FQ_EINVAL);
	assert_string_equal(err.field, "priority");
}

/* The numbers a danger category gives to call, as stored and as checked. */
static void test_danger_calls(void **state)
{
	(void)state;
	cat_call calls[CAT_CALLS_MAX];
	size_t n = 9;
	fq_err err = {0};
	assert_int_equal(catalogue_calls_parse("119 消防（火警）\n0731-12345 燃气公司", calls, &n, &err),
			 FQ_OK);
	assert_int_equal(n, 2);
	assert_string_equal(calls[0].number, "119");
	assert_string_equal(calls[0].label, "消防（火警）");
	assert_string_equal(calls[1].number, "0731-12345");
	assert_int_equal(catalogue_calls_parse("", calls, &n, &err), FQ_OK);
	assert_int_equal(n, 0);
	assert_int_equal(catalogue_calls_parse(NULL, calls, &n, &err), FQ_OK);
	static const struct {
		const char *text, *field;
	} bad[] = {
		{"12 短号", "danger_calls[1].number"},
		{"119 a\n119- b", "danger_calls[2].number"},
		{"1-2-3 x", "danger_calls[1].number"}, /* three digits, fine */
		{"11--9 x", "danger_calls[1].number"},
		{"119", "danger_calls[1].label"},
		{"119 ", "danger_calls[1].label"},
		{"119  x", "danger_calls[1].label"},
		{"119 一二三四五六七八九十一二三四五六七", "danger_calls[1].label"},
		{"123456789012345678901 x", "danger_calls[1].number"},
		{"119 a\n119 b\n119 c\n119 d", "danger_calls"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fq_status st = catalogue_calls_parse(bad[i].text, calls, &n, &err);
		if (i == 2) {
			assert_int_equal(st, FQ_OK);
			continue;
		}
		assert_int_equal(st, FQ_EINVAL);
		assert_string_equal(err.field, bad[i].field);
	}
	assert_int_equal(catalogue_check_danger(1, "", &err), FQ_EINVAL);
	assert_string_equal(err.field, "danger_calls");
	assert_int_equal(catalogue_check_danger(0, "", &err), FQ_OK);
	assert_int_equal(catalogue_check_danger(1, "119 消防", &err), FQ_OK);
	assert_int_equal(catalogue_call_check("119", "消防", 3, &err), FQ_OK);
	assert_int_equal(catalogue_call_check("119 1", "消防", 3, &err), FQ_EINVAL);
	assert_string_equal(err.field, "danger_calls[3].number");
	/* the seed's danger categories carry numbers that parse */
	size_t ns = 0;
	const cat_seed *s = catalogue_seed_entries(&ns);
	int dangers = 0;
	for (size_t i = 0; i < ns; i++) {
		if (!s[i].danger_calls)
			continue;
		dangers++;
		assert_int_equal(catalogue_check_danger(1, s[i].danger_calls, &err), FQ_OK);
	}
	assert_int_equal(dangers, 2);
}

static int in_building(int i) { return req_household(i); }

/* Migration 3's indexes serve "requests I typed" and a 楼栋长's building. */
static void test_sources_use_migration_3_indexes(void **state)
{
	(void)state;
	store_search_filter f = {.limit = 50, .now = T0};
	f.scope.account_id = 5;
	f.scope.person_id = 1001;
	expect_plan(&f, "person", "requests_reporter", 1);
	expect_plan(&f, "account", "INDEX requests_reporter_account (reporter_account_id=?", 1);
	store_search_filter b = {.now = T0};
	b.scope.buildings[0] = 20;
	b.scope.n_buildings = 1;
	expect_plan(&b, "building_indexed", "INDEX requests_building (building_id=?", 1);
	expect_ids(b, in_building, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plans_of_staff_sources),
		cmocka_unit_test(test_plans_of_sparse_filters_and_text),
		cmocka_unit_test(test_plans_of_number_search),
		cmocka_unit_test(test_number_queries),
		cmocka_unit_test(test_plans_of_personal_sources),
		cmocka_unit_test(test_merged_sources_page_by_page),
		cmocka_unit_test(test_text_search),
		cmocka_unit_test(test_like_over_many_units),
		cmocka_unit_test(test_text_index_follows_changes),
		cmocka_unit_test(test_text_found_while_waiting),
		cmocka_unit_test(test_assigned_outside_the_units),
		cmocka_unit_test(test_short_terms_limit),
		cmocka_unit_test(test_export_cap_counted_first),
		cmocka_unit_test(test_households_requests),
		cmocka_unit_test(test_scope_of_a_caller),
		cmocka_unit_test(test_timing_and_channels),
		cmocka_unit_test(test_seed_catalogue_is_valid),
		cmocka_unit_test(test_seed_runs_once),
		cmocka_unit_test(test_check_names_the_field),
		cmocka_unit_test(test_danger_calls),
		cmocka_unit_test(test_sources_use_migration_3_indexes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
