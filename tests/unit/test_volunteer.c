/*
 * test_volunteer.c - unit tests for src/domain/volunteer.c: the skill list
 * (the talent pool's twelve and five more), availability by weekday and
 * part of the day, team and activity kinds, overlaps, the stars and their
 * thresholds, the minutes credited for a presence, and the rotating code:
 * the same step gives the same code, the six digits match the token, a
 * code of the previous step passes and one older than 60 s does not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "domain/volunteer.h"

static void test_skills(void **state)
{
	(void)state;
	unsigned m = 0;
	fq_err err = {0};
	const char *ok[] = {"law", "culture", "first_aid", "photography"};
	assert_int_equal(vol_skills_parse(ok, 4, "skills", &m, &err), FQ_OK);
	assert_int_equal(m, (1u << 0) | (1u << 11) | (1u << VOL_SKILL_FIRST_AID) |
				(1u << VOL_SKILL_PHOTOGRAPHY));
	assert_string_equal(vol_skill_label(VOL_SKILL_PATROL), "巡逻");
	assert_string_equal(vol_skill_name(0), "law");
	assert_null(vol_skill_name(VOL_SKILL_COUNT));
	const char *bad[] = {"law", "juggling"};
	assert_int_equal(vol_skills_parse(bad, 2, "skills", &m, &err), FQ_EINVAL);
	assert_string_equal(err.field, "skills");
}

static void test_availability(void **state)
{
	(void)state;
	unsigned m = 0;
	fq_err err = {0};
	char name[24];
	const char *ok[] = {"mon.morning", "sun.evening"};
	assert_int_equal(vol_availability_parse(ok, 2, "availability", &m, &err), FQ_OK);
	assert_int_equal(m, 1u | (1u << (VOL_SLOTS_WEEK - 1)));
	vol_availability_name(VOL_SLOTS_WEEK - 1, name, sizeof name);
	assert_string_equal(name, "sun.evening");
	const char *bad[][1] = {{"monday.morning"}, {"mon.night"}, {"mon"}, {".morning"}};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(vol_availability_parse(bad[i], 1, "availability", &m, &err),
				 FQ_EINVAL);
		assert_string_equal(err.field, "availability");
	}
}

static void test_kinds_and_overlaps(void **state)
{
	(void)state;
	assert_int_equal(vol_team_kind_parse("patrol_police"), VOL_TEAM_PATROL_POLICE);
	assert_int_equal(vol_team_kind_parse("band"), -1);
	assert_int_equal(vol_activity_kind_parse("callout"), VOL_ACT_CALLOUT);
	assert_string_equal(vol_activity_kind_name(VOL_ACT_COURSE), "course");
	assert_true(vol_overlaps(0, 10, 9, 20));
	assert_false(vol_overlaps(0, 10, 10, 20)); /* one ends as the other starts */
	assert_true(vol_overlaps(5, 6, 0, 10));
}

static void test_stars(void **state)
{
	(void)state;
	static const struct {
		int64_t hours;
		int stars;
	} cases[] = {{0, 0}, {99, 0}, {100, 1}, {299, 1}, {300, 2}, {600, 3},
		     {999, 3}, {1000, 4}, {1499, 4}, {1500, 5}, {9000, 5}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(vol_stars(cases[i].hours * 60), cases[i].stars);
	assert_int_equal(vol_stars(100 * 60 - 1), 0);
	assert_int_equal(vol_next_star_minutes(0), 100 * 60);
	assert_int_equal(vol_next_star_minutes(250 * 60), 50 * 60);
	assert_int_equal(vol_next_star_minutes(1500 * 60), 0);
}

static void test_credit(void **state)
{
	(void)state;
	/* inside the span */
	assert_int_equal(vol_credit_minutes(1000, 1000 + 3600, 0, 10000), 60);
	/* early and late count only inside the span */
	assert_int_equal(vol_credit_minutes(0, 20000, 3600, 3600 + 7200), 120);
	/* out before in, or outside the span */
	assert_int_equal(vol_credit_minutes(5000, 4000, 0, 10000), 0);
	assert_int_equal(vol_credit_minutes(20000, 30000, 0, 10000), 0);
}

static void test_code(void **state)
{
	(void)state;
	char secret[VOL_SECRET_HEX], token[VOL_TOKEN_MAX], digits[VOL_DIGITS];
	char token2[VOL_TOKEN_MAX], digits2[VOL_DIGITS];
	fq_err err = {0};
	vol_secret_new(secret);
	assert_int_equal(strlen(secret), 2 * VOL_SECRET_BYTES);
	int64_t now = 1700000015, step = now / VOL_CODE_STEP_S;
	vol_code(secret, 7, step, token, digits);
	vol_code(secret, 7, step, token2, digits2);
	assert_string_equal(token, token2);
	assert_int_equal(strlen(digits), 6);
	vol_code(secret, 8, step, token2, digits2); /* another activity */
	assert_string_not_equal(token, token2);
	assert_int_equal(vol_code_check(secret, 7, token, now, &err), FQ_OK);
	assert_int_equal(vol_code_check(secret, 7, digits, now, &err), FQ_OK);
	/* 45 s later the code is of the previous step: still good */
	assert_int_equal(vol_code_check(secret, 7, token, now + 45, &err), FQ_OK);
	/* more than 60 s after its step began: refused */
	assert_int_equal(vol_code_check(secret, 7, token, step * VOL_CODE_STEP_S + 61, &err),
			 FQ_EINVAL);
	assert_string_equal(err.field, "code");
	assert_int_equal(vol_code_check(secret, 8, token, now, &err), FQ_EINVAL);
	assert_int_equal(vol_code_check(secret, 7, NULL, now, &err), FQ_EINVAL);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_skills),	 cmocka_unit_test(test_availability),
		cmocka_unit_test(test_kinds_and_overlaps), cmocka_unit_test(test_stars),
		cmocka_unit_test(test_credit),	 cmocka_unit_test(test_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
