/*
 * test_council.c - unit tests for src/domain/council.c: vote counting
 * (quorum as a fraction, abstentions, ties, simple against absolute
 * majority, no eligible voters), the support threshold that brings a
 * proposal onto the agenda at exactly N supports, every topic and meeting
 * transition (409 naming the current state), the roll-up of progress, the
 * rule check, the "in the unit" scope test, and who sees and who runs a
 * council.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/council.h"

static council_result count(int eligible, int yes, int no, int abstain, int num, int den,
			    council_majority maj)
{
	council_tally t = {eligible, yes, no, abstain};
	council_rule r = {num, den, maj};
	council_result res;
	council_vote_count(&t, &r, &res);
	return res;
}

static void test_quorum(void **state)
{
	(void)state;
	/* 2/3 of 9 eligible is 6 ballots: 5 is short, 6 is enough */
	council_result r = count(9, 5, 0, 0, 2, 3, COUNCIL_SIMPLE);
	assert_false(r.quorum_met);
	assert_false(r.passed);
	assert_string_equal(r.outcome, "no_quorum");
	r = count(9, 5, 0, 1, 2, 3, COUNCIL_SIMPLE);
	assert_true(r.quorum_met);
	assert_true(r.passed);
	assert_int_equal(r.voted, 6);
	/* abstentions count toward the quorum */
	r = count(3, 1, 0, 1, 2, 3, COUNCIL_SIMPLE);
	assert_true(r.quorum_met);
	/* nobody eligible: never a quorum, even at 0/1 */
	r = count(0, 0, 0, 0, 0, 1, COUNCIL_SIMPLE);
	assert_false(r.quorum_met);
	/* a zero quorum needs nobody */
	r = count(5, 1, 0, 0, 0, 1, COUNCIL_SIMPLE);
	assert_true(r.passed);
}

/* The ballots an open vote still needs, and the count agrees with it. */
static void test_quorum_needed(void **state)
{
	(void)state;
	council_rule two_thirds = {2, 3, COUNCIL_SIMPLE}, none = {0, 1, COUNCIL_SIMPLE};
	council_rule half = {1, 2, COUNCIL_SIMPLE};
	assert_int_equal(council_quorum_needed(9, &two_thirds), 6);
	assert_int_equal(council_quorum_needed(3, &two_thirds), 2); /* 1 of 3 is short */
	assert_int_equal(council_quorum_needed(4, &two_thirds), 3); /* 8/3 rounds up */
	assert_int_equal(council_quorum_needed(5, &half), 3);
	assert_int_equal(council_quorum_needed(5, &none), 0);
	assert_int_equal(council_quorum_needed(0, &two_thirds), 0);
	for (int eligible = 1; eligible <= 12; eligible++) {
		int need = council_quorum_needed(eligible, &two_thirds);
		assert_false(count(eligible, need - 1, 0, 0, 2, 3, COUNCIL_SIMPLE).quorum_met);
		assert_true(count(eligible, need, 0, 0, 2, 3, COUNCIL_SIMPLE).quorum_met);
	}
}

static void test_ties_and_abstentions(void **state)
{
	(void)state;
	council_result r = count(4, 2, 2, 0, 1, 2, COUNCIL_SIMPLE);
	assert_false(r.passed);
	assert_string_equal(r.outcome, "tie");
	/* abstentions are left out of a simple majority */
	r = count(5, 1, 0, 4, 1, 2, COUNCIL_SIMPLE);
	assert_true(r.passed);
	r = count(5, 1, 2, 2, 1, 2, COUNCIL_SIMPLE);
	assert_false(r.passed);
	assert_string_equal(r.outcome, "rejected");
	/* all abstain: 0 = 0 is a tie and fails */
	r = count(3, 0, 0, 3, 1, 2, COUNCIL_SIMPLE);
	assert_false(r.passed);
	assert_string_equal(r.outcome, "tie");
}

static void test_absolute_majority(void **state)
{
	(void)state;
	/* more than half of the eligible, whoever voted */
	council_result r = count(10, 5, 0, 3, 1, 2, COUNCIL_ABSOLUTE);
	assert_false(r.passed);
	assert_string_equal(r.outcome, "tie");
	r = count(10, 6, 2, 0, 1, 2, COUNCIL_ABSOLUTE);
	assert_true(r.passed);
	r = count(9, 4, 0, 2, 1, 2, COUNCIL_ABSOLUTE);
	assert_false(r.passed);
	assert_string_equal(r.outcome, "rejected");
	/* the same ballots pass by simple majority */
	r = count(10, 5, 0, 3, 1, 2, COUNCIL_SIMPLE);
	assert_true(r.passed);
}

