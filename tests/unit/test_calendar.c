/*
 * test_calendar.c - unit tests for src/domain/calendar.c: the 2025 and
 * 2026 seed schedules, working-day lookups, adding working days across
 * 春节 2026, 国庆 2025 and the turn of the year with its 调休 weekends,
 * starts on non-working days, the UTC+8 day boundary, counting working
 * days between two moments, and building calendars from bad rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/timeutil.h"
#include "domain/calendar.h"

/* Unix seconds of an RFC 3339 time; the test fails on a typo. */
static int64_t at(const char *s)
{
	int64_t t = 0;
	if (fq_time_parse(s, &t) != 0)
		fail_msg("bad time literal %s", s);
	return t;
}

static cal_calendar *seeded(void)
{
	size_t n = 0;
	const cal_entry *e = cal_seed_entries(&n);
	cal_calendar *cal = NULL;
	fq_err err = {0};
	assert_int_equal(cal_new(e, n, &cal, &err), FQ_OK);
	assert_non_null(cal);
	return cal;
}

/* cal_add_workdays(start, n) must give want, both RFC 3339. */
static void expect_add(const cal_calendar *cal, const char *start, int n, const char *want)
{
	int64_t out = 0;
	fq_err err = {0};
	char got[32];
	assert_int_equal(cal_add_workdays(cal, at(start), n, &out, &err), FQ_OK);
	fq_time_rfc3339(out, got, sizeof got);
	if (out != at(want))
		fail_msg("%s + %d working days: got %s, want %s", start, n, got, want);
}

static void test_seed_rows(void **state)
{
	(void)state;
	size_t n = 0;
	const cal_entry *e = cal_seed_entries(&n);
	size_t holidays = 0, workdays = 0;
	for (size_t i = 0; i < n; i++) {
		assert_true(cal_date_valid(e[i].date));
		if (i > 0)
			assert_true(e[i].date > e[i - 1].date);
		assert_non_null(e[i].name);
		if (e[i].kind == CAL_WORKDAY) {
			int wd = cal_weekday(e[i].date);
			assert_true(wd == 0 || wd == 6); /* 调休 days are weekends */
			workdays++;
		} else {
			assert_int_equal(e[i].kind, CAL_HOLIDAY);
			holidays++;
		}
	}
	/* 2025: 1 + 8 + 3 + 5 + 3 + 8 off, 5 worked weekend days;
	 * 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7 off, 6 worked weekend days. */
	assert_int_equal(holidays, 28 + 33);
	assert_int_equal(workdays, 5 + 6);
	assert_int_equal(n, 72);
}

static void test_seed_festivals(void **state)
{
	(void)state;
	cal_calendar *cal = seeded();
	static const struct {
		cal_date first, last;
		const char *name;
	} spans[] = {
		{20250128, 20250204, "春节"},     {20251001, 20251008, "国庆节、中秋节"},
		{20260101, 20260103, "元旦"},     {20260215, 20260223, "春节"},
		{20260404, 20260406, "清明节"},   {20260501, 20260505, "劳动节"},
		{20260619, 20260621, "端午节"},   {20260925, 20260927, "中秋节"},
		{20261001, 20261007, "国庆节"},
	};
	for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++) {
		int64_t t = cal_date_start(spans[i].first);
		for (cal_date d = spans[i].first; d <= spans[i].last;
		     t += CAL_DAY_S, d = cal_date_of(t)) {
			const cal_entry *e = cal_lookup(cal, d);
			assert_non_null(e);
			assert_int_equal(e->kind, CAL_HOLIDAY);
			assert_string_equal(e->name, spans[i].name);
			assert_false(cal_is_workday(cal, d));
		}
	}
	static const cal_date worked[] = {20250126, 20250208, 20250427, 20250928, 20251011,
					  20260104, 20260214, 20260228, 20260509, 20260920,
					  20261010};
	for (size_t i = 0; i < sizeof worked / sizeof worked[0]; i++)
		assert_true(cal_is_workday(cal, worked[i]));
	cal_free(cal);
}

