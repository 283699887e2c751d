/*
 * councils_json.c - what every councils*.c handler shares
 * (councils_int.h): a write job made from a request, the query of a
 * list, the JSON of topics, meetings, participants, votes, resolutions and
 * tasks, and the replies that read one of them back.
 */
#include "api/councils_int.h"

#include <stddef.h>
#include <string.h>

#include "core/timeutil.h"

/* ---- write jobs ---------------------------------------------------------------- */

/* How a body field is read into cnlsvc_in. */
typedef enum in_kind {
	IN_ID,   /* int64_t, when an integer */
	IN_INT,  /* int, when an integer */
	IN_STR,  /* const char *, copied into the arena */
	IN_TIME, /* int64_t unix seconds from RFC 3339 or a date */
	IN_FLAG, /* int: true or not, when present */
} in_kind;

static const struct in_field {
	const char *name;
	in_kind kind;
	size_t off;
} in_fields[] = {
	{"unit_id", IN_ID, offsetof(cnlsvc_in, unit_id)},
	{"request_id", IN_ID, offsetof(cnlsvc_in, request_id)},
	{"topic_id", IN_ID, offsetof(cnlsvc_in, topic_id)},
	{"item_id", IN_ID, offsetof(cnlsvc_in, item_id)},
	{"participant_id", IN_ID, offsetof(cnlsvc_in, participant_id)},
	{"account_id", IN_ID, offsetof(cnlsvc_in, account_id)},
	{"talent_id", IN_ID, offsetof(cnlsvc_in, talent_id)},
	{"parent_id", IN_ID, offsetof(cnlsvc_in, parent_id)},
	{"owner_account_id", IN_ID, offsetof(cnlsvc_in, owner_account_id)},
	{"owner_unit_id", IN_ID, offsetof(cnlsvc_in, owner_unit_id)},
	{"title", IN_STR, offsetof(cnlsvc_in, title)},
	{"body", IN_STR, offsetof(cnlsvc_in, body)},
	{"source", IN_STR, offsetof(cnlsvc_in, source)},
	{"note", IN_STR, offsetof(cnlsvc_in, note)},
	{"kind", IN_STR, offsetof(cnlsvc_in, kind)},
	{"place", IN_STR, offsetof(cnlsvc_in, place)},
	{"name", IN_STR, offsetof(cnlsvc_in, name)},
	{"minutes", IN_STR, offsetof(cnlsvc_in, minutes)},
	{"text", IN_STR, offsetof(cnlsvc_in, text)},
	{"motion", IN_STR, offsetof(cnlsvc_in, motion)},
	{"majority", IN_STR, offsetof(cnlsvc_in, majority)},
	{"choice", IN_STR, offsetof(cnlsvc_in, choice)},
	{"card", IN_STR, offsetof(cnlsvc_in, card)},
	{"starts_at", IN_TIME, offsetof(cnlsvc_in, starts_at)},
	{"deadline", IN_TIME, offsetof(cnlsvc_in, deadline)},
	{"due", IN_TIME, offsetof(cnlsvc_in, due)},
	{"supports", IN_INT, offsetof(cnlsvc_in, supports)},
	{"progress", IN_INT, offsetof(cnlsvc_in, progress)},
	{"quorum_num", IN_INT, offsetof(cnlsvc_in, quorum_num)},
	{"quorum_den", IN_INT, offsetof(cnlsvc_in, quorum_den)},
	{"secret", IN_FLAG, offsetof(cnlsvc_in, secret)},
	{"can_vote", IN_FLAG, offsetof(cnlsvc_in, can_vote)},
};

/* One field of body (present: v) into its place p. */
static fq_status read_field(fq_arena *ar, const struct in_field *f, json_t *v, char *p,
			    fq_err *err)
{
	const char *s = json_string_value(v);
	switch (f->kind) {
	case IN_ID:
		if (json_is_integer(v))
			*(int64_t *)p = (int64_t)json_integer_value(v);
		return FQ_OK;
	case IN_INT:
		if (json_is_integer(v))
			*(int *)p = (int)json_integer_value(v);
		return FQ_OK;
	case IN_STR:
		*(const char **)p = fq_arena_strdup(ar, s);
		return s && !*(const char **)p ? fq_fail(err, FQ_ENOMEM, "", "out of memory") : FQ_OK;
	case IN_TIME:
		return s && fq_time_parse(s, (int64_t *)p) != 0
			       ? fq_failr(err, FQ_EINVAL, f->name, "field.time",
					  "must be an RFC 3339 time or a date")
			       : FQ_OK;
	case IN_FLAG:
		*(int *)p = json_is_true(v);
		return FQ_OK;
	}
	return FQ_OK;
}

