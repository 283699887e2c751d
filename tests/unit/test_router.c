/*
 * test_router.c - route matching: literals, captures, 404 versus 405 with
 * the Allow list, trailing slashes, over-long captures, HEAD answered by
 * the GET rows, and the one parser of ids in paths.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "http/router.h"

static void h(struct app *a, http_req *r)
{
	(void)a;
	(void)r;
}

static const http_route routes[] = {
	{"GET", "/api/v1/org/units", h, 0},
	{"GET", "/api/v1/org/units/{id}", h, 0},
	{"GET", "/api/v1/org/units/{id}/households", h, 0},
	{"POST", "/api/v1/session", h, 0},
	{"DELETE", "/api/v1/session", h, 0},
	{"GET", "/api/v1/requests/{id}", h, 0},
	{"GET", "/api/v1/requests/export", h, 0},
	{"GET", "/api/v1/requests/{id}/photos/{pid}", h, 0},
};
#define N (sizeof routes / sizeof routes[0])

static int find(const char *m, const char *p, const char **params, char *allow)
{
	static char scratch[256];
	return router_find(routes, N, m, p, params, scratch, sizeof scratch, allow, 64);
}

static void test_literal_and_capture(void **state)
{
	(void)state;
	const char *params[HTTP_PARAMS_MAX] = {0};
	char allow[64];
	assert_int_equal(find("GET", "/api/v1/org/units", params, allow), 0);
	assert_int_equal(find("GET", "/api/v1/org/units/42", params, allow), 1);
	assert_string_equal(params[0], "42");
	assert_int_equal(find("GET", "/api/v1/org/units/7/households", params, allow), 2);
	assert_string_equal(params[0], "7");
}

static void test_most_literal_wins(void **state)
{
	(void)state;
	const char *params[HTTP_PARAMS_MAX] = {0};
	char allow[64];
	assert_int_equal(find("GET", "/api/v1/requests/export", params, allow), 6);
	assert_null(params[0]);
	assert_int_equal(find("GET", "/api/v1/requests/12", params, allow), 5);
	assert_string_equal(params[0], "12");
	assert_int_equal(find("GET", "/api/v1/requests/12/photos/3", params, allow), 7);
	assert_string_equal(params[0], "12");
	assert_string_equal(params[1], "3");
}

static void test_not_found(void **state)
{
	(void)state;
	const char *params[HTTP_PARAMS_MAX] = {0};
	char allow[64];
	assert_int_equal(find("GET", "/api/v1/org/units/", params, allow), ROUTER_NOT_FOUND);
	assert_int_equal(find("GET", "/api/v1/org", params, allow), ROUTER_NOT_FOUND);
	assert_int_equal(find("GET", "/api/v1/org/units/1/x", params, allow), ROUTER_NOT_FOUND);
	assert_int_equal(find("GET", "", params, allow), ROUTER_NOT_FOUND);
}

static void test_method_not_allowed(void **state)
{
	(void)state;
	const char *params[HTTP_PARAMS_MAX] = {0};
	char allow[64];
	assert_int_equal(find("GET", "/api/v1/session", params, allow), ROUTER_BAD_METHOD);
	assert_string_equal(allow, "POST, DELETE");
	assert_int_equal(find("PUT", "/api/v1/org/units/3", params, allow), ROUTER_BAD_METHOD);
	assert_string_equal(allow, "GET, HEAD");
}

static void test_head_is_answered_by_get_rows(void **state)
{
	(void)state;
	const char *params[HTTP_PARAMS_MAX] = {0};
	char allow[64];
	assert_int_equal(find("HEAD", "/api/v1/org/units/42", params, allow), 1);
	assert_string_equal(params[0], "42");
	assert_int_equal(find("HEAD", "/api/v1/requests/export", params, allow), 6);
	assert_int_equal(find("HEAD", "/api/v1/session", params, allow), ROUTER_BAD_METHOD);
	assert_string_equal(allow, "POST, DELETE");
	assert_int_equal(find("HEAD", "/nowhere", params, allow), ROUTER_NOT_FOUND);
}

static void test_id_parse_is_strict(void **state)
{
	(void)state;
	int64_t id = -7;
	assert_int_equal(http_id_parse("20001", &id), 0);
	assert_int_equal(id, 20001);
	assert_int_equal(http_id_parse("1", &id), 0);
	assert_int_equal(http_id_parse("999999999999999999", &id), 0); /* 18 digits */
	assert_int_equal(id, 999999999999999999LL);
	id = -7;
	static const char *bad[] = {
		"+20001", " 20001", "020001", "0",       "-1",    "20001 ", "20001x",
		"",       "1e3",    "0x10",   "1000000000000000000", "9223372036854775808",
		"２０００１", /* fullwidth digits */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(http_id_parse(bad[i], &id), -1);
	assert_int_equal(http_id_parse(NULL, &id), -1);
	assert_int_equal(id, -7); /* left alone on failure */
}

static void test_capture_too_long(void **state)
{
	(void)state;
	const char *params[HTTP_PARAMS_MAX] = {0};
	char allow[64], scratch[4];
	assert_int_equal(router_find(routes, N, "GET", "/api/v1/org/units/123456", params, scratch,
				     sizeof scratch, allow, sizeof allow),
			 ROUTER_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal_and_capture),
		cmocka_unit_test(test_most_literal_wins),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_method_not_allowed),
		cmocka_unit_test(test_capture_too_long),
		cmocka_unit_test(test_head_is_answered_by_get_rows),
		cmocka_unit_test(test_id_parse_is_strict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
