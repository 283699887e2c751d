/*
 * test_live.c - unit tests for src/domain/live.c: who sees which live
 * event (staff by unit, reporter, assignee, building leader, 邻长 by linked
 * household, nobody else), the scope copy, Server-Sent Events frames
 * (multi-line payloads, CR LF, a kind with a newline), and the hub over a
 * real store without HTTP: the client limit, the hello frame, fan-out to
 * the clients in scope with a wake, resume from an id, and the queue bound
 * that makes a client that reads nothing lag and then end.
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

#include "core/buf.h"
#include "core/timeutil.h"
#include "domain/live.h"
#include "store/sqlite_int.h"
#include "test_tmpdir.h"

/* A wait for a condition (frames read, a client ended or released) ends as
 * soon as it holds; it gives up only after ten minutes, a failsafe that
 * no run on a busy machine comes near. */
#define WAIT_MS 600000

static char dir[TMPDIR_SIZE];

static int setup(void **state)
{
	(void)state;
	return tmpdir_make(dir, "live");
}

static int teardown(void **state)
{
	(void)state;
	return tmpdir_remove(dir);
}

/* A caller with one role bound to a unit at path (unit 0 when path is "/"). */
static caller one_role(role r, const char *path)
{
	caller c = {0};
	c.account_id = 7;
	c.roles = r;
	c.n_roles = 1;
	c.r[0].role = r;
	c.r[0].unit_id = strcmp(path, "/") == 0 ? 0 : 99;
	c.r[0].path = path;
	return c;
}

/* An event of request 5 in grid /1/2/10/, building /1/2/10/20/,
 * household 100, reported by account 3 (person 31), held by account 4. */
static store_live_row event(void)
{
	store_live_row e = {0};
	e.id = 1;
	e.at = fq_now_ms() / 1000;
	e.unit_path = "/1/2/10/";
	e.request_id = 5;
	e.kind = "accepted";
	e.payload = "{\"request_id\":5}";
	e.reporter_account_id = 3;
	e.reporter_person_id = 31;
	e.household_id = 100;
	e.assignee_account_id = 4;
	e.building_path = "/1/2/10/20/";
	return e;
}

static bool sees(const caller *who, const int64_t *hh, size_t n, const store_live_row *e)
{
	live_scope s;
	assert_int_equal(live_scope_init(&s, who, hh, n), FQ_OK);
	bool v = live_visible(&s, e);
	live_scope_free(&s);
	return v;
}

static void test_staff_by_unit(void **state)
{
	(void)state;
	store_live_row e = event();
	caller gw = one_role(ROLE_GRID_WORKER, "/1/2/10/");
	caller other = one_role(ROLE_GRID_WORKER, "/1/2/11/");
	caller com = one_role(ROLE_COMMUNITY_OFFICER, "/1/2/");
	caller admin = one_role(ROLE_ADMIN, "/");
	caller sup = one_role(ROLE_SUPERVISOR, "/1/");
	assert_true(sees(&gw, NULL, 0, &e));
	assert_false(sees(&other, NULL, 0, &e));
	assert_true(sees(&com, NULL, 0, &e));
	assert_true(sees(&admin, NULL, 0, &e));
	assert_true(sees(&sup, NULL, 0, &e));
	/* a grid path that only shares a prefix of digits is another grid */
	caller g1 = one_role(ROLE_GRID_WORKER, "/1/2/1/");
	assert_false(sees(&g1, NULL, 0, &e));
	/* an event about no request: staff only */
	e.request_id = 0;
	caller res = one_role(ROLE_RESIDENT, "/1/2/10/");
	res.account_id = 3;
	assert_true(sees(&gw, NULL, 0, &e));
	assert_false(sees(&res, NULL, 0, &e));
}

static void test_people_by_relation(void **state)
{
	(void)state;
	store_live_row e = event();
	caller res = one_role(ROLE_RESIDENT, "/1/2/10/");
	res.account_id = 50;
	assert_false(sees(&res, NULL, 0, &e));
	res.account_id = 3; /* the reporter's account */
	assert_true(sees(&res, NULL, 0, &e));
	res.account_id = 50;
	res.person_id = 31; /* whose request it is (代报 by someone else) */
	assert_true(sees(&res, NULL, 0, &e));
	caller handler = one_role(ROLE_DEPARTMENT_OFFICER, "/1/30/");
	assert_false(sees(&handler, NULL, 0, &e));
	handler.account_id = 4; /* the assignee */
	assert_true(sees(&handler, NULL, 0, &e));
	caller bld = one_role(ROLE_BUILDING_LEADER, "/1/2/10/20/");
	assert_true(sees(&bld, NULL, 0, &e));
	caller bld2 = one_role(ROLE_BUILDING_LEADER, "/1/2/10/21/");
	assert_false(sees(&bld2, NULL, 0, &e));
	e.building_path = NULL;
	assert_false(sees(&bld, NULL, 0, &e));
}

