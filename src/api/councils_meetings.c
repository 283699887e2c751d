/*
 * councils_meetings.c - council meetings over HTTP (docs/councils.md):
 * list, one meeting with participants, agenda, minutes, opinions and
 * votes; staff create and update meetings, add participants and agenda
 * items, open and close them and write the minutes; participants (or
 * staff for them) give opinions while the meeting is open.
 *
 * Closing a meeting moves each agenda topic still on the agenda to
 * deliberated in the same transaction; a meeting with an open vote does
 * not close, and takes no new participants (the eligible of a vote are
 * fixed while it is open).
 */
#include "api/handlers.h"

#include <string.h>

#include "api/councils_int.h"
#include "store/store_org.h"

/* ---- reads ------------------------------------------------------------------ */

void api_council_meetings(app *a, http_req *r)
{
	fq_err err = {0};
	const caller *who = api_caller(r);
	store_council_filter f = {0};
	int64_t limit = 0, cursor = 0;
	fq_status st = council_api_scope(a, r, who, &f, &err);
	if (st == FQ_OK)
		st = api_query_int(r, "limit", 1, COUNCIL_LIST_MAX, COUNCIL_LIST_DEFAULT, &limit,
				   &err);
	if (st == FQ_OK)
		st = api_query_int(r, "cursor", 0, INT64_MAX, 0, &cursor, &err);
	f.state = http_query(r, "state");
	if (st == FQ_OK && f.state && council_meeting_state_parse(f.state) < 0)
		st = fq_fail(&err, FQ_EINVAL, "state", "must be scheduled, open or closed");
	f.after_id = cursor;
	f.limit = (int)limit;
	store_conn *c = NULL;
	store_council_meeting *rows = NULL;
	size_t n = 0;
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_council_meeting_list(c, http_arena(r), &f, &rows, &n, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, council_json_meeting(&rows[i]));
	json_t *next = n == (size_t)limit ? json_sprintf("%lld", (long long)rows[n - 1].id)
					  : json_null();
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

void api_council_meeting(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id = 0;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	council_reply_meeting(a, r, api_caller(r), id, 200);
}

/* ---- shared by the writes -------------------------------------------------------- */

static void meeting_written(app *a, http_req *r)
{
	council_ctx *x = http_user(r);
	if (council_api_failed(x))
		return;
	council_reply_meeting(a, r, x->who, x->id, x->new_id ? 201 : 200);
}

/* The meeting of the path, for staff of its unit only: others get 404
 * when they cannot see it and 403 when they can. */
static fq_status staff_meeting(council_ctx *x, store_conn *c, store_council_meeting *m,
			       fq_err *err)
{
	fq_status st = store_council_meeting_get(c, http_arena(x->p.r), x->id, m, err);
	if (st == FQ_OK && !council_api_staff(x->who, m->unit_path))
		st = council_api_sees(x->who, m->unit_path)
			     ? fq_fail(err, FQ_EFORBIDDEN, "", "only staff of the unit may do this")
			     : fq_fail(err, FQ_ENOTFOUND, "id", "no such meeting");
	return st;
}

static fq_status editable(const store_council_meeting *m, fq_err *err)
{
	return council_meeting_editable(
		(council_meeting_state)council_meeting_state_parse(m->state), err);
}

/* ---- create and update -------------------------------------------------------------- */

static const api_field meeting_spec[] = {
	{"unit_id", JF_INT, JF_REQUIRED, 0, 1, COUNCIL_ID_MAX},
	{"title", JF_LINE, JF_REQUIRED, COUNCIL_TITLE_MAX, 0, 0},
	{"kind", JF_STRING, JF_REQUIRED, COUNCIL_CODE_MAX, 0, 0},
	{"starts_at", JF_STRING, JF_REQUIRED, COUNCIL_CODE_MAX, 0, 0},
	{"place", JF_LINE, 0, COUNCIL_PLACE_MAX, 0, 0},
};

static fq_status meeting_create_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_unit u;
	store_council_meeting m = {.title = api_json_str(x->body, "title"),
				   .kind = api_json_str(x->body, "kind"),
				   .place = api_json_str(x->body, "place")};
	if (!council_meeting_kind_valid(m.kind))
		return fq_fail(err, FQ_EINVAL, "kind", "must be council or round_table");
	fq_status st = council_api_time(x->body, "starts_at", &m.starts_at, err);
	if (st == FQ_OK)
		st = store_unit_get(c, http_arena(x->p.r), council_api_int(x->body, "unit_id", 0), &u,
				    err);
	if (st == FQ_ENOTFOUND || (st == FQ_OK && !council_api_staff(x->who, u.path)))
		return fq_fail(err, FQ_ENOTFOUND, "unit_id", "no such unit in your scope");
	if (st == FQ_OK && !council_unit_kind_valid(u.kind))
		st = fq_fail(err, FQ_EINVAL, "unit_id", "councils sit at a street, community or village");
	m.unit_id = u.id;
	m.unit_path = u.path;
	if (st == FQ_OK)
		st = store_council_meeting_insert(c, &m, x->who->account_id, x->now, &x->id, err);
	x->new_id = x->id;
	return st;
}