/* The fields of a checked body into in. */
static fq_status read_in(fq_arena *ar, json_t *body, cnlsvc_in *in, fq_err *err)
{
	*in = (cnlsvc_in){.quorum_num = -1, .quorum_den = -1, .can_vote = -1,
			  .paper = json_object_get(body, "participant_id") != NULL};
	fq_status st = FQ_OK;
	for (size_t i = 0; st == FQ_OK && i < sizeof in_fields / sizeof in_fields[0]; i++) {
		json_t *v = json_object_get(body, in_fields[i].name);
		if (v)
			st = read_field(ar, &in_fields[i], v, (char *)in + in_fields[i].off, err);
	}
	return st;
}

/* The ids of the path and the body into x. */
static fq_status parse_job(http_req *r, cnlsvc_job *x, const api_field *spec, size_t n,
			   fq_err *err)
{
	json_t *body = NULL;
	fq_status st = http_param(r, 0) ? api_param_id(r, 0, &x->id, err) : FQ_OK;
	if (st == FQ_OK && http_param(r, 1))
		st = api_param_id(r, 1, &x->item_id, err);
	if (st == FQ_OK && spec)
		st = api_body_json(r, &body, err);
	if (st == FQ_OK && spec)
		st = api_json_check(body, spec, n, err);
	if (st == FQ_OK)
		st = read_in(x->a, body, &x->in, err);
	json_decref(body);
	return st;
}

void council_api_submit(app *a, http_req *r, cnlsvc_op op, const api_field *spec, size_t n,
			http_handler_fn cont)
{
	fq_err err = {0};
	cnlsvc_job *x = fq_arena_alloc(http_arena(r), sizeof *x);
	if (!x) {
		api_reply_error(r, fq_fail(&err, FQ_ENOMEM, "", "out of memory"), &err);
		return;
	}
	memset(x, 0, sizeof *x);
	cnlsvc_job_init(x, op);
	x->a = http_arena(r);
	x->who = api_caller(r);
	x->now = fq_now_ms() / 1000;
	fq_status st = parse_job(r, x, spec, n, &err);
	if (st != FQ_OK)
		api_reply_error(r, st, &err);
	else
		api_submit(a, r, &x->job, cont);
}

/* ---- lists ------------------------------------------------------------------------ */

fq_status council_api_list(http_req *r, store_council_filter *f, int64_t *unit, fq_err *err)
{
	int64_t limit = 0, cursor = 0;
	fq_status st = api_query_int(r, "unit", 1, INT64_MAX, 0, unit, err);
	if (st == FQ_OK)
		st = api_query_int(r, "limit", 1, COUNCIL_LIST_MAX, COUNCIL_LIST_DEFAULT, &limit,
				   err);
	if (st == FQ_OK)
		st = api_query_int(r, "cursor", 0, INT64_MAX, 0, &cursor, err);
	f->after_id = cursor;
	f->limit = (int)limit;
	return st;
}

void council_reply_list(app *a, http_req *r, store_council_filter *f, const council_list *l)
{
	fq_err err = {0};
	int64_t unit = 0;
	const void *rows = NULL;
	size_t n = 0;
	fq_status st = council_api_list(r, f, &unit, &err);
	if (st == FQ_OK)
		st = l->read(a, r, unit, f, &rows, &n, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *items = api_rows_json(http_arena(r), rows, n, &l->rows);
	int64_t last_id = api_rows_last_id(rows, n, &l->rows);
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor",
					 council_json_next(f, n, last_id)));
}

json_t *council_json_next(const store_council_filter *f, size_t n, int64_t last_id)
{
	return n == (size_t)f->limit ? json_sprintf("%lld", (long long)last_id) : json_null();
}

/* ---- JSON -------------------------------------------------------------------- */

json_t *council_json_topic(const store_council_topic *t)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:i, s:i, s:b, s:o, s:o, s:o}",
			 "id", (json_int_t)t->id, "unit_id", (json_int_t)t->unit_id, "unit_name",
			 t->unit_name, "title", t->title, "body", t->body, "source", t->source,
			 "request_id", api_jid(t->request_id), "state", t->state, "threshold",
			 t->threshold, "supports", t->supports, "supported", t->supported,
			 "proposer", t->proposer_name[0] ? json_string(t->proposer_name)
							 : json_null(),
			 "created_at", api_jtime(t->created_at), "updated_at",
			 api_jtime(t->updated_at));
}