static void test_leader_by_household(void **state)
{
	(void)state;
	store_live_row e = event();
	caller lead = one_role(ROLE_LEADER, "/1/2/10/");
	lead.account_id = 60;
	int64_t linked[] = {140, 100, 120};
	int64_t others[] = {101, 102};
	assert_true(sees(&lead, linked, 3, &e));
	assert_false(sees(&lead, others, 2, &e));
	assert_false(sees(&lead, NULL, 0, &e));
	/* the households count only for the 邻长 role */
	caller res = one_role(ROLE_RESIDENT, "/1/2/10/");
	res.account_id = 60;
	assert_false(sees(&res, linked, 3, &e));
	e.household_id = 0;
	assert_false(sees(&lead, linked, 3, &e));
}

static void test_scope_is_a_copy(void **state)
{
	(void)state;
	char path[16];
	snprintf(path, sizeof path, "/1/2/10/");
	caller gw = one_role(ROLE_GRID_WORKER, path);
	live_scope s;
	int64_t many[LIVE_LEADER_HOUSEHOLDS_MAX + 5];
	for (size_t i = 0; i < sizeof many / sizeof many[0]; i++)
		many[i] = (int64_t)(sizeof many / sizeof many[0] - i);
	assert_int_equal(live_scope_init(&s, &gw, many, sizeof many / sizeof many[0]), FQ_OK);
	snprintf(path, sizeof path, "/9/");
	store_live_row e = event();
	assert_true(live_visible(&s, &e));
	assert_int_equal(s.n_households, LIVE_LEADER_HOUSEHOLDS_MAX);
	for (size_t i = 1; i < s.n_households; i++)
		assert_true(s.households[i - 1] < s.households[i]);
	live_scope_free(&s);
	live_scope_free(NULL);
}

static char *frame(const store_live_row *e)
{
	fq_buf b = {0};
	assert_int_equal(live_frame_format(e, &b), FQ_OK);
	return fq_buf_take(&b);
}

static void test_frames(void **state)
{
	(void)state;
	store_live_row e = event();
	e.id = 42;
	char *f = frame(&e);
	assert_string_equal(f, "id: 42\nevent: accepted\ndata: {\"request_id\":5}\n\n");
	free(f);
	e.payload = "{\n\"a\": 1\r\n}";
	f = frame(&e);
	assert_string_equal(f, "id: 42\nevent: accepted\ndata: {\ndata: \"a\": 1\ndata: }\n\n");
	free(f);
	e.kind = "bad\nkind";
	e.payload = "";
	f = frame(&e);
	assert_string_equal(f, "id: 42\nevent: bad\ndata: \n\n");
	free(f);
}

/* ---- the hub over a real store ---------------------------------------- */

typedef struct row_arg {
	int64_t at;
	const char *path;
	int n;
} row_arg;

static fq_status insert_rows(store_conn *c, void *arg, fq_err *err)
{
	const row_arg *r = arg;
	sqlite3_stmt *st = stmt_get(c, "INSERT INTO live_events(at, unit_path, request_id, kind,"
				       " payload) VALUES (?, ?, NULL, 'reminded', '{}')");
	fq_status res = FQ_OK;
	for (int i = 0; i < r->n && res == FQ_OK; i++) {
		sqlite3_bind_int64(st, 1, r->at);
		bind_text(st, 2, r->path);
		res = stmt_exec(c, st, err);
	}
	return res;
}

static void add_rows(store *s, const char *path, int n)
{
	row_arg r = {fq_now_ms() / 1000, path, n};
	fq_err err = {0};
	assert_int_equal(store_write(s, insert_rows, &r, &err), FQ_OK);
}

typedef struct waker {
	int wakes;
	int released;
} waker;

static void on_wake(void *arg)
{
	__atomic_add_fetch(&((waker *)arg)->wakes, 1, __ATOMIC_SEQ_CST);
}

static void on_release(void *arg)
{
	__atomic_add_fetch(&((waker *)arg)->released, 1, __ATOMIC_SEQ_CST);
}

