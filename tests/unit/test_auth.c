/*
 * test_auth.c - unit tests for src/domain/auth.c: username, password and
 * display-name rules; Argon2id hashing and verification; session token
 * form, hashing and comparison; and the failed-login throttle's arithmetic
 * (free attempts, doubling waits, the cap, the window, forgetting, success,
 * per-username and per-address keys, the table bound) on an injected clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "domain/auth.h"

/* ---- rules ------------------------------------------------------------ */

static void test_username_rules(void **state)
{
	(void)state;
	fq_err err = {0};
	assert_int_equal(auth_username_valid("abc", &err), FQ_OK);
	assert_int_equal(auth_username_valid("Wang_Li.2-x", &err), FQ_OK);
	char longest[AUTH_USERNAME_MAX + 2];
	memset(longest, 'a', sizeof longest);
	longest[AUTH_USERNAME_MAX] = '\0';
	assert_int_equal(auth_username_valid(longest, &err), FQ_OK);
	longest[AUTH_USERNAME_MAX] = 'a';
	longest[AUTH_USERNAME_MAX + 1] = '\0';
	assert_int_equal(auth_username_valid(longest, &err), FQ_EINVAL);
	assert_string_equal(err.field, "username");
	assert_int_equal(auth_username_valid("ab", &err), FQ_EINVAL);
	assert_int_equal(auth_username_valid("has space", &err), FQ_EINVAL);
	assert_int_equal(auth_username_valid("王小明", &err), FQ_EINVAL);
	assert_int_equal(auth_username_valid("a/b/c", &err), FQ_EINVAL);
	assert_int_equal(auth_username_valid("", &err), FQ_EINVAL);
	assert_int_equal(auth_username_valid(NULL, &err), FQ_EINVAL);
}

static void test_password_rules(void **state)
{
	(void)state;
	fq_err err = {0};
	char pw[AUTH_PASSWORD_MAX + 2];
	memset(pw, 'x', sizeof pw);
	pw[AUTH_PASSWORD_MIN - 1] = '\0';
	assert_int_equal(auth_password_valid(pw, &err), FQ_EINVAL);
	assert_string_equal(err.field, "password");
	assert_null(strstr(err.message, pw));
	pw[AUTH_PASSWORD_MIN - 1] = 'x';
	pw[AUTH_PASSWORD_MIN] = '\0';
	assert_int_equal(auth_password_valid(pw, &err), FQ_OK);
	memset(pw, 'x', sizeof pw);
	pw[AUTH_PASSWORD_MAX] = '\0';
	assert_int_equal(auth_password_valid(pw, &err), FQ_OK);
	pw[AUTH_PASSWORD_MAX] = 'x';
	pw[AUTH_PASSWORD_MAX + 1] = '\0';
	assert_int_equal(auth_password_valid(pw, &err), FQ_EINVAL);
	/* characters, not bytes: 8 Chinese characters are 24 bytes */
	assert_int_equal(auth_password_valid("枫桥经验永不过时", &err), FQ_OK);
	assert_int_equal(auth_password_valid("枫桥经验不过时", &err), FQ_EINVAL);
	assert_int_equal(auth_password_valid("bad\xff\xfe utf-8 here", &err), FQ_EINVAL);
	assert_int_equal(auth_password_valid(NULL, &err), FQ_EINVAL);
}

static void test_display_name_rules(void **state)
{
	(void)state;
	fq_err err = {0};
	assert_int_equal(auth_display_name_valid("张三 (网格员)", &err), FQ_OK);
	assert_int_equal(auth_display_name_valid("", &err), FQ_OK);
	assert_int_equal(auth_display_name_valid("tab\there", &err), FQ_EINVAL);
	assert_string_equal(err.field, "name");
	char name[AUTH_DISPLAY_NAME_MAX + 2];
	memset(name, 'n', sizeof name);
	name[AUTH_DISPLAY_NAME_MAX + 1] = '\0';
	assert_int_equal(auth_display_name_valid(name, &err), FQ_EINVAL);
	name[AUTH_DISPLAY_NAME_MAX] = '\0';
	assert_int_equal(auth_display_name_valid(name, &err), FQ_OK);
}

/* ---- password hashes -------------------------------------------------- */

