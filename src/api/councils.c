/*
 * councils.c - council topics over HTTP (docs/councils.md): the list and
 * one topic with its timeline, raising one (staff: from a request or
 * their own; a resident: a proposal, 金点子), supporting a proposal, and
 * staff dropping or deciding a topic; and a unit's support threshold.
 *
 * A proposal reaches the agenda in the transaction of the support that
 * makes it reach its threshold: the support, the count, the new state and
 * the timeline event commit together or not at all.
 */
#include "api/handlers.h"

#include <stdio.h>
#include <string.h>

#include "api/councils_int.h"
#include "store/store_org.h"

/* ---- reads ------------------------------------------------------------------ */

void api_council_topics(app *a, http_req *r)
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
	f.source = http_query(r, "source");
	if (st == FQ_OK && f.state && council_topic_state_parse(f.state) < 0)
		st = fq_fail(&err, FQ_EINVAL, "state", "unknown topic state");
	if (st == FQ_OK && f.source && !council_source_valid(f.source))
		st = fq_fail(&err, FQ_EINVAL, "source", "must be request, proposal or staff");
	f.after_id = cursor;
	f.limit = (int)limit;
	store_conn *c = NULL;
	store_council_topic *rows = NULL;
	size_t n = 0;
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_council_topic_list(c, http_arena(r), &f, who->account_id, &rows, &n, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, council_json_topic(&rows[i]));
	json_t *next = n == (size_t)limit ? json_sprintf("%lld", (long long)rows[n - 1].id)
					  : json_null();
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

void api_council_topic(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id = 0;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	council_reply_topic(a, r, api_caller(r), id, 200);
}

/* ---- raising a topic -------------------------------------------------------- */

static const api_field topic_spec[] = {
	{"unit_id", JF_INT, JF_REQUIRED, 0, 1, COUNCIL_ID_MAX},
	{"title", JF_LINE, JF_REQUIRED, COUNCIL_TITLE_MAX, 0, 0},
	{"body", JF_TEXT, 0, COUNCIL_BODY_MAX, 0, 0},
	{"source", JF_STRING, 0, COUNCIL_CODE_MAX, 0, 0},
	{"request_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
};

/* Who raises the topic decides what it is: staff of the unit raise their
 * own or a request's; a resident of the unit raises a proposal. */
static fq_status topic_kind(council_ctx *x, store_conn *c, const store_unit *u,
			    store_council_topic *t, fq_err *err)
{
	const char *source = api_json_str(x->body, "source");
	t->request_id = council_api_int(x->body, "request_id", 0);
	if (council_api_staff(x->who, u->path)) {
		t->source = source ? source : t->request_id ? "request" : "staff";
		if (strcmp(t->source, "proposal") == 0 || !council_source_valid(t->source))
			return fq_fail(err, FQ_EINVAL, "source", "staff raise request or staff topics");
		if (strcmp(t->source, "request") == 0 && !t->request_id)
			return fq_fail(err, FQ_EINVAL, "request_id", "a request topic names its request");
		if (strcmp(t->source, "staff") == 0 && t->request_id)
			return fq_fail(err, FQ_EINVAL, "request_id", "only request topics name one");
		const char *rpath = NULL;
		fq_status st = t->request_id ? store_council_request_path(c, http_arena(x->p.r),
									  t->request_id, &rpath, err)
					     : FQ_OK;
		if (st == FQ_OK && rpath && strncmp(rpath, u->path, strlen(u->path)) != 0)
			st = fq_fail(err, FQ_EINVAL, "request_id", "the request is not in this unit");
		return st == FQ_ENOTFOUND ? fq_fail(err, FQ_EINVAL, "request_id", "no such request")
					  : st;
	}
	if (!council_in_unit(x->who, COUNCIL_RESIDENTS, u->path))
		return fq_fail(err, FQ_ENOTFOUND, "unit_id", "no such unit in your scope");
	if ((source && strcmp(source, "proposal") != 0) || t->request_id)
		return fq_fail(err, FQ_EINVAL, "source", "residents raise proposals");
	int threshold = 0;
	fq_status st = store_council_threshold_get(c, u->id, &threshold, err);
	t->source = "proposal";
	t->threshold = council_threshold(threshold);
	t->proposer_account_id = x->who->account_id;
	t->proposer_person_id = x->who->person_id;
	return st;
}

static fq_status topic_create_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_unit u;
	fq_status st = store_unit_get(c, http_arena(x->p.r), council_api_int(x->body, "unit_id", 0),
				      &u, err);
	if (st == FQ_ENOTFOUND || (st == FQ_OK && !council_api_sees(x->who, u.path)))
		return fq_fail(err, FQ_ENOTFOUND, "unit_id", "no such unit in your scope");
	if (st != FQ_OK)
		return st;
	if (!council_unit_kind_valid(u.kind))
		return fq_fail(err, FQ_EINVAL, "unit_id", "councils sit at a street, community or village");
	store_council_topic t = {.unit_id = u.id, .unit_path = u.path,
				 .title = api_json_str(x->body, "title"),
				 .body = api_json_str(x->body, "body"), .state = "proposed",
				 .created_at = x->now};
	st = topic_kind(x, c, &u, &t, err);
	if (st == FQ_OK)
		st = store_council_topic_insert(c, &t, &x->new_id, err);
	if (st == FQ_OK)
		st = store_council_topic_move(c, x->new_id, NULL, "proposed", "create",
					      x->who->account_id, t.source, x->now, err);
	return st;
}

