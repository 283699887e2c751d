/*
 * test_dispute.c - unit tests for src/domain/dispute.c: every action from
 * every state (legal ones lead where the table says, illegal ones are 409
 * naming the state), the facts that settle agree/sign/escalate/judicial,
 * the ladder's limits on the calendar, the 30-day judicial window across
 * the 2025 National Day and 2026 Spring Festival holidays with the seeded
 * calendar, its reminders, and the names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/timeutil.h"
#include "domain/dispute.h"

static int setup(void **state)
{
	size_t n = 0;
	const cal_entry *e = cal_seed_entries(&n);
	cal_calendar *cal = NULL;
	if (cal_new(e, n, &cal, NULL) != FQ_OK)
		return -1;
	*state = cal;
	return 0;
}

static int teardown(void **state)
{
	cal_free(*state);
	return 0;
}

static int64_t at(const char *s)
{
	int64_t t = 0;
	if (fq_time_parse(s, &t) != 0)
		fail_msg("bad time literal %s", s);
	return t;
}

/* Facts that let every action through: level 2, an unsigned agreement,
 * judicial window open. */
static dsp_facts open_facts(void)
{
	return (dsp_facts){.level = 2, .has_agreement = true, .judicial = DSP_JUD_NONE,
			   .judicial_end = 20261120, .today = 20261101};
}

/* Expected result of each action from each state with open_facts():
 * 0 = illegal (409), -1 = stays, else the state it leads to. */
#define R DSP_REGISTERED
#define C DSP_CONSENT
#define M DSP_MEDIATING
#define G DSP_SIGNED
#define N DSP_RECONCILED
#define F DSP_FAILED
#define X DSP_REFUSED
#define Z DSP_CLOSED
static const int expected[DSP_STATE_COUNT][DSP_ACT_COUNT] = {
	/*           agr ref ass ses agm sig rec fail clo esc jud jres fol perf doc */
	[R] = {0, -1, X, -1, 0, 0, 0, 0, F, 0, -1, 0, 0, 0, 0, -1},
	[C] = {0, 0, X, M, M, 0, 0, N, F, 0, -1, 0, 0, 0, 0, -1},
	[M] = {0, 0, X, M, M, -1, -1, N, F, 0, -1, 0, 0, 0, 0, -1},
	[G] = {0, 0, 0, 0, 0, 0, 0, 0, 0, Z, 0, -1, -1, -1, -1, -1},
	[N] = {0, 0, 0, 0, 0, 0, 0, 0, 0, Z, 0, 0, 0, -1, 0, -1},
	[F] = {0, 0, 0, 0, 0, 0, 0, 0, 0, Z, 0, 0, 0, 0, 0, -1},
	[X] = {0, 0, 0, 0, 0, 0, 0, 0, 0, Z, 0, 0, 0, 0, 0, -1},
	[Z] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -1},
};

static void test_every_transition(void **state)
{
	(void)state;
	for (int s = DSP_REGISTERED; s < DSP_STATE_COUNT; s++) {
		for (int a = DSP_ACT_AGREE; a < DSP_ACT_COUNT; a++) {
			dsp_facts f = open_facts();
			if (a == DSP_ACT_JUDICIAL_RESULT)
				f.judicial = DSP_JUD_APPLIED;
			dsp_state to = 0;
			fq_err err = {0};
			fq_status st = dsp_next((dsp_state)s, (dsp_action)a, &f, &to, &err);
			int want = expected[s][a];
			if (want == 0) {
				if (st != FQ_ECONFLICT)
					fail_msg("%s from %s should be refused", dsp_action_name(a),
						 dsp_state_name(s));
				assert_string_equal(err.field, "state");
				assert_non_null(strstr(err.message, dsp_state_name(s)));
				assert_int_equal(to, 0);
			} else {
				if (st != FQ_OK)
					fail_msg("%s from %s refused: %s", dsp_action_name(a),
						 dsp_state_name(s), err.message);
				assert_int_equal(to, want == -1 ? s : want);
			}
		}
	}
}

static void test_agree_and_sign_follow_the_facts(void **state)
{
	(void)state;
	dsp_facts f = open_facts();
	dsp_state to = 0;
	assert_int_equal(dsp_next(R, DSP_ACT_AGREE, &f, &to, NULL), FQ_OK);
	assert_int_equal(to, R);
	f.all_agreed = true;
	assert_int_equal(dsp_next(R, DSP_ACT_AGREE, &f, &to, NULL), FQ_OK);
	assert_int_equal(to, C);
	assert_int_equal(dsp_next(M, DSP_ACT_SIGN, &f, &to, NULL), FQ_OK);
	assert_int_equal(to, M);
	f.all_signed = true;
	assert_int_equal(dsp_next(M, DSP_ACT_SIGN, &f, &to, NULL), FQ_OK);
	assert_int_equal(to, G);
}

