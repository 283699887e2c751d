/*
 * test_live_svc.c - unit tests for the live events service over a real
 * store (src/domain/live_svc.c): a client's resume point capped at the
 * outbox's head with its scope, and the webhooks registered, listed and
 * removed as jobs (removing one twice is not found).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/live_svc.h"
#include "svc_cases_fixture.h"

static void test_scope(void **state)
{
	svc_fixture *f = *state;
	fq_err err = {0};
	live_scope scope = {0};
	int64_t resume = 1000;
	assert_int_equal(livesvc_scope(f->s, &f->com, &resume, &scope, &err), FQ_OK);
	assert_int_equal(resume, 0); /* an empty outbox: nothing after 0 */
	assert_int_equal(scope.who.account_id, 1);
	live_scope_free(&scope);
}

static void test_webhooks(void **state)
{
	svc_fixture *f = *state;
	fq_err err = {0};
	livesvc_webhook_job c = {.w = {.url = "https://example.org/hook", .events = "*",
				       .secret = "s3cret", .created_at = fq_now_ms() / 1000}};
	livesvc_webhook_create_init(&c);
	assert_int_equal(svc_write(f->s, &c.job), FQ_OK);
	assert_true(c.w.id > 0);
	store_webhook *rows = NULL;
	size_t n = 0;
	assert_int_equal(livesvc_webhooks(f->s, f->a, &rows, &n, &err), FQ_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].url, "https://example.org/hook");
	livesvc_webhook_job d = {.w = {.id = c.w.id}, .now = fq_now_ms() / 1000};
	livesvc_webhook_delete_init(&d);
	assert_int_equal(svc_write(f->s, &d.job), FQ_OK);
	assert_int_equal(livesvc_webhooks(f->s, f->a, &rows, &n, &err), FQ_OK);
	assert_int_equal(n, 0);
	assert_int_equal(svc_write(f->s, &d.job), FQ_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scope, svc_setup, svc_teardown),
		cmocka_unit_test_setup_teardown(test_webhooks, svc_setup, svc_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
