/*
 * test_sla.c - unit tests for src/domain/sla.c: limits and their ranges,
 * deadlines in hours (which ignore the calendar) and in working days
 * (which follow it, across 春节 2026), extensions, the on-time / due-soon /
 * overdue boundaries, and the per-level limits of a category.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/timeutil.h"
#include "domain/sla.h"

static int64_t at(const char *s)
{
	int64_t t = 0;
	if (fq_time_parse(s, &t) != 0)
		fail_msg("bad time literal %s", s);
	return t;
}

static int setup(void **state)
{
	size_t n = 0;
	const cal_entry *e = cal_seed_entries(&n);
	cal_calendar *cal = NULL;
	if (cal_new(e, n, &cal, NULL) != FQ_OK)
		return -1;
	*state = cal;
	return 0;
}

static int teardown(void **state)
{
	cal_free(*state);
	return 0;
}

static void expect_due(const cal_calendar *cal, const char *start, sla_limit lim,
		       const char *want)
{
	int64_t due = 0;
	fq_err err = {0};
	char got[32];
	assert_int_equal(sla_deadline(cal, at(start), &lim, &due, &err), FQ_OK);
	if (due != at(want))
		fail_msg("%s + %d %s: got %s, want %s", start, lim.amount,
			 sla_unit_name(lim.unit), fq_time_rfc3339(due, got, sizeof got), want);
}

static void test_limit_valid(void **state)
{
	(void)state;
	fq_err err = {0};
	sla_limit ok[] = {{1, SLA_HOURS}, {SLA_HOURS_MAX, SLA_HOURS}, {1, SLA_WORKDAYS},
			  {SLA_WORKDAYS_MAX, SLA_WORKDAYS}};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		assert_int_equal(sla_limit_valid(&ok[i], "limit", &err), FQ_OK);
	sla_limit bad[] = {{0, SLA_HOURS}, {-3, SLA_HOURS}, {SLA_HOURS_MAX + 1, SLA_HOURS},
			   {0, SLA_WORKDAYS}, {SLA_WORKDAYS_MAX + 1, SLA_WORKDAYS},
			   {3, 0}, {3, 9}};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		assert_int_equal(sla_limit_valid(&bad[i], "accept_limit", &err), FQ_EINVAL);
		assert_string_equal(err.field, "accept_limit");
	}
	assert_int_equal(sla_limit_valid(NULL, "limit", &err), FQ_EINVAL);
}

static void test_hours_ignore_calendar(void **state)
{
	const cal_calendar *cal = *state;
	/* 48 hours from the worked Saturday land inside 春节 */
	expect_due(cal, "2026-02-14T10:00:00+08:00", (sla_limit){48, SLA_HOURS},
		   "2026-02-16T10:00:00+08:00");
	expect_due(cal, "2026-02-15T23:30:00+08:00", (sla_limit){2, SLA_HOURS},
		   "2026-02-16T01:30:00+08:00");
	expect_due(NULL, "2025-12-31T23:00:00+08:00", (sla_limit){24, SLA_HOURS},
		   "2026-01-01T23:00:00+08:00");
}

static void test_workdays_follow_calendar(void **state)
{
	const cal_calendar *cal = *state;
	expect_due(cal, "2026-02-13T10:30:00+08:00", (sla_limit){3, SLA_WORKDAYS},
		   "2026-02-25T10:30:00+08:00");
	expect_due(cal, "2025-09-30T16:00:00+08:00", (sla_limit){1, SLA_WORKDAYS},
		   "2025-10-09T16:00:00+08:00");
	expect_due(cal, "2026-02-21T15:00:00+08:00", (sla_limit){1, SLA_WORKDAYS},
		   "2026-02-25T09:00:00+08:00");
	expect_due(NULL, "2026-02-13T10:30:00+08:00", (sla_limit){3, SLA_WORKDAYS},
		   "2026-02-18T10:30:00+08:00");
}

static void test_extend(void **state)
{
	const cal_calendar *cal = *state;
	int64_t due = at("2026-02-25T10:30:00+08:00"), out = 0;
	sla_limit two_days = {2, SLA_WORKDAYS}, day = {1, SLA_WORKDAYS}, hours = {24, SLA_HOURS};
	assert_int_equal(sla_extend(cal, due, &two_days, &out, NULL), FQ_OK);
	assert_int_equal(out, at("2026-02-27T10:30:00+08:00"));
	assert_int_equal(sla_extend(cal, out, &day, &out, NULL), FQ_OK);
	assert_int_equal(out, at("2026-02-28T10:30:00+08:00")); /* worked Saturday */
	assert_int_equal(sla_extend(cal, due, &hours, &out, NULL), FQ_OK);
	assert_int_equal(out, at("2026-02-26T10:30:00+08:00"));
}

