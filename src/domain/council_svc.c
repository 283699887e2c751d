/*
 * council_svc.c - what every part of the councils' service shares
 * (council_svc_int.h: the scope of a list, refusals, the unit a council
 * sits at) and the topics (council_svc.h): their list, one topic with its
 * timeline, raising one, supporting a proposal, staff dropping or
 * deciding one, and a unit's support threshold.
 *
 * A proposal reaches the agenda in the transaction of the support that
 * makes it reach its threshold: the support, the count, the new state and
 * the timeline event commit together or not at all.
 */
#include "domain/council_svc_int.h"

#include <stdio.h>
#include <string.h>

/* ---- scope ------------------------------------------------------------------------- */

/* The caller's unit paths as a JSON array of strings in the arena, for
 * seen_by; NULL (no condition) when a role covers the whole deployment.
 * Paths are "/1/4/17/": digits and slashes, nothing to escape. */
static fq_status seen_by(fq_arena *ar, const caller *who, const char **out, fq_err *err)
{
	size_t size = 3;
	*out = NULL;
	for (int i = 0; i < who->n_roles; i++) {
		if (who->r[i].unit_id == 0)
			return FQ_OK;
		size += who->r[i].path ? strlen(who->r[i].path) + 3 : 0;
	}
	char *text = fq_arena_alloc(ar, size);
	if (!text)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	size_t len = (size_t)snprintf(text, size, "[");
	for (int i = 0; i < who->n_roles; i++)
		if (who->r[i].path)
			len += (size_t)snprintf(text + len, size - len, "%s\"%s\"",
						len > 1 ? "," : "", who->r[i].path);
	snprintf(text + len, size - len, "]");
	*out = text;
	return FQ_OK;
}

fq_status cnlsvc_scope(store_conn *c, const svc_rd *x, fq_err *err)
{
	store_council_filter *f = x->f;
	store_unit u;
	fq_status st = seen_by(x->a, x->who, &f->seen_by, err);
	if (st != FQ_OK || !x->id)
		return st;
	st = store_unit_get(c, x->a, x->id, &u, err);
	if (st == FQ_ENOTFOUND || (st == FQ_OK && !council_sees(x->who, u.path)))
		return fq_failr(err, FQ_ENOTFOUND, "unit", "unit.not_in_scope",
				"no such unit in your scope");
	if (st == FQ_OK)
		f->below = u.path;
	return st;
}

fq_status cnlsvc_room(int n, int max, const char *field, const char *whole, fq_err *err)
{
	if (n < max)
		return FQ_OK;
	return fq_failr(err, FQ_ETOOBIG, field, "council.list_max", "%s at most %d %s", whole, max,
			field);
}

fq_status cnlsvc_refuse(const caller *who, const char *path, const char *field, const char *why,
			const char *what, fq_err *err)
{
	if (council_sees(who, path))
		return fq_fail(err, FQ_EFORBIDDEN, field, "%s", why);
	return fq_fail(err, FQ_ENOTFOUND, "id", "no such %s", what);
}

fq_status cnlsvc_council_unit(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			      const char *field, int staff_only, store_unit *u, fq_err *err)
{
	fq_status st = store_unit_get(c, a, id, u, err);
	if (st == FQ_OK && !(staff_only ? council_staff(who, u->path) : council_sees(who, u->path)))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_ENOTFOUND, field, "unit.not_in_scope",
				"no such unit in your scope");
	if (st == FQ_OK && !council_unit_kind_valid(u->kind))
		st = fq_failr(err, FQ_EINVAL, field, "council.unit_kind",
			      "councils sit at a street, community or village");
	return st;
}

/* ---- reads ---------------------------------------------------------------------------- */

