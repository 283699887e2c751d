/*
 * council_svc_votes.c - council votes in the councils' service
 * (council_svc.h): one vote as a caller sees it and the open votes of an
 * account; staff opening a vote on an agenda item or a motion of an open
 * meeting; each participant with a vote casting one ballot with their own
 * account (staff record paper ballots for participants without an
 * account, on open ballots only: on a secret ballot whoever records the
 * choice would know it); staff closing the vote, which counts it once and
 * stores the results for good; one resolution for a passed vote.
 *
 * Closing moves the item's topic: decided when the vote passed,
 * deliberated when it failed, in the same transaction.
 */
#include "domain/council_svc_int.h"

#include <string.h>

/* ---- reads ---------------------------------------------------------------------------- */

/* The caller's own participant in the vote's meeting, and whether they
 * voted; FQ_ENOTFOUND (id) when they are none and do not see the unit. */
static fq_status vote_me(store_conn *c, const svc_rd *x, cnlsvc_vote_view *v, fq_err *err)
{
	store_council_participant me = {0};
	int voted = 0;
	fq_status mine = store_council_participant_get(c, x->a, v->m.id, 0, x->who->account_id,
						       &me, err);
	if (mine != FQ_OK && !council_sees(x->who, v->m.unit_path))
		return fq_failr(err, FQ_ENOTFOUND, "id", "council.vote_not_found", "no such vote");
	if (mine != FQ_OK)
		return FQ_OK;
	fq_status st = store_council_has_voted(c, x->id, me.id, &voted, err);
	v->me = me.id;
	v->can_vote = me.can_vote;
	v->has_voted = voted;
	return st;
}

static fq_status vote_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	cnlsvc_vote_view *v = x->out;
	fq_status st = store_council_vote_get(c, x->a, x->id, &v->v, err);
	if (st == FQ_OK)
		st = store_council_meeting_get(c, x->a, v->v.meeting_id, &v->m, err);
	if (st == FQ_OK)
		st = vote_me(c, x, v, err);
	if (st == FQ_OK && !v->v.secret && strcmp(v->v.state, "closed") == 0)
		st = store_council_open_ballots(c, x->a, x->id, &v->ballots, &v->n_ballots, err);
	return st;
}

fq_status cnlsvc_vote(store *db, fq_arena *a, const caller *who, int64_t id,
		      cnlsvc_vote_view *out, fq_err *err)
{
	*out = (cnlsvc_vote_view){0};
	return svc_get(db, vote_read, (svc_rd){.a = a, .who = who, .id = id, .out = out}, err);
}

static fq_status my_votes_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	return store_council_my_votes(c, x->a, x->who->account_id, CNLSVC_MY_VOTES_MAX, x->out,
				      x->n, err);
}

fq_status cnlsvc_my_votes(store *db, fq_arena *a, const caller *who,
			  store_council_my_vote **out, size_t *n, fq_err *err)
{
	return svc_get(db, my_votes_read, (svc_rd){.a = a, .who = who, .out = out, .n = n}, err);
}

static fq_status resolution_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	return store_council_resolution_get(c, x->a, x->id, x->out, err);
}

fq_status cnlsvc_resolution(store *db, fq_arena *a, int64_t id, store_council_resolution *out,
			    fq_err *err)
{
	return svc_get(db, resolution_read, (svc_rd){.a = a, .id = id, .out = out}, err);
}

/* ---- shared by the writes -------------------------------------------------------------- */

/* The vote of the job and its meeting, for staff of its unit only (why
 * names what the others may not do), while the vote is in state. */
static fq_status staff_vote(store_conn *c, cnlsvc_job *j, const char *why, const char *state,
			    store_council_vote *v, store_council_meeting *m, fq_err *err)
{
	fq_status st = store_council_vote_get(c, j->a, j->id, v, err);
	if (st == FQ_OK)
		st = store_council_meeting_get(c, j->a, v->meeting_id, m, err);
	if (st == FQ_OK && !council_staff(j->who, m->unit_path))
		st = cnlsvc_refuse(j->who, m->unit_path, "", why, "vote", err);
	if (st == FQ_OK && strcmp(v->state, state) != 0)
		st = fq_failr(err, FQ_ECONFLICT, "state", "council.vote_state", "the vote is %s",
			      v->state);
	return st;
}

/* ---- opening a vote ------------------------------------------------------------------------ */

