/*
 * test_demo_history.c - unit tests for src/domain/demo_history.c and
 * demo_history_text.c: parameter checks; the schedule (every request gets
 * a day, times inside their day and ascending, fewer on days off, the same
 * every time); the requests (seed categories with templates, channel
 * shares, places that fit the channel and the category, texts with every
 * slot filled and within the service's limits, duplicates that repeat a
 * recent original, determinism); the slot filler; and the moves (every
 * move drawn is one the lifecycle accepts from the actor it names, never
 * sooner than a minute ahead, with the shares of late moves and ratings
 * the history promises).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/utf8.h"
#include "domain/catalogue.h"
#include "demo/demo_history.h"
#include "demo/demo_history_int.h"

/* The street and history of most tests. */
#define HOUSEHOLDS 4000
#define REQUESTS 20000
#define UNTIL 20261102

/* Tolerance of a share, in percent points. */
#define SHARE_TOLERANCE 2.0

/* Situations tried per state in the legality test. */
#define ORDINALS 600

typedef struct fixture {
	demo_plan *plan;
	dhist_schedule sched;
	cal_calendar *cal;
} fixture;

static int setup(void **state)
{
	static fixture f;
	fq_err err = {{0}, {0}};
	demo_params dp = {7, 0, HOUSEHOLDS};
	assert_int_equal(demo_plan_build(&dp, NULL, &f.plan, &err), FQ_OK);
	size_t n = 0;
	const cal_entry *seed = cal_seed_entries(&n);
	assert_int_equal(cal_new(seed, n, &f.cal, &err), FQ_OK);
	dhist_params hp = {11, REQUESTS, UNTIL};
	assert_int_equal(dhist_schedule_init(&hp, f.cal, &f.sched, &err), FQ_OK);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	demo_plan_free(f->plan);
	cal_free(f->cal);
	return 0;
}

static double pct(int64_t part, int64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0;
}

/* ---- parameters and schedule ------------------------------------------------ */

static void test_params(void **state)
{
	(void)state;
	fq_err err = {{0}, {0}};
	dhist_params p = {1, -1, UNTIL};
	assert_int_equal(dhist_params_check(&p, &err), FQ_EINVAL);
	assert_string_equal(err.field, "requests");
	p.requests = DHIST_REQUESTS_MAX + 1LL;
	assert_int_equal(dhist_params_check(&p, &err), FQ_EINVAL);
	p.requests = 0;
	assert_int_equal(dhist_params_check(&p, &err), FQ_OK);
	p.until = 20261301;
	assert_int_equal(dhist_params_check(&p, &err), FQ_EINVAL);
	assert_string_equal(err.field, "until");
}

static void test_schedule(void **state)
{
	fixture *f = *state;
	const dhist_schedule *s = &f->sched;
	assert_int_equal(s->end, cal_date_start(UNTIL));
	assert_int_equal(s->end - s->start, (int64_t)DHIST_DAYS * CAL_DAY_S);
	int64_t total = 0, work = 0, work_days = 0, off = 0, off_days = 0;
	static int64_t times[REQUESTS];
	for (int d = 0; d < DHIST_DAYS; d++) {
		int64_t first = -1;
		int64_t n = dhist_day_count(s, d, &first);
		assert_int_equal(first, total);
		dhist_day_times(s, d, times);
		int64_t day = s->start + (int64_t)d * CAL_DAY_S;
		for (int64_t i = 0; i < n; i++) {
			assert_in_range(times[i], day, day + CAL_DAY_S - 1);
			if (i > 0)
				assert_true(times[i - 1] <= times[i]);
		}
		bool is_work = cal_is_workday(f->cal, cal_date_of(day));
		work += is_work ? n : 0;
		work_days += is_work;
		off += is_work ? 0 : n;
		off_days += !is_work;
		total += n;
	}
	assert_int_equal(total, REQUESTS);
	assert_int_equal(dhist_day_count(s, DHIST_DAYS, NULL), 0);
	assert_true((double)off / (double)off_days < 0.85 * (double)work / (double)work_days);
	dhist_schedule again;
	fq_err err = {{0}, {0}};
	assert_int_equal(dhist_schedule_init(&s->params, f->cal, &again, &err), FQ_OK);
	assert_memory_equal(&again, s, sizeof again);
	dhist_params none = {11, 0, UNTIL};
	assert_int_equal(dhist_schedule_init(&none, f->cal, &again, &err), FQ_OK);
	assert_int_equal(again.first[DHIST_DAYS], 0);
}

