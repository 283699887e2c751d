/*
 * test_jsonw.c - unit tests for src/api/jsonw.c: every kind of value comes
 * out byte for byte as jansson's json_dumps(JSON_COMPACT) writes it
 * (integers at the limits, reals whole and fractional, tiny and huge, the
 * rates of a statistics series, strings plain, escaped and in Chinese),
 * nested objects and arrays get their commas, and misuse, text that is not
 * UTF-8 and a full buffer fail the whole text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/jsonw.h"

/* Reals drawn at random for the comparison with jansson. */
#define RANDOM_REALS 20000
/* Rates are hundredths of a percent, 0.00 to 100.00. */
#define RATE_STEPS 10000

/* What jansson writes for j (reference stolen). */
static char *jansson_text(json_t *j)
{
	assert_non_null(j);
	char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(j);
	assert_non_null(s);
	return s;
}

static void assert_real(double v)
{
	fq_buf b = {0};
	jsonw w;
	jsonw_begin(&w, &b);
	jsonw_real(&w, v);
	assert_int_equal(jsonw_end(&w), FQ_OK);
	char *want = jansson_text(json_real(v));
	assert_string_equal(b.data, want);
	free(want);
	fq_buf_free(&b);
}

static void assert_int(int64_t v)
{
	fq_buf b = {0};
	jsonw w;
	jsonw_begin(&w, &b);
	jsonw_int(&w, v);
	assert_int_equal(jsonw_end(&w), FQ_OK);
	char *want = jansson_text(json_integer(v));
	assert_string_equal(b.data, want);
	free(want);
	fq_buf_free(&b);
}

static void assert_str(const char *s)
{
	fq_buf b = {0};
	jsonw w;
	jsonw_begin(&w, &b);
	jsonw_str(&w, s);
	assert_int_equal(jsonw_end(&w), FQ_OK);
	char *want = jansson_text(json_string(s));
	assert_string_equal(b.data, want);
	free(want);
	fq_buf_free(&b);
}

static void test_integers(void **state)
{
	(void)state;
	const int64_t v[] = {0, 1, -1, 9, 10, 99, 100, 12345, -987654321, INT64_MAX, INT64_MIN,
			     INT64_MIN + 1};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		assert_int(v[i]);
}

static void test_reals(void **state)
{
	(void)state;
	const double v[] = {0.0, -0.0, 1.0, -1.0, 30.0, 100.0, 0.5, 88.05, 66.67, 1e-7, 1.5e-300,
			    -2.5e-5, 1e15, 1e15 - 1, 1e16, 1e17, 123456789012345678.0, 1e22,
			    -1e300, 5e-324, 0.1, 1.0 / 3};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		assert_real(v[i]);
	for (int k = 0; k <= RATE_STEPS; k++)
		assert_real((double)k / 100);
	srand(7);
	for (int i = 0; i < RANDOM_REALS; i++) {
		double m = (double)rand() / RAND_MAX - 0.5;
		assert_real(ldexp(m, rand() % 200 - 100));
	}
}

static void test_strings(void **state)
{
	(void)state;
	assert_str("");
	assert_str("2026-01-01");
	assert_str("a/b c~");
	assert_str("quote \" and backslash \\");
	assert_str("tab\tline\ncr\rbell\x07 esc\x1b del\x7f");
	assert_str("集里社区 / 楼道灯坏了");
	assert_str("emoji \xf0\x9f\x98\x80");
}

static void test_document(void **state)
{
	(void)state;
	fq_buf b = {0};
	jsonw w;
	jsonw_begin(&w, &b);
	jsonw_object(&w);
	jsonw_key(&w, "a");
	jsonw_int(&w, 1);
	jsonw_key(&w, "empty");
	jsonw_object(&w);
	jsonw_close(&w);
	jsonw_key(&w, "list");
	jsonw_array(&w);
	jsonw_null(&w);
	jsonw_str(&w, NULL);
	jsonw_bool(&w, true);
	jsonw_bool(&w, false);
	jsonw_real(&w, 2.5);
	jsonw_array(&w);
	jsonw_close(&w);
	jsonw_object(&w);
	jsonw_key(&w, "名");
	jsonw_str(&w, "值");
	jsonw_close(&w);
	jsonw_close(&w);
	jsonw_close(&w);
	assert_int_equal(jsonw_end(&w), FQ_OK);
	assert_string_equal(b.data,
			    "{\"a\":1,\"empty\":{},\"list\":[null,null,true,false,2.5,[],{\"名\":\"值\"}]}");
	fq_buf_free(&b);
}

/* A text that fails with want after calls made by f. */
static void assert_fails(void (*f)(jsonw *), fq_status want)
{
	fq_buf b = {0};
	jsonw w;
	jsonw_begin(&w, &b);
	f(&w);
	assert_int_equal(jsonw_end(&w), want);
	fq_buf_free(&b);
}

static void value_without_key(jsonw *w)
{
	jsonw_object(w);
	jsonw_int(w, 1);
	jsonw_close(w);
}

static void key_in_array(jsonw *w)
{
	jsonw_array(w);
	jsonw_key(w, "k");
	jsonw_close(w);
}

static void key_without_value(jsonw *w)
{
	jsonw_object(w);
	jsonw_key(w, "k");
	jsonw_close(w);
}

static void two_values(jsonw *w)
{
	jsonw_int(w, 1);
	jsonw_int(w, 2);
}

static void left_open(jsonw *w)
{
	jsonw_array(w);
}

static void nothing(jsonw *w)
{
	(void)w;
}

static void not_utf8(jsonw *w)
{
	jsonw_array(w);
	jsonw_str(w, "a\x80");
	jsonw_int(w, 1); /* ignored: the failure sticks */
	jsonw_close(w);
}

static void not_finite(jsonw *w)
{
	jsonw_array(w);
	jsonw_real(w, NAN);
	jsonw_real(w, INFINITY);
	jsonw_close(w);
}

static void too_deep(jsonw *w)
{
	for (int i = 0; i <= JSONW_DEPTH_MAX; i++)
		jsonw_array(w);
	for (int i = 0; i <= JSONW_DEPTH_MAX; i++)
		jsonw_close(w);
}

static void test_failures_are_sticky(void **state)
{
	(void)state;
	assert_fails(value_without_key, FQ_EINVAL);
	assert_fails(key_in_array, FQ_EINVAL);
	assert_fails(key_without_value, FQ_EINVAL);
	assert_fails(two_values, FQ_EINVAL);
	assert_fails(left_open, FQ_EINVAL);
	assert_fails(nothing, FQ_EINVAL);
	assert_fails(not_utf8, FQ_EINVAL);
	assert_fails(not_finite, FQ_EINVAL);
	assert_fails(too_deep, FQ_EINVAL);

	fq_buf small = {.limit = 16};
	jsonw w;
	jsonw_begin(&w, &small);
	jsonw_array(&w);
	jsonw_str(&w, "this does not fit in sixteen bytes");
	jsonw_close(&w);
	assert_int_equal(jsonw_end(&w), FQ_ETOOBIG);
	fq_buf_free(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_reals),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_failures_are_sticky),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