/* The rule and motion of the vote as asked, checked. */
static fq_status vote_row(store_conn *c, cnlsvc_job *j, store_council_vote *v, fq_err *err)
{
	const char *maj = j->in.majority;
	council_rule rule = {
		.quorum_num = j->in.quorum_num < 0 ? CNLSVC_QUORUM_NUM_DEFAULT : j->in.quorum_num,
		.quorum_den = j->in.quorum_den < 0 ? CNLSVC_QUORUM_DEN_DEFAULT : j->in.quorum_den,
		.majority = maj ? (council_majority)council_majority_parse(maj) : COUNCIL_SIMPLE,
	};
	fq_status st = council_rule_check(&rule, err);
	if (st != FQ_OK)
		return st;
	*v = (store_council_vote){.meeting_id = j->id, .item_id = j->in.item_id,
				  .motion = j->in.motion, .secret = j->in.secret,
				  .quorum_num = rule.quorum_num, .quorum_den = rule.quorum_den,
				  .majority = council_majority_name(rule.majority)};
	store_council_item it;
	if (v->item_id) {
		st = store_council_item_get(c, j->a, j->id, v->item_id, &it, err);
		if (st == FQ_ENOTFOUND)
			return fq_failr(err, FQ_EINVAL, "item_id", "council.vote_item_unknown",
					"no such item on this agenda");
		if (st == FQ_OK && (!v->motion || !v->motion[0]))
			v->motion = it.topic_title;
	}
	if (st == FQ_OK && (!v->motion || !v->motion[0]))
		st = fq_failr(err, FQ_EINVAL, "motion", "council.vote_motion_required",
			      "a vote without an agenda item needs a motion");
	return st;
}

fq_status cnlsvc_vote_open_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_council_meeting m;
	store_council_vote v;
	int all = 0, open = 0, people = 0;
	fq_status st = store_council_meeting_get(c, j->a, j->id, &m, err);
	if (st == FQ_OK && !council_staff(j->who, m.unit_path))
		st = cnlsvc_refuse(j->who, m.unit_path, "", "only staff of the unit open votes",
				   "meeting", err);
	if (st == FQ_OK && strcmp(m.state, "open") != 0)
		st = fq_failr(err, FQ_ECONFLICT, "state", "council.meeting_state",
			      "the meeting is %s", m.state);
	if (st == FQ_OK)
		st = store_council_vote_count(c, j->id, &all, &open, err);
	if (st == FQ_OK)
		st = cnlsvc_room(all, COUNCIL_VOTES_MAX, "votes", "a meeting holds", err);
	if (st == FQ_OK)
		st = vote_row(c, j, &v, err);
	if (st == FQ_OK)
		st = store_council_participant_count(c, j->id, &people, &v.eligible, err);
	if (st == FQ_OK && v.eligible == 0)
		st = fq_failr(err, FQ_ECONFLICT, "participants", "council.vote_no_voters",
			      "no participant of the meeting may vote");
	if (st == FQ_OK)
		st = store_council_vote_insert(c, &v, j->who->account_id, j->now, &j->new_id, err);
	return st;
}

/* ---- casting a ballot ------------------------------------------------------------------------ */

/* A paper ballot recorded by staff for a participant without an account,
 * on an open ballot only. */
static fq_status paper_voter(store_conn *c, cnlsvc_job *j, const store_council_meeting *m,
			     const store_council_vote *v, store_council_participant *p, fq_err *err)
{
	if (!council_staff(j->who, m->unit_path))
		return cnlsvc_refuse(j->who, m->unit_path, "participant_id",
				     "only staff record paper ballots", "vote", err);
	if (v->secret)
		return fq_failr(err, FQ_EINVAL, "participant_id", "council.ballot_secret_own",
				"a secret ballot is cast by the participant's own account");
	fq_status st = store_council_participant_get(c, j->a, m->id, j->in.participant_id, 0, p,
						     err);
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_EINVAL, "participant_id", "council.participant_unknown",
				"no such participant");
	if (st == FQ_OK && p->account_id)
		st = fq_failr(err, FQ_EINVAL, "participant_id", "council.ballot_own_account",
			      "this participant votes with their own account");
	return st;
}

/* The voter: the participant of the caller's own account; 404 for
 * anyone who is not a participant. */
static fq_status own_voter(store_conn *c, cnlsvc_job *j, const store_council_meeting *m,
			   store_council_participant *p, fq_err *err)
{
	fq_status st = store_council_participant_get(c, j->a, m->id, 0, j->who->account_id, p,
						     err);
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_ENOTFOUND, "id", "council.vote_not_found", "no such vote");
	return st;
}

