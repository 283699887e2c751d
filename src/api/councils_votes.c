/*
 * councils_votes.c - council votes over HTTP (docs/councils.md): staff
 * open a vote on an agenda item or a motion of an open meeting; each
 * participant with a vote casts one ballot with their own account (staff
 * record paper ballots for participants without an account, on open
 * ballots only: on a secret ballot whoever records the choice would know
 * it); staff close the vote, which counts it once and stores the results
 * for good; a passed vote gets one resolution.
 *
 * Closing moves the item's topic: decided when the vote passed,
 * deliberated when it failed, in the same transaction.
 */
#include "api/handlers.h"

#include <string.h>

#include "api/councils_int.h"

/* Open votes listed for one account. */
#define COUNCIL_MY_VOTES_MAX 50

/* The default quorum: two thirds of the eligible. */
#define COUNCIL_QUORUM_NUM_DEFAULT 2
#define COUNCIL_QUORUM_DEN_DEFAULT 3

/* ---- reads ------------------------------------------------------------------ */

void api_council_vote(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id = 0;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	council_reply_vote(a, r, api_caller(r), id, 200);
}

void api_council_my_votes(app *a, http_req *r)
{
	fq_err err = {0};
	const caller *who = api_caller(r);
	store_conn *c = NULL;
	store_council_my_vote *rows = NULL;
	size_t n = 0;
	fq_status st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_council_my_votes(c, http_arena(r), who->account_id, COUNCIL_MY_VOTES_MAX,
					    &rows, &n, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *j = council_json_vote(&rows[i].vote);
		json_object_set_new(j, "meeting_title", json_string(rows[i].meeting_title));
		json_object_set_new(j, "my_participant_id", json_integer(rows[i].participant_id));
		json_object_set_new(j, "can_vote", json_boolean(rows[i].can_vote));
		json_object_set_new(j, "has_voted", json_boolean(rows[i].has_voted));
		json_array_append_new(items, j);
	}
	api_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static void vote_written(app *a, http_req *r)
{
	council_ctx *x = http_user(r);
	if (council_api_failed(x))
		return;
	council_reply_vote(a, r, x->who, x->new_id ? x->new_id : x->id, x->new_id ? 201 : 200);
}

/* ---- opening a vote ------------------------------------------------------------ */

static const api_field vote_spec[] = {
	{"item_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
	{"motion", JF_TEXT, 0, COUNCIL_MOTION_MAX, 0, 0},
	{"secret", JF_BOOL, 0, 0, 0, 0},
	{"quorum_num", JF_INT, 0, 0, 0, COUNCIL_QUORUM_DEN_MAX},
	{"quorum_den", JF_INT, 0, 0, 1, COUNCIL_QUORUM_DEN_MAX},
	{"majority", JF_STRING, 0, COUNCIL_CODE_MAX, 0, 0},
};

/* The rule and motion of the vote as asked, checked. */
static fq_status vote_row(council_ctx *x, store_conn *c, store_council_vote *v, fq_err *err)
{
	const char *maj = api_json_str(x->body, "majority");
	council_rule rule = {
		.quorum_num = (int)council_api_int(x->body, "quorum_num", COUNCIL_QUORUM_NUM_DEFAULT),
		.quorum_den = (int)council_api_int(x->body, "quorum_den", COUNCIL_QUORUM_DEN_DEFAULT),
		.majority = maj ? (council_majority)council_majority_parse(maj) : COUNCIL_SIMPLE,
	};
	fq_status st = council_rule_check(&rule, err);
	if (st != FQ_OK)
		return st;
	*v = (store_council_vote){.meeting_id = x->id,
				  .item_id = council_api_int(x->body, "item_id", 0),
				  .motion = api_json_str(x->body, "motion"),
				  .secret = json_is_true(json_object_get(x->body, "secret")),
				  .quorum_num = rule.quorum_num, .quorum_den = rule.quorum_den,
				  .majority = council_majority_name(rule.majority)};
	store_council_item it;
	if (v->item_id) {
		st = store_council_item_get(c, http_arena(x->p.r), x->id, v->item_id, &it, err);
		if (st == FQ_ENOTFOUND)
			return fq_fail(err, FQ_EINVAL, "item_id", "no such item on this agenda");
		if (st == FQ_OK && (!v->motion || !v->motion[0]))
			v->motion = it.topic_title;
	}
	if (st == FQ_OK && (!v->motion || !v->motion[0]))
		st = fq_fail(err, FQ_EINVAL, "motion", "a vote without an agenda item needs a motion");
	return st;
}

static fq_status vote_open_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_council_meeting m;
	store_council_vote v;
	int all = 0, open = 0, people = 0;
	fq_status st = store_council_meeting_get(c, http_arena(x->p.r), x->id, &m, err);
	if (st == FQ_OK && !council_api_staff(x->who, m.unit_path))
		st = council_api_sees(x->who, m.unit_path)
			     ? fq_fail(err, FQ_EFORBIDDEN, "", "only staff of the unit open votes")
			     : fq_fail(err, FQ_ENOTFOUND, "id", "no such meeting");
	if (st == FQ_OK && strcmp(m.state, "open") != 0)
		st = fq_fail(err, FQ_ECONFLICT, "state", "the meeting is %s", m.state);
	if (st == FQ_OK)
		st = store_council_vote_count(c, x->id, &all, &open, err);
	if (st == FQ_OK && all >= COUNCIL_VOTES_MAX)
		st = fq_fail(err, FQ_ETOOBIG, "votes", "a meeting holds at most %d votes",
			     COUNCIL_VOTES_MAX);
	if (st == FQ_OK)
		st = vote_row(x, c, &v, err);
	if (st == FQ_OK)
		st = store_council_participant_count(c, x->id, &people, &v.eligible, err);
	if (st == FQ_OK && v.eligible == 0)
		st = fq_fail(err, FQ_ECONFLICT, "participants", "no participant of the meeting may vote");
	if (st == FQ_OK)
		st = store_council_vote_insert(c, &v, x->who->account_id, x->now, &x->new_id, err);
	return st;
}

void api_council_vote_open(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, vote_spec, sizeof vote_spec / sizeof *vote_spec);
	if (x)
		council_api_park(x, vote_written, vote_open_tx);
}

