/*
 * test_metrics.c - unit tests for src/domain/metrics.c and the grouped
 * sums of src/store/store_metrics.c: the counters every timeline event
 * moves (each event kind, re-dispatch after escalation, return and
 * reassignment, redo from resolved and from closed, on-time boundaries),
 * rates with zero denominators, the composite's renormalised weights, and
 * the sums by day, category, channel and child unit over a real store,
 * with their edges (every counter in its own field, a category without a
 * row in categories, ranges without counters).
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

#include "domain/lifecycle.h"
#include "domain/metrics.h"
#include "store/sqlite_int.h"
#include "store/store_metrics.h"

#define T0 1767225600 /* 2026-01-01T08:00:00+08:00 */
#define HOUR 3600

/* A counters struct from a list of (index, value) pairs ended by -1. */
static metrics_counts counts_of(int first, ...)
{
	metrics_counts m = {0};
	va_list ap;
	va_start(ap, first);
	for (int i = first; i >= 0; i = va_arg(ap, int))
		*metrics_at(&m, i) = va_arg(ap, int);
	va_end(ap);
	return m;
}

enum {
	I_INTAKE, I_DISPATCHED, I_ACCEPTED, I_ACCEPTED_ON_TIME, I_RESOLVED, I_RESOLVED_ON_TIME,
	I_FOLLOWUPS, I_FOLLOWUPS_RESOLVED, I_RATINGS, I_RATINGS_GOOD, I_CLOSED, I_ESCALATED,
};

static void expect_delta(const metrics_event *ev, metrics_counts want)
{
	metrics_counts got;
	memset(&got, 0x55, sizeof got);
	metrics_delta(ev, &got);
	for (int i = 0; i < METRICS_N_COUNTS; i++)
		if (*metrics_at(&got, i) != *metrics_at(&want, i))
			fail_msg("event %s: %s is %lld, want %lld", ev->event, metrics_name(i),
				 (long long)*metrics_at(&got, i), (long long)*metrics_at(&want, i));
}

static metrics_event ev(const char *event, const char *from, const char *to, int old_level,
			int new_level)
{
	return (metrics_event){.event = event, .old_state = from, .new_state = to,
			       .old_level = old_level, .new_level = new_level, .at = T0};
}

static const metrics_counts NONE = {0};

static void test_intake_and_dispatch(void **state)
{
	(void)state;
	metrics_event e = ev("submitted", NULL, "submitted", 0, 2);
	expect_delta(&e, counts_of(I_INTAKE, 1, -1));
	e = ev("dispatched", "submitted", "dispatched", 2, 2);
	expect_delta(&e, counts_of(I_DISPATCHED, 1, -1));
	/* a creation straight into dispatched is an intake and a dispatch */
	e = ev("submitted", NULL, "dispatched", 0, 1);
	expect_delta(&e, counts_of(I_INTAKE, 1, I_DISPATCHED, 1, -1));
}

static void test_accept_on_time_boundaries(void **state)
{
	(void)state;
	metrics_event e = ev("accepted", "dispatched", "accepted", 2, 2);
	e.accept_due = T0 + HOUR;
	e.at = T0;
	expect_delta(&e, counts_of(I_ACCEPTED, 1, I_ACCEPTED_ON_TIME, 1, -1));
	e.at = T0 + HOUR; /* the due second is still in time */
	expect_delta(&e, counts_of(I_ACCEPTED, 1, I_ACCEPTED_ON_TIME, 1, -1));
	e.at = T0 + HOUR + 1;
	expect_delta(&e, counts_of(I_ACCEPTED, 1, -1));
	e.accept_due = 0; /* no deadline: never counted on time */
	e.at = T0;
	expect_delta(&e, counts_of(I_ACCEPTED, 1, -1));
}

static void test_resolve_on_time_boundaries(void **state)
{
	(void)state;
	metrics_event e = ev("resolved", "accepted", "resolved", 3, 3);
	e.resolve_due = T0 + 5 * HOUR;
	e.at = T0 + 5 * HOUR;
	expect_delta(&e, counts_of(I_RESOLVED, 1, I_RESOLVED_ON_TIME, 1, -1));
	e.at = T0 + 5 * HOUR + 1;
	expect_delta(&e, counts_of(I_RESOLVED, 1, -1));
	e.resolve_due = 0;
	expect_delta(&e, counts_of(I_RESOLVED, 1, -1));
}

