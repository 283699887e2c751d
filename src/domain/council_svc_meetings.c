/*
 * council_svc_meetings.c - council meetings in the councils' service
 * (council_svc.h): the list, one meeting with participants, agenda,
 * minutes, opinions and votes; staff creating and updating meetings,
 * adding participants and agenda items, opening and closing them and
 * writing the minutes; participants (or staff for them) giving opinions
 * while the meeting is open.
 *
 * Closing a meeting moves each agenda topic still on the agenda to
 * deliberated in the same transaction; a meeting with an open vote does
 * not close, and takes no new participants (the eligible of a vote are
 * fixed while it is open).
 */
#include "domain/council_svc_int.h"

#include <string.h>

/* ---- reads ---------------------------------------------------------------------------- */

static fq_status meetings_list(store_conn *c, const svc_rd *x, fq_err *err)
{
	store_council_filter *f = x->f;
	fq_status st = cnlsvc_scope(c, x, err);
	if (st == FQ_OK && f->state && council_meeting_state_parse(f->state) < 0)
		st = fq_fail(err, FQ_EINVAL, "state", "must be scheduled, open or closed");
	if (st == FQ_OK)
		st = store_council_meeting_list(c, x->a, f, x->out, x->n, err);
	return st;
}

fq_status cnlsvc_meetings(store *db, fq_arena *a, const caller *who, int64_t unit,
			  store_council_filter *f, store_council_meeting **out, size_t *n,
			  fq_err *err)
{
	return svc_list(db, meetings_list, a, who, unit, f, out, n, err);
}

/* The caller's participant id among the meeting's (the last), or 0. */
static int64_t own_participant(const caller *who, const cnlsvc_meeting_view *v)
{
	int64_t me = 0;
	for (size_t i = 0; i < v->n_parts; i++)
		if (v->parts[i].account_id && v->parts[i].account_id == who->account_id)
			me = v->parts[i].id;
	return me;
}

static fq_status meeting_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	cnlsvc_meeting_view *v = x->out;
	fq_status st = store_council_meeting_get(c, x->a, x->id, &v->m, err);
	if (st == FQ_OK)
		st = store_council_participants(c, x->a, x->id, &v->parts, &v->n_parts, err);
	v->me = st == FQ_OK ? own_participant(x->who, v) : 0;
	if (st == FQ_OK && !v->me && !council_sees(x->who, v->m.unit_path))
		return fq_failr(err, FQ_ENOTFOUND, "id", "council.meeting_not_found",
				"no such meeting");
	if (st == FQ_OK)
		st = store_council_items(c, x->a, x->id, &v->items, &v->n_items, err);
	if (st == FQ_OK)
		st = store_council_opinions(c, x->a, x->id, &v->ops, &v->n_ops, err);
	if (st == FQ_OK)
		st = store_council_votes(c, x->a, x->id, &v->votes, &v->n_votes, err);
	v->staff = st == FQ_OK && council_staff(x->who, v->m.unit_path);
	return st;
}

fq_status cnlsvc_meeting(store *db, fq_arena *a, const caller *who, int64_t id,
			 cnlsvc_meeting_view *out, fq_err *err)
{
	*out = (cnlsvc_meeting_view){0};
	return svc_get(db, meeting_read, (svc_rd){.a = a, .who = who, .id = id, .out = out}, err);
}

/* ---- shared by the writes ------------------------------------------------------------- */

/* The meeting of the job, for staff of its unit only: others get 404 when
 * they cannot see it and 403 when they can. */
static fq_status staff_meeting(store_conn *c, cnlsvc_job *j, store_council_meeting *m,
			       fq_err *err)
{
	fq_status st = store_council_meeting_get(c, j->a, j->id, m, err);
	if (st == FQ_OK && !council_staff(j->who, m->unit_path))
		st = cnlsvc_refuse(j->who, m->unit_path, "", "only staff of the unit may do this",
				   "meeting", err);
	return st;
}

/* The meeting of the job for staff, while it may still be edited. */
static fq_status editable_meeting(store_conn *c, cnlsvc_job *j, store_council_meeting *m,
				  fq_err *err)
{
	fq_status st = staff_meeting(c, j, m, err);
	if (st == FQ_OK)
		st = council_meeting_editable(
			(council_meeting_state)council_meeting_state_parse(m->state), err);
	return st;
}

/* FQ_ECONFLICT when a vote of the meeting is open. */
static fq_status no_open_vote(store_conn *c, int64_t meeting_id, fq_err *err)
{
	int all = 0, open = 0;
	fq_status st = store_council_vote_count(c, meeting_id, &all, &open, err);
	if (st == FQ_OK && open)
		st = fq_failr(err, FQ_ECONFLICT, "votes", "council.vote_open",
			      "a vote of the meeting is open");
	return st;
}