/* ---- requests ---------------------------------------------------------------- */

static bool is_seed_subcategory(const char *code)
{
	size_t n = 0;
	const cat_seed *seed = catalogue_seed_entries(&n);
	for (size_t i = 0; i < n; i++)
		if (seed[i].parent && strcmp(seed[i].code, code) == 0)
			return true;
	return false;
}

static void test_templates_cover_the_catalogue(void **state)
{
	(void)state;
	size_t n = 0, subs = 0;
	const cat_seed *seed = catalogue_seed_entries(&n);
	for (size_t i = 0; i < n; i++) {
		if (!seed[i].parent)
			continue;
		subs++;
		assert_true(dhist_template_count(seed[i].code) >= 3);
	}
	size_t listed = 0;
	while (dhist_category_at(listed))
		assert_true(is_seed_subcategory(dhist_category_at(listed++)));
	assert_int_equal(listed, subs);
	assert_int_equal(dhist_template_count("no.such"), 0);
	/* every place a category happens in has a template of its own */
	for (size_t i = 0; dhist_category_at(i); i++) {
		const dh_category *c = dh_category_find(dhist_category_at(i));
		for (unsigned where = DH_APT; where <= DH_VIL; where <<= 1) {
			bool found = false;
			for (size_t k = 0; k < c->n_templates; k++)
				found |= (c->templates[k].where & where) != 0;
			assert_true(found || !(c->where & where));
		}
		assert_non_null(c->results[0]);
	}
}

static bool linked(const demo_plan *p, int32_t leader, int32_t hh)
{
	const demo_leader *l = &p->leaders[leader];
	for (int32_t k = 0; k < l->n_links; k++)
		if (p->links[l->first_link + k] == hh)
			return true;
	return false;
}

static void check_texts(const dhist_request *q)
{
	assert_true(q->title[0] && q->description[0] && q->address[0]);
	assert_true(utf8_char_count(q->title, strlen(q->title)) <= REQSVC_TITLE_MAX);
	assert_true(utf8_char_count(q->description, strlen(q->description)) <=
		    REQSVC_DESCRIPTION_MAX);
	assert_true(utf8_char_count(q->address, strlen(q->address)) <= REQSVC_ADDRESS_MAX);
	assert_null(strpbrk(q->title, "{}"));
	assert_null(strpbrk(q->description, "{}"));
}

/* The place fits the channel and the category. */
static void check_place(const demo_plan *p, const dhist_request *q)
{
	assert_int_equal(p->units[q->building].kind, DEMO_BUILDING);
	if (q->channel == REQSVC_CH_INSPECTION)
		assert_int_equal(q->household, -1);
	else
		assert_int_equal(p->households[q->household].building, q->building);
	if (q->channel == REQSVC_CH_PROXY)
		assert_true(linked(p, q->leader, q->household));
	if (q->channel == REQSVC_CH_HOTLINE) {
		const demo_household *h = &p->households[q->household];
		assert_in_range(q->caller, h->first_person, h->first_person + h->n_persons - 1);
		assert_true(p->persons[q->caller].phone[0] != '\0');
	}
	const dh_category *c = dh_category_find(q->category);
	assert_non_null(c);
	unsigned where = p->units[q->building].entrances > 0 ? DH_APT : DH_VIL;
	assert_true(c->where & where);
	assert_true(c->affinity[q->channel] > 0);
}

