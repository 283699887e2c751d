/*
 * test_mediation.c - unit tests for src/domain/mediation.c: link and
 * party-session tokens (length, alphabet, uniqueness, a keyed hash that
 * differs from a session token's), link expiry arithmetic at its bounds,
 * link states, party sessions capped by their link, who takes part in a
 * case (staff by scope, listed mediators, resident parties, nobody else),
 * who may retract, message bodies, files by magic bytes and file names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/mediation.h"

#define NOW 1760000000LL

static void test_tokens(void **state)
{
	(void)state;
	char a[MED_TOKEN_SIZE], b[MED_TOKEN_SIZE];
	assert_int_equal(med_token_new(a), FQ_OK);
	assert_int_equal(med_token_new(b), FQ_OK);
	assert_int_equal(strlen(a), MED_TOKEN_LEN);
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
			 MED_TOKEN_LEN);
	assert_string_not_equal(a, b);
	unsigned char ha[MED_HASH_BYTES], ha2[MED_HASH_BYTES], hb[MED_HASH_BYTES];
	unsigned char session[AUTH_TOKEN_HASH_BYTES];
	med_token_hash(a, ha);
	med_token_hash(a, ha2);
	med_token_hash(b, hb);
	auth_token_hash(a, session);
	assert_true(med_hash_equal(ha, ha2));
	assert_false(med_hash_equal(ha, hb));
	/* keyed: a link's hash is never an account session's hash */
	assert_false(med_hash_equal(ha, session));
	/* malformed tokens still hash (same cost), and differ */
	unsigned char hx[MED_HASH_BYTES], hy[MED_HASH_BYTES];
	med_token_hash("", hx);
	med_token_hash(NULL, hy);
	assert_true(med_hash_equal(hx, hy));
	char url[128];
	fq_err err = {{0}, {0}};
	assert_int_equal(med_link_url(a, url, sizeof url, &err), FQ_OK);
	assert_int_equal(strncmp(url, "/mediate/#t=", 12), 0);
	assert_string_equal(url + 12, a);
	assert_int_equal(med_link_url(a, url, 20, &err), FQ_ETOOBIG);
}

static void test_expiry(void **state)
{
	(void)state;
	fq_err err = {{0}, {0}};
	int64_t at = 0;
	assert_int_equal(med_link_expiry(NOW, MED_LINK_TTL_DEFAULT_S, &at, &err), FQ_OK);
	assert_int_equal(at, NOW + 7 * 24 * 3600);
	assert_int_equal(med_link_expiry(NOW, MED_LINK_TTL_MAX_S, &at, &err), FQ_OK);
	assert_int_equal(at, NOW + 30 * 24 * 3600);
	assert_int_equal(med_link_expiry(NOW, MED_LINK_TTL_MIN_S, &at, &err), FQ_OK);
	assert_int_equal(at, NOW + MED_LINK_TTL_MIN_S);
	at = 42;
	assert_int_equal(med_link_expiry(NOW, MED_LINK_TTL_MAX_S + 1, &at, &err), FQ_EINVAL);
	assert_string_equal(err.field, "expires_in_s");
	assert_int_equal(at, 42);
	assert_int_equal(med_link_expiry(NOW, -1, &at, &err), FQ_EINVAL);
	assert_int_equal(med_link_expiry(NOW, 0, &at, &err), FQ_EINVAL); /* not "the default" */
	assert_int_equal(at, 42);
}

static void test_link_states(void **state)
{
	(void)state;
	int64_t exp = NOW + 100;
	assert_int_equal(med_link_state_at(exp, 0, NOW), MED_LINK_ACTIVE);
	assert_int_equal(med_link_state_at(exp, 0, exp - 1), MED_LINK_ACTIVE);
	assert_int_equal(med_link_state_at(exp, 0, exp), MED_LINK_EXPIRED);
	assert_int_equal(med_link_state_at(exp, 0, exp + 1), MED_LINK_EXPIRED);
	assert_int_equal(med_link_state_at(exp, NOW + 10, NOW + 10), MED_LINK_REVOKED);
	assert_int_equal(med_link_state_at(exp, NOW + 10, exp + 5), MED_LINK_REVOKED);
	fq_err err = {{0}, {0}};
	assert_int_equal(med_link_check(MED_LINK_ACTIVE, &err), FQ_OK);
	assert_int_equal(med_link_check(MED_LINK_EXPIRED, &err), FQ_EUNAUTH);
	assert_non_null(strstr(err.message, "expired"));
	assert_int_equal(med_link_check(MED_LINK_REVOKED, &err), FQ_EUNAUTH);
	assert_non_null(strstr(err.message, "withdrawn"));
	/* a party session never outlives its link */
	assert_int_equal(med_session_expiry(NOW, NOW + MED_LINK_TTL_DEFAULT_S),
			 NOW + MED_PARTY_SESSION_S);
	assert_int_equal(med_session_expiry(NOW, NOW + 60), NOW + 60);
}