static void test_is_workday(void **state)
{
	(void)state;
	cal_calendar *cal = seeded();
	assert_true(cal_is_workday(cal, 20260213));  /* Friday */
	assert_true(cal_is_workday(cal, 20260214));  /* Saturday, 调休 */
	assert_false(cal_is_workday(cal, 20260216)); /* Monday, 春节 */
	assert_true(cal_is_workday(cal, 20260224));  /* Tuesday after */
	assert_false(cal_is_workday(cal, 20260301)); /* a plain Sunday */
	assert_true(cal_is_workday(cal, 20260309));  /* a plain Monday */
	assert_null(cal_lookup(cal, 20260309));
	/* no calendar: weekdays only */
	assert_true(cal_is_workday(NULL, 20260216));
	assert_false(cal_is_workday(NULL, 20260214));
	assert_null(cal_lookup(NULL, 20260216));
	cal_free(cal);
}

static void test_add_spring_festival_2026(void **state)
{
	(void)state;
	cal_calendar *cal = seeded();
	expect_add(cal, "2026-02-13T10:30:00+08:00", 1, "2026-02-14T10:30:00+08:00");
	expect_add(cal, "2026-02-13T10:30:00+08:00", 2, "2026-02-24T10:30:00+08:00");
	expect_add(cal, "2026-02-13T10:30:00+08:00", 3, "2026-02-25T10:30:00+08:00");
	/* from the worked Saturday itself */
	expect_add(cal, "2026-02-14T16:00:00+08:00", 1, "2026-02-24T16:00:00+08:00");
	/* Friday 2/27 + 1 is the worked Saturday 2/28, + 2 is Monday 3/2 */
	expect_add(cal, "2026-02-27T11:00:00+08:00", 1, "2026-02-28T11:00:00+08:00");
	expect_add(cal, "2026-02-27T11:00:00+08:00", 2, "2026-03-02T11:00:00+08:00");
	/* without the calendar the same span is plain weekdays */
	expect_add(NULL, "2026-02-13T10:30:00+08:00", 3, "2026-02-18T10:30:00+08:00");
	cal_free(cal);
}

static void test_add_national_day_2025(void **state)
{
	(void)state;
	cal_calendar *cal = seeded();
	const char *fri = "2025-09-26T14:00:00+08:00";
	expect_add(cal, fri, 1, "2025-09-28T14:00:00+08:00"); /* worked Sunday */
	expect_add(cal, fri, 2, "2025-09-29T14:00:00+08:00");
	expect_add(cal, fri, 3, "2025-09-30T14:00:00+08:00");
	expect_add(cal, fri, 4, "2025-10-09T14:00:00+08:00");
	expect_add(cal, fri, 5, "2025-10-10T14:00:00+08:00");
	expect_add(cal, fri, 6, "2025-10-11T14:00:00+08:00"); /* worked Saturday */
	expect_add(cal, fri, 7, "2025-10-13T14:00:00+08:00");
	cal_free(cal);
}

static void test_add_year_end(void **state)
{
	(void)state;
	cal_calendar *cal = seeded();
	/* 1/1-1/3 off, Sunday 1/4 worked */
	expect_add(cal, "2025-12-31T09:15:00+08:00", 1, "2026-01-04T09:15:00+08:00");
	expect_add(cal, "2025-12-31T09:15:00+08:00", 2, "2026-01-05T09:15:00+08:00");
	expect_add(cal, "2025-12-30T17:00:00+08:00", 2, "2026-01-04T17:00:00+08:00");
	cal_free(cal);
}