static void test_requests(void **state)
{
	fixture *f = *state;
	int64_t channels[REQSVC_CH_COUNT] = {0}, dups = 0, rejects = 0, anonymous = 0;
	for (int64_t i = 0; i < REQUESTS; i++) {
		dhist_request q, again;
		dhist_request_of(&f->sched, f->plan, i, 1000 + i, &q);
		assert_int_equal(q.ordinal, i);
		assert_int_equal(q.created_at, 1000 + i);
		assert_true(is_seed_subcategory(q.category));
		assert_in_range(q.channel, REQSVC_CH_SELF, REQSVC_CH_INSPECTION);
		check_place(f->plan, &q);
		check_texts(&q);
		channels[q.channel]++;
		anonymous += q.anonymous;
		if (q.anonymous)
			assert_int_equal(q.channel, REQSVC_CH_SELF);
		rejects += q.fate.reject;
		if (q.fate.duplicate_of >= 0) {
			dups++;
			assert_true(q.fate.duplicate_of >= i - DHIST_DUPLICATE_BACK_MAX &&
				    q.fate.duplicate_of < i);
			assert_false(q.fate.reject);
			dhist_request o;
			dhist_request_of(&f->sched, f->plan, q.fate.duplicate_of, 0, &o);
			assert_int_equal(o.fate.duplicate_of, -1);
			assert_string_equal(o.category, q.category);
			assert_int_equal(o.building, q.building);
		}
		if (i % 97 == 0) {
			dhist_request_of(&f->sched, f->plan, i, 1000 + i, &again);
			assert_memory_equal(&q, &again, sizeof q);
		}
	}
	static const double shares[] = {0, 45, 20, 20, 8, 7};
	for (int ch = REQSVC_CH_SELF; ch <= REQSVC_CH_INSPECTION; ch++)
		assert_true(pct(channels[ch], REQUESTS) > shares[ch] - SHARE_TOLERANCE &&
			    pct(channels[ch], REQUESTS) < shares[ch] + SHARE_TOLERANCE);
	assert_in_range(dups, REQUESTS / 200, REQUESTS / 40);
	assert_in_range(rejects, REQUESTS / 200, REQUESTS / 40);
	assert_true(anonymous > 0);
}

static void test_other_seed_other_requests(void **state)
{
	fixture *f = *state;
	dhist_schedule other = f->sched;
	other.params.seed++;
	int same = 0;
	for (int64_t i = 0; i < 50; i++) {
		dhist_request a, b;
		dhist_request_of(&f->sched, f->plan, i, 0, &a);
		dhist_request_of(&other, f->plan, i, 0, &b);
		same += strcmp(a.description, b.description) == 0;
	}
	assert_true(same < 25);
}

/* ---- the filler ----------------------------------------------------------------- */

static void test_fill(void **state)
{
	(void)state;
	dh_slots s = {.building = "翠竹小区1栋", .estate = "翠竹小区", .entrance = 2, .floor = 5,
		      .room = 502, .room_up = 602, .number = 3, .place = "小区东门"};
	char out[256];
	dh_fill("{b}{u}{f}楼道灯坏了，{up}漏水，{n}户，{e}{p}，{zz}", &s, out, sizeof out);
	assert_string_equal(out, "翠竹小区1栋2单元5楼楼道灯坏了，602室漏水，3户，翠竹小区小区东门，{zz}");
	dh_fill("{b}", &s, out, 8); /* room for 7 bytes: two characters of three bytes */
	assert_string_equal(out, "翠竹");
	dh_fill("no slots", &s, out, sizeof out);
	assert_string_equal(out, "no slots");
	dh_fill("open {b", &s, out, sizeof out);
	assert_string_equal(out, "open {b");
}

/* ---- moves ------------------------------------------------------------------------ */

