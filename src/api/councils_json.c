/*
 * councils_json.c - what every councils*.c handler shares
 * (councils_int.h): the parked-write context, the scope rules, list
 * scopes from ?unit=, the JSON of topics, meetings, participants, votes,
 * resolutions and tasks, and the replies that read one of them back.
 */
#include "api/councils_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "store/store_org.h"

/* Events of a topic's timeline in one reply. */
#define COUNCIL_EVENTS_MAX 100

/* ---- scope ---------------------------------------------------------------- */

int council_api_sees(const caller *who, const char *unit_path)
{
	return access_covers(who, WHO_ANY, unit_path) || council_in_unit(who, WHO_ANY, unit_path);
}

int council_api_staff(const caller *who, const char *unit_path)
{
	return access_covers(who, COUNCIL_STAFF, unit_path);
}

const char *council_api_staff_path(const caller *who)
{
	const char *best = NULL;
	for (int i = 0; i < who->n_roles; i++)
		if ((who->r[i].role & COUNCIL_STAFF) && who->r[i].path &&
		    (!best || strlen(who->r[i].path) < strlen(best)))
			best = who->r[i].path;
	return best;
}

/* The caller's unit paths as a JSON array in the arena, for seen_by; NULL
 * (no condition) when a role covers the whole deployment. FQ_ENOMEM when
 * out of memory. */
static fq_status seen_by(fq_arena *ar, const caller *who, const char **out, fq_err *err)
{
	*out = NULL;
	for (int i = 0; i < who->n_roles; i++)
		if (who->r[i].unit_id == 0)
			return FQ_OK;
	json_t *paths = json_array();
	for (int i = 0; paths && i < who->n_roles; i++)
		if (who->r[i].path)
			json_array_append_new(paths, json_string(who->r[i].path));
	char *text = paths ? json_dumps(paths, JSON_COMPACT) : NULL;
	json_decref(paths);
	*out = text ? fq_arena_strdup(ar, text) : NULL;
	free(text);
	return *out ? FQ_OK : fq_fail(err, FQ_ENOMEM, "", "out of memory");
}

fq_status council_api_scope(app *a, http_req *r, const caller *who, store_council_filter *f,
			    fq_err *err)
{
	int64_t unit = 0;
	fq_status st = api_query_int(r, "unit", 1, INT64_MAX, 0, &unit, err);
	if (st == FQ_OK)
		st = seen_by(http_arena(r), who, &f->seen_by, err);
	if (st != FQ_OK || !unit)
		return st;
	store_conn *c = NULL;
	store_unit u;
	st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_unit_get(c, http_arena(r), unit, &u, err);
	store_read_end(a->db, c);
	if (st == FQ_ENOTFOUND || (st == FQ_OK && !council_api_sees(who, u.path)))
		return fq_fail(err, FQ_ENOTFOUND, "unit", "no such unit in your scope");
	if (st != FQ_OK)
		return st;
	f->below = u.path;
	return FQ_OK;
}

/* ---- parked writes ---------------------------------------------------------- */

council_ctx *council_api_ctx(app *a, http_req *r, const api_field *spec, size_t n)
{
	fq_err err = {0};
	council_ctx *x = fq_arena_alloc(http_arena(r), sizeof *x);
	if (!x) {
		api_reply_error(r, fq_fail(&err, FQ_ENOMEM, "", "out of memory"), &err);
		return NULL;
	}
	x->p = (api_parked){.r = r};
	x->a = a;
	x->who = api_caller(r);
	x->now = fq_now_ms() / 1000;
	fq_status st = http_param(r, 0) ? api_param_id(r, 0, &x->id, &err) : FQ_OK;
	if (st == FQ_OK && http_param(r, 1))
		st = api_param_id(r, 1, &x->id2, &err);
	if (st == FQ_OK && spec)
		st = api_body_json(r, &x->body, &err);
	if (st == FQ_OK && spec)
		st = api_json_check(x->body, spec, n, &err);
	if (st != FQ_OK) {
		json_decref(x->body);
		api_reply_error(r, st, &err);
		return NULL;
	}
	const char *path = http_path(r);
	const char *slash = strrchr(path, '/');
	x->action = slash ? slash + 1 : path;
	return x;
}

