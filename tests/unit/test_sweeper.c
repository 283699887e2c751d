/*
 * test_sweeper.c - unit tests for src/domain/sweeper.c's rules and the
 * queues of src/store/store_sweep.c: the reminder window, what the sweeper
 * decides for every queue (escalate below the top, remind at the top and
 * not again within the repeat time, lapse a pending extension first,
 * auto-close, card reminders, reminders once inside the window), and that
 * each queue selects exactly its due rows through its partial index, in
 * (due, id) order after a cursor; and the open-work counts of a unit.
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

#include "domain/sweeper.h"
#include "store/sqlite_int.h"
#include "store/store_sweep.h"

#define NOW 1767225600 /* 2026-01-01T08:00:00+08:00 */
#define H 3600LL
#define DAY (24 * H)

static const sweep_rules RULES = {25, 24 * H, 24 * H};

/* ---- rules -------------------------------------------------------------- */

static void test_remind_window(void **state)
{
	(void)state;
	assert_int_equal(sweep_remind_window(&RULES, NOW, NOW + 4 * H), H);
	assert_int_equal(sweep_remind_window(&RULES, NOW, NOW + 10 * DAY), 24 * H); /* capped */
	assert_int_equal(sweep_remind_window(&RULES, NOW, NOW), 0);
	assert_int_equal(sweep_remind_window(&RULES, NOW, NOW - H), 0);
	sweep_rules none = RULES;
	none.remind_before_pct = 0;
	assert_int_equal(sweep_remind_window(&none, NOW, NOW + 4 * H), 0);
	sweep_rules bad = RULES;
	bad.remind_before_pct = 101;
	fq_err err = {0};
	assert_int_equal(sweep_rules_check(&bad, &err), FQ_EINVAL);
	assert_string_equal(err.field, "remind_before_pct");
	assert_int_equal(sweep_rules_check(&RULES, &err), FQ_OK);
}

static store_sweep_row row(int64_t due, int level)
{
	return (store_sweep_row){.id = 7, .due = due, .started = due - 4 * H, .level = level};
}

static void expect_steps(const sweep_plan *p, int n, req_action_kind a, req_action_kind b)
{
	assert_int_equal(p->n, n);
	if (n > 0)
		assert_int_equal(p->steps[0].kind, a);
	if (n > 1)
		assert_int_equal(p->steps[1].kind, b);
}

static void test_accept_overdue(void **state)
{
	(void)state;
	sweep_plan p;
	store_sweep_row r = row(NOW - 1, 1);
	sweep_decide(STORE_SWEEP_ACCEPT_OVERDUE, &r, &RULES, NOW, &p);
	expect_steps(&p, 1, REQ_ACT_ESCALATE, 0);
	assert_string_equal(p.steps[0].text, "签收超时");
	assert_true(p.mark_late);
	/* the due second itself is still in time */
	r = row(NOW, 1);
	sweep_decide(STORE_SWEEP_ACCEPT_OVERDUE, &r, &RULES, NOW, &p);
	expect_steps(&p, 0, 0, 0);
	/* at the top: remind, then not again within the repeat time */
	r = row(NOW - H, 4);
	sweep_decide(STORE_SWEEP_ACCEPT_OVERDUE, &r, &RULES, NOW, &p);
	expect_steps(&p, 1, REQ_ACT_REMIND, 0);
	r.reminded_at = NOW - 23 * H;
	sweep_decide(STORE_SWEEP_ACCEPT_OVERDUE, &r, &RULES, NOW, &p);
	expect_steps(&p, 0, 0, 0);
	r.reminded_at = NOW - 24 * H;
	sweep_decide(STORE_SWEEP_ACCEPT_OVERDUE, &r, &RULES, NOW, &p);
	expect_steps(&p, 1, REQ_ACT_REMIND, 0);
}

