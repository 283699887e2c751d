/*
 * store_plans.h - the registry of hot statements and the check of their
 * query plans.
 *
 * A hot statement is one that runs on a path users wait on (intake and its
 * duplicate check, request actions, lists, statistics, locate, the
 * sweeper, session lookup, Open311). Each is registered once, next to its
 * SQL in its store_*.c file, with the indexes its plan must use; the plan
 * test (tests/unit/test_plans.c) explains every one on a database without
 * statistics and with the sqlite_stat1 rows of the demo street and of a
 * 1,000,000-request history, and fails on a full scan of a large table, an
 * automatic index, or a plan that walks another index than the one named.
 *
 * Every other statement is checked too, when it is first prepared on a
 * connection whose process runs with FQ_PLAN_GUARD=1 (as the test suite
 * does): a full scan of a large table is refused, so that a new hot
 * statement cannot be added without either a plan that needs no scan or
 * the mark of a statement that means to scan (STORE_PLAN_SCAN).
 */
#ifndef FQ_STORE_STORE_PLANS_H
#define FQ_STORE_STORE_PLANS_H

#include <stddef.h>

#include "core/arena.h"
#include "core/status.h"
#include "store/store.h"

/* The comment that opens a statement which means to read a large table
 * whole (an export, a count at start, a list that walks newest first and
 * stops at its page): the plan guard lets it pass. Spell it at the start of
 * the SQL, followed by the reason and the comment's end. */
#define STORE_PLAN_SCAN "/* scan: "

/* A hot statement. */
typedef struct store_plan_entry {
	const char *name; /* "requests.dup_household" */
	const char *sql;  /* the very text the store prepares */
	const char *uses; /* indexes its plan must use, space-separated; "rowid" for
			     a search by the integer primary key, "pk" by
			     another primary key */
	const char *walks; /* a large table it may walk in order and stop early
			      (a newest-first page), or NULL */
} store_plan_entry;

/* The registered hot statements, one a call: *i starts at 0 and is
 * advanced; NULL after the last. */
const store_plan_entry *store_plan_next(size_t *i);

/* The plan of sql on c, the detail lines of EXPLAIN QUERY PLAN joined by
 * "; ", in the arena. */
fq_status store_plan_text(store_conn *c, fq_arena *a, const char *sql, char **out, fq_err *err);

/* Check the plan of e on c: FQ_OK, or FQ_EINVAL with a message naming the
 * statement, what is wrong (a full scan of a large table, an automatic
 * index, a missing index) and the plan. */
fq_status store_plan_check(store_conn *c, fq_arena *a, const store_plan_entry *e, fq_err *err);

/* Replace the planner statistics of c's database with the rows of
 * stat1_sql (INSERT INTO sqlite_stat1 ... statements, as `sqlite3 DB
 * '.dump sqlite_stat1'` writes them; NULL or "" for none) and reload them,
 * so that c plans as a database with those statistics would. */
fq_status store_plan_stats_load(store_conn *c, const char *stat1_sql, fq_err *err);

#endif