static fq_status topics_list(store_conn *c, const svc_rd *x, fq_err *err)
{
	store_council_filter *f = x->f;
	fq_status st = cnlsvc_scope(c, x, err);
	if (st == FQ_OK && f->state && council_topic_state_parse(f->state) < 0)
		st = fq_fail(err, FQ_EINVAL, "state", "unknown topic state");
	if (st == FQ_OK && f->source && !council_source_valid(f->source))
		st = fq_fail(err, FQ_EINVAL, "source", "must be request, proposal or staff");
	if (st == FQ_OK)
		st = store_council_topic_list(c, x->a, f, x->who->account_id, x->out, x->n, err);
	return st;
}

fq_status cnlsvc_topics(store *db, fq_arena *a, const caller *who, int64_t unit,
			store_council_filter *f, store_council_topic **out, size_t *n, fq_err *err)
{
	return svc_list(db, topics_list, a, who, unit, f, out, n, err);
}

static fq_status topic_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	cnlsvc_topic_view *v = x->out;
	fq_status st = store_council_topic_get(c, x->a, x->id, x->who->account_id, &v->t, err);
	if (st == FQ_OK && !council_sees(x->who, v->t.unit_path))
		st = fq_failr(err, FQ_ENOTFOUND, "id", "council.topic_not_found", "no such topic");
	if (st == FQ_OK)
		st = store_council_topic_events(c, x->a, x->id, CNLSVC_EVENTS_MAX, &v->ev, &v->n_ev,
						err);
	return st;
}

fq_status cnlsvc_topic(store *db, fq_arena *a, const caller *who, int64_t id,
		       cnlsvc_topic_view *out, fq_err *err)
{
	return svc_get(db, topic_read, (svc_rd){.a = a, .who = who, .id = id, .out = out}, err);
}

/* ---- raising a topic -------------------------------------------------------------------- */

/* A request topic's request must lie in the unit. */
static fq_status request_in_unit(store_conn *c, cnlsvc_job *j, const store_unit *u, fq_err *err)
{
	const char *rpath = NULL;
	fq_status st = store_council_request_path(c, j->a, j->in.request_id, &rpath, err);
	if (st == FQ_OK && rpath && strncmp(rpath, u->path, strlen(u->path)) != 0)
		st = fq_failr(err, FQ_EINVAL, "request_id", "council.request_other_unit",
			      "the request is not in this unit");
	return st == FQ_ENOTFOUND ? fq_failr(err, FQ_EINVAL, "request_id", "request.not_found",
					     "no such request") : st;
}

/* Staff of the unit raise their own topics or a request's. */
static fq_status staff_topic(store_conn *c, cnlsvc_job *j, const store_unit *u,
			     store_council_topic *t, fq_err *err)
{
	const char *source = j->in.source;
	t->source = source ? source : t->request_id ? "request" : "staff";
	if (strcmp(t->source, "proposal") == 0 || !council_source_valid(t->source))
		return fq_failr(err, FQ_EINVAL, "source", "council.staff_source",
				"staff raise request or staff topics");
	if (strcmp(t->source, "request") == 0 && !t->request_id)
		return fq_failr(err, FQ_EINVAL, "request_id", "council.request_topic_needs_request",
				"a request topic names its request");
	if (strcmp(t->source, "staff") == 0 && t->request_id)
		return fq_failr(err, FQ_EINVAL, "request_id", "council.request_only_request_topic",
				"only request topics name one");
	return t->request_id ? request_in_unit(c, j, u, err) : FQ_OK;
}

/* Who raises the topic decides what it is: staff of the unit raise their
 * own or a request's; a resident of the unit raises a proposal. */
static fq_status topic_kind(store_conn *c, cnlsvc_job *j, const store_unit *u,
			    store_council_topic *t, fq_err *err)
{
	t->request_id = j->in.request_id;
	if (council_staff(j->who, u->path))
		return staff_topic(c, j, u, t, err);
	if (!council_in_unit(j->who, COUNCIL_RESIDENTS, u->path))
		return fq_failr(err, FQ_ENOTFOUND, "unit_id", "unit.not_in_scope",
				"no such unit in your scope");
	if ((j->in.source && strcmp(j->in.source, "proposal") != 0) || t->request_id)
		return fq_failr(err, FQ_EINVAL, "source", "council.resident_source",
				"residents raise proposals");
	int threshold = 0;
	fq_status st = store_council_threshold_get(c, u->id, &threshold, err);
	t->source = "proposal";
	t->threshold = council_threshold(threshold);
	t->proposer_account_id = j->who->account_id;
	t->proposer_person_id = j->who->person_id;
	return st;
}