static void test_resolve_overdue(void **state)
{
	(void)state;
	sweep_plan p;
	store_sweep_row r = row(NOW - 1, 2);
	sweep_decide(STORE_SWEEP_RESOLVE_OVERDUE, &r, &RULES, NOW, &p);
	expect_steps(&p, 1, REQ_ACT_ESCALATE, 0);
	assert_string_equal(p.steps[0].text, "办结超时");
	assert_false(p.mark_late);
	r.ext_pending = true;
	sweep_decide(STORE_SWEEP_RESOLVE_OVERDUE, &r, &RULES, NOW, &p);
	expect_steps(&p, 2, REQ_ACT_LAPSE_EXTENSION, REQ_ACT_ESCALATE);
	/* at the top: lapse and remind; a recent reminder leaves only the lapse */
	r.level = 4;
	sweep_decide(STORE_SWEEP_RESOLVE_OVERDUE, &r, &RULES, NOW, &p);
	expect_steps(&p, 2, REQ_ACT_LAPSE_EXTENSION, REQ_ACT_REMIND);
	r.reminded_at = NOW - H;
	sweep_decide(STORE_SWEEP_RESOLVE_OVERDUE, &r, &RULES, NOW, &p);
	expect_steps(&p, 1, REQ_ACT_LAPSE_EXTENSION, 0);
	r.ext_pending = false;
	sweep_decide(STORE_SWEEP_RESOLVE_OVERDUE, &r, &RULES, NOW, &p);
	expect_steps(&p, 0, 0, 0);
}

static void test_followup_and_card(void **state)
{
	(void)state;
	sweep_plan p;
	store_sweep_row r = row(NOW - 1, 2);
	sweep_decide(STORE_SWEEP_FOLLOWUP_OVER, &r, &RULES, NOW, &p);
	expect_steps(&p, 1, REQ_ACT_AUTO_CLOSE, 0);
	r = row(NOW + 1, 2);
	sweep_decide(STORE_SWEEP_FOLLOWUP_OVER, &r, &RULES, NOW, &p);
	expect_steps(&p, 0, 0, 0);
	/* a card past its deadline: remind once, even if reminded before it */
	r = row(NOW - H, 2);
	r.reminded_at = NOW - 2 * H;
	sweep_decide(STORE_SWEEP_CARD_OVERDUE, &r, &RULES, NOW, &p);
	expect_steps(&p, 1, REQ_ACT_REMIND, 0);
	assert_string_equal(p.steps[0].text, "督办已到期");
	r.reminded_at = NOW - 30 * 60;
	sweep_decide(STORE_SWEEP_CARD_OVERDUE, &r, &RULES, NOW, &p);
	expect_steps(&p, 0, 0, 0);
	sweep_decide(STORE_SWEEP_CARD_OVERDUE, &r, &RULES, NOW + DAY, &p);
	expect_steps(&p, 1, REQ_ACT_REMIND, 0);
}

static void test_remind_before(void **state)
{
	(void)state;
	sweep_plan p;
	/* a 4-hour limit has a 1-hour window */
	store_sweep_row r = row(NOW + H, 2);
	sweep_decide(STORE_SWEEP_ACCEPT_SOON, &r, &RULES, NOW, &p);
	expect_steps(&p, 1, REQ_ACT_REMIND, 0);
	assert_string_equal(p.steps[0].text, "签收即将超时");
	sweep_decide(STORE_SWEEP_RESOLVE_SOON, &r, &RULES, NOW, &p);
	expect_steps(&p, 1, REQ_ACT_REMIND, 0);
	assert_string_equal(p.steps[0].text, "办结即将超时");
	r = row(NOW + H + 1, 2);
	sweep_decide(STORE_SWEEP_ACCEPT_SOON, &r, &RULES, NOW, &p);
	expect_steps(&p, 0, 0, 0);
	/* once: a reminder inside the window holds, one before it does not */
	r = row(NOW + 30 * 60, 2);
	r.reminded_at = NOW - 10 * 60;
	sweep_decide(STORE_SWEEP_ACCEPT_SOON, &r, &RULES, NOW, &p);
	expect_steps(&p, 0, 0, 0);
	r.reminded_at = NOW - 40 * 60;
	sweep_decide(STORE_SWEEP_ACCEPT_SOON, &r, &RULES, NOW, &p);
	expect_steps(&p, 1, REQ_ACT_REMIND, 0);
	/* past the deadline is the overdue queue's business */
	r = row(NOW - 1, 2);
	sweep_decide(STORE_SWEEP_ACCEPT_SOON, &r, &RULES, NOW, &p);
	expect_steps(&p, 0, 0, 0);
}

/* ---- queues over a real store -------------------------------------------------- */