static void test_rule_check(void **state)
{
	(void)state;
	fq_err err = {0};
	council_rule ok = {2, 3, COUNCIL_SIMPLE};
	assert_int_equal(council_rule_check(&ok, &err), FQ_OK);
	council_rule bad[] = {
		{4, 3, COUNCIL_SIMPLE}, {1, 0, COUNCIL_SIMPLE}, {-1, 3, COUNCIL_SIMPLE},
		{1, COUNCIL_QUORUM_DEN_MAX + 1, COUNCIL_SIMPLE},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(council_rule_check(&bad[i], &err), FQ_EINVAL);
		assert_string_equal(err.field, "quorum");
	}
	council_rule maj = {1, 2, (council_majority)7};
	assert_int_equal(council_rule_check(&maj, &err), FQ_EINVAL);
	assert_string_equal(err.field, "majority");
}

static void test_threshold(void **state)
{
	(void)state;
	fq_err err = {0};
	council_topic_state s = CT_PROPOSED;
	assert_int_equal(council_threshold(0), COUNCIL_THRESHOLD_DEFAULT);
	assert_int_equal(council_threshold(3), 3);
	assert_int_equal(council_support_next(s, 1, 3, &s, &err), FQ_OK);
	assert_int_equal(s, CT_SUPPORTING);
	assert_int_equal(council_support_next(s, 2, 3, &s, &err), FQ_OK);
	assert_int_equal(s, CT_SUPPORTING);
	assert_int_equal(council_support_next(s, 3, 3, &s, &err), FQ_OK);
	assert_int_equal(s, CT_ON_AGENDA);
	assert_int_equal(council_support_next(s, 4, 3, &s, &err), FQ_ECONFLICT);
	assert_string_equal(err.field, "state");
	assert_non_null(strstr(err.message, "on_agenda"));
	/* a threshold of one: the first support brings it on the agenda */
	s = CT_PROPOSED;
	assert_int_equal(council_support_next(s, 1, 1, &s, &err), FQ_OK);
	assert_int_equal(s, CT_ON_AGENDA);
	/* the default applies to a unit without its own */
	s = CT_PROPOSED;
	assert_int_equal(council_support_next(s, COUNCIL_THRESHOLD_DEFAULT - 1, 0, &s, &err), FQ_OK);
	assert_int_equal(s, CT_SUPPORTING);
	assert_int_equal(council_support_next(s, COUNCIL_THRESHOLD_DEFAULT, 0, &s, &err), FQ_OK);
	assert_int_equal(s, CT_ON_AGENDA);
}

/* Every (state, event) pair: the moves that are allowed and where they
 * lead; every other pair is 409 naming the state. */
static void test_topic_transitions(void **state)
{
	(void)state;
	static const int want[CT_STATE_COUNT][5] = {
		/* support, agenda, deliberate, decide, drop */
		[CT_PROPOSED] = {CT_SUPPORTING, CT_ON_AGENDA, -1, -1, CT_DROPPED},
		[CT_SUPPORTING] = {CT_SUPPORTING, CT_ON_AGENDA, -1, -1, CT_DROPPED},
		[CT_ON_AGENDA] = {-1, -1, CT_DELIBERATED, CT_DECIDED, CT_DROPPED},
		[CT_DELIBERATED] = {-1, CT_ON_AGENDA, -1, CT_DECIDED, CT_DROPPED},
		[CT_DECIDED] = {-1, -1, -1, -1, -1},
		[CT_DROPPED] = {-1, -1, -1, -1, -1},
	};
	for (int s = 0; s < CT_STATE_COUNT; s++)
		for (int e = CTE_SUPPORT; e <= CTE_DROP; e++) {
			fq_err err = {0};
			council_topic_state to = CT_STATE_COUNT;
			fq_status st = council_topic_next((council_topic_state)s,
							  (council_topic_event)e, &to, &err);
			if (want[s][e] < 0) {
				assert_int_equal(st, FQ_ECONFLICT);
				assert_non_null(strstr(err.message,
						       council_topic_state_name((council_topic_state)s)));
				assert_int_equal(to, CT_STATE_COUNT);
			} else {
				assert_int_equal(st, FQ_OK);
				assert_int_equal(to, want[s][e]);
			}
		}
}

static void test_meeting_transitions(void **state)
{
	(void)state;
	fq_err err = {0};
	council_meeting_state s;
	assert_int_equal(council_meeting_next(CM_SCHEDULED, 1, &s, &err), FQ_OK);
	assert_int_equal(s, CM_OPEN);
	assert_int_equal(council_meeting_next(CM_OPEN, 0, &s, &err), FQ_OK);
	assert_int_equal(s, CM_CLOSED);
	assert_int_equal(council_meeting_next(CM_OPEN, 1, &s, &err), FQ_ECONFLICT);
	assert_non_null(strstr(err.message, "open"));
	assert_int_equal(council_meeting_next(CM_SCHEDULED, 0, &s, &err), FQ_ECONFLICT);
	assert_non_null(strstr(err.message, "scheduled"));
	assert_int_equal(council_meeting_next(CM_CLOSED, 0, &s, &err), FQ_ECONFLICT);
	assert_int_equal(council_meeting_next(CM_CLOSED, 1, &s, &err), FQ_ECONFLICT);
	assert_int_equal(council_meeting_editable(CM_SCHEDULED, &err), FQ_OK);
	assert_int_equal(council_meeting_editable(CM_OPEN, &err), FQ_OK);
	assert_int_equal(council_meeting_editable(CM_CLOSED, &err), FQ_ECONFLICT);
	assert_non_null(strstr(err.message, "closed"));
}