static void test_escalation_redispatches(void **state)
{
	(void)state;
	/* escalated while waiting for 签收: a new accept clock at the level above */
	metrics_event e = ev("escalated", "dispatched", "dispatched", 1, 2);
	expect_delta(&e, counts_of(I_DISPATCHED, 1, I_ESCALATED, 1, -1));
	/* escalated after 签收 */
	e = ev("escalated", "accepted", "dispatched", 2, 3);
	expect_delta(&e, counts_of(I_DISPATCHED, 1, I_ESCALATED, 1, -1));
	/* escalated by the router a returned request went to */
	e = ev("escalated", "returned", "dispatched", 3, 4);
	expect_delta(&e, counts_of(I_DISPATCHED, 1, I_ESCALATED, 1, -1));
}

static void test_return_and_reassign(void **state)
{
	(void)state;
	metrics_event e = ev("returned", "dispatched", "returned", 1, 2);
	expect_delta(&e, NONE);
	e = ev("returned", "accepted", "returned", 4, 4);
	expect_delta(&e, NONE);
	e = ev("reassigned", "returned", "dispatched", 2, 1);
	expect_delta(&e, counts_of(I_DISPATCHED, 1, -1));
	e = ev("reassigned", "returned", "dispatched", 2, 2);
	expect_delta(&e, counts_of(I_DISPATCHED, 1, -1));
}

static metrics_event rating(const char *event, const char *to, int resolved, int satisfaction)
{
	metrics_event e = ev(event, "resolved", to, 2, 2);
	e.rating_resolved = resolved;
	e.satisfaction = satisfaction;
	return e;
}

static void test_ratings(void **state)
{
	(void)state;
	metrics_event e = rating("rated", "closed", 1, 5);
	expect_delta(&e, counts_of(I_FOLLOWUPS, 1, I_FOLLOWUPS_RESOLVED, 1, I_RATINGS, 1,
				   I_RATINGS_GOOD, 1, I_CLOSED, 1, -1));
	e = rating("rated", "closed", 1, 4);
	expect_delta(&e, counts_of(I_FOLLOWUPS, 1, I_FOLLOWUPS_RESOLVED, 1, I_RATINGS, 1,
				   I_RATINGS_GOOD, 1, I_CLOSED, 1, -1));
	/* 3 with "resolved" closes as satisfied but is not a good rating */
	e = rating("rated", "closed", 1, 3);
	expect_delta(&e, counts_of(I_FOLLOWUPS, 1, I_FOLLOWUPS_RESOLVED, 1, I_RATINGS, 1,
				   I_CLOSED, 1, -1));
	/* a failed follow-up sends it back: a new accept clock */
	e = rating("rated_redo", "dispatched", 0, 2);
	expect_delta(&e, counts_of(I_DISPATCHED, 1, I_FOLLOWUPS, 1, I_RATINGS, 1, -1));
	/* "resolved" but unhappy is still a resolved follow-up */
	e = rating("rated_redo", "dispatched", 1, 1);
	expect_delta(&e, counts_of(I_DISPATCHED, 1, I_FOLLOWUPS, 1, I_FOLLOWUPS_RESOLVED, 1,
				   I_RATINGS, 1, -1));
	e = rating("rated_final", "closed", 0, 1);
	expect_delta(&e, counts_of(I_FOLLOWUPS, 1, I_RATINGS, 1, I_CLOSED, 1, -1));
	/* a follow-up without a satisfaction score is not a rating */
	e = rating("rated_final", "closed", 0, 0);
	expect_delta(&e, counts_of(I_FOLLOWUPS, 1, I_CLOSED, 1, -1));
}

static void test_redo_and_close(void **state)
{
	(void)state;
	metrics_event e = ev("redone", "resolved", "dispatched", 2, 2);
	expect_delta(&e, counts_of(I_DISPATCHED, 1, -1));
	/* reopening a closed request does not take the closure back */
	e = ev("redone", "closed", "dispatched", 2, 3);
	expect_delta(&e, counts_of(I_DISPATCHED, 1, -1));
	e = ev("auto_closed", "resolved", "closed", 2, 2);
	expect_delta(&e, counts_of(I_CLOSED, 1, -1));
}

