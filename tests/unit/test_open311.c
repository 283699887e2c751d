/*
 * test_open311.c - unit tests for the parts of src/api/open311_util.c and
 * open311_view.c that need no server: form bodies (plus, escapes, bad
 * escapes and bad UTF-8, the field cap, empty values as absent), the
 * format of a path, masking of digit runs, the rate limiter on a fake
 * clock (per window, per caller, per method, eviction when full), the
 * open/closed status of every state and the public notes of events.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "api/open311.h"

static void test_form(void **state)
{
	(void)state;
	fq_arena a;
	fq_arena_init(&a);
	fq_err err = {{0}, {0}};
	o311_field *f = NULL;
	size_t n = 0;
	const char body[] = "api_key=k1&description=%E6%A5%BC+%3C1%3E&&lat=&flag&"
			    "attribute%5Bwhen%5D%5B%5D=night";
	assert_int_equal(o311_form_parse(&a, body, strlen(body), &f, &n, &err), FQ_OK);
	assert_int_equal(n, 5);
	assert_string_equal(f[0].key, "api_key");
	assert_string_equal(f[1].value, "楼 <1>");
	assert_string_equal(f[2].key, "lat");
	assert_string_equal(f[2].value, "");
	assert_string_equal(f[3].key, "flag");
	assert_string_equal(f[4].key, "attribute[when][]");
	assert_string_equal(o311_form_get(f, n, "api_key"), "k1");
	assert_null(o311_form_get(f, n, "lat"));  /* empty is absent */
	assert_null(o311_form_get(f, n, "nope"));
	assert_int_equal(o311_form_parse(&a, "", 0, &f, &n, &err), FQ_OK);
	assert_int_equal(n, 0);

	const char *bad[] = {"a=%zz", "a=%4", "a=%", "a=%00", "a=%E6%A5", "%FF=1"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(o311_form_parse(&a, bad[i], strlen(bad[i]), &f, &n, &err),
				 FQ_EBADREQ);
	char many[O311_FORM_FIELDS_MAX * 4 + 8] = "";
	for (int i = 0; i <= O311_FORM_FIELDS_MAX; i++)
		strcat(many, "a=1&");
	assert_int_equal(o311_form_parse(&a, many, strlen(many), &f, &n, &err), FQ_ETOOBIG);
	fq_arena_free(&a);
}

static void test_formats(void **state)
{
	(void)state;
	fq_arena a;
	fq_arena_init(&a);
	o311_format fmt = O311_XML;
	assert_int_equal(o311_format_of_path("/open311/v2/requests.json", &fmt), 0);
	assert_int_equal(fmt, O311_JSON);
	assert_int_equal(o311_format_of_path("/open311/v2/requests.xml", &fmt), 0);
	assert_int_equal(fmt, O311_XML);
	assert_int_equal(o311_format_of_path("/open311/v2/requests", &fmt), -1);
	assert_int_equal(o311_format_of_path("/open311/v2.json/requests", &fmt), -1);
	const char *stem = NULL;
	assert_int_equal(o311_split(&a, "property.elevator.json", &stem, &fmt), 0);
	assert_string_equal(stem, "property.elevator");
	assert_int_equal(fmt, O311_JSON);
	assert_int_equal(o311_split(&a, "57.xml", &stem, &fmt), 0);
	assert_string_equal(stem, "57");
	assert_int_equal(o311_split(&a, ".json", &stem, &fmt), -1);
	assert_int_equal(o311_split(&a, "57.html", &stem, &fmt), -1);
	assert_int_equal(o311_split(&a, "57", &stem, &fmt), -1);
	assert_int_equal(o311_split(&a, NULL, &stem, &fmt), -1);
	fq_arena_free(&a);
}

static void test_mask_digits(void **state)
{
	(void)state;
	fq_arena a;
	fq_arena_init(&a);
	assert_string_equal(o311_mask_digits(&a, "电话13812345678，3号楼302室"),
			    "电话***********，3号楼302室");
	assert_string_equal(o311_mask_digits(&a, "0731-88886666 or 138 1234 5678"),
			    "****-******** or *** **** ****");
	assert_string_equal(o311_mask_digits(&a, "id 43010219900101123X"), "id *****************X");
	assert_string_equal(o311_mask_digits(&a, "2026-11-23 坏了"), "2026-11-23 坏了");
	assert_string_equal(o311_mask_digits(&a, "2026-1-5"), "2026-1-5");
	assert_string_equal(o311_mask_digits(&a, "1234567"), "*******");
	assert_null(o311_mask_digits(&a, NULL));
	fq_arena_free(&a);
}

static int64_t fake_now;

static int64_t fake_clock(void)
{
	return fake_now;
}

static void test_limiter(void **state)
{
	(void)state;
	fake_now = 1000000;
	o311_limiter *l = o311_limiter_new(fake_clock);
	assert_non_null(l);
	for (int i = 0; i < O311_POSTS_PER_WINDOW; i++)
		assert_int_equal(o311_limiter_take(l, "key:1", true), 0);
	fake_now += 1000;
	assert_int_equal(o311_limiter_take(l, "key:1", true), O311_RATE_WINDOW_MS - 1000);
	/* GETs and other callers have their own counts */
	assert_int_equal(o311_limiter_take(l, "key:1", false), 0);
	assert_int_equal(o311_limiter_take(l, "key:2", true), 0);
	for (int i = 1; i < O311_GETS_PER_WINDOW; i++)
		assert_int_equal(o311_limiter_take(l, "key:1", false), 0);
	assert_true(o311_limiter_take(l, "key:1", false) > 0);
	/* a new window */
	fake_now += O311_RATE_WINDOW_MS;
	assert_int_equal(o311_limiter_take(l, "key:1", true), 0);
	assert_int_equal(o311_limiter_take(l, "key:1", false), 0);
	/* more callers than the table holds: nobody is refused wrongly */
	char who[32];
	for (int i = 0; i < O311_RATE_SLOTS * 2; i++) {
		snprintf(who, sizeof who, "addr:10.0.%d.%d", i / 256, i % 256);
		assert_int_equal(o311_limiter_take(l, who, false), 0);
	}
	o311_limiter_free(l);
	o311_limiter_free(NULL);
}

static void test_status_and_notes(void **state)
{
	(void)state;
	fq_arena a;
	fq_arena_init(&a);
	const char *open[] = {"submitted", "dispatched", "accepted", "returned"};
	const char *closed[] = {"resolved", "closed", "rejected", "merged"};
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(o311_status_of(open[i]), "open");
		assert_string_equal(o311_status_of(closed[i]), "closed");
	}
	const char *const *states = NULL;
	size_t n = 0;
	assert_int_equal(o311_states_of("Open", &states, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(states[0], "submitted");
	assert_int_equal(o311_states_of("closed", &states, &n), 0);
	assert_string_equal(states[3], "merged");
	assert_int_equal(o311_states_of("fixed", &states, &n), -1);
	assert_string_equal(o311_event_note(&a, "merged", "merged", 2, 57), "重复诉求，已并入诉求 57");
	assert_string_equal(o311_event_note(&a, "escalated", "dispatched", 4, 0), "已上报至街道");
	assert_string_equal(o311_event_note(&a, NULL, "closed", 2, 0), "已结案");
	assert_string_equal(o311_event_note(&a, "supervised", "accepted", 2, 0), "已签收，正在办理");
	assert_string_equal(o311_event_note(&a, NULL, "unknown", 2, 0), "");
	fq_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_mask_digits),
		cmocka_unit_test(test_limiter),
		cmocka_unit_test(test_status_and_notes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