fq_status cnlsvc_topic_create_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_unit u;
	fq_status st = cnlsvc_council_unit(c, j->a, j->who, j->in.unit_id, "unit_id", 0, &u, err);
	if (st != FQ_OK)
		return st;
	store_council_topic t = {.unit_id = u.id, .unit_path = u.path, .title = j->in.title,
				 .body = j->in.body, .state = "proposed", .created_at = j->now};
	st = topic_kind(c, j, &u, &t, err);
	if (st == FQ_OK)
		st = store_council_topic_insert(c, &t, &j->new_id, err);
	if (st == FQ_OK)
		st = store_council_topic_move(c, j->new_id, NULL, "proposed", "create",
					      j->who->account_id, t.source, j->now, err);
	return st;
}

/* ---- supporting a proposal ------------------------------------------------------------- */

fq_status cnlsvc_support_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_council_topic t;
	fq_status st = store_council_topic_get(c, j->a, j->id, 0, &t, err);
	if (st == FQ_OK && !council_in_unit(j->who, COUNCIL_RESIDENTS, t.unit_path))
		st = cnlsvc_refuse(j->who, t.unit_path, "account",
				   "only residents of the unit support its proposals", "topic", err);
	if (st != FQ_OK)
		return st;
	if (strcmp(t.source, "proposal") != 0)
		return fq_failr(err, FQ_ECONFLICT, "source", "council.support_proposals_only",
				"only proposals take supports");
	council_topic_state from = (council_topic_state)council_topic_state_parse(t.state), to;
	st = council_support_next(from, t.supports + 1, t.threshold, &to, err);
	int supports = 0;
	if (st == FQ_OK)
		st = store_council_support_add(c, j->id, j->who->account_id, j->now, &supports, err);
	if (st != FQ_OK || to == from)
		return st;
	char note[COUNCIL_NOTE_MAX];
	snprintf(note, sizeof note, "%d/%d", supports, council_threshold(t.threshold));
	return store_council_topic_move(c, j->id, t.state, council_topic_state_name(to),
					to == CT_ON_AGENDA ? "threshold" : "support",
					to == CT_ON_AGENDA ? 0 : j->who->account_id, note, j->now,
					err);
}

/* ---- staff: drop or decide ------------------------------------------------------------- */

fq_status cnlsvc_topic_action_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_council_topic t;
	fq_status st = store_council_topic_get(c, j->a, j->id, 0, &t, err);
	if (st == FQ_OK && !council_staff(j->who, t.unit_path))
		st = cnlsvc_refuse(j->who, t.unit_path, "", "only staff of the unit may do this",
				   "topic", err);
	if (st != FQ_OK)
		return st;
	int drop = j->op == CNLSVC_TOPIC_DROP;
	council_topic_state to;
	st = council_topic_next((council_topic_state)council_topic_state_parse(t.state),
				drop ? CTE_DROP : CTE_DECIDE, &to, err);
	if (st == FQ_OK)
		st = store_council_topic_move(c, j->id, t.state, council_topic_state_name(to),
					      drop ? "drop" : "decide", j->who->account_id,
					      j->in.note, j->now, err);
	return st;
}

/* ---- a unit's threshold ---------------------------------------------------------------- */

fq_status cnlsvc_threshold_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_unit u;
	fq_status st = cnlsvc_council_unit(c, j->a, j->who, j->id, "id", 1, &u, err);
	if (st == FQ_OK)
		st = store_council_threshold_set(c, u.id, j->in.supports, err);
	return st;
}
