/*
 * test_talent.c - unit tests for src/domain/talent.c: the names and the
 * needs table, subject parsing, each exclusion rule (party, household,
 * declared relation, tried, away, at capacity), each part of the score
 * (skills, role, nearness, load, rating, busy), the order of the ranking
 * and its ties, the reasons, the rank of a chosen member, member decisions
 * and every task move.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/talent.h"

#define NOW 1700000000

/* A dispute in grid /1/4/17/ that needs law and psychology and a mediator. */
static talent_subject subject(void)
{
	talent_subject s = {.path = "/1/4/17/"};
	s.need = talent_need_of(TALENT_SUBJECT_DISPUTE, "dispute.family");
	return s;
}

/* An available member in another community with no skills and no load. */
static talent_candidate member(int64_t id)
{
	return (talent_candidate){.id = id, .person_id = 100 + id, .household_id = 200 + id,
				  .home_path = "/1/5/30/301/", .capacity = 2};
}

static const char *reason_text(const talent_suggestion *s, const char *code)
{
	for (int i = 0; i < s->n_reasons; i++)
		if (strcmp(s->reasons[i].code, code) == 0)
			return s->reasons[i].text;
	return NULL;
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(talent_skill_name(TALENT_SKILL_LAW), "law");
	assert_string_equal(talent_skill_label(TALENT_SKILL_ELDER_CARE), "养老");
	assert_int_equal(talent_skill_parse("psychology"), TALENT_SKILL_PSYCHOLOGY);
	assert_int_equal(talent_skill_parse("cooking"), -1);
	assert_null(talent_skill_name(TALENT_SKILL_COUNT));
	assert_string_equal(talent_role_label(TALENT_ROLE_MEDIATOR), "调解员");
	assert_int_equal(talent_role_parse("supervisor"), TALENT_ROLE_SUPERVISOR);
	assert_int_equal(talent_role_parse(NULL), -1);
	assert_int_equal(talent_enrolment_parse("election"), TALENT_ELECTION);
	assert_int_equal(talent_task_state_parse("expired"), TALENT_TASK_EXPIRED);
}

static void test_needs(void **state)
{
	(void)state;
	talent_need n = talent_need_of(TALENT_SUBJECT_DISPUTE, "dispute.labour");
	assert_int_equal(n.skills, (1u << TALENT_SKILL_LAW) | (1u << TALENT_SKILL_LABOUR));
	assert_int_equal(n.roles, 1u << TALENT_ROLE_MEDIATOR);
	/* an unknown type falls back to its class */
	n = talent_need_of(TALENT_SUBJECT_DISPUTE, "dispute.unheard_of");
	assert_int_equal(n.skills, 1u << TALENT_SKILL_LAW);
	n = talent_need_of(TALENT_SUBJECT_REQUEST, "service.elderly");
	assert_true(n.skills & (1u << TALENT_SKILL_ELDER_CARE));
	n = talent_need_of(TALENT_SUBJECT_REQUEST, "nothing.known");
	assert_int_equal(n.skills, 0);
	assert_int_equal(n.roles, 0);
	n = talent_need_of(TALENT_SUBJECT_TOPIC, NULL);
	assert_true(n.roles & (1u << TALENT_ROLE_PROMOTER));
}

static void test_subject_parse(void **state)
{
	(void)state;
	talent_subject_kind k;
	int64_t id = 0;
	fq_err err = {0};
	assert_int_equal(talent_subject_parse("dispute:12", "subject", &k, &id, &err), FQ_OK);
	assert_int_equal(k, TALENT_SUBJECT_DISPUTE);
	assert_int_equal(id, 12);
	assert_int_equal(talent_subject_parse("topic:7", "subject", &k, &id, &err), FQ_OK);
	assert_int_equal(k, TALENT_SUBJECT_TOPIC);
	const char *bad[] = {"", "dispute", "dispute:", "dispute:0", "dispute:-3", "dispute:1x",
			     "case:4", ":4", NULL};
	for (int i = 0; bad[i]; i++) {
		assert_int_equal(talent_subject_parse(bad[i], "subject", &k, &id, &err), FQ_EINVAL);
		assert_string_equal(err.field, "subject");
	}
	assert_int_equal(talent_subject_parse(NULL, "subject", &k, &id, &err), FQ_EINVAL);
}

static void test_common_depth(void **state)
{
	(void)state;
	assert_int_equal(talent_common_depth("/1/4/17/", "/1/4/17/250/"), 3);
	assert_int_equal(talent_common_depth("/1/4/17/", "/1/4/18/"), 2);
	assert_int_equal(talent_common_depth("/1/4/17/", "/1/41/17/"), 1);
	assert_int_equal(talent_common_depth("/1/", "/2/"), 0);
	assert_int_equal(talent_common_depth("/1/4/", NULL), 0);
	assert_int_equal(talent_common_depth("/", "/1/"), 0);
}