static void test_events_that_move_nothing(void **state)
{
	(void)state;
	static const char *const quiet[] = {"extension_requested", "extension_approved",
					    "extension_refused", "extension_lapsed"};
	for (size_t i = 0; i < sizeof quiet / sizeof quiet[0]; i++) {
		metrics_event e = ev(quiet[i], "accepted", "accepted", 2, 2);
		expect_delta(&e, NONE);
	}
	static const char *const waiting[] = {"submitted", "dispatched", "accepted", "returned"};
	for (size_t i = 0; i < sizeof waiting / sizeof waiting[0]; i++) {
		metrics_event e = ev("supervised", waiting[i], waiting[i], 2, 2);
		expect_delta(&e, NONE);
		e = ev("reminded", waiting[i], waiting[i], 2, 2);
		expect_delta(&e, NONE);
		e = ev("merged", waiting[i], "merged", 2, 2);
		expect_delta(&e, NONE);
	}
	metrics_event e = ev("rejected", "submitted", "rejected", 2, 2);
	expect_delta(&e, NONE);
	e = ev("rejected", "returned", "rejected", 3, 3);
	expect_delta(&e, NONE);
}

/* Every event the lifecycle can write is covered above: a new event kind
 * must be added to these tests. */
static void test_every_event_kind_covered(void **state)
{
	(void)state;
	static const char *const covered[] = {
		"submitted", "dispatched", "accepted", "returned", "escalated", "resolved",
		"rated", "rated_redo", "rated_final", "extension_requested",
		"extension_approved", "extension_refused", "extension_lapsed", "supervised",
		"reminded", "rejected", "merged", "redone", "auto_closed", "reassigned",
	};
	size_t n = sizeof covered / sizeof covered[0];
	assert_int_equal(n, REQ_EV_COUNT - 1);
	for (int e = REQ_EV_NONE + 1; e < REQ_EV_COUNT; e++) {
		int found = 0;
		for (size_t i = 0; i < n; i++)
			found |= strcmp(covered[i], req_event_name((req_event)e)) == 0;
		if (!found)
			fail_msg("event %s has no metrics test", req_event_name((req_event)e));
	}
}

static void test_rates_zero_denominators(void **state)
{
	(void)state;
	metrics_counts m = {0};
	metrics_rates r;
	metrics_weights w = METRICS_WEIGHTS_DEFAULT;
	metrics_rates_of(&m, &w, &r);
	assert_true(r.response < 0);
	assert_true(r.resolution < 0);
	assert_true(r.satisfaction < 0);
	assert_true(r.on_time < 0);
	assert_true(r.composite < 0);
	/* numerators without denominators still count as no data */
	m = counts_of(I_INTAKE, 7, I_ACCEPTED, 3, I_CLOSED, 2, -1);
	metrics_rates_of(&m, &w, &r);
	assert_true(r.response < 0);
	assert_true(r.composite < 0);
}

static void test_rates(void **state)
{
	(void)state;
	metrics_counts m = counts_of(I_DISPATCHED, 4, I_ACCEPTED_ON_TIME, 3, I_FOLLOWUPS, 5,
				     I_FOLLOWUPS_RESOLVED, 4, I_RATINGS, 10, I_RATINGS_GOOD, 7,
				     I_RESOLVED, 8, I_RESOLVED_ON_TIME, 2, -1);
	metrics_weights w = METRICS_WEIGHTS_DEFAULT;
	metrics_rates r;
	metrics_rates_of(&m, &w, &r);
	assert_float_equal(r.response, 75.0, 1e-9);
	assert_float_equal(r.resolution, 80.0, 1e-9);
	assert_float_equal(r.satisfaction, 70.0, 1e-9);
	assert_float_equal(r.on_time, 25.0, 1e-9);
	assert_float_equal(r.composite, (75.0 * 30 + 80.0 * 35 + 70.0 * 35) / 100, 1e-9);
	/* weights need not add up to 100 */
	w = (metrics_weights){1, 1, 2};
	metrics_rates_of(&m, &w, &r);
	assert_float_equal(r.composite, (75.0 + 80.0 + 2 * 70.0) / 4, 1e-9);
}