/* The roles and relation the named actor acts with on a request at level. */
static void actor_of(dhist_actor by, int level, unsigned *roles, unsigned *rel)
{
	*rel = REQ_REL_HOLDER;
	switch (by) {
	case DHIST_BY_HOLDER: *roles = ladder_handler_roles(level); break;
	case DHIST_BY_LEAD: *roles = ROLE_DEPARTMENT_OFFICER; break;
	case DHIST_BY_ROUTER:
		*roles = level <= 2 ? ROLE_GRID_WORKER
			 : level == 3 ? ROLE_COMMUNITY_OFFICER
				      : ROLE_DISPATCHER;
		break;
	case DHIST_BY_REPORTER:
		*roles = ROLE_RESIDENT;
		*rel = REQ_REL_REPORTER;
		break;
	case DHIST_BY_DISPATCHER: *roles = ROLE_DISPATCHER; break;
	default:
		*roles = ROLE_SUPERVISOR;
		*rel = 0;
		break;
	}
}

static dhist_situation fresh(req_state state, int level, int64_t ordinal, int step)
{
	const int64_t now = cal_date_start(20260302) + 10 * 3600;
	return (dhist_situation){
		.ordinal = ordinal, .step = step, .now = now, .state = state, .level = level,
		.category = "property.corridor_light", .channel = REQSVC_CH_SELF, .since = now,
		.accept_due = now + 2 * 3600, .resolve_due = now + 3 * CAL_DAY_S,
		.followup_due = state == REQ_RESOLVED ? now + 3 * CAL_DAY_S : 0,
		.card = REQ_CARD_NONE,
	};
}

/* d is a move the lifecycle accepts from its actor in situation s. */
static void check_legal(const dhist_situation *s, const dhist_decision *d)
{
	assert_true(d->at >= s->now + DHIST_MIN_DELAY_S);
	if (d->move == DHIST_MOVE_COHANDLE) {
		assert_int_equal(s->level, LADDER_STREET);
		assert_int_equal(d->by, DHIST_BY_DISPATCHER);
		assert_non_null(d->lead);
		return;
	}
	req_state_in cur = {.id = 1, .state = s->state, .level = s->level,
			    .redo_count = s->redo_count, .ext = s->ext,
			    .extensions = s->extensions, .card = s->card,
			    .resolve_due = s->resolve_due, .followup_due = s->followup_due};
	req_action act = d->act;
	actor_of(d->by, s->level, &act.actor_roles, &act.actor_rel);
	if (act.kind == REQ_ACT_MERGE) {
		assert_true(d->merge_ordinal >= 0 && d->merge_ordinal < s->ordinal);
		act.merge_into = 2;
		act.merge_into_state = REQ_DISPATCHED;
	}
	req_state_out next;
	fq_err err = {{0}, {0}};
	fq_status st = req_transition(&cur, &act, &next, &err);
	if (st != FQ_OK)
		fail_msg("%s from %s at level %d: %s %s", req_action_name(act.kind),
			 req_state_name(s->state), s->level, err.field, err.message);
}