/* ---- create and update ------------------------------------------------------------------ */

fq_status cnlsvc_meeting_create_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_unit u;
	store_council_meeting m = {.title = j->in.title, .kind = j->in.kind,
				   .place = j->in.place, .starts_at = j->in.starts_at};
	if (!council_meeting_kind_valid(m.kind))
		return fq_failr(err, FQ_EINVAL, "kind", "council.meeting_kind_unknown",
				"must be council or round_table");
	fq_status st = cnlsvc_council_unit(c, j->a, j->who, j->in.unit_id, "unit_id", 1, &u, err);
	if (st != FQ_OK)
		return st;
	m.unit_id = u.id;
	m.unit_path = u.path;
	st = store_council_meeting_insert(c, &m, j->who->account_id, j->now, &j->id, err);
	j->new_id = j->id;
	return st;
}

fq_status cnlsvc_meeting_update_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_council_meeting m;
	fq_status st = editable_meeting(c, j, &m, err);
	if (st == FQ_OK)
		st = store_council_meeting_update(c, j->id, j->in.title, j->in.starts_at, j->in.place,
						  j->now, err);
	return st;
}

/* ---- participants ------------------------------------------------------------------------ */

static fq_status participant_row(store_conn *c, cnlsvc_job *j, store_council_participant *p,
				 fq_err *err)
{
	*p = (store_council_participant){.meeting_id = j->id, .kind = j->in.kind,
					 .talent_id = j->in.talent_id,
					 .account_id = j->in.account_id, .name = j->in.name,
					 .can_vote = j->in.can_vote != 0};
	if (!council_participant_kind_valid(p->kind))
		return fq_failr(err, FQ_EINVAL, "kind", "council.participant_kind_unknown",
				"must be talent, resident_rep, department,"
						       " property_company or staff");
	if (p->talent_id && strcmp(p->kind, "talent") != 0)
		return fq_failr(err, FQ_EINVAL, "talent_id", "council.participant_talent_only",
				"only a talent participant names one");
	const char *account_name = NULL;
	fq_status st = p->account_id ? store_council_account_name(c, j->a, p->account_id,
								   &account_name, err)
				     : FQ_OK;
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_EINVAL, "account_id", "account.not_found",
				"no such account");
	if (st == FQ_OK && (!p->name || !p->name[0]))
		p->name = account_name && account_name[0] ? account_name : NULL;
	if (st == FQ_OK && !p->name)
		st = fq_failr(err, FQ_EINVAL, "name", "council.participant_name_required",
			      "a participant without an account needs a name");
	return st;
}

fq_status cnlsvc_participant_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_council_meeting m;
	store_council_participant p;
	int all = 0, voters = 0;
	fq_status st = editable_meeting(c, j, &m, err);
	if (st == FQ_OK)
		st = no_open_vote(c, j->id, err);
	if (st == FQ_OK)
		st = store_council_participant_count(c, j->id, &all, &voters, err);
	if (st == FQ_OK)
		st = cnlsvc_room(all, COUNCIL_PARTICIPANTS_MAX, "participants", "a meeting has",
				 err);
	if (st == FQ_OK)
		st = participant_row(c, j, &p, err);
	if (st == FQ_OK)
		st = store_council_participant_insert(c, &p, j->now, &j->new_id, err);
	return st;
}

/* ---- agenda -------------------------------------------------------------------------------- */

fq_status cnlsvc_agenda_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_council_meeting m;
	store_council_topic t;
	store_council_item *items = NULL;
	size_t n = 0;
	fq_status st = editable_meeting(c, j, &m, err);
	if (st == FQ_OK)
		st = store_council_items(c, j->a, j->id, &items, &n, err);
	if (st == FQ_OK)
		st = cnlsvc_room(n, COUNCIL_ITEMS_MAX, "items", "an agenda has", err);
	if (st == FQ_OK)
		st = store_council_topic_get(c, j->a, j->in.topic_id, 0, &t, err);
	if (st == FQ_ENOTFOUND ||
	    (st == FQ_OK && strncmp(t.unit_path, m.unit_path, strlen(m.unit_path)) != 0))
		return fq_failr(err, FQ_EINVAL, "topic_id", "council.topic_other_unit",
				"no such topic in the meeting's unit");
	if (st != FQ_OK)
		return st;
	council_topic_state from = (council_topic_state)council_topic_state_parse(t.state), to;
	st = from == CT_ON_AGENDA ? FQ_OK : council_topic_next(from, CTE_AGENDA, &to, err);
	if (st == FQ_OK)
		st = store_council_item_insert(c, j->id, t.id, &j->new_id, err);
	if (st == FQ_OK && from != CT_ON_AGENDA)
		st = store_council_topic_move(c, t.id, t.state, council_topic_state_name(to),
					      "agenda", j->who->account_id, m.title, j->now, err);
	return st;
}