/* Read what is queued for c until want ids have come, the client ended or
 * wait_ms passed; returns the count of "id:" lines read. */
static int read_ids(live_client *c, int want, int wait_ms, int *ended)
{
	char buf[4096];
	int ids = 0;
	for (int waited = 0; ids < want && waited < wait_ms; waited += 10) {
		long n = live_client_read(c, buf, sizeof buf - 1);
		if (n == LIVE_READ_END) {
			*ended = 1;
			return ids;
		}
		buf[n] = '\0';
		for (char *p = buf; (p = strstr(p, "id: ")); p++)
			ids++;
		if (n == 0)
			usleep(10000);
	}
	return ids;
}

/* Wait until *counter (bumped by the hub's thread) reaches want: the test
 * waits for the condition it checks, however busy the machine. */
static void wait_count(int *counter, int want)
{
	for (int waited = 0; __atomic_load_n(counter, __ATOMIC_SEQ_CST) < want; waited++) {
		assert_true(waited < WAIT_MS);
		usleep(1000);
	}
}

static live_client *client(live_hub *h, const char *path, int64_t resume, waker *w)
{
	caller who = one_role(ROLE_GRID_WORKER, path);
	live_scope s;
	fq_err err = {0};
	live_client *c = NULL;
	assert_int_equal(live_scope_init(&s, &who, NULL, 0), FQ_OK);
	assert_int_equal(live_client_new(h, &s, resume, &c, &err), FQ_OK);
	live_client_attach(c, on_wake, on_release, w);
	return c;
}

static void test_hub(void **state)
{
	(void)state;
	char p[128];
	snprintf(p, sizeof p, "%s/hub.db", dir);
	store *s = NULL;
	fq_err err = {0};
	assert_int_equal(store_open(p, NULL, &s, &err), FQ_OK);
	add_rows(s, "/1/2/10/", 3); /* ids 1..3, before anyone watches */
	live_hub *h = NULL;
	assert_int_equal(live_hub_start(s, 3, &h, &err), FQ_OK);
	waker wa = {0}, wb = {0}, wr = {0};
	live_client *a = client(h, "/1/2/10/", -1, &wa);
	live_client *b = client(h, "/1/2/11/", -1, &wb);
	live_client *r = client(h, "/1/2/10/", 1, &wr); /* resumes after id 1 */
	/* the limit */
	caller who = one_role(ROLE_GRID_WORKER, "/1/");
	live_scope sc;
	live_client *x = NULL;
	assert_int_equal(live_scope_init(&sc, &who, NULL, 0), FQ_OK);
	assert_int_equal(live_client_new(h, &sc, -1, &x, &err), FQ_EUNAVAILABLE);
	assert_int_equal(live_hub_clients(h), 3);
	int ended = 0;
	assert_int_equal(read_ids(r, 2, WAIT_MS, &ended), 2); /* ids 2 and 3 from the table */
	add_rows(s, "/1/2/10/", 2);
	assert_int_equal(read_ids(a, 2, WAIT_MS, &ended), 2);
	assert_int_equal(read_ids(r, 2, WAIT_MS, &ended), 2);
	wait_count(&wa.wakes, 1); /* the wake may come just after the frames it announces */
	assert_int_equal(read_ids(b, 1, 3 * LIVE_POLL_MS, &ended), 0); /* another grid */
	/* b reads nothing while far more than it may lag arrive: it ends */
	add_rows(s, "/1/2/11/", LIVE_BEHIND_MAX + LIVE_QUEUE_MAX + 10);
	for (int waited = 0; waited < WAIT_MS && !ended; waited += 10) {
		usleep(10000);
		char one;
		ended = live_client_read(b, &one, 0) == LIVE_READ_END;
	}
	assert_true(ended);
	live_client_free(a);
	live_client_free(b);
	live_client_free(r);
	assert_int_equal(live_hub_clients(h), 0);
	/* the hub's thread may hold the last reference of a client it is
	 * waking, so release runs when that thread lets go, not before free
	 * returns */
	wait_count(&wa.released, 1);
	wait_count(&wb.released, 1);
	wait_count(&wr.released, 1);
	assert_int_equal(wa.released + wb.released + wr.released, 3);
	live_hub_stop(h);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_staff_by_unit),
		cmocka_unit_test(test_people_by_relation),
		cmocka_unit_test(test_leader_by_household),
		cmocka_unit_test(test_scope_is_a_copy),
		cmocka_unit_test(test_frames),
		cmocka_unit_test(test_hub),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