static void test_add_from_non_working_day(void **state)
{
	(void)state;
	cal_calendar *cal = seeded();
	/* a holiday Saturday: counts from Tuesday 2/24 09:00 */
	expect_add(cal, "2026-02-21T15:00:00+08:00", 0, "2026-02-24T09:00:00+08:00");
	expect_add(cal, "2026-02-21T15:00:00+08:00", 1, "2026-02-25T09:00:00+08:00");
	/* a plain Sunday evening: from Monday 09:00 */
	expect_add(cal, "2026-03-08T20:00:00+08:00", 1, "2026-03-10T09:00:00+08:00");
	/* the worked Sunday before 国庆 2025 is a working day */
	expect_add(cal, "2025-09-28T20:00:00+08:00", 1, "2025-09-29T20:00:00+08:00");
	/* n = 0 on a working day is the start itself */
	expect_add(cal, "2026-03-09T20:00:00+08:00", 0, "2026-03-09T20:00:00+08:00");
	cal_free(cal);
}

static void test_add_day_boundary_utc8(void **state)
{
	(void)state;
	cal_calendar *cal = seeded();
	/* 01:00 on Friday 2/13 in Shanghai is still Thursday in UTC */
	expect_add(cal, "2026-02-12T17:00:00Z", 1, "2026-02-14T01:00:00+08:00");
	expect_add(cal, "2026-02-13T23:59:59+08:00", 1, "2026-02-14T23:59:59+08:00");
	/* 23:30 UTC on Friday 2/13 is Saturday 2/14 07:30 in Shanghai, worked */
	expect_add(cal, "2026-02-13T23:30:00Z", 1, "2026-02-24T07:30:00+08:00");
	/* 16:00 UTC on Saturday 2/14 is Sunday 2/15 00:00, a holiday */
	expect_add(cal, "2026-02-14T16:00:00Z", 0, "2026-02-24T09:00:00+08:00");
	cal_free(cal);
}

static void test_add_errors(void **state)
{
	(void)state;
	int64_t out = 42;
	fq_err err = {0};
	int64_t start = at("2026-02-13T10:00:00+08:00");
	assert_int_equal(cal_add_workdays(NULL, start, -1, &out, &err), FQ_EINVAL);
	assert_string_equal(err.field, "days");
	assert_int_equal(cal_add_workdays(NULL, start, CAL_WORKDAYS_MAX + 1, &out, &err),
			 FQ_EINVAL);
	assert_int_equal(cal_add_workdays(NULL, at("1999-12-31T10:00:00+08:00"), 1, &out, &err),
			 FQ_EINVAL);
	assert_string_equal(err.field, "start");
	assert_int_equal(cal_add_workdays(NULL, INT64_MAX, 1, &out, &err), FQ_EINVAL);
	assert_int_equal(cal_add_workdays(NULL, INT64_MIN, 1, &out, &err), FQ_EINVAL);
	assert_int_equal(out, 42);
	assert_int_equal(cal_add_workdays(NULL, at("2000-01-01T00:00:00+08:00"), 0, &out, &err),
			 FQ_OK);
	assert_int_equal(cal_add_workdays(NULL, start, CAL_WORKDAYS_MAX, &out, &err), FQ_OK);
	assert_int_equal(cal_workdays_between(NULL, start, out), CAL_WORKDAYS_MAX);
}

static void test_between_examples(void **state)
{
	(void)state;
	cal_calendar *cal = seeded();
	int64_t fri = at("2026-02-13T10:30:00+08:00");
	assert_int_equal(cal_workdays_between(cal, fri, at("2026-02-25T08:00:00+08:00")), 3);
	assert_int_equal(cal_workdays_between(cal, at("2026-02-25T08:00:00+08:00"), fri), -3);
	assert_int_equal(cal_workdays_between(cal, fri, fri + 3600), 0);
	assert_int_equal(cal_workdays_between(cal, fri, at("2026-02-23T10:00:00+08:00")), 1);
	/* working days of each year: 261 weekdays - 18 (2025) or 19 (2026)
	 * holidays on weekdays + 5 or 6 worked weekend days = 248 */
	assert_int_equal(cal_workdays_between(cal, at("2024-12-31T12:00:00+08:00"),
					      at("2025-12-31T12:00:00+08:00")), 248);
	assert_int_equal(cal_workdays_between(cal, at("2025-12-31T12:00:00+08:00"),
					      at("2026-12-31T12:00:00+08:00")), 248);
	assert_int_equal(cal_workdays_between(NULL, at("2025-12-31T12:00:00+08:00"),
					      at("2026-12-31T12:00:00+08:00")), 261);
	cal_free(cal);
}