static void test_moves_are_legal(void **state)
{
	(void)state;
	static const req_state states[] = {REQ_DISPATCHED, REQ_ACCEPTED, REQ_RESOLVED,
					   REQ_RETURNED, REQ_CLOSED};
	static const unsigned flag_sets[] = {0, DHIST_F_RETURNED, DHIST_F_COHANDLED,
					     DHIST_F_NO_MERGE | DHIST_F_ESCALATED};
	dhist_params p = {3, REQUESTS, UNTIL};
	int kinds[REQ_ACT_COUNT] = {0};
	for (size_t k = 0; k < sizeof states / sizeof states[0]; k++)
		for (int level = 1; level <= LADDER_STREET; level++)
			for (int64_t o = 1; o < ORDINALS; o++) {
				dhist_situation s = fresh(states[k], level, o, (int)(o % 7));
				s.flags = flag_sets[o % 4];
				s.ext = states[k] == REQ_ACCEPTED && o % 5 == 0 ? REQ_EXT_PENDING
										: REQ_EXT_NONE;
				s.extensions = s.ext == REQ_EXT_PENDING;
				s.channel = o % 3 ? REQSVC_CH_SELF : REQSVC_CH_HOTLINE;
				dhist_decision d;
				dhist_decide(&p, &s, &d);
				if (d.move == DHIST_MOVE_NONE)
					continue;
				check_legal(&s, &d);
				if (d.move == DHIST_MOVE_ACTION)
					kinds[d.act.kind]++;
			}
	for (int k = REQ_ACT_ACCEPT; k <= REQ_ACT_REFUSE_EXTENSION; k++)
		assert_true(kinds[k] > 0);
	assert_true(kinds[REQ_ACT_SUPERVISE] > 0 && kinds[REQ_ACT_REJECT] > 0 &&
		    kinds[REQ_ACT_REASSIGN] > 0 && kinds[REQ_ACT_MERGE] > 0 &&
		    kinds[REQ_ACT_REDO] > 0);
}

static void test_open_states_always_move(void **state)
{
	(void)state;
	dhist_params p = {5, REQUESTS, UNTIL};
	static const req_state open[] = {REQ_DISPATCHED, REQ_ACCEPTED, REQ_RETURNED};
	for (size_t k = 0; k < sizeof open / sizeof open[0]; k++)
		for (int64_t o = 0; o < 2000; o++) {
			dhist_situation s = fresh(open[k], 1 + (int)(o % 4), o, 0);
			dhist_decision d;
			dhist_decide(&p, &s, &d);
			assert_int_not_equal(d.move, DHIST_MOVE_NONE);
		}
	dhist_situation merged = fresh(REQ_MERGED, 2, 10, 0);
	dhist_decision d;
	dhist_decide(&p, &merged, &d);
	assert_int_equal(d.move, DHIST_MOVE_NONE);
}

static void test_shares(void **state)
{
	(void)state;
	dhist_params p = {9, REQUESTS, UNTIL};
	int64_t accepts = 0, late = 0, rated = 0, good = 0, resolved_yes = 0, by_reporter = 0;
	const int64_t n = 20000;
	for (int64_t o = 0; o < n; o++) {
		dhist_situation s = fresh(REQ_DISPATCHED, 2, o, 0);
		s.flags = DHIST_F_NO_MERGE | DHIST_F_RETURNED;
		dhist_decision d;
		dhist_decide(&p, &s, &d);
		if (d.move == DHIST_MOVE_ACTION && d.act.kind == REQ_ACT_ACCEPT) {
			accepts++;
			late += d.at > s.accept_due;
		}
		s = fresh(REQ_RESOLVED, 2, o, 0);
		dhist_decide(&p, &s, &d);
		if (d.move != DHIST_MOVE_ACTION)
			continue;
		rated++;
		good += d.act.satisfaction >= 4;
		resolved_yes += d.act.resolved == REQ_ANSWER_YES;
		by_reporter += d.by == DHIST_BY_REPORTER;
		assert_true(d.at <= s.followup_due);
	}
	assert_true(pct(late, accepts) > 3 && pct(late, accepts) < 6);
	assert_true(pct(rated, n) > 74 && pct(rated, n) < 82);
	assert_true(pct(good, rated) > 80 && pct(good, rated) < 86);
	assert_true(pct(resolved_yes, rated) > 89 && pct(resolved_yes, rated) < 95);
	assert_int_equal(by_reporter, rated);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_schedule),
		cmocka_unit_test(test_templates_cover_the_catalogue),
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_other_seed_other_requests),
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_moves_are_legal),
		cmocka_unit_test(test_open_states_always_move),
		cmocka_unit_test(test_shares),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
