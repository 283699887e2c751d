/*
 * test_ladder.c - unit tests for src/domain/ladder.c: the default handler
 * at each level, every fallback up the ladder (邻长 -> 楼栋长 -> grid ->
 * community -> street), the end of the ladder, level names and labels, and
 * the rules for co-handling departments at the street level.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/ladder.h"

/* Accounts 11..15 and units 2..4, so a wrong pick is visible. */
static const ladder_context full = {
	.leader_account = 11,
	.building_leader_account = 12,
	.grid_worker_account = 13,
	.community_duty_account = 14,
	.street_dispatcher_account = 15,
	.grid_unit_id = 2,
	.community_unit_id = 3,
	.street_unit_id = 4,
};

static void expect_pick(int level, const ladder_context *ctx, int want_level,
			int64_t want_account, int64_t want_unit, role want_role, int fallback)
{
	ladder_assignee a = {0};
	fq_err err = {0};
	assert_int_equal(ladder_default_assignee(level, ctx, &a, &err), FQ_OK);
	assert_int_equal(a.level, want_level);
	assert_int_equal(a.account_id, want_account);
	assert_int_equal(a.unit_id, want_unit);
	assert_int_equal(a.role, want_role);
	assert_int_equal(a.fallback != 0, fallback);
}

static void test_first_choice_each_level(void **state)
{
	(void)state;
	expect_pick(1, &full, 1, 11, 2, ROLE_LEADER, 0);
	expect_pick(2, &full, 2, 13, 2, ROLE_GRID_WORKER, 0);
	expect_pick(3, &full, 3, 14, 3, ROLE_COMMUNITY_OFFICER, 0);
	expect_pick(4, &full, 4, 15, 4, ROLE_DISPATCHER, 0);
}

static void test_fallbacks(void **state)
{
	(void)state;
	ladder_context c = full;
	c.leader_account = 0;
	expect_pick(1, &c, 1, 12, 2, ROLE_BUILDING_LEADER, 1);
	c.building_leader_account = 0;
	expect_pick(1, &c, 2, 13, 2, ROLE_GRID_WORKER, 1);
	c.grid_worker_account = 0;
	expect_pick(1, &c, 3, 14, 3, ROLE_COMMUNITY_OFFICER, 1);
	expect_pick(2, &c, 3, 14, 3, ROLE_COMMUNITY_OFFICER, 1);
	c.community_duty_account = 0;
	expect_pick(1, &c, 4, 15, 4, ROLE_DISPATCHER, 1);
	expect_pick(3, &c, 4, 15, 4, ROLE_DISPATCHER, 1);
	/* a missing building leader alone changes nothing at level 1 */
	c = full;
	c.building_leader_account = 0;
	expect_pick(1, &c, 1, 11, 2, ROLE_LEADER, 0);
	/* higher levels never fall down to the neighbourhood */
	c = full;
	c.grid_worker_account = 0;
	expect_pick(2, &c, 3, 14, 3, ROLE_COMMUNITY_OFFICER, 1);
	/* unknown units are passed on as 0 */
	c = (ladder_context){.grid_worker_account = 13};
	expect_pick(1, &c, 2, 13, 0, ROLE_GRID_WORKER, 1);
}

static void test_end_of_ladder(void **state)
{
	(void)state;
	ladder_context c = full;
	c.street_dispatcher_account = 0;
	ladder_assignee a = {.level = 99};
	fq_err err = {0};
	assert_int_equal(ladder_default_assignee(4, &c, &a, &err), FQ_ENOTFOUND);
	assert_string_equal(err.field, "assignee");
	assert_int_equal(a.level, 99);
	ladder_context none = {0};
	assert_int_equal(ladder_default_assignee(1, &none, &a, &err), FQ_ENOTFOUND);
	assert_int_equal(a.level, 99);
	/* a negative id is no account */
	none.street_dispatcher_account = -5;
	assert_int_equal(ladder_default_assignee(1, &none, &a, &err), FQ_ENOTFOUND);
}