void council_api_park(council_ctx *x, http_handler_fn cont, store_tx_fn fn)
{
	api_park(x->a, &x->p, cont, fn);
}

int council_api_failed(council_ctx *x)
{
	json_decref(x->body);
	x->body = NULL;
	if (x->p.st == FQ_OK)
		return 0;
	api_reply_error(x->p.r, x->p.st, &x->p.err);
	return 1;
}

int64_t council_api_int(const json_t *body, const char *name, int64_t dflt)
{
	json_t *v = json_object_get(body, name);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}

fq_status council_api_time(const json_t *body, const char *name, int64_t *out, fq_err *err)
{
	const char *s = api_json_str(body, name);
	if (!s)
		return FQ_OK;
	if (fq_time_parse(s, out) != 0)
		return fq_fail(err, FQ_EINVAL, name, "must be an RFC 3339 time or a date");
	return FQ_OK;
}

/* ---- JSON -------------------------------------------------------------------- */

json_t *council_json_time(int64_t t)
{
	return t ? api_time(t) : json_null();
}

json_t *council_json_id(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

json_t *council_json_topic(const store_council_topic *t)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:i, s:i, s:b, s:o, s:o, s:o}",
			 "id", (json_int_t)t->id, "unit_id", (json_int_t)t->unit_id, "unit_name",
			 t->unit_name, "title", t->title, "body", t->body, "source", t->source,
			 "request_id", council_json_id(t->request_id), "state", t->state,
			 "threshold", t->threshold, "supports", t->supports, "supported",
			 t->supported, "proposer", t->proposer_name[0] ? json_string(t->proposer_name)
									 : json_null(),
			 "created_at", council_json_time(t->created_at), "updated_at",
			 council_json_time(t->updated_at));
}

json_t *council_json_meeting(const store_council_meeting *m)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:o}", "id",
			 (json_int_t)m->id, "unit_id", (json_int_t)m->unit_id, "unit_name",
			 m->unit_name, "title", m->title, "kind", m->kind, "starts_at",
			 council_json_time(m->starts_at), "place", m->place, "state", m->state,
			 "opened_at", council_json_time(m->opened_at), "closed_at",
			 council_json_time(m->closed_at));
}

json_t *council_json_participant(const store_council_participant *p, int staff)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:b, s:b, s:o}", "id", (json_int_t)p->id, "kind",
			      p->kind, "name", p->name, "can_vote", p->can_vote, "has_account",
			      p->account_id != 0, "talent_id", council_json_id(p->talent_id));
	if (j && staff)
		json_object_set_new(j, "account_id", council_json_id(p->account_id));
	return j;
}

json_t *council_json_vote(const store_council_vote *v)
{
	int closed = strcmp(v->state, "closed") == 0;
	json_t *j = json_pack(
		"{s:I, s:I, s:o, s:o, s:s, s:b, s:{s:i, s:i}, s:s, s:s, s:i, s:i, s:o, s:o, s:o}",
		"id", (json_int_t)v->id, "meeting_id", (json_int_t)v->meeting_id, "item_id",
		council_json_id(v->item_id), "topic_id", council_json_id(v->topic_id), "motion",
		v->motion, "secret", v->secret, "quorum", "num", v->quorum_num, "den", v->quorum_den,
		"majority", v->majority, "state", v->state, "eligible", v->eligible, "cast", v->cast,
		"opened_at", council_json_time(v->opened_at), "closed_at",
		council_json_time(v->closed_at), "resolution_id", council_json_id(v->resolution_id));
	if (j && closed)
		json_object_set_new(j, "result",
				    json_pack("{s:i, s:i, s:i, s:i, s:b, s:b, s:s}", "voted",
					      v->voted, "yes", v->yes, "no", v->no, "abstain",
					      v->abstain, "quorum_met", v->quorum_met, "passed",
					      v->passed, "outcome", v->outcome));
	return j;
}

json_t *council_json_resolution(const store_council_resolution *r)
{
	return json_pack("{s:I, s:I, s:I, s:o, s:s, s:s, s:s, s:o}", "id", (json_int_t)r->id,
			 "vote_id", (json_int_t)r->vote_id, "meeting_id", (json_int_t)r->meeting_id,
			 "topic_id", council_json_id(r->topic_id), "text", r->text, "meeting_title",
			 r->meeting_title, "topic_title", r->topic_title, "created_at",
			 council_json_time(r->created_at));
}