static void test_hash_and_verify(void **state)
{
	(void)state;
	char h1[AUTH_HASH_MAX], h2[AUTH_HASH_MAX];
	fq_err err = {0};
	assert_int_equal(auth_hash_password("correct horse", h1, &err), FQ_OK);
	assert_int_equal(auth_hash_password("correct horse", h2, &err), FQ_OK);
	/* Argon2id with the interactive parameters */
	assert_non_null(strstr(h1, "$argon2id$v=19$m=65536,t=2,p=1$"));
	assert_ptr_equal(strstr(h1, "$argon2id$"), h1);
	/* a fresh salt each time */
	assert_string_not_equal(h1, h2);
	assert_true(auth_verify_password(h1, "correct horse"));
	assert_true(auth_verify_password(h2, "correct horse"));
	assert_false(auth_verify_password(h1, "correct horsE"));
	assert_false(auth_verify_password(h1, "correct horse "));
	assert_false(auth_verify_password(NULL, "correct horse"));
	assert_false(auth_verify_password("not a hash", "correct horse"));
	assert_false(auth_verify_password(h1, NULL));
}

static void test_hash_refuses_bad_password(void **state)
{
	(void)state;
	char h[AUTH_HASH_MAX];
	memcpy(h, "untouched", 10);
	fq_err err = {0};
	assert_int_equal(auth_hash_password("short", h, &err), FQ_EINVAL);
	assert_string_equal(err.field, "password");
	assert_string_equal(h, "untouched");
}

/* ---- tokens ----------------------------------------------------------- */

#define TOKENS_DRAWN 200