static void test_composite_renormalised(void **state)
{
	(void)state;
	metrics_weights w = METRICS_WEIGHTS_DEFAULT;
	metrics_rates r;
	/* no ratings: the composite is the weighted mean of the other two */
	metrics_counts m = counts_of(I_DISPATCHED, 2, I_ACCEPTED_ON_TIME, 1, I_FOLLOWUPS, 1,
				     I_FOLLOWUPS_RESOLVED, 1, -1);
	metrics_rates_of(&m, &w, &r);
	assert_true(r.satisfaction < 0);
	assert_float_equal(r.composite, (50.0 * 30 + 100.0 * 35) / 65, 1e-9);
	/* only ratings: the composite is the satisfaction rate */
	m = counts_of(I_RATINGS, 4, I_RATINGS_GOOD, 1, -1);
	metrics_rates_of(&m, &w, &r);
	assert_float_equal(r.composite, 25.0, 1e-9);
	/* the only rate with data has weight 0: no composite */
	w = (metrics_weights){0, 35, 35};
	m = counts_of(I_DISPATCHED, 2, I_ACCEPTED_ON_TIME, 2, -1);
	metrics_rates_of(&m, &w, &r);
	assert_float_equal(r.response, 100.0, 1e-9);
	assert_true(r.composite < 0);
	/* on-time never enters the composite */
	w = METRICS_WEIGHTS_DEFAULT;
	m = counts_of(I_RESOLVED, 2, I_RESOLVED_ON_TIME, 1, -1);
	metrics_rates_of(&m, &w, &r);
	assert_float_equal(r.on_time, 50.0, 1e-9);
	assert_true(r.composite < 0);
}

static void test_add_and_names(void **state)
{
	(void)state;
	metrics_counts a = counts_of(I_INTAKE, 1, I_CLOSED, 2, -1);
	metrics_counts b = counts_of(I_INTAKE, 3, I_ESCALATED, 4, -1);
	assert_false(metrics_nonzero(&NONE));
	assert_true(metrics_nonzero(&b));
	metrics_add(&a, &b);
	assert_int_equal(a.intake, 4);
	assert_int_equal(a.closed, 2);
	assert_int_equal(a.escalated, 4);
	assert_string_equal(metrics_name(0), "intake");
	assert_string_equal(metrics_name(METRICS_N_COUNTS - 1), "escalated");
	assert_null(metrics_name(METRICS_N_COUNTS));
	assert_null(metrics_at(&a, -1));
}

/* ---- the store's grouped sums ------------------------------------------- */

typedef struct adds {
	int64_t units[4];
	int n_units;
	int64_t category;
	const char *channel;
	int day;
	metrics_counts d;
} adds;

static fq_status add_tx(store_conn *c, void *arg, fq_err *err)
{
	const adds *x = arg;
	return store_metrics_add(c, x->units, x->n_units, x->category, x->channel, x->day, &x->d,
				 err);
}

static fq_status tree_tx(store_conn *c, void *arg, fq_err *err)
{
	(void)arg;
	return conn_exec(
		c,
		"INSERT INTO units(id, parent_id, kind, code, name, path) VALUES"
		" (1, NULL, 'street', 'S', '街道', '/1/'),"
		" (2, 1, 'community', 'C2', '甲社区', '/1/2/'),"
		" (3, 1, 'village', 'C3', '乙村', '/1/3/'),"
		" (4, 1, 'department', 'D4', '城管', '/1/4/'),"
		" (10, 2, 'grid', 'G10', '甲一网格', '/1/2/10/'),"
		" (11, 3, 'grid', 'G11', '乙一网格', '/1/3/11/');"
		"INSERT INTO categories(id, code, name) VALUES (5, 'env.litter', '垃圾'),"
		" (6, 'road.lamp', '路灯');",
		err);
}

static store *open_store(char *dir, size_t n)
{
	snprintf(dir, n, "/tmp/fq-metrics-XXXXXX");
	assert_non_null(mkdtemp(dir));
	char path[128];
	snprintf(path, sizeof path, "%s/m.db", dir);
	store *s = NULL;
	fq_err err = {0};
	assert_int_equal(store_open(path, NULL, &s, &err), FQ_OK);
	assert_int_equal(store_write(s, tree_tx, NULL, &err), FQ_OK);
	return s;
}

static void add(store *s, int64_t grid, int64_t community, int64_t category,
		const char *channel, int day, metrics_counts d)
{
	adds x = {{grid, community, 1, 0}, 4, category, channel, day, d};
	fq_err err = {0};
	assert_int_equal(store_write(s, add_tx, &x, &err), FQ_OK);
}

