/*
 * test_router.c - route matching: literals, captures, 404 versus 405 with
 * the Allow list, trailing slashes and over-long captures.
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
	assert_string_equal(allow, "GET");
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