static void test_deadline_errors(void **state)
{
	const cal_calendar *cal = *state;
	int64_t due = 7;
	fq_err err = {0};
	sla_limit zero = {0, SLA_WORKDAYS}, day = {1, SLA_WORKDAYS}, hour = {1, SLA_HOURS};
	assert_int_equal(sla_deadline(cal, at("2026-02-13T10:00:00+08:00"), &zero, &due, &err),
			 FQ_EINVAL);
	assert_string_equal(err.field, "limit");
	assert_int_equal(sla_deadline(cal, at("1990-01-01T10:00:00+08:00"), &day, &due, &err),
			 FQ_EINVAL);
	assert_string_equal(err.field, "start");
	assert_int_equal(sla_deadline(cal, INT64_MAX - 10, &hour, &due, &err), FQ_EINVAL);
	assert_string_equal(err.field, "start");
	assert_int_equal(sla_extend(cal, 0, &zero, &due, &err), FQ_EINVAL);
	assert_int_equal(due, 7);
}

static void test_state_boundaries(void **state)
{
	(void)state;
	int64_t due = at("2026-02-25T10:30:00+08:00");
	int64_t hour = 3600;
	assert_int_equal(sla_state(due - hour - 1, due, hour), SLA_ON_TIME);
	assert_int_equal(sla_state(due - hour, due, hour), SLA_DUE_SOON);
	assert_int_equal(sla_state(due - 1, due, hour), SLA_DUE_SOON);
	assert_int_equal(sla_state(due, due, hour), SLA_DUE_SOON);
	assert_int_equal(sla_state(due + 1, due, hour), SLA_OVERDUE);
	/* no reminder window: on time up to the due second itself */
	assert_int_equal(sla_state(due, due, 0), SLA_ON_TIME);
	assert_int_equal(sla_state(due + 1, due, 0), SLA_OVERDUE);
	assert_int_equal(sla_state(due - 5, due, -10), SLA_ON_TIME);
	/* extremes do not overflow */
	assert_int_equal(sla_state(INT64_MIN, INT64_MAX, INT64_MAX), SLA_ON_TIME);
	assert_int_equal(sla_state(INT64_MAX, INT64_MIN, 1), SLA_OVERDUE);
	assert_int_equal(sla_state(0, INT64_MAX, INT64_MAX), SLA_DUE_SOON);
}

static void test_level_limits(void **state)
{
	(void)state;
	sla_limits l = {.level = {
		{{2, SLA_HOURS}, {1, SLA_WORKDAYS}},
		{{2, SLA_HOURS}, {3, SLA_WORKDAYS}},
		{{4, SLA_HOURS}, {5, SLA_WORKDAYS}},
		{{24, SLA_HOURS}, {15, SLA_WORKDAYS}},
	}};
	fq_err err = {0};
	assert_int_equal(sla_limits_valid(&l, "limits", &err), FQ_OK);
	assert_null(sla_limits_at(&l, 0));
	assert_null(sla_limits_at(&l, LADDER_LEVEL_MAX + 1));
	assert_ptr_equal(sla_limits_at(&l, 1), &l.level[0]);
	assert_int_equal(sla_limits_at(&l, 4)->resolve.amount, 15);
	assert_int_equal(sla_limits_at(&l, 3)->accept.unit, SLA_HOURS);

	l.level[1].resolve.unit = 0;
	assert_int_equal(sla_limits_valid(&l, "limits", &err), FQ_EINVAL);
	assert_string_equal(err.field, "limits[2].resolve");
	l.level[1].resolve.unit = SLA_WORKDAYS;
	l.level[3].accept.amount = 0;
	assert_int_equal(sla_limits_valid(&l, "limits", &err), FQ_EINVAL);
	assert_string_equal(err.field, "limits[4].accept");
}

/* Limits may not shrink: resolve not shorter than accept, each level not
 * shorter than the one below; a working day counts as 24 hours. */