static void fill(store *s)
{
	add(s, 10, 2, 5, "self", 20260101, counts_of(I_INTAKE, 1, I_DISPATCHED, 1, -1));
	add(s, 10, 2, 5, "hotline", 20260102, counts_of(I_INTAKE, 2, I_DISPATCHED, 2, -1));
	add(s, 10, 2, 6, "self", 20260102,
	    counts_of(I_ACCEPTED, 2, I_ACCEPTED_ON_TIME, 1, -1));
	add(s, 11, 3, 6, "visit", 20260110, counts_of(I_DISPATCHED, 1, I_ACCEPTED, 1,
						      I_ACCEPTED_ON_TIME, 1, -1));
	/* outside the range asked for below */
	add(s, 11, 3, 6, "visit", 20251231, counts_of(I_INTAKE, 9, -1));
}

static void test_store_grouped_sums(void **state)
{
	(void)state;
	char dir[64];
	store *s = open_store(dir, sizeof dir);
	fill(s);
	store_conn *c = NULL;
	fq_arena a;
	fq_arena_init(&a);
	fq_err err = {0};
	assert_int_equal(store_read_begin(s, &c), FQ_OK);
	metrics_counts m;
	assert_int_equal(store_metrics_sum(c, 0, "", 20260101, 20260131, &m, &err), FQ_OK);
	assert_int_equal(m.intake, 3);
	assert_int_equal(m.dispatched, 4);
	assert_int_equal(m.accepted_on_time, 2);

	store_metrics_group *g = NULL;
	size_t n = 0;
	assert_int_equal(store_metrics_by_day(c, &a, 2, "", 20260101, 20260131, &g, &n, &err),
			 FQ_OK);
	assert_int_equal(n, 2);
	assert_int_equal(g[0].id, 20260101);
	assert_int_equal(g[1].id, 20260102);
	assert_int_equal(g[1].counts.intake, 2);
	assert_int_equal(g[1].counts.accepted, 2);
	assert_int_equal(store_metrics_by_day(c, &a, 2, "c:6", 20260101, 20260131, &g, &n, &err),
			 FQ_OK);
	assert_int_equal(n, 1);
	assert_int_equal(g[0].counts.intake, 0);
	assert_int_equal(g[0].counts.accepted, 2);

	assert_int_equal(store_metrics_by_category(c, &a, 1, 20260101, 20260131, &g, &n, &err),
			 FQ_OK);
	assert_int_equal(n, 2);
	assert_int_equal(g[0].id, 5);
	assert_string_equal(g[0].code, "env.litter");
	assert_string_equal(g[0].name, "垃圾");
	assert_int_equal(g[0].counts.intake, 3);
	assert_int_equal(g[1].id, 6);
	assert_int_equal(g[1].counts.accepted, 3);

	assert_int_equal(store_metrics_by_channel(c, &a, 1, 20260101, 20260131, &g, &n, &err),
			 FQ_OK);
	assert_int_equal(n, 3);
	assert_string_equal(g[0].code, "hotline");
	assert_string_equal(g[1].code, "self");
	assert_int_equal(g[1].counts.intake, 1);
	assert_int_equal(g[1].counts.accepted, 2);
	assert_string_equal(g[2].code, "visit");

	/* children keep counters: the department is left out, a unit
	 * without counters comes with zeros */
	assert_int_equal(store_metrics_children(c, &a, 1, "", 20260101, 20260131, &g, &n, &err),
			 FQ_OK);
	assert_int_equal(n, 2);
	assert_int_equal(g[0].id, 2);
	assert_string_equal(g[0].kind, "community");
	assert_int_equal(g[0].counts.dispatched, 3);
	assert_int_equal(g[1].id, 3);
	assert_int_equal(g[1].counts.intake, 0);
	assert_int_equal(g[1].counts.dispatched, 1);
	assert_int_equal(store_metrics_children(c, &a, 0, "", 20260101, 20260131, &g, &n, &err),
			 FQ_OK);
	assert_int_equal(n, 1);
	assert_string_equal(g[0].code, "S");
	assert_int_equal(g[0].counts.dispatched, 4);

	const char *code = NULL, *name = NULL;
	assert_int_equal(store_metrics_category(c, &a, 6, &code, &name, &err), FQ_OK);
	assert_string_equal(code, "road.lamp");
	assert_int_equal(store_metrics_category(c, &a, 99, &code, &name, &err), FQ_ENOTFOUND);
	assert_string_equal(err.field, "category");
	store_read_end(s, c);
	fq_arena_free(&a);
	store_close(s);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* Every counter in its own column, so a column out of order shows. */
static metrics_counts distinct_counts(void)
{
	metrics_counts m;
	for (int i = 0; i < METRICS_N_COUNTS; i++)
		*metrics_at(&m, i) = 1 + i * 10;
	return m;
}

static void assert_counts_equal(metrics_counts got, metrics_counts want)
{
	for (int i = 0; i < METRICS_N_COUNTS; i++)
		assert_int_equal(*metrics_at(&got, i), *metrics_at(&want, i));
}

/* The edges of the grouped sums: each counter lands in its own field; a
 * category the categories table does not know comes without code and
 * name, in id order; a range without counters is zeros, or no groups. */
static void test_store_grouped_edges(void **state)
{
	(void)state;
	char dir[64];
	store *s = open_store(dir, sizeof dir);
	metrics_counts d = distinct_counts();
	add(s, 10, 2, 77, "self", 20260105, d);
	add(s, 10, 2, 5, "self", 20260105, d);
	add(s, 10, 2, 5, "self", 20260107, d);
	store_conn *c = NULL;
	fq_arena a;
	fq_arena_init(&a);
	fq_err err = {0};
	assert_int_equal(store_read_begin(s, &c), FQ_OK);
	metrics_counts m, three = d;
	metrics_add(&three, &d);
	metrics_add(&three, &d);
	assert_int_equal(store_metrics_sum(c, 10, "", 20260101, 20260131, &m, &err), FQ_OK);
	assert_counts_equal(m, three);
	assert_int_equal(store_metrics_sum(c, 10, "", 20270101, 20270131, &m, &err), FQ_OK);
	assert_counts_equal(m, NONE);

	store_metrics_group *g = NULL;
	size_t n = 0;
	assert_int_equal(store_metrics_by_day(c, &a, 10, "ch:self", 20260101, 20260131, &g, &n,
					      &err),
			 FQ_OK);
	assert_int_equal(n, 2);
	assert_int_equal(g[0].id, 20260105);
	assert_int_equal(g[0].counts.escalated, 2 * d.escalated);
	assert_counts_equal(g[1].counts, d);
	assert_int_equal(store_metrics_by_day(c, &a, 10, "", 20270101, 20270131, &g, &n, &err),
			 FQ_OK);
	assert_int_equal(n, 0);

	assert_int_equal(store_metrics_by_category(c, &a, 2, 20260101, 20260131, &g, &n, &err),
			 FQ_OK);
	assert_int_equal(n, 2);
	assert_int_equal(g[0].id, 5);
	assert_string_equal(g[0].code, "env.litter");
	metrics_counts two = d;
	metrics_add(&two, &d);
	assert_counts_equal(g[0].counts, two);
	assert_int_equal(g[1].id, 77);
	assert_null(g[1].code);
	assert_null(g[1].name);
	assert_counts_equal(g[1].counts, d);

	assert_int_equal(store_metrics_children(c, &a, 0, "c:77", 20260101, 20260131, &g, &n,
						&err),
			 FQ_OK);
	assert_int_equal(n, 1);
	assert_int_equal(g[0].id, 1);
	assert_counts_equal(g[0].counts, d);
	assert_int_equal(store_metrics_children(c, &a, 2, "", 20270101, 20270131, &g, &n, &err),
			 FQ_OK);
	assert_int_equal(n, 1);
	assert_int_equal(g[0].id, 10);
	assert_string_equal(g[0].kind, "grid");
	assert_counts_equal(g[0].counts, NONE);
	store_read_end(s, c);
	fq_arena_free(&a);
	store_close(s);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intake_and_dispatch),
		cmocka_unit_test(test_accept_on_time_boundaries),
		cmocka_unit_test(test_resolve_on_time_boundaries),
		cmocka_unit_test(test_escalation_redispatches),
		cmocka_unit_test(test_return_and_reassign),
		cmocka_unit_test(test_ratings),
		cmocka_unit_test(test_redo_and_close),
		cmocka_unit_test(test_events_that_move_nothing),
		cmocka_unit_test(test_every_event_kind_covered),
		cmocka_unit_test(test_rates_zero_denominators),
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_composite_renormalised),
		cmocka_unit_test(test_add_and_names),
		cmocka_unit_test(test_store_grouped_sums),
		cmocka_unit_test(test_store_grouped_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