fq_status cnlsvc_ballot_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_council_vote v;
	store_council_meeting m;
	store_council_participant p;
	const char *choice = j->in.choice;
	fq_status st = store_council_vote_get(c, j->a, j->id, &v, err);
	if (st == FQ_OK)
		st = store_council_meeting_get(c, j->a, v.meeting_id, &m, err);
	if (st == FQ_OK)
		st = j->in.paper ? paper_voter(c, j, &m, &v, &p, err) : own_voter(c, j, &m, &p, err);
	if (st == FQ_OK && !p.can_vote)
		st = fq_failr(err, FQ_EFORBIDDEN, "participant", "council.ballot_no_vote",
			      "this participant has no vote");
	if (st == FQ_OK && strcmp(v.state, "open") != 0)
		st = fq_failr(err, FQ_ECONFLICT, "state", "council.vote_state", "the vote is %s",
			      v.state);
	if (st == FQ_OK && !council_choice_valid(choice))
		st = fq_failr(err, FQ_EINVAL, "choice", "council.ballot_choice_unknown",
			      "must be yes, no or abstain");
	if (st == FQ_OK)
		st = store_council_ballot_cast(c, j->id, v.secret, p.id, choice, j->who->account_id,
					       err);
	return st;
}

/* ---- closing a vote ----------------------------------------------------------------------- */

/* Move the item's topic after the count: decided when passed, else
 * deliberated; a topic that cannot move (decided by an earlier vote,
 * dropped) keeps its state. */
static fq_status move_topic(store_conn *c, cnlsvc_job *j, const store_council_vote *v,
			    fq_err *err)
{
	store_council_topic t;
	fq_status st = store_council_topic_get(c, j->a, v->topic_id, 0, &t, err);
	if (st != FQ_OK)
		return st;
	council_topic_state to;
	fq_err ignored = {0};
	if (council_topic_next((council_topic_state)council_topic_state_parse(t.state),
			       v->passed ? CTE_DECIDE : CTE_DELIBERATE, &to, &ignored) != FQ_OK)
		return FQ_OK;
	return store_council_topic_move(c, t.id, t.state, council_topic_state_name(to),
					v->passed ? "decide" : "deliberate", 0, v->outcome, j->now,
					err);
}

/* Count the vote's ballots once into v. */
static fq_status count(store_conn *c, int64_t id, store_council_vote *v, fq_err *err)
{
	council_tally t = {.eligible = v->eligible};
	fq_status st = store_council_tally(c, id, &t.yes, &t.no, &t.abstain, err);
	if (st != FQ_OK)
		return st;
	council_rule rule = {v->quorum_num, v->quorum_den,
			     (council_majority)council_majority_parse(v->majority)};
	council_result res;
	council_vote_count(&t, &rule, &res);
	v->voted = res.voted;
	v->yes = t.yes;
	v->no = t.no;
	v->abstain = t.abstain;
	v->quorum_met = res.quorum_met;
	v->passed = res.passed;
	v->outcome = res.outcome;
	return FQ_OK;
}

fq_status cnlsvc_vote_close_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_council_vote v;
	store_council_meeting m;
	fq_status st = staff_vote(c, j, "only staff of the unit close votes", "open", &v, &m, err);
	if (st == FQ_OK)
		st = count(c, j->id, &v, err);
	if (st == FQ_OK)
		st = store_council_vote_close(c, &v, j->now, err);
	if (st == FQ_OK && v.topic_id)
		st = move_topic(c, j, &v, err);
	return st;
}

/* ---- the resolution of a passed vote --------------------------------------------------------- */

fq_status cnlsvc_resolution_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_council_vote v;
	store_council_meeting m;
	fq_status st = staff_vote(c, j, "only staff of the unit write resolutions", "closed", &v,
				  &m, err);
	if (st == FQ_OK && !v.passed)
		st = fq_failr(err, FQ_ECONFLICT, "passed", "council.vote_not_passed",
			      "the vote did not pass (%s)", v.outcome);
	if (st != FQ_OK)
		return st;
	store_council_resolution res = {.vote_id = v.id, .meeting_id = m.id,
					.topic_id = v.topic_id, .unit_path = m.unit_path,
					.text = j->in.text};
	return store_council_resolution_insert(c, &res, j->who->account_id, j->now, &j->new_id,
					       err);
}