json_t *council_json_task(const store_council_task *t, int64_t now)
{
	int open = strcmp(t->state, "open") == 0;
	return json_pack("{s:I, s:I, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:i, s:s, s:b, s:b, s:s,"
			 " s:o, s:s, s:o}",
			 "id", (json_int_t)t->id, "resolution_id", (json_int_t)t->resolution_id,
			 "parent_id", council_json_id(t->parent_id), "title", t->title,
			 "owner_account_id", council_json_id(t->owner_account_id), "owner_name",
			 t->owner_name[0] ? json_string(t->owner_name) : json_null(),
			 "owner_unit_id", council_json_id(t->owner_unit_id), "owner_unit_name",
			 t->owner_unit_name[0] ? json_string(t->owner_unit_name) : json_null(),
			 "deadline", council_json_time(t->deadline), "progress", t->progress,
			 "state", t->state, "has_children", t->children > 0, "overdue",
			 open && (t->deadline < now || t->overdue_at), "card", t->card, "card_due",
			 council_json_time(t->card_due), "card_note", t->card_note, "updated_at",
			 council_json_time(t->updated_at));
}

/* ---- replies ----------------------------------------------------------------- */

static json_t *events_json(const store_council_event *ev, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			arr, json_pack("{s:o, s:s, s:o, s:s, s:s, s:b}", "at", api_time(ev[i].at),
				       "event", ev[i].event, "old_state",
				       ev[i].old_state ? json_string(ev[i].old_state) : json_null(),
				       "new_state", ev[i].new_state, "note", ev[i].note, "by_rule",
				       ev[i].actor_account_id == 0));
	return arr;
}

void council_reply_topic(app *a, http_req *r, const caller *who, int64_t id, int status)
{
	fq_err err = {0};
	store_conn *c = NULL;
	store_council_topic t;
	store_council_event *ev = NULL;
	size_t n = 0;
	fq_status st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_council_topic_get(c, http_arena(r), id, who->account_id, &t, &err);
	if (st == FQ_OK && !council_api_sees(who, t.unit_path))
		st = fq_fail(&err, FQ_ENOTFOUND, "id", "no such topic");
	if (st == FQ_OK)
		st = store_council_topic_events(c, http_arena(r), id, COUNCIL_EVENTS_MAX, &ev, &n,
						&err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *j = council_json_topic(&t);
	json_object_set_new(j, "events", events_json(ev, n));
	api_reply_json(r, status, j);
}

/* Everything a meeting page shows, read in one snapshot. */
typedef struct meeting_view {
	store_council_meeting m;
	store_council_participant *parts;
	size_t n_parts;
	store_council_item *items;
	size_t n_items;
	store_council_opinion *ops;
	size_t n_ops;
	store_council_vote *votes;
	size_t n_votes;
} meeting_view;

static fq_status meeting_read(store_conn *c, fq_arena *ar, const caller *who, int64_t id,
			      meeting_view *v, fq_err *err)
{
	fq_status st = store_council_meeting_get(c, ar, id, &v->m, err);
	if (st == FQ_OK)
		st = store_council_participants(c, ar, id, &v->parts, &v->n_parts, err);
	int member = 0;
	for (size_t i = 0; st == FQ_OK && i < v->n_parts; i++)
		member |= v->parts[i].account_id && v->parts[i].account_id == who->account_id;
	if (st == FQ_OK && !member && !council_api_sees(who, v->m.unit_path))
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such meeting");
	if (st == FQ_OK)
		st = store_council_items(c, ar, id, &v->items, &v->n_items, err);
	if (st == FQ_OK)
		st = store_council_opinions(c, ar, id, &v->ops, &v->n_ops, err);
	if (st == FQ_OK)
		st = store_council_votes(c, ar, id, &v->votes, &v->n_votes, err);
	return st;
}

static json_t *items_json(const meeting_view *v)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < v->n_items; i++) {
		const store_council_item *it = &v->items[i];
		json_t *ops = json_array();
		for (size_t k = 0; k < v->n_ops; k++)
			if (v->ops[k].item_id == it->id)
				json_array_append_new(
					ops, json_pack("{s:I, s:I, s:s, s:s, s:s, s:o}", "id",
						       (json_int_t)v->ops[k].id, "participant_id",
						       (json_int_t)v->ops[k].participant_id, "name",
						       v->ops[k].participant_name, "kind",
						       v->ops[k].participant_kind, "text",
						       v->ops[k].text, "at", api_time(v->ops[k].at)));
		json_array_append_new(arr, json_pack("{s:I, s:I, s:s, s:s, s:i, s:s, s:o}", "id",
						     (json_int_t)it->id, "topic_id",
						     (json_int_t)it->topic_id, "topic_title",
						     it->topic_title, "topic_state", it->topic_state,
						     "position", it->position, "minutes", it->minutes,
						     "opinions", ops));
	}
	return arr;
}