void api_council_meeting_create(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, meeting_spec, sizeof meeting_spec / sizeof *meeting_spec);
	if (x)
		council_api_park(x, meeting_written, meeting_create_tx);
}

static const api_field update_spec[] = {
	{"title", JF_LINE, 0, COUNCIL_TITLE_MAX, 0, 0},
	{"starts_at", JF_STRING, 0, COUNCIL_CODE_MAX, 0, 0},
	{"place", JF_LINE, 0, COUNCIL_PLACE_MAX, 0, 0},
};

static fq_status meeting_update_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_council_meeting m;
	int64_t starts = 0;
	fq_status st = council_api_time(x->body, "starts_at", &starts, err);
	if (st == FQ_OK)
		st = staff_meeting(x, c, &m, err);
	if (st == FQ_OK)
		st = editable(&m, err);
	if (st == FQ_OK)
		st = store_council_meeting_update(c, x->id, api_json_str(x->body, "title"), starts,
						  api_json_str(x->body, "place"), x->now, err);
	return st;
}

void api_council_meeting_update(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, update_spec, sizeof update_spec / sizeof *update_spec);
	if (x)
		council_api_park(x, meeting_written, meeting_update_tx);
}

/* ---- participants ---------------------------------------------------------------------- */

static const api_field participant_spec[] = {
	{"kind", JF_STRING, JF_REQUIRED, COUNCIL_CODE_MAX, 0, 0},
	{"name", JF_LINE, 0, COUNCIL_NAME_MAX, 0, 0},
	{"account_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
	{"talent_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
	{"can_vote", JF_BOOL, 0, 0, 0, 0},
};

/* FQ_ECONFLICT when a vote of the meeting is open. */
static fq_status no_open_vote(store_conn *c, int64_t meeting_id, fq_err *err)
{
	int all = 0, open = 0;
	fq_status st = store_council_vote_count(c, meeting_id, &all, &open, err);
	if (st == FQ_OK && open)
		st = fq_fail(err, FQ_ECONFLICT, "votes", "a vote of the meeting is open");
	return st;
}

static fq_status participant_row(council_ctx *x, store_conn *c, store_council_participant *p,
				 fq_err *err)
{
	json_t *cv = json_object_get(x->body, "can_vote");
	*p = (store_council_participant){.meeting_id = x->id,
					 .kind = api_json_str(x->body, "kind"),
					 .talent_id = council_api_int(x->body, "talent_id", 0),
					 .account_id = council_api_int(x->body, "account_id", 0),
					 .name = api_json_str(x->body, "name"),
					 .can_vote = cv ? json_is_true(cv) : 1};
	if (!council_participant_kind_valid(p->kind))
		return fq_fail(err, FQ_EINVAL, "kind", "must be talent, resident_rep, department,"
						       " property_company or staff");
	if (p->talent_id && strcmp(p->kind, "talent") != 0)
		return fq_fail(err, FQ_EINVAL, "talent_id", "only a talent participant names one");
	const char *account_name = NULL;
	fq_status st = p->account_id ? store_council_account_name(c, http_arena(x->p.r),
								   p->account_id, &account_name, err)
				     : FQ_OK;
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EINVAL, "account_id", "no such account");
	if (st == FQ_OK && (!p->name || !p->name[0]))
		p->name = account_name && account_name[0] ? account_name : NULL;
	if (st == FQ_OK && !p->name)
		st = fq_fail(err, FQ_EINVAL, "name", "a participant without an account needs a name");
	return st;
}

static fq_status participant_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_council_meeting m;
	store_council_participant p;
	int all = 0, voters = 0;
	fq_status st = staff_meeting(x, c, &m, err);
	if (st == FQ_OK)
		st = editable(&m, err);
	if (st == FQ_OK)
		st = no_open_vote(c, x->id, err);
	if (st == FQ_OK)
		st = store_council_participant_count(c, x->id, &all, &voters, err);
	if (st == FQ_OK && all >= COUNCIL_PARTICIPANTS_MAX)
		st = fq_fail(err, FQ_ETOOBIG, "participants", "a meeting has at most %d participants",
			     COUNCIL_PARTICIPANTS_MAX);
	if (st == FQ_OK)
		st = participant_row(x, c, &p, err);
	if (st == FQ_OK)
		st = store_council_participant_insert(c, &p, x->now, &x->new_id, err);
	return st;
}