static void test_fact_conflicts(void **state)
{
	(void)state;
	dsp_state to = 0;
	fq_err err = {0};
	dsp_facts f = open_facts();
	f.has_agreement = false;
	assert_int_equal(dsp_next(M, DSP_ACT_SIGN, &f, &to, &err), FQ_ECONFLICT);
	assert_string_equal(err.field, "agreement");
	f = open_facts();
	f.has_signatures = true;
	assert_int_equal(dsp_next(M, DSP_ACT_AGREEMENT, &f, &to, &err), FQ_ECONFLICT);
	assert_string_equal(err.field, "agreement");
	f = open_facts();
	f.level = DSP_LEVEL_ESCALATE_MAX;
	assert_int_equal(dsp_next(M, DSP_ACT_ESCALATE, &f, &to, &err), FQ_ECONFLICT);
	assert_string_equal(err.field, "level");
	f.level = DSP_LEVEL_ESCALATE_MAX - 1;
	assert_int_equal(dsp_next(M, DSP_ACT_ESCALATE, &f, &to, &err), FQ_OK);
	f = open_facts();
	f.today = f.judicial_end;
	assert_int_equal(dsp_next(G, DSP_ACT_JUDICIAL, &f, &to, &err), FQ_OK);
	f.today = 20261121;
	assert_int_equal(dsp_next(G, DSP_ACT_JUDICIAL, &f, &to, &err), FQ_ECONFLICT);
	assert_string_equal(err.field, "judicial");
	f = open_facts();
	f.judicial = DSP_JUD_APPLIED;
	assert_int_equal(dsp_next(Z, DSP_ACT_JUDICIAL, &f, &to, &err), FQ_ECONFLICT);
	f.judicial = DSP_JUD_NONE;
	assert_int_equal(dsp_next(Z, DSP_ACT_JUDICIAL_RESULT, &f, &to, &err), FQ_ECONFLICT);
	assert_string_equal(err.field, "judicial");
}

static void check_end(const cal_calendar *cal, cal_date effective, cal_date want)
{
	cal_date end = 0;
	assert_int_equal(dsp_judicial_end(cal, effective, &end, NULL), FQ_OK);
	if (end != want)
		fail_msg("effective %d: window ends %d, want %d", (int)effective, (int)end,
			 (int)want);
}

static void test_judicial_window(void **state)
{
	const cal_calendar *cal = *state;
	check_end(cal, 20260303, 20260402); /* a plain Thursday */
	check_end(cal, 20251215, 20260114); /* across the new year */
	check_end(cal, 20260102, 20260202); /* a Sunday: the Monday after */
	check_end(cal, 20250905, 20251009); /* 国庆节 2025: 10-05 is off until 10-08 */
	check_end(cal, 20250911, 20251011); /* a worked Saturday (调休) is a working day */
	check_end(cal, 20260117, 20260224); /* 春节 2026: 02-16 off until 02-23 */
	check_end(cal, 20260901, 20261008); /* 国庆节 2026 */
	check_end(cal, 20260214, 20260316); /* effective on a worked Saturday */
	cal_date end = 0;
	fq_err err = {0};
	assert_int_equal(dsp_judicial_end(cal, 20260230, &end, &err), FQ_EINVAL);
	assert_string_equal(err.field, "effective");
	/* without a calendar only weekends are rest days */
	check_end(NULL, 20260117, 20260216);
}

static void test_days_left_and_reminders(void **state)
{
	(void)state;
	assert_int_equal(dsp_days_left(20261001, 20261008), 7);
	assert_int_equal(dsp_days_left(20261008, 20261008), 0);
	assert_int_equal(dsp_days_left(20261009, 20261008), -1);
	assert_int_equal(dsp_days_left(20251231, 20260101), 1);
	assert_false(dsp_judicial_remind_due(20261008, 20260930, 0)); /* 8 days left */
	assert_true(dsp_judicial_remind_due(20261008, 20261001, 0));
	assert_false(dsp_judicial_remind_due(20261008, 20261003, 20261001));
	assert_true(dsp_judicial_remind_due(20261008, 20261006, 20261001));
	assert_false(dsp_judicial_remind_due(20261008, 20261007, 20261006));
	assert_true(dsp_judicial_remind_due(20261008, 20261008, 0));
	assert_false(dsp_judicial_remind_due(20261008, 20261009, 0)); /* over */
}