static caller staff(role r, const char *path)
{
	caller c = {.account_id = 7, .roles = r, .n_roles = 1};
	c.r[0] = (caller_role){.role = r, .unit_id = 4, .path = path};
	return c;
}

/* Who works on a case is the disputes rule's answer (caller_works_on);
 * here: what standing each answer gives in the thread. */
static void test_access(void **state)
{
	(void)state;
	fq_err err = {{0}, {0}};
	med_actor act;
	med_case_scope outside = {.id = 1};
	med_case_scope works = {.id = 1, .caller_works_on = true};
	med_case_scope party = {.id = 1, .caller_party_id = 11};
	med_case_scope both = {.id = 1, .caller_works_on = true, .caller_party_id = 11};
	caller gw = staff(ROLE_GRID_WORKER, "/1/2/10/");
	caller resident = staff(ROLE_RESIDENT, "/1/2/10/");
	caller anonymous = {0};
	assert_true(med_may_mediate(&gw, &works));
	assert_false(med_may_mediate(&gw, &outside));
	assert_false(med_may_mediate(&resident, &party));
	assert_false(med_may_mediate(&anonymous, &works));
	assert_false(med_may_mediate(NULL, &works));
	assert_int_equal(med_actor_for(&gw, &works, &act, &err), FQ_OK);
	assert_int_equal(act.account_id, 7);
	assert_int_equal(act.party_id, 0);
	assert_int_equal(med_actor_for(&gw, &outside, &act, &err), FQ_ENOTFOUND);
	assert_string_equal(err.field, "id");
	assert_int_equal(med_actor_for(&resident, &outside, &act, &err), FQ_ENOTFOUND);
	assert_int_equal(med_actor_for(&resident, &party, &act, &err), FQ_OK);
	assert_int_equal(act.party_id, 11);
	assert_int_equal(act.account_id, 7);
	assert_int_equal(med_actor_for(&anonymous, &party, &act, &err), FQ_ENOTFOUND);
	/* staff standing wins over being a party */
	assert_int_equal(med_actor_for(&gw, &both, &act, &err), FQ_OK);
	assert_int_equal(act.party_id, 0);
}

static void test_retract(void **state)
{
	(void)state;
	fq_err err = {{0}, {0}};
	med_actor staff_actor = {.account_id = 7};
	med_actor link_party = {.party_id = 12, .link_id = 3};
	med_actor res_party = {.account_id = 9, .party_id = 11};
	assert_int_equal(med_may_retract(&staff_actor, 7, 0, 0, &err), FQ_OK);
	assert_int_equal(med_may_retract(&staff_actor, 8, 0, 0, &err), FQ_EFORBIDDEN);
	assert_int_equal(med_may_retract(&staff_actor, 7, 0, NOW, &err), FQ_ECONFLICT);
	assert_int_equal(med_may_retract(&link_party, 0, 12, 0, &err), FQ_OK);
	assert_int_equal(med_may_retract(&link_party, 0, 11, 0, &err), FQ_EFORBIDDEN);
	assert_int_equal(med_may_retract(&res_party, 9, 11, 0, &err), FQ_OK);
	/* the account of a resident party did not write as staff */
	med_actor res_staff = {.account_id = 9};
	assert_int_equal(med_may_retract(&res_staff, 9, 11, 0, &err), FQ_EFORBIDDEN);
}