void api_council_participant_add(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, participant_spec,
					 sizeof participant_spec / sizeof *participant_spec);
	if (x)
		council_api_park(x, meeting_written, participant_tx);
}

/* ---- agenda ------------------------------------------------------------------------------ */

static const api_field agenda_spec[] = {
	{"topic_id", JF_INT, JF_REQUIRED, 0, 1, COUNCIL_ID_MAX},
};

static fq_status agenda_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_council_meeting m;
	store_council_topic t;
	store_council_item *items = NULL;
	size_t n = 0;
	fq_status st = staff_meeting(x, c, &m, err);
	if (st == FQ_OK)
		st = editable(&m, err);
	if (st == FQ_OK)
		st = store_council_items(c, http_arena(x->p.r), x->id, &items, &n, err);
	if (st == FQ_OK && n >= COUNCIL_ITEMS_MAX)
		st = fq_fail(err, FQ_ETOOBIG, "items", "an agenda has at most %d items",
			     COUNCIL_ITEMS_MAX);
	if (st == FQ_OK)
		st = store_council_topic_get(c, http_arena(x->p.r),
					     council_api_int(x->body, "topic_id", 0), 0, &t, err);
	if (st == FQ_ENOTFOUND ||
	    (st == FQ_OK && strncmp(t.unit_path, m.unit_path, strlen(m.unit_path)) != 0))
		return fq_fail(err, FQ_EINVAL, "topic_id", "no such topic in the meeting's unit");
	if (st != FQ_OK)
		return st;
	council_topic_state from = (council_topic_state)council_topic_state_parse(t.state), to;
	st = from == CT_ON_AGENDA ? FQ_OK : council_topic_next(from, CTE_AGENDA, &to, err);
	if (st == FQ_OK)
		st = store_council_item_insert(c, x->id, t.id, &x->new_id, err);
	if (st == FQ_OK && from != CT_ON_AGENDA)
		st = store_council_topic_move(c, t.id, t.state, council_topic_state_name(to),
					      "agenda", x->who->account_id, m.title, x->now, err);
	return st;
}

void api_council_agenda_add(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, agenda_spec, sizeof agenda_spec / sizeof *agenda_spec);
	if (x)
		council_api_park(x, meeting_written, agenda_tx);
}

/* ---- open and close ------------------------------------------------------------------------ */

/* Topics of the agenda still on it are deliberated when the meeting
 * closes. */
static fq_status deliberate_items(council_ctx *x, store_conn *c, const store_council_meeting *m,
				  fq_err *err)
{
	store_council_item *items = NULL;
	size_t n = 0;
	fq_status st = store_council_items(c, http_arena(x->p.r), x->id, &items, &n, err);
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		if (strcmp(items[i].topic_state, "on_agenda") == 0)
			st = store_council_topic_move(c, items[i].topic_id, "on_agenda", "deliberated",
						      "deliberate", x->who->account_id, m->title,
						      x->now, err);
	return st;
}