static void test_exclusion_party(void **state)
{
	(void)state;
	talent_subject s = subject();
	int64_t persons[] = {5, 104};
	s.party_persons = persons;
	s.n_party_persons = 2;
	talent_candidate c = member(4);
	assert_int_equal(talent_excluded(&s, &c, NOW), TALENT_EXCL_PARTY);
	c.person_id = 6;
	assert_int_equal(talent_excluded(&s, &c, NOW), TALENT_EXCL_NONE);
	assert_string_equal(talent_exclusion_code(TALENT_EXCL_PARTY), "party");
}

static void test_exclusion_household(void **state)
{
	(void)state;
	talent_subject s = subject();
	int64_t hh[] = {204};
	s.party_households = hh;
	s.n_party_households = 1;
	talent_candidate c = member(4);
	assert_int_equal(talent_excluded(&s, &c, NOW), TALENT_EXCL_HOUSEHOLD);
	/* a member without a household is never the same household */
	c.household_id = 0;
	int64_t none[] = {0};
	s.party_households = none;
	assert_int_equal(talent_excluded(&s, &c, NOW), TALENT_EXCL_NONE);
}

static void test_exclusion_relation_and_tried(void **state)
{
	(void)state;
	talent_subject s = subject();
	int64_t related[] = {9, 4};
	s.related = related;
	s.n_related = 2;
	talent_candidate c = member(4);
	assert_int_equal(talent_excluded(&s, &c, NOW), TALENT_EXCL_RELATION);
	s.n_related = 0;
	int64_t tried[] = {4};
	s.tried = tried;
	s.n_tried = 1;
	assert_int_equal(talent_excluded(&s, &c, NOW), TALENT_EXCL_TRIED);
}

static void test_exclusion_away_and_full(void **state)
{
	(void)state;
	talent_subject s = subject();
	talent_candidate c = member(4);
	c.availability = TALENT_AWAY;
	assert_int_equal(talent_excluded(&s, &c, NOW), TALENT_EXCL_AWAY);
	c.available_until = NOW + 60;
	assert_int_equal(talent_excluded(&s, &c, NOW), TALENT_EXCL_AWAY);
	/* away until a time that has passed: available again */
	c.available_until = NOW - 60;
	assert_int_equal(talent_excluded(&s, &c, NOW), TALENT_EXCL_NONE);
	c.open_tasks = 2;
	assert_int_equal(talent_excluded(&s, &c, NOW), TALENT_EXCL_FULL);
}

static void test_score_parts(void **state)
{
	(void)state;
	talent_subject s = subject();
	talent_candidate c = member(1);
	/* no skills, another community of the street, no load, the prior rating */
	double base = talent_score(&s, &c, NOW);
	double prior = TALENT_W_RATING * (TALENT_RATING_PRIOR_MEAN - 1) / 4;
	assert_true(base > TALENT_W_NEAR_STREET + TALENT_W_LOAD + prior - 1e-9);
	assert_true(base < TALENT_W_NEAR_STREET + TALENT_W_LOAD + prior + 1e-9);
	c.skills = 1u << TALENT_SKILL_LAW; /* one of two needed skills */
	assert_true(talent_score(&s, &c, NOW) - base > TALENT_W_SKILL / 2.0 - 1e-9);
	c.skills = 0;
	c.roles = 1u << TALENT_ROLE_MEDIATOR;
	assert_true(talent_score(&s, &c, NOW) - base > TALENT_W_ROLE - 1e-9);
	c.roles = 0;
	c.home_path = "/1/4/17/250/";
	assert_true(talent_score(&s, &c, NOW) - base >
		    TALENT_W_NEAR_GRID - TALENT_W_NEAR_STREET - 1e-9);
	c.home_path = "/1/4/18/";
	assert_true(talent_score(&s, &c, NOW) - base >
		    TALENT_W_NEAR_COMMUNITY - TALENT_W_NEAR_STREET - 1e-9);
	c.home_path = "/1/5/30/301/";
	c.open_tasks = 1; /* half the capacity */
	assert_true(base - talent_score(&s, &c, NOW) > TALENT_W_LOAD / 2.0 - 1e-9);
	c.open_tasks = 0;
	c.rating_sum = 5 * 20, c.rating_count = 20;
	assert_true(talent_score(&s, &c, NOW) > base);
	c.rating_sum = 1 * 20;
	assert_true(talent_score(&s, &c, NOW) < base);
	c.rating_sum = c.rating_count = 0;
	c.availability = TALENT_BUSY;
	assert_true(base - talent_score(&s, &c, NOW) > TALENT_BUSY_PENALTY - 1e-9);
}