static fq_status schema_tx(store_conn *c, void *arg, fq_err *err)
{
	(void)arg;
	return conn_exec(c,
			 "INSERT INTO units(id, parent_id, kind, code, name, path) VALUES"
			 " (1, NULL, 'street', 'S', 's', '/1/'),"
			 " (2, 1, 'community', 'C', 'c', '/1/2/'),"
			 " (3, 2, 'grid', 'G3', 'g', '/1/2/3/'),"
			 " (4, 2, 'grid', 'G4', 'g', '/1/2/4/'),"
			 " (5, 1, 'community', 'C5', 'c', '/1/5/'),"
			 " (6, 5, 'grid', 'G6', 'g', '/1/5/6/');"
			 "INSERT INTO categories(id, code, name) VALUES (1, 'x', 'x');",
			 err);
}

typedef struct req_row {
	int64_t id;
	const char *state;
	int level;
	const char *path;
	int64_t accept_due, resolve_due, followup_due, card_due, reminded_at;
	const char *card, *ext;
} req_row;

static fq_status insert_tx(store_conn *c, void *arg, fq_err *err)
{
	const req_row *r = arg;
	sqlite3_stmt *st = stmt_get(
		c, "INSERT INTO requests(id, number, unit_path, category_id, channel, title,"
		   " description, state, level, accept_due, resolve_due, followup_due, card,"
		   " card_due, ext_state, reminded_at, dispatched_at, created_at, updated_at)"
		   " VALUES (?1, 'N' || ?1, ?2, 1, 'self', 't', 'd', ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
		   " ?10, nullif(?11, 0), ?12, ?12, ?12)");
	sqlite3_bind_int64(st, 1, r->id);
	bind_text(st, 2, r->path);
	bind_text(st, 3, r->state);
	sqlite3_bind_int(st, 4, r->level);
	sqlite3_bind_int64(st, 5, r->accept_due);
	sqlite3_bind_int64(st, 6, r->resolve_due);
	sqlite3_bind_int64(st, 7, r->followup_due);
	bind_text(st, 8, r->card ? r->card : "none");
	sqlite3_bind_int64(st, 9, r->card_due);
	bind_text(st, 10, r->ext ? r->ext : "none");
	sqlite3_bind_int64(st, 11, r->reminded_at);
	sqlite3_bind_int64(st, 12, NOW - 10 * DAY);
	return stmt_exec(c, st, err);
}

/* Requests whose deadlines put them in (or just out of) each queue; the
 * limits started 10 days ago, so reminder windows are 24 hours. */
static const req_row ROWS[] = {
	{1, "dispatched", 1, "/1/2/3/", NOW - H, NOW + DAY, 0, 0, 0, NULL, NULL},
	{2, "dispatched", 2, "/1/2/4/", NOW - 2 * H, NOW + DAY, 0, 0, 0, NULL, NULL},
	{3, "dispatched", 4, "/1/5/6/", NOW - H, NOW + DAY, 0, 0, NOW - H, NULL, NULL},
	{4, "dispatched", 4, "/1/5/6/", NOW - H, NOW + DAY, 0, 0, NOW - 25 * H, NULL, NULL},
	{5, "dispatched", 2, "/1/2/3/", NOW + H, NOW + 3 * DAY, 0, 0, 0, NULL, NULL},
	{6, "dispatched", 2, "/1/2/3/", NOW + 2 * DAY, NOW + 3 * DAY, 0, 0, 0, NULL, NULL},
	{7, "accepted", 2, "/1/2/3/", NOW - DAY, NOW - H, 0, NOW + DAY, 0, "yellow", "pending"},
	{8, "accepted", 2, "/1/2/3/", NOW - DAY, NOW + 2 * H, 0, NOW - H, NOW - 30 * 60,
	 "red", NULL},
	{9, "resolved", 2, "/1/5/6/", NOW - DAY, NOW - H, NOW - 1, 0, 0, NULL, NULL},
	{10, "resolved", 2, "/1/5/6/", NOW - DAY, NOW - H, NOW + DAY, 0, 0, NULL, NULL},
	{11, "closed", 2, "/1/2/3/", NOW - DAY, NOW - H, NOW - 1, 0, 0, NULL, NULL},
	{12, "submitted", 2, "/1/2/3/", 0, 0, 0, 0, 0, NULL, NULL},
	{13, "dispatched", 3, "/1/2/3/", NOW - 2 * H, NOW + DAY, 0, NOW - 1, 0, "normal", NULL},
};