static void test_bad_level(void **state)
{
	(void)state;
	ladder_assignee a = {.level = 99};
	fq_err err = {0};
	assert_int_equal(ladder_default_assignee(0, &full, &a, &err), FQ_EINVAL);
	assert_string_equal(err.field, "level");
	assert_int_equal(ladder_default_assignee(5, &full, &a, &err), FQ_EINVAL);
	assert_int_equal(ladder_default_assignee(-1, &full, &a, NULL), FQ_EINVAL);
	assert_int_equal(a.level, 99);
}

static void test_names(void **state)
{
	(void)state;
	static const char *const names[] = {"neighbourhood", "grid", "community", "street"};
	static const char *const zh[] = {"邻里", "网格", "社区/村", "街道"};
	for (int l = LADDER_LEVEL_MIN; l <= LADDER_LEVEL_MAX; l++) {
		assert_true(ladder_level_valid(l));
		assert_string_equal(ladder_level_name(l), names[l - 1]);
		assert_string_equal(ladder_level_label(l, "zh"), zh[l - 1]);
		assert_string_equal(ladder_level_label(l, "en"), names[l - 1]);
		assert_string_equal(ladder_level_label(l, NULL), names[l - 1]);
		assert_int_equal(ladder_level_parse(names[l - 1]), l);
	}
	assert_false(ladder_level_valid(0));
	assert_false(ladder_level_valid(5));
	assert_null(ladder_level_name(0));
	assert_null(ladder_level_label(5, "zh"));
	assert_int_equal(ladder_level_parse("district"), 0);
	assert_int_equal(ladder_level_parse(NULL), 0);
	assert_int_equal(ladder_handler_roles(1), ROLE_LEADER | ROLE_BUILDING_LEADER);
	assert_int_equal(ladder_handler_roles(2), ROLE_GRID_WORKER);
	assert_int_equal(ladder_handler_roles(3), ROLE_COMMUNITY_OFFICER);
	assert_int_equal(ladder_handler_roles(4), ROLE_DISPATCHER | ROLE_DEPARTMENT_OFFICER);
	assert_int_equal(ladder_handler_roles(0), 0);
}

static void expect_cohandlers(int level, const ladder_cohandler *list, size_t n,
			      fq_status want, const char *field)
{
	fq_err err = {0};
	assert_int_equal(ladder_cohandlers_check(level, list, n, &err), want);
	if (want != FQ_OK)
		assert_string_equal(err.field, field);
}

static void test_cohandlers(void **state)
{
	(void)state;
	ladder_cohandler ok[] = {{101, 0}, {102, 1}, {103, 0}};
	expect_cohandlers(4, ok, 3, FQ_OK, "");
	expect_cohandlers(4, ok + 1, 1, FQ_OK, "");
	expect_cohandlers(3, ok, 3, FQ_ECONFLICT, "departments");
	expect_cohandlers(4, ok, 0, FQ_EINVAL, "departments");
	ladder_cohandler many[LADDER_COHANDLERS_MAX + 1];
	for (int i = 0; i <= LADDER_COHANDLERS_MAX; i++)
		many[i] = (ladder_cohandler){200 + i, i == 0};
	expect_cohandlers(4, many, LADDER_COHANDLERS_MAX, FQ_OK, "");
	expect_cohandlers(4, many, LADDER_COHANDLERS_MAX + 1, FQ_EINVAL, "departments");
	ladder_cohandler dup[] = {{101, 1}, {101, 0}};
	expect_cohandlers(4, dup, 2, FQ_EINVAL, "departments");
	ladder_cohandler no_unit[] = {{101, 1}, {0, 0}};
	expect_cohandlers(4, no_unit, 2, FQ_EINVAL, "departments");
	ladder_cohandler no_lead[] = {{101, 0}, {102, 0}};
	expect_cohandlers(4, no_lead, 2, FQ_EINVAL, "lead");
	ladder_cohandler two_leads[] = {{101, 1}, {102, 1}};
	expect_cohandlers(4, two_leads, 2, FQ_EINVAL, "lead");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_choice_each_level),
		cmocka_unit_test(test_fallbacks),
		cmocka_unit_test(test_end_of_ladder),
		cmocka_unit_test(test_bad_level),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_cohandlers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
