/*
 * test_plans.c - unit tests for src/store/store_plans.c: every registered
 * hot statement has a plan that uses its index and scans no large table,
 * on a database without statistics and with the sqlite_stat1 rows saved
 * from the demo street (tests/data/stat1_demo.sql) and from a
 * 1,000,000-request history (tests/data/stat1_1m.sql); the list and search
 * sources keep their pinned indexes under the same statistics; and the
 * judge itself refuses a full scan, an automatic index and a missing index.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/sqlite_int.h"
#include "store/store_plans.h"
#include "store/store_search.h"

static char dir[64], path[96];
static store *db;

/* The whole of a file under tests/data, or NULL. */
static char *read_data(const char *name)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", FQ_TEST_DATA, name);
	FILE *f = fopen(p, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	if (s)
		s[n] = '\0';
	fclose(f);
	return s;
}

typedef struct run {
	const char *stats; /* the statistics, as SQL, or NULL */
	int checked;       /* statements checked */
	int failed;        /* with a bad plan */
} run;

/* Load the statistics, then check every hot statement; prints each bad one. */
static fq_status check_all_tx(store_conn *c, void *arg, fq_err *err)
{
	run *r = arg;
	fq_status st = store_plan_stats_load(c, r->stats, err);
	size_t i = 0;
	for (const store_plan_entry *e = store_plan_next(&i); st == FQ_OK && e;
	     e = store_plan_next(&i)) {
		fq_arena a;
		fq_arena_init(&a);
		fq_err why = {0};
		r->checked++;
		if (store_plan_check(c, &a, e, &why) != FQ_OK) {
			print_error("%s\n", why.message);
			r->failed++;
		}
		fq_arena_free(&a);
	}
	return st;
}

static void check_with(const char *stats_file)
{
	char *stats = stats_file ? read_data(stats_file) : NULL;
	assert_true(!stats_file || stats != NULL);
	run r = {.stats = stats};
	fq_err err = {0};
	assert_int_equal(store_write(db, check_all_tx, &r, &err), FQ_OK);
	free(stats);
	assert_true(r.checked >= 40);
	assert_int_equal(r.failed, 0);
}

static void test_plans_without_statistics(void **state)
{
	(void)state;
	check_with(NULL);
}

static void test_plans_with_demo_statistics(void **state)
{
	(void)state;
	check_with("stat1_demo.sql");
}

static void test_plans_with_million_statistics(void **state)
{
	(void)state;
	check_with("stat1_1m.sql");
}

/* ---- the list and search sources under the same statistics -------------- */

typedef struct search_run {
	const char *stats;
	int bad;
} search_run;

static fq_status search_tx(store_conn *c, void *arg, fq_err *err)
{
	search_run *r = arg;
	fq_status st = store_plan_stats_load(c, r->stats, err);
	store_search_scope all = {.paths = {"/"}, .n_paths = 1};
	store_search_scope grid = {.paths = {"/1/2/10/"}, .n_paths = 1, .leader_id = 1,
				   .assignee_id = 1};
	store_search_filter filters[] = {
		{.scope = all, .limit = 50},
		{.scope = all, .limit = 50, .state = "dispatched"},
		{.scope = all, .limit = 50, .fts = "楼道灯"},
		{.scope = grid, .limit = 50, .fts = "楼道"},
		{.scope = grid, .limit = 50, .category_id = 1},
		{.scope = grid, .limit = 50, .overdue = 1, .now = 1767225600},
		{.scope = all, .limit = 50, .fts = "000001", .number = "000001"},
		{.scope = grid, .limit = 50, .fts = "FQ20261207000001", .number = "20261207000001"},
	};
	for (size_t i = 0; st == FQ_OK && i < sizeof filters / sizeof filters[0]; i++) {
		fq_arena a;
		fq_arena_init(&a);
		char *plan = NULL;
		st = store_search_plan(c, &filters[i], &a, &plan, err);
		/* a search by number walks its index, never the table */
		const char *number = st == FQ_OK ? strstr(plan, "number: ") : NULL;
		const char *end = number ? strchr(number, '\n') : NULL;
		const char *scan = number ? strstr(number, "SCAN") : NULL;
		int number_scan = filters[i].number[0] &&
				  (!number || !strstr(number, "INDEX requests_number_tail") ||
				   (scan && (!end || scan < end)));
		if (st == FQ_OK && (number_scan || strstr(plan, "SEARCH r USING AUTOMATIC") ||
				    strstr(plan, "SEARCH requests USING AUTOMATIC"))) {
			print_error("search filter %zu: %s\n", i, plan);
			r->bad++;
		}
		fq_arena_free(&a);
	}
	return st;
}