static void test_ladder(void **state)
{
	const cal_calendar *cal = *state;
	assert_true(dsp_level_valid(1));
	assert_true(dsp_level_valid(5));
	assert_false(dsp_level_valid(0));
	assert_false(dsp_level_valid(6));
	assert_string_equal(dsp_level_label(1), "楼栋长初调");
	assert_string_equal(dsp_level_unit_kind(3), "community");
	assert_string_equal(dsp_level_name(5), "judicial");
	assert_int_equal(dsp_level_workdays(5), 0);
	int64_t due = 0;
	/* Friday 2026-02-13 10:00 + 3 working days: 02-14 is worked, then 春节 */
	assert_int_equal(dsp_level_due(cal, 1, at("2026-02-13T10:00:00+08:00"), &due, NULL),
			 FQ_OK);
	assert_int_equal(due, at("2026-02-25T10:00:00+08:00"));
	assert_int_equal(dsp_level_due(cal, 4, at("2026-11-02T09:00:00+08:00"), &due, NULL),
			 FQ_OK);
	assert_int_equal(due, at("2026-11-16T09:00:00+08:00"));
	fq_err err = {0};
	assert_int_equal(dsp_level_due(cal, 5, 0, &due, &err), FQ_EINVAL);
	assert_string_equal(err.field, "level");
}

/* What filing needs, by outcome: the agreement only with one, the
 * mediation record unless a party refused mediation. */
static void test_docs_needed(void **state)
{
	(void)state;
	const char *outcomes[] = {"agreement", "reconciled", "failed", "refused"};
	for (size_t k = 0; k < 4; k++) {
		const char *o = outcomes[k];
		for (int i = 0; i < DSP_DOCS_COUNT; i++) {
			const dsp_doc *d = dsp_doc_at(i);
			bool want = d->required;
			if (strcmp(d->code, "agreement") == 0)
				want = strcmp(o, "agreement") == 0;
			if (strcmp(d->code, "mediation_record") == 0)
				want = strcmp(o, "refused") != 0;
			if (dsp_doc_needed(d, o) != want)
				fail_msg("%s filed as %s", d->code, o);
		}
	}
	assert_true(dsp_doc_needed(dsp_doc_find("back_cover"), "refused"));
	assert_true(dsp_doc_needed(dsp_doc_find("rights_notice"), NULL));
	assert_false(dsp_doc_needed(dsp_doc_find("evidence"), "agreement"));
	assert_false(dsp_doc_needed(NULL, "agreement"));
}

static void test_names(void **state)
{
	(void)state;
	for (int s = DSP_REGISTERED; s < DSP_STATE_COUNT; s++)
		assert_int_equal(dsp_state_parse(dsp_state_name(s)), s);
	for (int a = DSP_ACT_AGREE; a < DSP_ACT_COUNT; a++)
		assert_int_equal(dsp_action_parse(dsp_action_name(a)), a);
	assert_int_equal(dsp_state_parse("nope"), 0);
	assert_null(dsp_state_name(0));
	assert_true(dsp_type_valid("land_acquisition"));
	assert_string_equal(dsp_type_label("housing"), "房屋和宅基地");
	assert_false(dsp_type_valid("weather"));
	assert_true(dsp_source_valid("court_entrusted"));
	assert_false(dsp_source_valid("rumour"));
	assert_true(dsp_party_role_valid("third_party"));
	assert_true(dsp_sign_method_valid("thumbprint"));
	assert_false(dsp_sign_method_valid("email"));
	assert_string_equal(dsp_outcome_of(DSP_SIGNED), "agreement");
	assert_null(dsp_outcome_of(DSP_MEDIATING));
	assert_true(dsp_outcome_resolved("reconciled"));
	assert_false(dsp_outcome_resolved("refused"));
	int required = 0;
	for (int i = 0; i < DSP_DOCS_COUNT; i++)
		required += dsp_doc_at(i)->required;
	assert_int_equal(required, 6);
	assert_null(dsp_doc_at(DSP_DOCS_COUNT));
	assert_true(dsp_doc_find("back_cover")->required);
	assert_non_null(strstr(dsp_routes_text("labour", "zh"), "劳动人事争议仲裁"));
	assert_non_null(strstr(dsp_routes_text("neighbour", "zh"), "人民法院"));
	assert_non_null(strstr(dsp_routes_text("neighbour", "en"), "court"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_transition),
		cmocka_unit_test(test_agree_and_sign_follow_the_facts),
		cmocka_unit_test(test_fact_conflicts),
		cmocka_unit_test(test_judicial_window),
		cmocka_unit_test(test_days_left_and_reminders),
		cmocka_unit_test(test_ladder),
		cmocka_unit_test(test_docs_needed),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