static void test_bodies(void **state)
{
	(void)state;
	fq_err err = {{0}, {0}};
	char big[MED_BODY_MAX_CHARS * 3 + 4];
	assert_int_equal(med_body_valid("你好\n第二行", false, "body", &err), FQ_OK);
	assert_int_equal(med_body_valid("   \n", false, "body", &err), FQ_EINVAL);
	assert_int_equal(med_body_valid(NULL, false, "body", &err), FQ_EINVAL);
	assert_int_equal(med_body_valid("", true, "body", &err), FQ_OK);
	assert_int_equal(med_body_valid("a\x01" "b", false, "body", &err), FQ_EINVAL);
	assert_int_equal(med_body_valid("\xff\xfe", false, "body", &err), FQ_EINVAL);
	big[0] = '\0';
	for (int i = 0; i < MED_BODY_MAX_CHARS; i++)
		strcat(big, "长");
	assert_int_equal(med_body_valid(big, false, "body", &err), FQ_OK);
	strcat(big, "x");
	assert_int_equal(med_body_valid(big, false, "body", &err), FQ_EINVAL);
	assert_string_equal(err.field, "body");
	assert_int_equal(med_thread_open("mediating", &err), FQ_OK);
	assert_int_equal(med_thread_open("closed", &err), FQ_ECONFLICT);
	assert_int_equal(med_thread_open("refused", &err), FQ_ECONFLICT);
}

static void test_files(void **state)
{
	(void)state;
	fq_err err = {{0}, {0}};
	med_file_type t = MED_FILE_NONE;
	static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 0};
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0};
	static const char webp[] = "RIFF\x10\0\0\0WEBPVP8 ";
	assert_int_equal(med_file_sniff(jpeg, sizeof jpeg), MED_FILE_JPEG);
	assert_int_equal(med_file_sniff(png, sizeof png), MED_FILE_PNG);
	assert_int_equal(med_file_sniff(webp, sizeof webp), MED_FILE_WEBP);
	assert_int_equal(med_file_sniff("%PDF-1.7", 8), MED_FILE_PDF);
	assert_int_equal(med_file_sniff("%PDF", 4), MED_FILE_NONE);
	assert_int_equal(med_file_sniff("MZ\x90", 3), MED_FILE_NONE);
	assert_string_equal(med_file_mime(MED_FILE_PDF), "application/pdf");
	assert_null(med_file_mime(MED_FILE_NONE));
	assert_int_equal(med_file_check("%PDF-1.7", 8, &t, &err), FQ_OK);
	assert_int_equal(t, MED_FILE_PDF);
	assert_int_equal(med_file_check("GIF89a", 6, &t, &err), FQ_EMEDIATYPE);
	assert_string_equal(err.field, MED_FILE_FIELD);
	assert_int_equal(med_file_check("", 0, &t, &err), FQ_EINVAL);
	assert_int_equal(med_file_check("%PDF-1.7", (size_t)MED_FILE_BYTES_MAX + 1, &t, &err),
			 FQ_ETOOBIG);
	assert_string_equal(err.field, MED_FILE_FIELD);
}

static void test_file_names(void **state)
{
	(void)state;
	char out[MED_FILE_NAME_MAX_CHARS * 4 + 1];
	med_file_name_clean("../../现场 照片(1).jpg", out, sizeof out);
	assert_string_equal(out, "现场 照片(1).jpg");
	med_file_name_clean("C:\\Users\\x\\a\"b;c.pdf", out, sizeof out);
	assert_string_equal(out, "a_b_c.pdf");
	med_file_name_clean(NULL, out, sizeof out);
	assert_string_equal(out, "file");
	med_file_name_clean("...", out, sizeof out);
	assert_string_equal(out, "file");
	med_file_name_clean("a\r\nb\xff.pdf", out, sizeof out);
	assert_string_equal(out, "a__b_.pdf");
	char longname[400];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	med_file_name_clean(longname, out, sizeof out);
	assert_int_equal(strlen(out), MED_FILE_NAME_MAX_CHARS);
	char small[6];
	med_file_name_clean("abcdefghij", small, sizeof small);
	assert_string_equal(small, "abcde");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_link_states),
		cmocka_unit_test(test_access),
		cmocka_unit_test(test_retract),
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_file_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