/* Counting working days agrees with adding them, and with a day-by-day
 * count, for every start from December 2024 to January 2027. */
static void test_between_agrees_with_add(void **state)
{
	(void)state;
	cal_calendar *cal = seeded();
	int64_t first = at("2024-12-01T10:00:00+08:00");
	int64_t last = at("2027-01-31T10:00:00+08:00");
	for (int64_t t = first; t <= last; t += CAL_DAY_S) {
		bool working = cal_is_workday(cal, cal_date_of(t));
		for (int n = 0; n <= 12; n++) {
			int64_t due = 0;
			assert_int_equal(cal_add_workdays(cal, t, n, &due, NULL), FQ_OK);
			assert_true(cal_is_workday(cal, cal_date_of(due)));
			/* from a non-working day the count starts the day before
			 * the next working day, so it is one more */
			assert_int_equal(cal_workdays_between(cal, t, due), n + (working ? 0 : 1));
			assert_int_equal(cal_workdays_between(cal, due, t), -(n + (working ? 0 : 1)));
		}
		int64_t brute = 0;
		for (int k = 1; k <= 40; k++)
			brute += cal_is_workday(cal, cal_date_of(t + k * CAL_DAY_S));
		assert_int_equal(cal_workdays_between(cal, t, t + 40 * CAL_DAY_S), brute);
	}
	cal_free(cal);
}

static void test_dates(void **state)
{
	(void)state;
	assert_true(cal_date_valid(20240229));
	assert_false(cal_date_valid(20250229));
	assert_false(cal_date_valid(20260230));
	assert_false(cal_date_valid(20261301));
	assert_false(cal_date_valid(20260100));
	assert_false(cal_date_valid(19991231));
	assert_false(cal_date_valid(22000101));
	assert_false(cal_date_valid(-20260101));
	assert_true(cal_date_valid(21991231));
	assert_int_equal(cal_weekday(20260213), 5);
	assert_int_equal(cal_weekday(20260214), 6);
	assert_int_equal(cal_weekday(20260215), 0);
	assert_int_equal(cal_weekday(20000101), 6);
	assert_int_equal(cal_date_start(20260214), at("2026-02-14T00:00:00+08:00"));
	assert_int_equal(cal_date_of(at("2026-02-14T00:00:00+08:00")), 20260214);
	assert_int_equal(cal_date_of(at("2026-02-14T00:00:00+08:00") - 1), 20260213);
	assert_int_equal(cal_date_of(at("2026-02-13T16:00:00Z")), 20260214);

	cal_date d = 1;
	fq_err err = {0};
	assert_int_equal(cal_date_parse("2026-02-14", "date", &d, &err), FQ_OK);
	assert_int_equal(d, 20260214);
	const char *bad[] = {"2026-2-14", "2026-02-30", "20260214", "2026-02-14x", "",
			     "2026/02/14", "1999-12-31", "２026-02-14"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(cal_date_parse(bad[i], "from", &d, &err), FQ_EINVAL);
		assert_string_equal(err.field, "from");
	}
	assert_int_equal(cal_date_parse(NULL, "from", &d, &err), FQ_EINVAL);
	assert_int_equal(d, 20260214);

	char buf[CAL_DATE_STR];
	assert_string_equal(cal_date_format(20260104, buf, sizeof buf), "2026-01-04");
	assert_string_equal(cal_date_format(20260230, buf, sizeof buf), "0000-00-00");
	assert_string_equal(cal_kind_name(CAL_HOLIDAY), "holiday");
	assert_int_equal(cal_kind_parse("workday"), CAL_WORKDAY);
	assert_int_equal(cal_kind_parse("weekend"), 0);
	assert_int_equal(cal_kind_parse(NULL), 0);
	assert_null(cal_kind_name(0));
}