static fq_status meeting_state_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_council_meeting m;
	int to_open = strcmp(x->action, "open") == 0;
	council_meeting_state to;
	fq_status st = staff_meeting(x, c, &m, err);
	if (st == FQ_OK)
		st = council_meeting_next(
			(council_meeting_state)council_meeting_state_parse(m.state), to_open, &to,
			err);
	if (st == FQ_OK && !to_open)
		st = no_open_vote(c, x->id, err);
	if (st == FQ_OK && !to_open)
		st = deliberate_items(x, c, &m, err);
	if (st == FQ_OK)
		st = store_council_meeting_set_state(c, x->id, council_meeting_state_name(to),
						     x->now, err);
	return st;
}

void api_council_meeting_state(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, NULL, 0);
	if (x)
		council_api_park(x, meeting_written, meeting_state_tx);
}

/* ---- minutes and opinions --------------------------------------------------------------------- */

static const api_field minutes_spec[] = {
	{"minutes", JF_TEXT, JF_REQUIRED, COUNCIL_MINUTES_MAX, 0, 0},
};

static fq_status minutes_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_council_meeting m;
	store_council_item it;
	fq_status st = staff_meeting(x, c, &m, err);
	if (st == FQ_OK && strcmp(m.state, "scheduled") == 0)
		st = fq_fail(err, FQ_ECONFLICT, "state", "the meeting is scheduled");
	if (st == FQ_OK)
		st = store_council_item_get(c, http_arena(x->p.r), x->id, x->id2, &it, err);
	if (st == FQ_OK)
		st = store_council_item_set_minutes(c, x->id2, api_json_str(x->body, "minutes"),
						    err);
	return st;
}

void api_council_minutes_put(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, minutes_spec, sizeof minutes_spec / sizeof *minutes_spec);
	if (x)
		council_api_park(x, meeting_written, minutes_tx);
}

static const api_field opinion_spec[] = {
	{"text", JF_TEXT, JF_REQUIRED, COUNCIL_OPINION_MAX, 0, 0},
	{"participant_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
};

/* Who speaks: staff name any participant; anyone else is the participant
 * of their own account (404 when they are none). */
static fq_status speaker(council_ctx *x, store_conn *c, const store_council_meeting *m,
			 store_council_participant *p, fq_err *err)
{
	int64_t pid = council_api_int(x->body, "participant_id", 0);
	if (council_api_staff(x->who, m->unit_path)) {
		if (!pid)
			return fq_fail(err, FQ_EINVAL, "participant_id", "name the participant");
		fq_status st = store_council_participant_get(c, http_arena(x->p.r), m->id, pid, 0,
							     p, err);
		return st == FQ_ENOTFOUND ? fq_fail(err, FQ_EINVAL, "participant_id",
						    "no such participant") : st;
	}
	fq_status st = store_council_participant_get(c, http_arena(x->p.r), m->id, 0,
						     x->who->account_id, p, err);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such meeting");
	if (st == FQ_OK && pid && pid != p->id)
		st = fq_fail(err, FQ_EFORBIDDEN, "participant_id", "you speak for yourself only");
	return st;
}

static fq_status opinion_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_council_meeting m;
	store_council_item it;
	store_council_participant p;
	int count = 0;
	fq_status st = store_council_meeting_get(c, http_arena(x->p.r), x->id, &m, err);
	if (st == FQ_OK)
		st = speaker(x, c, &m, &p, err);
	if (st == FQ_OK && strcmp(m.state, "open") != 0)
		st = fq_fail(err, FQ_ECONFLICT, "state", "the meeting is %s", m.state);
	if (st == FQ_OK)
		st = store_council_item_get(c, http_arena(x->p.r), x->id, x->id2, &it, err);
	if (st == FQ_OK)
		st = store_council_opinion_count(c, x->id2, &count, err);
	if (st == FQ_OK && count >= COUNCIL_OPINIONS_MAX)
		st = fq_fail(err, FQ_ETOOBIG, "opinions", "an item takes at most %d opinions",
			     COUNCIL_OPINIONS_MAX);
	if (st == FQ_OK)
		st = store_council_opinion_insert(c, x->id2, p.id, api_json_str(x->body, "text"),
						  x->who->account_id, x->now, err);
	x->new_id = st == FQ_OK ? p.id : 0;
	return st;
}

void api_council_opinion_add(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, opinion_spec, sizeof opinion_spec / sizeof *opinion_spec);
	if (x)
		council_api_park(x, meeting_written, opinion_tx);
}