/* ---- casting a ballot ---------------------------------------------------------------- */

static const api_field ballot_spec[] = {
	{"choice", JF_STRING, JF_REQUIRED, COUNCIL_CODE_MAX, 0, 0},
	{"participant_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
};

/* A paper ballot recorded by staff for a participant without an account,
 * on an open ballot only. */
static fq_status paper_voter(council_ctx *x, store_conn *c, const store_council_meeting *m,
			     const store_council_vote *v, store_council_participant *p, fq_err *err)
{
	if (!council_api_staff(x->who, m->unit_path))
		return council_api_sees(x->who, m->unit_path)
			       ? fq_fail(err, FQ_EFORBIDDEN, "participant_id",
					 "only staff record paper ballots")
			       : fq_fail(err, FQ_ENOTFOUND, "id", "no such vote");
	if (v->secret)
		return fq_fail(err, FQ_EINVAL, "participant_id",
			       "a secret ballot is cast by the participant's own account");
	fq_status st = store_council_participant_get(c, http_arena(x->p.r), m->id,
						     council_api_int(x->body, "participant_id", 0),
						     0, p, err);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EINVAL, "participant_id", "no such participant");
	if (st == FQ_OK && p->account_id)
		st = fq_fail(err, FQ_EINVAL, "participant_id",
			     "this participant votes with their own account");
	return st;
}

/* The voter: the participant of the caller's own account; 404 for
 * anyone who is not a participant. */
static fq_status own_voter(council_ctx *x, store_conn *c, const store_council_meeting *m,
			   store_council_participant *p, fq_err *err)
{
	fq_status st = store_council_participant_get(c, http_arena(x->p.r), m->id, 0,
						     x->who->account_id, p, err);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such vote");
	return st;
}

static fq_status ballot_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_council_vote v;
	store_council_meeting m;
	store_council_participant p;
	const char *choice = api_json_str(x->body, "choice");
	fq_status st = store_council_vote_get(c, http_arena(x->p.r), x->id, &v, err);
	if (st == FQ_OK)
		st = store_council_meeting_get(c, http_arena(x->p.r), v.meeting_id, &m, err);
	if (st == FQ_OK)
		st = json_object_get(x->body, "participant_id") ? paper_voter(x, c, &m, &v, &p, err)
								 : own_voter(x, c, &m, &p, err);
	if (st == FQ_OK && !p.can_vote)
		st = fq_fail(err, FQ_EFORBIDDEN, "participant", "this participant has no vote");
	if (st == FQ_OK && strcmp(v.state, "open") != 0)
		st = fq_fail(err, FQ_ECONFLICT, "state", "the vote is %s", v.state);
	if (st == FQ_OK && !council_choice_valid(choice))
		st = fq_fail(err, FQ_EINVAL, "choice", "must be yes, no or abstain");
	if (st == FQ_OK)
		st = store_council_ballot_cast(c, x->id, v.secret, p.id, choice, x->who->account_id,
					       err);
	return st;
}

void api_council_ballot_cast(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, ballot_spec, sizeof ballot_spec / sizeof *ballot_spec);
	if (x)
		council_api_park(x, vote_written, ballot_tx);
}

/* ---- closing a vote ----------------------------------------------------------------------- */

/* Move the item's topic after the count: decided when passed, else
 * deliberated; a topic that cannot move (decided by an earlier vote,
 * dropped) keeps its state. */