static void test_bayes_one_rating_does_not_win(void **state)
{
	(void)state;
	/* one 5 is worth less than twenty ratings averaging 4.8 */
	talent_subject s = subject();
	talent_candidate once = member(1), many = member(2);
	once.rating_sum = 5, once.rating_count = 1;
	many.rating_sum = 96, many.rating_count = 20;
	assert_true(talent_score(&s, &many, NOW) > talent_score(&s, &once, NOW));
}

static void test_rank_order_ties_and_k(void **state)
{
	(void)state;
	talent_subject s = subject();
	talent_candidate c[6];
	for (int i = 0; i < 6; i++)
		c[i] = member(10 - i); /* ids 10..5, all equal */
	c[3].skills = (1u << TALENT_SKILL_LAW) | (1u << TALENT_SKILL_PSYCHOLOGY); /* id 7 */
	c[3].roles = 1u << TALENT_ROLE_MEDIATOR;
	c[5].home_path = "/1/4/17/251/"; /* id 5: same grid */
	c[0].availability = TALENT_AWAY; /* id 10 */
	c[1].open_tasks = 2;             /* id 9: full */
	talent_suggestion items[3];
	talent_excluded_entry ex[TALENT_EXCLUDED_MAX];
	talent_ranking r = {.items = items, .excluded = ex};
	talent_rank(&s, c, 6, NOW, 3, &r);
	assert_int_equal(r.eligible, 4);
	assert_int_equal(r.away, 1);
	assert_int_equal(r.full, 1);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.items[0].c->id, 7);
	assert_int_equal(r.items[1].c->id, 5);
	assert_int_equal(r.items[2].c->id, 6); /* a tie with 8: the lower id first */
	assert_int_equal(r.items[0].rank, 1);
	assert_int_equal(r.items[2].rank, 3);
	assert_string_equal(reason_text(&r.items[0], "skill_match"), "擅长法律、心理");
	assert_string_equal(reason_text(&r.items[0], "role_match"), "担任调解员");
	assert_string_equal(reason_text(&r.items[1], "same_grid"), "同一网格");
	assert_string_equal(reason_text(&r.items[2], "load"), "当前任务 0/2");
	assert_string_equal(reason_text(&r.items[2], "no_rating"), "暂无评分");
	assert_non_null(reason_text(&r.items[2], "skill_missing"));
	assert_int_equal(r.n_excluded, 0);
}

static void test_rank_lists_conflicts(void **state)
{
	(void)state;
	talent_subject s = subject();
	talent_candidate c[4] = {member(1), member(2), member(3), member(4)};
	int64_t persons[] = {101}, hh[] = {202}, rel[] = {3};
	s.party_persons = persons, s.n_party_persons = 1;
	s.party_households = hh, s.n_party_households = 1;
	s.related = rel, s.n_related = 1;
	c[3].rating_sum = 48, c[3].rating_count = 10;
	talent_suggestion items[TALENT_SUGGEST_MAX];
	talent_excluded_entry ex[TALENT_EXCLUDED_MAX];
	talent_ranking r = {.items = items, .excluded = ex};
	talent_rank(&s, c, 4, NOW, TALENT_SUGGEST_MAX, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.items[0].c->id, 4);
	assert_string_equal(reason_text(&r.items[0], "rating"), "评分 4.8（10 次）");
	assert_int_equal(r.n_excluded, 3);
	assert_int_equal(r.excluded[0].why, TALENT_EXCL_PARTY);
	assert_int_equal(r.excluded[1].why, TALENT_EXCL_HOUSEHOLD);
	assert_int_equal(r.excluded[2].why, TALENT_EXCL_RELATION);
}

static void test_rank_one(void **state)
{
	(void)state;
	talent_subject s = subject();
	talent_candidate c[3] = {member(1), member(2), member(3)};
	c[0].skills = 1u << TALENT_SKILL_LAW;
	talent_suggestion sug;
	fq_err err = {0};
	assert_int_equal(talent_rank_one(&s, c, 3, &c[2], NOW, &sug, &err), FQ_OK);
	assert_int_equal(sug.rank, 3);
	assert_int_equal(talent_rank_one(&s, c, 3, &c[0], NOW, &sug, &err), FQ_OK);
	assert_int_equal(sug.rank, 1);
	assert_true(sug.n_reasons >= 3);
	int64_t persons[] = {102};
	s.party_persons = persons, s.n_party_persons = 1;
	assert_int_equal(talent_rank_one(&s, c, 3, &c[1], NOW, &sug, &err), FQ_EINVAL);
	assert_string_equal(err.field, "talent_id");
	assert_non_null(strstr(err.message, "party"));
}