/* ---- open and close ------------------------------------------------------------------------ */

/* Topics of the agenda still on it are deliberated when the meeting
 * closes. */
static fq_status deliberate_items(store_conn *c, cnlsvc_job *j, const store_council_meeting *m,
				  fq_err *err)
{
	store_council_item *items = NULL;
	size_t n = 0;
	fq_status st = store_council_items(c, j->a, j->id, &items, &n, err);
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		if (strcmp(items[i].topic_state, "on_agenda") == 0)
			st = store_council_topic_move(c, items[i].topic_id, "on_agenda", "deliberated",
						      "deliberate", j->who->account_id, m->title,
						      j->now, err);
	return st;
}

fq_status cnlsvc_meeting_state_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_council_meeting m;
	int to_open = j->op == CNLSVC_MEETING_OPEN;
	council_meeting_state to;
	fq_status st = staff_meeting(c, j, &m, err);
	if (st == FQ_OK)
		st = council_meeting_next(
			(council_meeting_state)council_meeting_state_parse(m.state), to_open, &to,
			err);
	if (st == FQ_OK && !to_open)
		st = no_open_vote(c, j->id, err);
	if (st == FQ_OK && !to_open)
		st = deliberate_items(c, j, &m, err);
	if (st == FQ_OK)
		st = store_council_meeting_set_state(c, j->id, council_meeting_state_name(to), j->now,
						     err);
	return st;
}

/* ---- minutes and opinions -------------------------------------------------------------------- */

fq_status cnlsvc_minutes_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_council_meeting m;
	store_council_item it;
	fq_status st = staff_meeting(c, j, &m, err);
	if (st == FQ_OK && strcmp(m.state, "scheduled") == 0)
		st = fq_failr(err, FQ_ECONFLICT, "state", "council.meeting_not_open",
			      "the meeting is scheduled");
	if (st == FQ_OK)
		st = store_council_item_get(c, j->a, j->id, j->item_id, &it, err);
	if (st == FQ_OK)
		st = store_council_item_set_minutes(c, j->item_id, j->in.minutes, err);
	return st;
}

/* Who speaks: staff name any participant; anyone else is the participant
 * of their own account (404 when they are none). */
static fq_status speaker(store_conn *c, cnlsvc_job *j, const store_council_meeting *m,
			 store_council_participant *p, fq_err *err)
{
	int64_t pid = j->in.participant_id;
	if (council_staff(j->who, m->unit_path)) {
		if (!pid)
			return fq_failr(err, FQ_EINVAL, "participant_id",
					"council.participant_required", "name the participant");
		fq_status st = store_council_participant_get(c, j->a, m->id, pid, 0, p, err);
		return st == FQ_ENOTFOUND ? fq_failr(err, FQ_EINVAL, "participant_id",
						     "council.participant_unknown",
						     "no such participant") : st;
	}
	fq_status st = store_council_participant_get(c, j->a, m->id, 0, j->who->account_id, p,
						     err);
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_ENOTFOUND, "id", "council.meeting_not_found",
				"no such meeting");
	if (st == FQ_OK && pid && pid != p->id)
		st = fq_failr(err, FQ_EFORBIDDEN, "participant_id", "council.speak_for_self",
			      "you speak for yourself only");
	return st;
}

fq_status cnlsvc_opinion_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_council_meeting m;
	store_council_item it;
	store_council_participant p;
	int count = 0;
	fq_status st = store_council_meeting_get(c, j->a, j->id, &m, err);
	if (st == FQ_OK)
		st = speaker(c, j, &m, &p, err);
	if (st == FQ_OK && strcmp(m.state, "open") != 0)
		st = fq_failr(err, FQ_ECONFLICT, "state", "council.meeting_state",
			      "the meeting is %s", m.state);
	if (st == FQ_OK)
		st = store_council_item_get(c, j->a, j->id, j->item_id, &it, err);
	if (st == FQ_OK)
		st = store_council_opinion_count(c, j->item_id, &count, err);
	if (st == FQ_OK)
		st = cnlsvc_room(count, COUNCIL_OPINIONS_MAX, "opinions", "an item takes", err);
	if (st == FQ_OK)
		st = store_council_opinion_insert(c, j->item_id, p.id, j->in.text,
						  j->who->account_id, j->now, err);
	j->new_id = st == FQ_OK ? p.id : 0;
	return st;
}