static void test_rollup(void **state)
{
	(void)state;
	int none[1] = {0};
	assert_int_equal(council_progress_rollup(none, 0), 0);
	int half[] = {100, 0};
	assert_int_equal(council_progress_rollup(half, 2), 50);
	/* rounded down: 99.67 is not done */
	int almost[] = {100, 100, 99};
	assert_int_equal(council_progress_rollup(almost, 3), 99);
	int done[] = {100, 100, 100};
	assert_int_equal(council_progress_rollup(done, 3), 100);
	int wild[] = {150, -20};
	assert_int_equal(council_progress_rollup(wild, 2), 50);
}

static void test_names(void **state)
{
	(void)state;
	for (int s = 0; s < CT_STATE_COUNT; s++)
		assert_int_equal(council_topic_state_parse(
					 council_topic_state_name((council_topic_state)s)), s);
	assert_int_equal(council_topic_state_parse("nope"), -1);
	assert_null(council_topic_state_name(CT_STATE_COUNT));
	assert_int_equal(council_majority_parse("absolute"), COUNCIL_ABSOLUTE);
	assert_true(council_choice_valid("abstain"));
	assert_false(council_choice_valid("maybe"));
	assert_false(council_choice_valid(NULL));
	assert_true(council_card_valid("red"));
	assert_true(council_participant_kind_valid("property_company"));
	assert_true(council_meeting_kind_valid("round_table"));
	assert_false(council_unit_kind_valid("grid"));
}

static void test_in_unit(void **state)
{
	(void)state;
	caller c = {.n_roles = 2};
	c.r[0] = (caller_role){.role = ROLE_RESIDENT, .path = "/1/2/10/"};
	c.r[1] = (caller_role){.role = ROLE_TALENT, .path = "/1/"};
	assert_true(council_in_unit(&c, ROLE_RESIDENT, "/1/2/"));
	assert_true(council_in_unit(&c, ROLE_RESIDENT, "/1/"));
	assert_false(council_in_unit(&c, ROLE_RESIDENT, "/1/3/"));
	assert_false(council_in_unit(&c, ROLE_RESIDENT, "/1/2/10/5/"));
	/* the talent role at the street is not "in" a community */
	assert_false(council_in_unit(&c, ROLE_TALENT, "/1/2/"));
	assert_false(council_in_unit(&c, ROLE_RESIDENT, ""));
}

static void test_sees_and_staff(void **state)
{
	(void)state;
	caller res = {.roles = ROLE_RESIDENT, .n_roles = 1};
	res.r[0] = (caller_role){.role = ROLE_RESIDENT, .unit_id = 10, .path = "/1/2/10/"};
	caller com = {.roles = ROLE_COMMUNITY_OFFICER | ROLE_GRID_WORKER, .n_roles = 2};
	com.r[0] = (caller_role){.role = ROLE_GRID_WORKER, .unit_id = 10, .path = "/1/2/10/"};
	com.r[1] = (caller_role){.role = ROLE_COMMUNITY_OFFICER, .unit_id = 2, .path = "/1/2/"};
	/* one line of ancestry: above and below the resident's grid, not beside it */
	assert_true(council_sees(&res, "/1/"));
	assert_true(council_sees(&res, "/1/2/"));
	assert_true(council_sees(&res, "/1/2/10/5/"));
	assert_false(council_sees(&res, "/1/3/"));
	assert_false(council_staff(&res, "/1/2/"));
	assert_null(council_staff_path(&res));
	/* staff run what their roles cover; the widest of them lists */
	assert_true(council_staff(&com, "/1/2/"));
	assert_true(council_staff(&com, "/1/2/11/"));
	assert_false(council_staff(&com, "/1/"));
	assert_string_equal(council_staff_path(&com), "/1/2/");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quorum),
		cmocka_unit_test(test_quorum_needed),
		cmocka_unit_test(test_ties_and_abstentions),
		cmocka_unit_test(test_absolute_majority),
		cmocka_unit_test(test_rule_check),
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_topic_transitions),
		cmocka_unit_test(test_meeting_transitions),
		cmocka_unit_test(test_rollup),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_in_unit),
		cmocka_unit_test(test_sees_and_staff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