static void topic_created(app *a, http_req *r)
{
	council_ctx *x = http_user(r);
	if (council_api_failed(x))
		return;
	council_reply_topic(a, r, x->who, x->new_id, 201);
}

void api_council_topic_create(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, topic_spec, sizeof topic_spec / sizeof *topic_spec);
	if (x)
		council_api_park(x, topic_created, topic_create_tx);
}

/* ---- supporting a proposal ---------------------------------------------------- */

static fq_status support_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_council_topic t;
	fq_status st = store_council_topic_get(c, http_arena(x->p.r), x->id, 0, &t, err);
	if (st == FQ_OK && !council_in_unit(x->who, COUNCIL_RESIDENTS, t.unit_path))
		st = council_api_sees(x->who, t.unit_path)
			     ? fq_fail(err, FQ_EFORBIDDEN, "account",
				       "only residents of the unit support its proposals")
			     : fq_fail(err, FQ_ENOTFOUND, "id", "no such topic");
	if (st != FQ_OK)
		return st;
	if (strcmp(t.source, "proposal") != 0)
		return fq_fail(err, FQ_ECONFLICT, "source", "only proposals take supports");
	council_topic_state from = (council_topic_state)council_topic_state_parse(t.state), to;
	st = council_support_next(from, t.supports + 1, t.threshold, &to, err);
	int supports = 0;
	if (st == FQ_OK)
		st = store_council_support_add(c, x->id, x->who->account_id, x->now, &supports, err);
	if (st != FQ_OK || to == from)
		return st;
	char note[COUNCIL_CODE_MAX];
	snprintf(note, sizeof note, "%d/%d", supports, council_threshold(t.threshold));
	return store_council_topic_move(c, x->id, t.state, council_topic_state_name(to),
					to == CT_ON_AGENDA ? "threshold" : "support",
					to == CT_ON_AGENDA ? 0 : x->who->account_id, note, x->now,
					err);
}

static void supported(app *a, http_req *r)
{
	council_ctx *x = http_user(r);
	if (council_api_failed(x))
		return;
	council_reply_topic(a, r, x->who, x->id, 200);
}

void api_council_topic_support(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, NULL, 0);
	if (x)
		council_api_park(x, supported, support_tx);
}

/* ---- staff: drop or decide --------------------------------------------------------- */

static const api_field note_spec[] = {
	{"note", JF_TEXT, 0, COUNCIL_NOTE_MAX, 0, 0},
};

static fq_status topic_action_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_council_topic t;
	fq_status st = store_council_topic_get(c, http_arena(x->p.r), x->id, 0, &t, err);
	if (st == FQ_OK && !council_api_staff(x->who, t.unit_path))
		st = council_api_sees(x->who, t.unit_path)
			     ? fq_fail(err, FQ_EFORBIDDEN, "", "only staff of the unit may do this")
			     : fq_fail(err, FQ_ENOTFOUND, "id", "no such topic");
	if (st != FQ_OK)
		return st;
	int drop = strcmp(x->action, "drop") == 0;
	council_topic_state to;
	st = council_topic_next((council_topic_state)council_topic_state_parse(t.state),
				drop ? CTE_DROP : CTE_DECIDE, &to, err);
	if (st == FQ_OK)
		st = store_council_topic_move(c, x->id, t.state, council_topic_state_name(to),
					      x->action, x->who->account_id,
					      api_json_str(x->body, "note"), x->now, err);
	return st;
}

void api_council_topic_action(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, note_spec, sizeof note_spec / sizeof *note_spec);
	if (x)
		council_api_park(x, supported, topic_action_tx);
}

/* ---- a unit's threshold ------------------------------------------------------------ */

static const api_field threshold_spec[] = {
	{"supports", JF_INT, JF_REQUIRED, 0, 1, COUNCIL_THRESHOLD_MAX},
};

static fq_status threshold_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_unit u;
	fq_status st = store_unit_get(c, http_arena(x->p.r), x->id, &u, err);
	if (st == FQ_ENOTFOUND || (st == FQ_OK && !council_api_staff(x->who, u.path)))
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such unit in your scope");
	if (st == FQ_OK && !council_unit_kind_valid(u.kind))
		st = fq_fail(err, FQ_EINVAL, "id", "councils sit at a street, community or village");
	if (st == FQ_OK)
		st = store_council_threshold_set(c, u.id, (int)council_api_int(x->body, "supports", 0),
						 err);
	return st;
}

static void threshold_set(app *a, http_req *r)
{
	(void)a;
	council_ctx *x = http_user(r);
	int supports = (int)council_api_int(x->body, "supports", 0);
	if (council_api_failed(x))
		return;
	api_reply_json(r, 200, json_pack("{s:I, s:i}", "unit_id", (json_int_t)x->id, "supports",
					 supports));
}

void api_council_threshold_put(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, threshold_spec,
					 sizeof threshold_spec / sizeof *threshold_spec);
	if (x)
		council_api_park(x, threshold_set, threshold_tx);
}
