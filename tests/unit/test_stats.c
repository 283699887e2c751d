/*
 * test_stats.c - unit tests for src/domain/stats.c: grouping names, the
 * weights text, date ranges and their limit, periods (weeks from Monday
 * across a year's end, months across December, days across a leap day)
 * and ranking by composite, units with too small a sample (样本不足) and
 * then units without data last.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/stats.h"

static void test_by_names(void **state)
{
	(void)state;
	assert_int_equal(stats_by_parse(NULL), STATS_BY_NONE);
	assert_int_equal(stats_by_parse(""), STATS_BY_NONE);
	assert_int_equal(stats_by_parse("week"), STATS_BY_WEEK);
	assert_int_equal(stats_by_parse("unit"), STATS_BY_UNIT);
	assert_int_equal(stats_by_parse("year"), STATS_BY_COUNT);
	assert_int_equal(stats_by_parse("Day"), STATS_BY_COUNT);
	for (int b = STATS_BY_NONE + 1; b < STATS_BY_COUNT; b++)
		assert_int_equal(stats_by_parse(stats_by_name((stats_by)b)), b);
	assert_null(stats_by_name(STATS_BY_NONE));
	assert_true(stats_by_is_period(STATS_BY_MONTH));
	assert_false(stats_by_is_period(STATS_BY_CATEGORY));
}

static void test_weights(void **state)
{
	(void)state;
	metrics_weights w = {0};
	fq_err err = {0};
	assert_int_equal(stats_weights_parse("30,35,35", "weights", &w, &err), FQ_OK);
	assert_float_equal(w.response, 30, 0);
	assert_float_equal(w.resolution, 35, 0);
	assert_float_equal(w.satisfaction, 35, 0);
	assert_int_equal(stats_weights_parse("1,0,0.5", "weights", &w, &err), FQ_OK);
	assert_float_equal(w.satisfaction, 0.5, 1e-12);
	static const char *const bad[] = {"",        "30,35",      "30,35,35,1", "30,,35",
					  "a,b,c",   "30,35,35,",  "-1,50,50",   "30;35;35",
					  "0,0,0",   "1e9,1,1",    "nan,1,1",    "30, 35, 35x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		metrics_weights keep = {7, 7, 7};
		memset(&err, 0, sizeof err);
		if (stats_weights_parse(bad[i], "weights", &keep, &err) != FQ_EINVAL)
			fail_msg("weights '%s' accepted", bad[i]);
		assert_string_equal(err.field, "weights");
		assert_float_equal(keep.response, 7, 0);
	}
	assert_int_equal(stats_weights_parse(NULL, "score_weights", &w, &err), FQ_EINVAL);
	assert_string_equal(err.field, "score_weights");
}

static void test_range(void **state)
{
	(void)state;
	fq_err err = {0};
	assert_int_equal(stats_range_check(20260101, 20260101, &err), FQ_OK);
	assert_int_equal(stats_range_check(20250101, 20271231, &err), FQ_OK); /* 1095 days */
	assert_int_equal(stats_range_check(20240101, 20261231, &err), FQ_OK); /* 1096 */
	assert_int_equal(stats_range_check(20240101, 20270101, &err), FQ_EINVAL);
	assert_string_equal(err.field, "to");
	assert_int_equal(stats_range_check(20260102, 20260101, &err), FQ_EINVAL);
	assert_string_equal(err.field, "from");
	assert_int_equal(stats_range_check(20260230, 20260301, &err), FQ_EINVAL);
	assert_string_equal(err.field, "from");
	assert_int_equal(stats_next_day(20241231), 20250101);
	assert_int_equal(stats_next_day(20240228), 20240229);
	assert_int_equal(stats_days_before(20260301, 1), 20260228);
	assert_int_equal(stats_days_before(20260110, 29), 20251212);
	assert_int_equal(stats_days_before(20260110, 0), 20260110);
}

static void test_periods(void **state)
{
	(void)state;
	char key[STATS_KEY_MAX];
	/* 2026-01-01 is a Thursday; its week starts Monday 2025-12-29 */
	assert_int_equal(stats_period_start(20260101, STATS_BY_WEEK), 20251229);
	assert_int_equal(stats_period_start(20251229, STATS_BY_WEEK), 20251229);
	assert_int_equal(stats_period_start(20260104, STATS_BY_WEEK), 20251229); /* Sunday */
	assert_int_equal(stats_period_next(20251229, STATS_BY_WEEK), 20260105);
	assert_string_equal(stats_period_key(20260101, STATS_BY_WEEK, key, sizeof key),
			    "2025-12-29");
	assert_int_equal(stats_period_start(20261231, STATS_BY_MONTH), 20261201);
	assert_int_equal(stats_period_next(20261201, STATS_BY_MONTH), 20270101);
	assert_int_equal(stats_period_next(20260201, STATS_BY_MONTH), 20260301);
	assert_string_equal(stats_period_key(20260215, STATS_BY_MONTH, key, sizeof key),
			    "2026-02");
	assert_int_equal(stats_period_start(20240229, STATS_BY_DAY), 20240229);
	assert_int_equal(stats_period_next(20240229, STATS_BY_DAY), 20240301);
	assert_string_equal(stats_period_key(20240229, STATS_BY_DAY, key, sizeof key),
			    "2024-02-29");
}

static void test_rank(void **state)
{
	(void)state;
	int64_t enough = STATS_RANK_SAMPLE_MIN, few = STATS_RANK_SAMPLE_MIN - 1;
	stats_rank_item items[] = {
		{5, -1, 0, 0},       {3, 80.0, 1, enough}, {9, 95.5, 2, enough}, {1, -1, 3, 0},
		{7, 80.0, 4, enough}, {2, 0.0, 5, enough},  {8, 99.0, 6, few},    {4, 50.0, 7, few},
	};
	size_t n = sizeof items / sizeof items[0];
	stats_rank(items, n);
	/* the ranked, then a sample too small (by id, however good), then no data */
	int64_t want[] = {9, 3, 7, 2, 4, 8, 1, 5};
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(items[i].id, want[i]);
		assert_int_equal(stats_rank_ranked(&items[i]), i < 4);
	}
	assert_int_equal(items[0].index, 2);
	stats_rank(items, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_names),   cmocka_unit_test(test_weights),
		cmocka_unit_test(test_range),      cmocka_unit_test(test_periods),
		cmocka_unit_test(test_rank),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