static void test_new_custom(void **state)
{
	(void)state;
	char name[16];
	snprintf(name, sizeof name, "%s", "校庆");
	cal_entry rows[] = {
		{20300105, CAL_WORKDAY, "补班"}, /* a Saturday */
		{20300102, CAL_HOLIDAY, name},    /* a Wednesday */
		{20300101, CAL_HOLIDAY, NULL},
	};
	cal_calendar *cal = NULL;
	assert_int_equal(cal_new(rows, 3, &cal, NULL), FQ_OK);
	snprintf(name, sizeof name, "%s", "changed");
	assert_string_equal(cal_lookup(cal, 20300102)->name, "校庆");
	assert_string_equal(cal_lookup(cal, 20300101)->name, "");
	assert_false(cal_is_workday(cal, 20300102));
	assert_true(cal_is_workday(cal, 20300105));
	/* Monday 2029-12-31 + 1: 1/1 and 1/2 off, Thursday 1/3 */
	expect_add(cal, "2029-12-31T10:00:00+08:00", 1, "2030-01-03T10:00:00+08:00");
	expect_add(cal, "2029-12-31T10:00:00+08:00", 3, "2030-01-05T10:00:00+08:00");
	cal_free(cal);

	assert_int_equal(cal_new(NULL, 0, &cal, NULL), FQ_OK);
	assert_false(cal_is_workday(cal, 20260214));
	assert_true(cal_is_workday(cal, 20260216));
	cal_free(cal);
	cal_free(NULL);
}

static void expect_new_fails(const cal_entry *rows, size_t n, fq_status want,
			     const char *field, const char *needle)
{
	cal_calendar *cal = (cal_calendar *)&cal; /* any non-NULL marker */
	cal_calendar *marker = cal;
	fq_err err = {0};
	assert_int_equal(cal_new(rows, n, &cal, &err), want);
	assert_ptr_equal(cal, marker);
	assert_string_equal(err.field, field);
	if (!strstr(err.message, needle))
		fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
}

static void test_new_errors(void **state)
{
	(void)state;
	cal_entry dup[] = {{20260101, CAL_HOLIDAY, "a"}, {20260102, CAL_HOLIDAY, "b"},
			   {20260101, CAL_WORKDAY, "c"}};
	expect_new_fails(dup, 3, FQ_EINVAL, "date", "2026-01-01 is listed twice");
	cal_entry bad_date[] = {{20260230, CAL_HOLIDAY, "x"}};
	expect_new_fails(bad_date, 1, FQ_EINVAL, "date", "20260230");
	cal_entry bad_kind[] = {{20260210, 7, "x"}};
	expect_new_fails(bad_kind, 1, FQ_EINVAL, "kind", "2026-02-10");
	char longname[CAL_NAME_MAX * 3 + 4] = "";
	for (int i = 0; i <= CAL_NAME_MAX; i++)
		strcat(longname, "节");
	cal_entry too_long[] = {{20260210, CAL_HOLIDAY, longname}};
	expect_new_fails(too_long, 1, FQ_EINVAL, "name", "2026-02-10");
	longname[strlen(longname) - 3] = '\0'; /* exactly CAL_NAME_MAX */
	cal_calendar *cal = NULL;
	assert_int_equal(cal_new(too_long, 1, &cal, NULL), FQ_OK);
	assert_string_equal(cal_lookup(cal, 20260210)->name, longname);
	cal_free(cal);
	expect_new_fails(NULL, CAL_ENTRIES_MAX + 1, FQ_ETOOBIG, "entries", "rows");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_rows),
		cmocka_unit_test(test_seed_festivals),
		cmocka_unit_test(test_is_workday),
		cmocka_unit_test(test_add_spring_festival_2026),
		cmocka_unit_test(test_add_national_day_2025),
		cmocka_unit_test(test_add_year_end),
		cmocka_unit_test(test_add_from_non_working_day),
		cmocka_unit_test(test_add_day_boundary_utc8),
		cmocka_unit_test(test_add_errors),
		cmocka_unit_test(test_between_examples),
		cmocka_unit_test(test_between_agrees_with_add),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_new_custom),
		cmocka_unit_test(test_new_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
