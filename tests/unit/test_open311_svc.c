/*
 * test_open311_svc.c - unit tests for the Open311 service over a real
 * store (src/domain/open311_svc.c): the catalogue publishes no category of
 * a private class and gives a service its questions, an unknown key is
 * refused, unknown requests, tokens and buildings are not found, and the
 * plan of a key whose account is gone is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/open311_svc.h"
#include "svc_cases_fixture.h"

static fq_status catalogue_tx(store_conn *c, void *arg, fq_err *err)
{
	(void)arg;
	return conn_exec(c,
			 "INSERT INTO categories(id, code, parent_id, name) VALUES"
			 " (10, 'dispute', NULL, '矛盾纠纷'), (11, 'dispute.neighbour', 10, '邻里'),"
			 " (20, 'property', NULL, '物业'), (21, 'property.elevator', 20, '电梯');",
			 err);
}

static void test_catalogue(void **state)
{
	svc_fixture *f = *state;
	fq_err err = {0};
	assert_int_equal(store_write(f->s, catalogue_tx, NULL, &err), FQ_OK);
	o311_service *s = NULL;
	size_t n = 0;
	assert_int_equal(o311svc_services(f->s, f->a, &s, &n, &err), FQ_OK);
	assert_int_equal(n, 2); /* property and its elevator; no dispute */
	assert_null(o311_service_find(s, n, "dispute.neighbour"));
	const o311_service *lift = o311_service_find(s, n, "property.elevator");
	assert_non_null(lift);
	assert_string_equal(lift->group, "物业");
	assert_int_equal(lift->n_questions, 1);
}

static void test_not_found(void **state)
{
	svc_fixture *f = *state;
	fq_err err = {0};
	store_o311_key key;
	assert_int_equal(o311svc_key(f->s, f->a, "no-such-key", &key, &err), FQ_EFORBIDDEN);
	assert_string_equal(err.field, "api_key");
	int64_t id = 999;
	store_o311_request row;
	assert_int_equal(o311svc_request(f->s, f->a, NULL, 0, NULL, &id, &row, &err), FQ_ENOTFOUND);
	assert_string_equal(err.field, "service_request_id");
	assert_int_equal(o311svc_request(f->s, f->a, NULL, 0, "X-1", &id, &row, &err), FQ_ENOTFOUND);
	assert_string_equal(err.field, "token");
	assert_int_not_equal(o311svc_building(f->s, f->a, 999, &err), FQ_OK);
	int64_t ids[] = {999};
	store_o311_request *rows = NULL;
	size_t n = 1;
	assert_int_equal(o311svc_requests_by_ids(f->s, f->a, NULL, 0, ids, 1, &rows, &n, &err),
			 FQ_OK);
	assert_int_equal(n, 0);
}

static void test_plan_of_gone_account(void **state)
{
	svc_fixture *f = *state;
	fq_err err = {0};
	caller who;
	reqsvc_plan plan;
	reqsvc_input in = {.channel = "open311", .category_code = "property.elevator"};
	assert_int_equal(o311svc_plan(f->s, f->a, 99, &in, &who, &plan, &err), FQ_EFORBIDDEN);
	assert_string_equal(err.field, "api_key");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_catalogue, svc_setup, svc_teardown),
		cmocka_unit_test_setup_teardown(test_not_found, svc_setup, svc_teardown),
		cmocka_unit_test_setup_teardown(test_plan_of_gone_account, svc_setup, svc_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
