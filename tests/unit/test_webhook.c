/*
 * test_webhook.c - unit tests for the rules in src/domain/webhook.c: which
 * URLs may be registered, event names and the stored event list, the
 * retry schedule, and the HMAC-SHA256 signature (RFC 4231 test case 2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/webhook.h"

static void test_urls(void **state)
{
	(void)state;
	fq_err err = {0};
	const char *good[] = {"http://127.0.0.1:8080/hook", "https://qyapi.weixin.qq.com/cgi-bin/"
				"webhook/send?key=abc", "HTTPS://oapi.dingtalk.com/robot/send"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(webhook_url_check(good[i], &err), FQ_OK);
	const char *bad[] = {NULL, "", "ftp://x.org/", "http://", "http:///path", "https://:80/",
			     "http://x.org/a b", "http://x.org/\x01", "x.org/hook", "javascript:1"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		assert_int_equal(webhook_url_check(bad[i], &err), FQ_EINVAL);
		assert_string_equal(err.field, "url");
	}
	char longest[WEBHOOK_URL_MAX + 2];
	memset(longest, 'a', sizeof longest);
	memcpy(longest, "http://", 7);
	longest[WEBHOOK_URL_MAX] = '\0';
	assert_int_equal(webhook_url_check(longest, &err), FQ_OK);
	longest[WEBHOOK_URL_MAX] = 'a';
	longest[WEBHOOK_URL_MAX + 1] = '\0';
	assert_int_equal(webhook_url_check(longest, &err), FQ_EINVAL);
}

static void test_events(void **state)
{
	(void)state;
	assert_true(webhook_event_known("accepted"));
	assert_true(webhook_event_known("extension_requested"));
	assert_false(webhook_event_known("closed"));
	assert_false(webhook_event_known("*"));
	assert_false(webhook_event_known(""));
	assert_false(webhook_event_known(NULL));
	assert_true(webhook_events_match("*", "accepted"));
	assert_true(webhook_events_match("accepted,resolved", "resolved"));
	assert_true(webhook_events_match("accepted,resolved", "accepted"));
	assert_false(webhook_events_match("accepted,resolved", "accept"));
	assert_false(webhook_events_match("accepted,resolved", "rated"));
	assert_false(webhook_events_match("rated_redo", "rated"));
	assert_false(webhook_events_match(NULL, "rated"));
}

static void test_backoff(void **state)
{
	(void)state;
	int64_t want[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 3600, 3600};
	for (int i = 0; i < (int)(sizeof want / sizeof want[0]); i++)
		assert_int_equal(webhook_backoff_s(i + 1), want[i]);
	assert_int_equal(webhook_backoff_s(1000), WEBHOOK_BACKOFF_MAX_S);
	int64_t total = 0;
	for (int i = 1; i < WEBHOOK_ATTEMPTS_MAX; i++)
		total += webhook_backoff_s(i);
	assert_int_equal(total, 511); /* ten attempts span about 8.5 minutes */
}

static void test_signature(void **state)
{
	(void)state;
	const char *data = "what do ya want for nothing?";
	char sig[WEBHOOK_SIGNATURE_MAX];
	webhook_sign("Jefe", data, strlen(data), sig);
	assert_string_equal(sig, "sha256=5bdcc146bf60754e6a042426089575c7"
				 "5a003f089d2739839dec58b964ec3843");
	webhook_sign("Jefe", data, strlen(data) - 1, sig);
	assert_string_not_equal(sig, "sha256=5bdcc146bf60754e6a042426089575c7"
				     "5a003f089d2739839dec58b964ec3843");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_signature),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