static void test_search_plans_with_statistics(void **state)
{
	(void)state;
	const char *sets[] = {NULL, "stat1_demo.sql", "stat1_1m.sql"};
	for (size_t i = 0; i < 3; i++) {
		char *stats = sets[i] ? read_data(sets[i]) : NULL;
		search_run r = {.stats = stats};
		fq_err err = {0};
		assert_int_equal(store_write(db, search_tx, &r, &err), FQ_OK);
		free(stats);
		assert_int_equal(r.bad, 0);
	}
}

/* ---- the judge ------------------------------------------------------------ */

static fq_status judge_tx(store_conn *c, void *arg, fq_err *err)
{
	(void)arg;
	(void)err;
	static const char scan[] = "SELECT id FROM requests WHERE title = ?1";
	static const char wrong[] = "SELECT id FROM requests WHERE id = ?1";
	static const char good[] = "SELECT id FROM requests WHERE number = ?1";
	const store_plan_entry cases[] = {
		{"t.scan", scan, "", NULL},
		{"t.wrong_index", wrong, "requests_created", NULL},
		{"t.good", good, "sqlite_autoindex_requests_1", NULL},
		{"t.walk", scan, "", "requests"},
	};
	const fq_status want[] = {FQ_EINVAL, FQ_EINVAL, FQ_OK, FQ_OK};
	for (size_t i = 0; i < 4; i++) {
		fq_arena a;
		fq_arena_init(&a);
		fq_err e = {0};
		fq_status got = store_plan_check(c, &a, &cases[i], &e);
		fq_arena_free(&a);
		if (got != want[i])
			return fq_fail(err, FQ_EINVAL, cases[i].name, "judged %d, not %d", got,
				       want[i]);
		if (i == 0 && !strstr(e.message, "full scan of requests"))
			return fq_fail(err, FQ_EINVAL, "", "said: %s", e.message);
	}
	return FQ_OK;
}

static void test_judge_refuses_bad_plans(void **state)
{
	(void)state;
	fq_err err = {0};
	fq_status st = store_write(db, judge_tx, NULL, &err);
	if (st != FQ_OK)
		print_error("%s %s\n", err.field, err.message);
	assert_int_equal(st, FQ_OK);
}

/* The guard: a new statement that scans a large table stops the process
 * (FQ_PLAN_GUARD=1); one marked STORE_PLAN_SCAN, or one with an index,
 * passes. Run in a child, on a connection of its own. */
static void test_guard_aborts_on_a_full_scan(void **state)
{
	(void)state;
	static const char indexed[] = "SELECT id FROM requests WHERE number = ?1";
	static const char marked[] = STORE_PLAN_SCAN "a test */ SELECT id FROM requests WHERE title = ?1";
	static const char scan[] = "SELECT id FROM requests WHERE title = ?1";
	for (int k = 0; k < 2; k++) {
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			store_conn *c = NULL;
			if (conn_open(path, 1, &c, NULL) != FQ_OK)
				_exit(3);
			c->plan_guard = PLAN_GUARD_ABORT;
			int ok = stmt_get(c, indexed) && stmt_get(c, marked);
			if (k == 1)
				stmt_get(c, scan);
			conn_close(c);
			_exit(ok ? 0 : 4);
		}
		int status = 0;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (k == 0)
			assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		else
			assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	}
}

/* Every registered statement has a name, SQL and a distinct name. */
static void test_registry_is_well_formed(void **state)
{
	(void)state;
	size_t i = 0, n = 0;
	const store_plan_entry *seen[256];
	for (const store_plan_entry *e = store_plan_next(&i); e; e = store_plan_next(&i)) {
		assert_non_null(e->sql);
		assert_non_null(e->uses);
		for (size_t k = 0; k < n; k++)
			assert_string_not_equal(seen[k]->name, e->name);
		assert_true(n < 256);
		seen[n++] = e;
	}
	assert_true(n >= 40);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/fq-plans-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/p.db", dir);
	store_options o = {.read_conns = 1, .batch_max = 10};
	fq_err err = {0};
	return store_open(path, &o, &db, &err) == FQ_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	store_close(db);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_is_well_formed),
		cmocka_unit_test(test_judge_refuses_bad_plans),
		cmocka_unit_test(test_guard_aborts_on_a_full_scan),
		cmocka_unit_test(test_plans_without_statistics),
		cmocka_unit_test(test_plans_with_demo_statistics),
		cmocka_unit_test(test_plans_with_million_statistics),
		cmocka_unit_test(test_search_plans_with_statistics),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