json_t *council_json_meeting(const store_council_meeting *m)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:o}", "id",
			 (json_int_t)m->id, "unit_id", (json_int_t)m->unit_id, "unit_name",
			 m->unit_name, "title", m->title, "kind", m->kind, "starts_at",
			 api_jtime(m->starts_at), "place", m->place, "state", m->state, "opened_at",
			 api_jtime(m->opened_at), "closed_at", api_jtime(m->closed_at));
}

json_t *council_json_participant(const store_council_participant *p, int staff)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:b, s:b, s:o}", "id", (json_int_t)p->id, "kind",
			      p->kind, "name", p->name, "can_vote", p->can_vote, "has_account",
			      p->account_id != 0, "talent_id", api_jid(p->talent_id));
	if (j && staff)
		json_object_set_new(j, "account_id", api_jid(p->account_id));
	return j;
}

json_t *council_json_vote(const store_council_vote *v)
{
	int closed = strcmp(v->state, "closed") == 0;
	council_rule rule = {.quorum_num = v->quorum_num, .quorum_den = v->quorum_den};
	int needed = council_quorum_needed(v->eligible, &rule);
	json_t *j = json_pack(
		"{s:I, s:I, s:o, s:o, s:s, s:b, s:{s:i, s:i, s:i}, s:s, s:s, s:i, s:i, s:b, s:o, s:o,"
		" s:o}",
		"id", (json_int_t)v->id, "meeting_id", (json_int_t)v->meeting_id, "item_id",
		api_jid(v->item_id), "topic_id", api_jid(v->topic_id), "motion", v->motion,
		"secret", v->secret, "quorum", "num", v->quorum_num, "den", v->quorum_den, "needed",
		needed, "majority", v->majority, "state", v->state, "eligible", v->eligible, "cast",
		v->cast, "quorum_reached", v->eligible > 0 && v->cast >= needed,
		"opened_at", api_jtime(v->opened_at), "closed_at", api_jtime(v->closed_at),
		"resolution_id", api_jid(v->resolution_id));
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
			 "topic_id", api_jid(r->topic_id), "text", r->text, "meeting_title",
			 r->meeting_title, "topic_title", r->topic_title, "created_at",
			 api_jtime(r->created_at));
}

json_t *council_json_task(const store_council_task *t, int64_t now)
{
	int open = strcmp(t->state, "open") == 0;
	return json_pack("{s:I, s:I, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:i, s:s, s:b, s:b, s:s,"
			 " s:o, s:s, s:o}",
			 "id", (json_int_t)t->id, "resolution_id", (json_int_t)t->resolution_id,
			 "parent_id", api_jid(t->parent_id), "title", t->title, "owner_account_id",
			 api_jid(t->owner_account_id), "owner_name",
			 t->owner_name[0] ? json_string(t->owner_name) : json_null(),
			 "owner_unit_id", api_jid(t->owner_unit_id), "owner_unit_name",
			 t->owner_unit_name[0] ? json_string(t->owner_unit_name) : json_null(),
			 "deadline", api_jtime(t->deadline), "progress", t->progress, "state",
			 t->state, "has_children", t->children > 0, "overdue",
			 open && (t->deadline < now || t->overdue_at), "card", t->card, "card_due",
			 api_jtime(t->card_due), "card_note", t->card_note, "updated_at",
			 api_jtime(t->updated_at));
}

json_t *council_json_resolutions(const cnlsvc_resolution_view *v, size_t n, int64_t now)
{
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *tasks = json_array();
		for (size_t k = 0; k < v[i].n_tasks; k++)
			json_array_append_new(tasks, council_json_task(&v[i].tasks[k], now));
		json_t *j = council_json_resolution(&v[i].r);
		json_object_set_new(j, "tasks", tasks);
		json_array_append_new(items, j);
	}
	return items;
}

/* ---- replies ----------------------------------------------------------------- */

static json_t *events_json(const store_council_event *ev, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			arr, json_pack("{s:o, s:s, s:o, s:s, s:s, s:b}", "at", api_time(ev[i].at),
				       "event", ev[i].event, "old_state", api_jstr(ev[i].old_state),
				       "new_state", ev[i].new_state, "note", ev[i].note, "by_rule",
				       ev[i].actor_account_id == 0));
	return arr;
}