static fq_status move_topic(council_ctx *x, store_conn *c, const store_council_vote *v,
			    fq_err *err)
{
	store_council_topic t;
	fq_status st = store_council_topic_get(c, http_arena(x->p.r), v->topic_id, 0, &t, err);
	if (st != FQ_OK)
		return st;
	council_topic_state to;
	fq_err ignored = {0};
	if (council_topic_next((council_topic_state)council_topic_state_parse(t.state),
			       v->passed ? CTE_DECIDE : CTE_DELIBERATE, &to, &ignored) != FQ_OK)
		return FQ_OK;
	return store_council_topic_move(c, t.id, t.state, council_topic_state_name(to),
					v->passed ? "decide" : "deliberate", 0, v->outcome, x->now,
					err);
}

static fq_status vote_close_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_council_vote v;
	store_council_meeting m;
	fq_status st = store_council_vote_get(c, http_arena(x->p.r), x->id, &v, err);
	if (st == FQ_OK)
		st = store_council_meeting_get(c, http_arena(x->p.r), v.meeting_id, &m, err);
	if (st == FQ_OK && !council_api_staff(x->who, m.unit_path))
		st = council_api_sees(x->who, m.unit_path)
			     ? fq_fail(err, FQ_EFORBIDDEN, "", "only staff of the unit close votes")
			     : fq_fail(err, FQ_ENOTFOUND, "id", "no such vote");
	if (st == FQ_OK && strcmp(v.state, "open") != 0)
		st = fq_fail(err, FQ_ECONFLICT, "state", "the vote is %s", v.state);
	council_tally t = {.eligible = v.eligible};
	if (st == FQ_OK)
		st = store_council_tally(c, x->id, &t.yes, &t.no, &t.abstain, err);
	if (st != FQ_OK)
		return st;
	council_rule rule = {v.quorum_num, v.quorum_den,
			     (council_majority)council_majority_parse(v.majority)};
	council_result res;
	council_vote_count(&t, &rule, &res);
	v.voted = res.voted;
	v.yes = t.yes;
	v.no = t.no;
	v.abstain = t.abstain;
	v.quorum_met = res.quorum_met;
	v.passed = res.passed;
	v.outcome = res.outcome;
	st = store_council_vote_close(c, &v, x->now, err);
	if (st == FQ_OK && v.topic_id)
		st = move_topic(x, c, &v, err);
	return st;
}

void api_council_vote_close(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, NULL, 0);
	if (x)
		council_api_park(x, vote_written, vote_close_tx);
}

/* ---- the resolution of a passed vote ------------------------------------------------------------ */

static const api_field resolution_spec[] = {
	{"text", JF_TEXT, JF_REQUIRED, COUNCIL_RESOLUTION_MAX, 0, 0},
};

static fq_status resolution_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_council_vote v;
	store_council_meeting m;
	fq_status st = store_council_vote_get(c, http_arena(x->p.r), x->id, &v, err);
	if (st == FQ_OK)
		st = store_council_meeting_get(c, http_arena(x->p.r), v.meeting_id, &m, err);
	if (st == FQ_OK && !council_api_staff(x->who, m.unit_path))
		st = council_api_sees(x->who, m.unit_path)
			     ? fq_fail(err, FQ_EFORBIDDEN, "", "only staff of the unit write resolutions")
			     : fq_fail(err, FQ_ENOTFOUND, "id", "no such vote");
	if (st == FQ_OK && strcmp(v.state, "closed") != 0)
		st = fq_fail(err, FQ_ECONFLICT, "state", "the vote is %s", v.state);
	if (st == FQ_OK && !v.passed)
		st = fq_fail(err, FQ_ECONFLICT, "passed", "the vote did not pass (%s)", v.outcome);
	store_council_resolution res = {.vote_id = v.id, .meeting_id = m.id,
					.topic_id = v.topic_id, .unit_path = m.unit_path,
					.text = api_json_str(x->body, "text")};
	if (st == FQ_OK)
		st = store_council_resolution_insert(c, &res, x->who->account_id, x->now, &x->new_id,
						     err);
	return st;
}

static void resolution_written(app *a, http_req *r)
{
	council_ctx *x = http_user(r);
	if (council_api_failed(x))
		return;
	fq_err err = {0};
	store_conn *c = NULL;
	store_council_resolution res;
	fq_status st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_council_resolution_get(c, http_arena(r), x->new_id, &res, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *j = council_json_resolution(&res);
	json_object_set_new(j, "tasks", json_array());
	api_reply_json(r, 201, j);
}

void api_council_resolution_create(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, resolution_spec,
					 sizeof resolution_spec / sizeof *resolution_spec);
	if (x)
		council_api_park(x, resolution_written, resolution_tx);
}