static store *open_store(char *dir, size_t n)
{
	snprintf(dir, n, "/tmp/fq-sweep-XXXXXX");
	assert_non_null(mkdtemp(dir));
	char path[128];
	snprintf(path, sizeof path, "%s/s.db", dir);
	store *s = NULL;
	fq_err err = {0};
	assert_int_equal(store_open(path, NULL, &s, &err), FQ_OK);
	assert_int_equal(store_write(s, schema_tx, NULL, &err), FQ_OK);
	for (size_t i = 0; i < sizeof ROWS / sizeof ROWS[0]; i++)
		assert_int_equal(store_write(s, insert_tx, (void *)&ROWS[i], &err), FQ_OK);
	return s;
}

static void close_store(store *s, const char *dir)
{
	store_close(s);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* The ids queue selects at NOW, in order, as a string "1,2,". */
static void ids_of(store_conn *c, store_sweep_queue queue, size_t limit, char *out, size_t n)
{
	store_sweep_query q = {.now = NOW, .window_s = 24 * H, .remind_pct = 25,
			       .repeat_s = 24 * H, .after_due = INT64_MIN, .limit = limit};
	store_sweep_row rows[STORE_SWEEP_ROWS_MAX];
	size_t got = 0, len = 0;
	fq_err err = {0};
	out[0] = '\0';
	for (;;) {
		assert_int_equal(store_sweep_list(c, queue, &q, rows, &got, &err), FQ_OK);
		for (size_t i = 0; i < got; i++)
			len += (size_t)snprintf(out + len, n - len, "%lld,", (long long)rows[i].id);
		if (got < limit)
			return;
		q.after_due = rows[got - 1].due;
		q.after_id = rows[got - 1].id;
	}
}

static void test_queues(void **state)
{
	(void)state;
	char dir[64], ids[256];
	store *s = open_store(dir, sizeof dir);
	store_conn *c = NULL;
	assert_int_equal(store_read_begin(s, &c), FQ_OK);
	/* each statement names its partial index (INDEXED BY): were the index
	 * unusable, SQLite would refuse the statement and these would fail.
	 * Ordered by deadline, then id; 3 was reminded at the top an hour ago */
	ids_of(c, STORE_SWEEP_ACCEPT_OVERDUE, 100, ids, sizeof ids);
	assert_string_equal(ids, "2,13,1,4,");
	ids_of(c, STORE_SWEEP_ACCEPT_OVERDUE, 1, ids, sizeof ids); /* page by page */
	assert_string_equal(ids, "2,13,1,4,");
	ids_of(c, STORE_SWEEP_RESOLVE_OVERDUE, 100, ids, sizeof ids);
	assert_string_equal(ids, "7,");
	ids_of(c, STORE_SWEEP_FOLLOWUP_OVER, 100, ids, sizeof ids);
	assert_string_equal(ids, "9,");
	/* 8's card was reminded after its deadline */
	ids_of(c, STORE_SWEEP_CARD_OVERDUE, 100, ids, sizeof ids);
	assert_string_equal(ids, "13,");
	ids_of(c, STORE_SWEEP_ACCEPT_SOON, 100, ids, sizeof ids);
	assert_string_equal(ids, "5,");
	/* 8 was reminded 30 minutes ago, inside its window */
	ids_of(c, STORE_SWEEP_RESOLVE_SOON, 100, ids, sizeof ids);
	assert_string_equal(ids, "");

	store_open_counts o;
	fq_err err = {0};
	assert_int_equal(store_sweep_open_counts(c, "/", NOW, &o, &err), FQ_OK);
	assert_int_equal(o.open, 12);
	assert_int_equal(o.overdue, 6); /* 1, 2, 3, 4, 13 and 7 */
	assert_int_equal(o.supervised, 3);
	assert_int_equal(store_sweep_open_counts(c, "/1/2/", NOW, &o, &err), FQ_OK);
	assert_int_equal(o.open, 8);
	assert_int_equal(o.overdue, 4);
	assert_int_equal(o.supervised, 3);
	assert_int_equal(store_sweep_open_counts(c, "/1/5/6/", NOW, &o, &err), FQ_OK);
	assert_int_equal(o.open, 4);
	assert_int_equal(o.overdue, 2);
	assert_int_equal(o.supervised, 0);
	assert_int_equal(store_sweep_open_counts(c, "/1/2", NOW, &o, &err), FQ_EINVAL);
	store_read_end(s, c);
	close_store(s, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remind_window),
		cmocka_unit_test(test_accept_overdue),
		cmocka_unit_test(test_resolve_overdue),
		cmocka_unit_test(test_followup_and_card),
		cmocka_unit_test(test_remind_before),
		cmocka_unit_test(test_queues),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