void council_reply_meeting(app *a, http_req *r, const caller *who, int64_t id, int status)
{
	fq_err err = {0};
	store_conn *c = NULL;
	meeting_view v = {0};
	fq_status st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = meeting_read(c, http_arena(r), who, id, &v, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	int staff = council_api_staff(who, v.m.unit_path);
	json_t *j = council_json_meeting(&v.m);
	json_t *parts = json_array(), *votes = json_array();
	int64_t me = 0;
	for (size_t i = 0; i < v.n_parts; i++) {
		json_array_append_new(parts, council_json_participant(&v.parts[i], staff));
		if (v.parts[i].account_id && v.parts[i].account_id == who->account_id)
			me = v.parts[i].id;
	}
	for (size_t i = 0; i < v.n_votes; i++)
		json_array_append_new(votes, council_json_vote(&v.votes[i]));
	json_object_set_new(j, "participants", parts);
	json_object_set_new(j, "items", items_json(&v));
	json_object_set_new(j, "votes", votes);
	json_object_set_new(j, "can_manage", json_boolean(staff));
	json_object_set_new(j, "my_participant_id", council_json_id(me));
	api_reply_json(r, status, j);
}

void council_reply_vote(app *a, http_req *r, const caller *who, int64_t id, int status)
{
	fq_err err = {0};
	store_conn *c = NULL;
	store_council_vote v;
	store_council_meeting m;
	store_council_ballot *b = NULL;
	size_t nb = 0;
	store_council_participant me = {0};
	int voted = 0;
	fq_status st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_council_vote_get(c, http_arena(r), id, &v, &err);
	if (st == FQ_OK)
		st = store_council_meeting_get(c, http_arena(r), v.meeting_id, &m, &err);
	fq_status mine = st == FQ_OK ? store_council_participant_get(c, http_arena(r), m.id, 0,
								     who->account_id, &me, &err)
				     : st;
	if (st == FQ_OK && mine != FQ_OK && !council_api_sees(who, m.unit_path))
		st = fq_fail(&err, FQ_ENOTFOUND, "id", "no such vote");
	if (st == FQ_OK && mine == FQ_OK)
		st = store_council_has_voted(c, id, me.id, &voted, &err);
	if (st == FQ_OK && !v.secret && strcmp(v.state, "closed") == 0)
		st = store_council_open_ballots(c, http_arena(r), id, &b, &nb, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *j = council_json_vote(&v);
	json_t *ballots = json_array();
	for (size_t i = 0; i < nb; i++)
		json_array_append_new(ballots, json_pack("{s:I, s:s, s:s}", "participant_id",
							 (json_int_t)b[i].participant_id, "name",
							 b[i].name, "choice", b[i].choice));
	json_object_set_new(j, "ballots", ballots);
	json_object_set_new(j, "meeting_title", json_string(m.title));
	json_object_set_new(j, "my_participant_id", council_json_id(mine == FQ_OK ? me.id : 0));
	json_object_set_new(j, "can_vote", json_boolean(mine == FQ_OK && me.can_vote));
	json_object_set_new(j, "has_voted", json_boolean(voted));
	api_reply_json(r, status, j);
}

void council_reply_task(app *a, http_req *r, int64_t id, int status)
{
	fq_err err = {0};
	store_conn *c = NULL;
	store_council_task t;
	fq_status st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_council_task_get(c, http_arena(r), id, &t, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, status, council_json_task(&t, fq_now_ms() / 1000));
}