static void test_decisions(void **state)
{
	(void)state;
	talent_status to;
	fq_err err = {0};
	assert_int_equal(talent_decide(TALENT_PENDING, TALENT_APPROVE, &to, &err), FQ_OK);
	assert_int_equal(to, TALENT_APPROVED);
	assert_int_equal(talent_decide(TALENT_PENDING, TALENT_REJECT, &to, &err), FQ_OK);
	assert_int_equal(to, TALENT_REJECTED);
	assert_int_equal(talent_decide(TALENT_APPROVED, TALENT_WITHDRAW, &to, &err), FQ_OK);
	assert_int_equal(to, TALENT_WITHDRAWN);
	assert_int_equal(talent_decide(TALENT_APPROVED, TALENT_APPROVE, &to, &err), FQ_ECONFLICT);
	assert_string_equal(err.field, "status");
	assert_non_null(strstr(err.message, "approved"));
	assert_int_equal(talent_decide(TALENT_REJECTED, TALENT_WITHDRAW, &to, &err), FQ_ECONFLICT);
}

static void test_task_moves(void **state)
{
	(void)state;
	talent_task_state to;
	fq_err err = {0};
	struct {
		talent_task_state from;
		int rated;
		talent_task_action act;
		int ok;
		talent_task_state to;
	} cases[] = {
		{TALENT_TASK_OFFERED, 0, TALENT_TASK_ACCEPT, 1, TALENT_TASK_ACCEPTED},
		{TALENT_TASK_OFFERED, 0, TALENT_TASK_DECLINE, 1, TALENT_TASK_DECLINED},
		{TALENT_TASK_OFFERED, 0, TALENT_TASK_EXPIRE, 1, TALENT_TASK_EXPIRED},
		{TALENT_TASK_OFFERED, 0, TALENT_TASK_CANCEL, 1, TALENT_TASK_CANCELLED},
		{TALENT_TASK_OFFERED, 0, TALENT_TASK_DONE_ACT, 0, 0},
		{TALENT_TASK_ACCEPTED, 0, TALENT_TASK_DONE_ACT, 1, TALENT_TASK_DONE},
		{TALENT_TASK_ACCEPTED, 0, TALENT_TASK_CANCEL, 1, TALENT_TASK_CANCELLED},
		{TALENT_TASK_ACCEPTED, 0, TALENT_TASK_DECLINE, 0, 0},
		{TALENT_TASK_ACCEPTED, 0, TALENT_TASK_EXPIRE, 0, 0},
		{TALENT_TASK_DONE, 0, TALENT_TASK_RATE, 1, TALENT_TASK_DONE},
		{TALENT_TASK_DONE, 1, TALENT_TASK_RATE, 0, 0},
		{TALENT_TASK_ACCEPTED, 0, TALENT_TASK_RATE, 0, 0},
		{TALENT_TASK_DECLINED, 0, TALENT_TASK_ACCEPT, 0, 0},
		{TALENT_TASK_EXPIRED, 0, TALENT_TASK_ACCEPT, 0, 0},
		{TALENT_TASK_CANCELLED, 0, TALENT_TASK_CANCEL, 0, 0},
		{TALENT_TASK_DONE, 0, TALENT_TASK_CANCEL, 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fq_status st = talent_task_move(cases[i].from, cases[i].rated, cases[i].act, &to, &err);
		assert_int_equal(st, cases[i].ok ? FQ_OK : FQ_ECONFLICT);
		if (cases[i].ok)
			assert_int_equal(to, cases[i].to);
		else
			assert_non_null(strstr(err.message, talent_task_state_name(cases[i].from)));
	}
	assert_true(talent_task_open(TALENT_TASK_OFFERED));
	assert_true(talent_task_open(TALENT_TASK_ACCEPTED));
	assert_false(talent_task_open(TALENT_TASK_DONE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_needs),
		cmocka_unit_test(test_subject_parse),
		cmocka_unit_test(test_common_depth),
		cmocka_unit_test(test_exclusion_party),
		cmocka_unit_test(test_exclusion_household),
		cmocka_unit_test(test_exclusion_relation_and_tried),
		cmocka_unit_test(test_exclusion_away_and_full),
		cmocka_unit_test(test_score_parts),
		cmocka_unit_test(test_bayes_one_rating_does_not_win),
		cmocka_unit_test(test_rank_order_ties_and_k),
		cmocka_unit_test(test_rank_lists_conflicts),
		cmocka_unit_test(test_rank_one),
		cmocka_unit_test(test_decisions),
		cmocka_unit_test(test_task_moves),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