static void test_limits_order(void **state)
{
	(void)state;
	sla_limits l = {.level = {
		{{2, SLA_HOURS}, {24, SLA_HOURS}},
		{{2, SLA_HOURS}, {1, SLA_WORKDAYS}},
		{{1, SLA_WORKDAYS}, {3, SLA_WORKDAYS}},
		{{24, SLA_HOURS}, {72, SLA_HOURS}},
	}};
	fq_err err = {0};
	assert_int_equal(sla_limits_valid(&l, "limits", &err), FQ_OK);
	assert_int_equal(sla_limit_least_s(&(sla_limit){2, SLA_WORKDAYS}), 2 * 24 * SLA_HOUR_S);
	assert_int_equal(sla_limit_least_s(&(sla_limit){5, SLA_HOURS}), 5 * SLA_HOUR_S);

	sla_limits bad = l; /* accept 5 working days, resolve 1 hour */
	bad.level[0] = (sla_level_limits){{5, SLA_WORKDAYS}, {1, SLA_HOURS}};
	assert_int_equal(sla_limits_valid(&bad, "limits", &err), FQ_EINVAL);
	assert_string_equal(err.field, "limits[1].resolve");
	assert_string_equal(err.message, "must not be shorter than limits[1].accept");
	bad = l;
	bad.level[1].resolve = (sla_limit){23, SLA_HOURS};
	assert_int_equal(sla_limits_valid(&bad, "limits", &err), FQ_EINVAL);
	assert_string_equal(err.field, "limits[2].resolve");
	assert_string_equal(err.message, "must not be shorter than limits[1].resolve");
	bad = l;
	bad.level[3].accept = (sla_limit){23, SLA_HOURS};
	assert_int_equal(sla_limits_valid(&bad, "limits", &err), FQ_EINVAL);
	assert_string_equal(err.field, "limits[4].accept");
	assert_string_equal(err.message, "must not be shorter than limits[3].accept");
	bad = l;
	bad.level[3].resolve = (sla_limit){71, SLA_HOURS};
	assert_int_equal(sla_limits_valid(&bad, "limits", &err), FQ_EINVAL);
	assert_string_equal(err.field, "limits[4].resolve");
	/* equal is not shorter */
	bad = l;
	bad.level[2] = (sla_level_limits){{1, SLA_WORKDAYS}, {1, SLA_WORKDAYS}};
	assert_int_equal(sla_limits_valid(&bad, "limits", &err), FQ_OK);
	/* a bad limit is named before any order */
	bad.level[3].accept.amount = 0;
	bad.level[0].resolve.amount = 1;
	assert_int_equal(sla_limits_valid(&bad, "limits", &err), FQ_EINVAL);
	assert_string_equal(err.field, "limits[4].accept");
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(sla_unit_name(SLA_HOURS), "hours");
	assert_string_equal(sla_unit_name(SLA_WORKDAYS), "workdays");
	assert_null(sla_unit_name(0));
	assert_int_equal(sla_unit_parse("workdays"), SLA_WORKDAYS);
	assert_int_equal(sla_unit_parse("hours"), SLA_HOURS);
	assert_int_equal(sla_unit_parse("days"), 0);
	assert_int_equal(sla_unit_parse(NULL), 0);
	assert_string_equal(sla_timing_name(SLA_ON_TIME), "on_time");
	assert_string_equal(sla_timing_name(SLA_DUE_SOON), "due_soon");
	assert_string_equal(sla_timing_name(SLA_OVERDUE), "overdue");
	assert_null(sla_timing_name(0));
}

/* A new request with a 2-hour limit is on time, not due soon (issue 19):
 * the window is a share of the limit, capped for long limits. */
static void test_standing_follows_the_limit(void **state)
{
	(void)state;
	const int64_t t0 = 1765000000, h = SLA_HOUR_S;
	assert_int_equal(sla_standing(t0, t0, t0 + 2 * h), SLA_ON_TIME);
	assert_int_equal(sla_standing(t0 + 90 * 60, t0, t0 + 2 * h), SLA_DUE_SOON);
	assert_int_equal(sla_standing(t0 + 2 * h + 1, t0, t0 + 2 * h), SLA_OVERDUE);
	/* ten days: the window stops at SLA_DUE_SOON_MAX_S */
	int64_t due = t0 + 240 * h;
	assert_int_equal(sla_standing(due - SLA_DUE_SOON_MAX_S - 1, t0, due), SLA_ON_TIME);
	assert_int_equal(sla_standing(due - SLA_DUE_SOON_MAX_S, t0, due), SLA_DUE_SOON);
	assert_int_equal(sla_remind_window(t0, t0 + 4 * h, 25, SLA_DUE_SOON_MAX_S), h);
	assert_int_equal(sla_remind_window(t0, t0, 25, SLA_DUE_SOON_MAX_S), 0);
	assert_int_equal(sla_remind_window(t0, t0 + h, 0, SLA_DUE_SOON_MAX_S), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limit_valid),
		cmocka_unit_test(test_hours_ignore_calendar),
		cmocka_unit_test(test_workdays_follow_calendar),
		cmocka_unit_test(test_extend),
		cmocka_unit_test(test_deadline_errors),
		cmocka_unit_test(test_state_boundaries),
		cmocka_unit_test(test_level_limits),
		cmocka_unit_test(test_standing_follows_the_limit),
		cmocka_unit_test(test_limits_order),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