static void test_token_form(void **state)
{
	(void)state;
	static char seen[TOKENS_DRAWN][AUTH_TOKEN_SIZE];
	for (int i = 0; i < TOKENS_DRAWN; i++) {
		assert_int_equal(auth_token_new(seen[i]), FQ_OK);
		assert_int_equal(strlen(seen[i]), AUTH_TOKEN_LEN);
		assert_int_equal(strspn(seen[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
						 "0123456789-_"),
				 AUTH_TOKEN_LEN);
		assert_true(auth_token_well_formed(seen[i]));
		/* decodes back to AUTH_TOKEN_BYTES random bytes */
		unsigned char raw[AUTH_TOKEN_BYTES + 4];
		size_t n = 0;
		assert_int_equal(sodium_base642bin(raw, sizeof raw, seen[i], AUTH_TOKEN_LEN, NULL, &n,
						   NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
				 0);
		assert_int_equal(n, AUTH_TOKEN_BYTES);
		for (int k = 0; k < i; k++)
			assert_string_not_equal(seen[i], seen[k]);
	}
}

static void test_token_well_formed(void **state)
{
	(void)state;
	char t[AUTH_TOKEN_SIZE + 1];
	assert_int_equal(auth_token_new(t), FQ_OK);
	assert_true(auth_token_well_formed(t));
	t[5] = '+';
	assert_false(auth_token_well_formed(t));
	t[5] = '/';
	assert_false(auth_token_well_formed(t));
	t[5] = '=';
	assert_false(auth_token_well_formed(t));
	t[5] = 'A';
	t[AUTH_TOKEN_LEN - 1] = '\0';
	assert_false(auth_token_well_formed(t));
	t[AUTH_TOKEN_LEN - 1] = 'A';
	t[AUTH_TOKEN_LEN] = 'A';
	t[AUTH_TOKEN_LEN + 1] = '\0';
	assert_false(auth_token_well_formed(t));
	assert_false(auth_token_well_formed(""));
	assert_false(auth_token_well_formed(NULL));
}

static void test_token_hash(void **state)
{
	(void)state;
	char a[AUTH_TOKEN_SIZE], b[AUTH_TOKEN_SIZE];
	unsigned char ha[AUTH_TOKEN_HASH_BYTES], ha2[AUTH_TOKEN_HASH_BYTES],
		hb[AUTH_TOKEN_HASH_BYTES], want[AUTH_TOKEN_HASH_BYTES];
	auth_token_new(a);
	auth_token_new(b);
	auth_token_hash(a, ha);
	auth_token_hash(a, ha2);
	auth_token_hash(b, hb);
	assert_memory_equal(ha, ha2, sizeof ha);
	assert_memory_not_equal(ha, hb, sizeof ha);
	/* BLAKE2b of the token text: what a second implementation must match */
	crypto_generichash(want, sizeof want, (const unsigned char *)a, strlen(a), NULL, 0);
	assert_memory_equal(ha, want, sizeof ha);
}

static void test_token_equal(void **state)
{
	(void)state;
	assert_true(auth_token_equal("abcdef", "abcdef"));
	assert_false(auth_token_equal("abcdef", "abcdeg"));
	assert_false(auth_token_equal("abcdef", "abcde"));
	assert_false(auth_token_equal("", ""));
	assert_false(auth_token_equal(NULL, "abc"));
	assert_false(auth_token_equal("abc", NULL));
}

/* ---- throttle --------------------------------------------------------- */

static int64_t fake_now;

static int64_t fake_clock(void)
{
	return fake_now;
}

static int setup_clock(void **state)
{
	(void)state;
	fake_now = 1000000000;
	return 0;
}

/* Make n attempts that are let through (and count as failures). */
static void fail_n(auth_throttle *t, const char *user, const char *addr, int n)
{
	for (int i = 0; i < n; i++)
		assert_int_equal(auth_throttle_attempt(t, user, addr), 0);
}

/* A slow password check must not eat the wait: it starts when the failure
 * is known. */
static void test_throttle_wait_starts_at_failure(void **state)
{
	(void)state;
	auth_throttle *t = auth_throttle_new(fake_clock);
	assert_non_null(t);
	fail_n(t, "dora", "10.0.0.9", AUTH_THROTTLE_FREE);
	fake_now += 1500; /* the fifth check took 1.5 s */
	auth_throttle_failed(t, "dora", "10.0.0.9");
	assert_int_equal(auth_throttle_attempt(t, "dora", "10.0.0.9"), 1000);
	auth_throttle_free(t);
}

static void test_throttle_five_free_then_doubling(void **state)
{
	(void)state;
	auth_throttle *t = auth_throttle_new(fake_clock);
	assert_non_null(t);
	fail_n(t, "carol", "10.0.0.1", AUTH_THROTTLE_FREE);
	/* the sixth must wait 1 s, and asking again does not extend it */
	assert_int_equal(auth_throttle_attempt(t, "carol", "10.0.0.1"), 1000);
	fake_now += 400;
	assert_int_equal(auth_throttle_attempt(t, "carol", "10.0.0.1"), 600);
	fake_now += 600;
	/* each further failure doubles the wait */
	int64_t want = 2000;
	for (int i = 0; i < 8; i++) {
		assert_int_equal(auth_throttle_attempt(t, "carol", "10.0.0.1"), 0);
		assert_int_equal(auth_throttle_attempt(t, "carol", "10.0.0.1"), want);
		fake_now += want;
		want *= 2;
	}
	/* 2^9 s = 512 s, then 1024 s which is over the 15 minute cap */
	assert_int_equal(auth_throttle_attempt(t, "carol", "10.0.0.1"), 0);
	assert_int_equal(auth_throttle_attempt(t, "carol", "10.0.0.1"), 512000);
	fake_now += 512000;
	assert_int_equal(auth_throttle_attempt(t, "carol", "10.0.0.1"), 0);
	assert_int_equal(auth_throttle_attempt(t, "carol", "10.0.0.1"), AUTH_THROTTLE_WAIT_MAX_MS);
	for (int i = 0; i < 30; i++) {
		fake_now += AUTH_THROTTLE_WAIT_MAX_MS;
		assert_int_equal(auth_throttle_attempt(t, "carol", "10.0.0.1"), 0);
		assert_int_equal(auth_throttle_attempt(t, "carol", "10.0.0.1"),
				 AUTH_THROTTLE_WAIT_MAX_MS);
	}
	auth_throttle_free(t);
}

static void test_throttle_window(void **state)
{
	(void)state;
	auth_throttle *t = auth_throttle_new(fake_clock);
	/* four failures, then the window passes: the count starts again */
	fail_n(t, "dave", NULL, AUTH_THROTTLE_FREE - 1);
	fake_now += AUTH_THROTTLE_WINDOW_MS;
	fail_n(t, "dave", NULL, AUTH_THROTTLE_FREE);
	assert_int_equal(auth_throttle_attempt(t, "dave", NULL), 1000);
	/* five failures just within the window do count */
	fail_n(t, "erin", NULL, AUTH_THROTTLE_FREE - 1);
	fake_now += AUTH_THROTTLE_WINDOW_MS - 1;
	fail_n(t, "erin", NULL, 1);
	assert_int_equal(auth_throttle_attempt(t, "erin", NULL), 1000);
	auth_throttle_free(t);
}

static void test_throttle_success_resets_username(void **state)
{
	(void)state;
	auth_throttle *t = auth_throttle_new(fake_clock);
	/* failures for one username from five addresses */
	const char *addrs[] = {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5",
			       "10.0.0.6", "10.0.0.7"};
	for (int i = 0; i < AUTH_THROTTLE_FREE; i++)
		fail_n(t, "gina", addrs[i], 1);
	/* the username is throttled from a fresh address too */
	assert_int_equal(auth_throttle_attempt(t, "gina", addrs[5]), 1000);
	fake_now += 1000;
	assert_int_equal(auth_throttle_attempt(t, "gina", addrs[5]), 0);
	auth_throttle_succeeded(t, "gina", addrs[5]);
	/* the streak is gone: five more free attempts */
	fail_n(t, "gina", addrs[6], AUTH_THROTTLE_FREE - 1);
	fail_n(t, "gina", addrs[5], 1);
	assert_int_equal(auth_throttle_attempt(t, "gina", addrs[6]), 1000);
	auth_throttle_free(t);
}

static void test_throttle_per_address(void **state)
{
	(void)state;
	auth_throttle *t = auth_throttle_new(fake_clock);
	char user[16];
	for (int i = 0; i < AUTH_THROTTLE_FREE; i++) {
		snprintf(user, sizeof user, "user%d", i);
		fail_n(t, user, "192.0.2.7", 1);
	}
	/* a sixth username from the same address must wait */
	assert_int_equal(auth_throttle_attempt(t, "someone", "192.0.2.7"), 1000);
	/* the same username from elsewhere need not */
	assert_int_equal(auth_throttle_attempt(t, "someone", "192.0.2.8"), 0);
	auth_throttle_free(t);
}

static void test_throttle_success_takes_back_address_attempt(void **state)
{
	(void)state;
	auth_throttle *t = auth_throttle_new(fake_clock);
	fail_n(t, "u1", "203.0.113.9", AUTH_THROTTLE_FREE - 1);
	fail_n(t, "u2", "203.0.113.9", 1);
	auth_throttle_succeeded(t, "u2", "203.0.113.9");
	/* four failures stand: the fifth attempt is free, the sixth waits */
	fail_n(t, "u3", "203.0.113.9", 1);
	assert_int_equal(auth_throttle_attempt(t, "u4", "203.0.113.9"), 1000);
	auth_throttle_free(t);
}

static void test_throttle_forgotten_after_wait_and_window(void **state)
{
	(void)state;
	auth_throttle *t = auth_throttle_new(fake_clock);
	fail_n(t, "hank", NULL, AUTH_THROTTLE_FREE);
	fake_now += 1000;
	fail_n(t, "hank", NULL, 1); /* sixth: now a 2 s wait */
	/* a window after the first failure is not enough for a throttled key */
	fake_now += AUTH_THROTTLE_WINDOW_MS - 1000;
	assert_int_equal(auth_throttle_attempt(t, "hank", NULL), 0);
	assert_int_equal(auth_throttle_attempt(t, "hank", NULL), 4000);
	/* a full window of calm after the wait ends clears it */
	fake_now += 4000 + AUTH_THROTTLE_WINDOW_MS;
	fail_n(t, "hank", NULL, AUTH_THROTTLE_FREE);
	assert_int_equal(auth_throttle_attempt(t, "hank", NULL), 1000);
	auth_throttle_free(t);
}

static void test_throttle_bounded(void **state)
{
	(void)state;
	auth_throttle *t = auth_throttle_new(fake_clock);
	char addr[32];
	for (int i = 0; i < 3 * AUTH_THROTTLE_ENTRIES; i++) {
		snprintf(addr, sizeof addr, "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
		auth_throttle_attempt(t, NULL, addr);
		fake_now++;
	}
	assert_true(auth_throttle_size(t) <= AUTH_THROTTLE_ENTRIES);
	assert_true(auth_throttle_size(t) > AUTH_THROTTLE_ENTRIES / 2);
	/* forgotten entries give way before live ones */
	fake_now += AUTH_THROTTLE_WINDOW_MS;
	fail_n(t, "ivan", NULL, AUTH_THROTTLE_FREE);
	assert_int_equal(auth_throttle_attempt(t, "ivan", NULL), 1000);
	auth_throttle_free(t);
	auth_throttle_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_username_rules),
		cmocka_unit_test(test_password_rules),
		cmocka_unit_test(test_display_name_rules),
		cmocka_unit_test(test_hash_and_verify),
		cmocka_unit_test(test_hash_refuses_bad_password),
		cmocka_unit_test(test_token_form),
		cmocka_unit_test(test_token_well_formed),
		cmocka_unit_test(test_token_hash),
		cmocka_unit_test(test_token_equal),
		cmocka_unit_test_setup(test_throttle_five_free_then_doubling, setup_clock),
		cmocka_unit_test_setup(test_throttle_wait_starts_at_failure, setup_clock),
		cmocka_unit_test_setup(test_throttle_window, setup_clock),
		cmocka_unit_test_setup(test_throttle_success_resets_username, setup_clock),
		cmocka_unit_test_setup(test_throttle_per_address, setup_clock),
		cmocka_unit_test_setup(test_throttle_success_takes_back_address_attempt,
				       setup_clock),
		cmocka_unit_test_setup(test_throttle_forgotten_after_wait_and_window, setup_clock),
		cmocka_unit_test_setup(test_throttle_bounded, setup_clock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
