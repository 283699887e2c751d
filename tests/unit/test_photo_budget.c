/*
 * test_photo_budget.c - unit tests for src/domain/photo_budget.c on a
 * clock the test moves: one upload decoding per caller, the bucket of
 * pixels per minute (taken, refilled at its rate, never past full), an
 * upload larger than the bucket let in when it is full and then waited
 * for, Retry-After in whole seconds, accounts and parties apart, and the
 * table full.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/photo_budget.h"

#define MP (1000LL * 1000) /* a megapixel */

static int64_t now_ms;

static int64_t test_clock(void)
{
	return now_ms;
}

static fq_status take(photo_budget *b, photo_who who, int64_t pixels, int64_t *retry)
{
	fq_err err = {0};
	fq_status st = photo_budget_take(b, who, pixels, retry, &err);
	if (st != FQ_OK)
		assert_string_equal(err.field, "photo");
	return st;
}

static void test_one_at_a_time(void **state)
{
	(void)state;
	now_ms = 1000;
	photo_budget *b = photo_budget_new(test_clock);
	assert_non_null(b);
	int64_t retry = 0;
	assert_int_equal(take(b, 7, 10 * MP, &retry), FQ_OK);
	assert_int_equal(take(b, 7, 10 * MP, &retry), FQ_ERATELIMIT);
	assert_int_equal(retry, PHOTO_BUSY_RETRY_S);
	assert_int_equal(take(b, 8, 10 * MP, &retry), FQ_OK);  /* another account */
	assert_int_equal(take(b, -7, 10 * MP, &retry), FQ_OK); /* party 7 is not account 7 */
	photo_budget_release(b, 7);
	assert_int_equal(take(b, 7, 10 * MP, &retry), FQ_OK);
	photo_budget_free(b);
	photo_budget_free(NULL);
}

static void test_pixels_per_minute(void **state)
{
	(void)state;
	now_ms = 5000;
	photo_budget *b = photo_budget_new(test_clock);
	int64_t retry = 0;
	/* two uploads of 96 million pixels fit in 200 million; a third does not */
	for (int i = 0; i < 2; i++) {
		assert_int_equal(take(b, 1, 96 * MP, &retry), FQ_OK);
		photo_budget_release(b, 1);
	}
	assert_int_equal(take(b, 1, 96 * MP, &retry), FQ_ERATELIMIT);
	/* 8 million left, 88 million short: 26.4 s at 200 million a minute */
	assert_int_equal(retry, 27);
	now_ms += 26 * 1000;
	assert_int_equal(take(b, 1, 96 * MP, &retry), FQ_ERATELIMIT);
	assert_int_equal(retry, 1);
	now_ms += 1000;
	assert_int_equal(take(b, 1, 96 * MP, &retry), FQ_OK);
	photo_budget_release(b, 1);
	/* a long pause fills the bucket, never past full */
	now_ms += 3600 * 1000;
	assert_int_equal(take(b, 1, PHOTO_PIXELS_PER_MINUTE, &retry), FQ_OK);
	photo_budget_release(b, 1);
	assert_int_equal(take(b, 1, 1, &retry), FQ_ERATELIMIT);
	photo_budget_free(b);
}

static void test_larger_than_the_bucket(void **state)
{
	(void)state;
	now_ms = 0;
	photo_budget *b = photo_budget_new(test_clock);
	int64_t retry = 0;
	/* nine photos of 50 million pixels: in when the bucket is full, and
	 * then the bucket owes 250 million: 75 s before a full one again */
	assert_int_equal(take(b, 3, 450 * MP, &retry), FQ_OK);
	photo_budget_release(b, 3);
	assert_int_equal(take(b, 3, 450 * MP, &retry), FQ_ERATELIMIT);
	assert_int_equal(retry, 135);
	now_ms += 135 * 1000;
	assert_int_equal(take(b, 3, 450 * MP, &retry), FQ_OK);
	photo_budget_free(b);
}

static void test_table_full(void **state)
{
	(void)state;
	now_ms = 0;
	photo_budget *b = photo_budget_new(test_clock);
	int64_t retry = 0;
	for (photo_who w = 1; w <= PHOTO_BUDGET_CALLERS; w++)
		assert_int_equal(take(b, w, MP, &retry), FQ_OK); /* all busy */
	assert_int_equal(take(b, PHOTO_BUDGET_CALLERS + 1, MP, &retry), FQ_EUNAVAILABLE);
	assert_int_equal(retry, PHOTO_TABLE_FULL_RETRY_S);
	/* an idle caller whose bucket is full again frees an entry */
	photo_budget_release(b, 1);
	assert_int_equal(take(b, PHOTO_BUDGET_CALLERS + 1, MP, &retry), FQ_EUNAVAILABLE);
	now_ms += PHOTO_BUDGET_WINDOW_MS;
	assert_int_equal(take(b, PHOTO_BUDGET_CALLERS + 1, MP, &retry), FQ_OK);
	photo_budget_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_at_a_time),
		cmocka_unit_test(test_pixels_per_minute),
		cmocka_unit_test(test_larger_than_the_bucket),
		cmocka_unit_test(test_table_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