static json_t *topic_view_json(const cnlsvc_topic_view *v)
{
	json_t *j = council_json_topic(&v->t);
	json_object_set_new(j, "events", events_json(v->ev, v->n_ev));
	return j;
}

void council_reply_topic(app *a, http_req *r, const caller *who, int64_t id, int status)
{
	fq_err err = {0};
	cnlsvc_topic_view v;
	fq_status st = cnlsvc_topic(a->db, http_arena(r), who, id, &v, &err);
	api_reply_result(r, st, &err, status, st == FQ_OK ? topic_view_json(&v) : NULL);
}

static json_t *opinions_json(const cnlsvc_meeting_view *v, int64_t item_id)
{
	json_t *ops = json_array();
	for (size_t k = 0; k < v->n_ops; k++) {
		const store_council_opinion *o = &v->ops[k];
		if (o->item_id == item_id)
			json_array_append_new(
				ops, json_pack("{s:I, s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)o->id,
					       "participant_id", (json_int_t)o->participant_id,
					       "name", o->participant_name, "kind",
					       o->participant_kind, "text", o->text, "at",
					       api_time(o->at)));
	}
	return ops;
}

static json_t *items_json(const cnlsvc_meeting_view *v)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < v->n_items; i++) {
		const store_council_item *it = &v->items[i];
		json_array_append_new(arr, json_pack("{s:I, s:I, s:s, s:s, s:i, s:s, s:o}", "id",
						     (json_int_t)it->id, "topic_id",
						     (json_int_t)it->topic_id, "topic_title",
						     it->topic_title, "topic_state", it->topic_state,
						     "position", it->position, "minutes", it->minutes,
						     "opinions", opinions_json(v, it->id)));
	}
	return arr;
}

static json_t *meeting_view_json(const cnlsvc_meeting_view *v)
{
	json_t *j = council_json_meeting(&v->m);
	json_t *parts = json_array(), *votes = json_array();
	for (size_t i = 0; i < v->n_parts; i++)
		json_array_append_new(parts, council_json_participant(&v->parts[i], v->staff));
	for (size_t i = 0; i < v->n_votes; i++)
		json_array_append_new(votes, council_json_vote(&v->votes[i]));
	json_object_set_new(j, "participants", parts);
	json_object_set_new(j, "items", items_json(v));
	json_object_set_new(j, "votes", votes);
	json_object_set_new(j, "can_manage", json_boolean(v->staff));
	json_object_set_new(j, "my_participant_id", api_jid(v->me));
	return j;
}

void council_reply_meeting(app *a, http_req *r, const caller *who, int64_t id, int status)
{
	fq_err err = {0};
	cnlsvc_meeting_view v;
	fq_status st = cnlsvc_meeting(a->db, http_arena(r), who, id, &v, &err);
	api_reply_result(r, st, &err, status, st == FQ_OK ? meeting_view_json(&v) : NULL);
}

static json_t *vote_view_json(const cnlsvc_vote_view *v)
{
	json_t *j = council_json_vote(&v->v);
	json_t *ballots = json_array();
	for (size_t i = 0; i < v->n_ballots; i++)
		json_array_append_new(ballots, json_pack("{s:I, s:s, s:s}", "participant_id",
							 (json_int_t)v->ballots[i].participant_id,
							 "name", v->ballots[i].name, "choice",
							 v->ballots[i].choice));
	json_object_set_new(j, "ballots", ballots);
	json_object_set_new(j, "meeting_title", json_string(v->m.title));
	json_object_set_new(j, "my_participant_id", api_jid(v->me));
	json_object_set_new(j, "can_vote", json_boolean(v->can_vote));
	json_object_set_new(j, "has_voted", json_boolean(v->has_voted));
	return j;
}

void council_reply_vote(app *a, http_req *r, const caller *who, int64_t id, int status)
{
	fq_err err = {0};
	cnlsvc_vote_view v;
	fq_status st = cnlsvc_vote(a->db, http_arena(r), who, id, &v, &err);
	api_reply_result(r, st, &err, status, st == FQ_OK ? vote_view_json(&v) : NULL);
}

void council_reply_task(app *a, http_req *r, int64_t id, int status)
{
	fq_err err = {0};
	store_council_task t;
	fq_status st = cnlsvc_task(a->db, http_arena(r), id, &t, &err);
	api_reply_result(r, st, &err, status,
			 st == FQ_OK ? council_json_task(&t, fq_now_ms() / 1000) : NULL);
}
