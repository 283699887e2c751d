/*
 * mediation_thread.c - the parts of a cloud-mediation thread that staff,
 * resident parties and parties by link share (mediation.h): the case's
 * access facts, loading and writing a thread as JSON, the audited read,
 * posting and retracting a message.
 */
#include "api/mediation.h"

#include <stdio.h>
#include <string.h>

#include "api/json.h"
#include "core/timeutil.h"
#include "domain/dispute_svc.h"
#include "store/store_dispute.h"
#include "store/store_auth.h"

#define AUDIT_READ "mediation_read"
#define AUDIT_POST "mediation_post"
#define AUDIT_RETRACT "mediation_retract"

/* ---- scope and loading --------------------------------------------------- */

fq_status medapi_scope(store_conn *c, fq_arena *a, int64_t dispute_id, const caller *who,
		       store_med_case *k, med_case_scope *out, fq_err *err)
{
	fq_status st = store_med_case_get(c, a, dispute_id, k, err);
	bool works_on = false;
	int64_t party = 0;
	if (st == FQ_OK && who && who->account_id) {
		/* the disputes module's one rule; it takes the case as its store has it */
		store_dispute d = {.id = dispute_id, .unit_id = k->unit_id, .unit_path = k->unit_path};
		st = dspsvc_may_access(c, who, &d, &works_on, err);
	}
	if (st == FQ_OK && who)
		st = store_med_party_of_person(c, dispute_id, who->person_id, &party, err);
	if (st != FQ_OK)
		return st;
	*out = (med_case_scope){.id = dispute_id, .caller_works_on = works_on,
			       .caller_party_id = party};
	return FQ_OK;
}

fq_status medapi_view_load(store_conn *c, fq_arena *a, int64_t dispute_id, int64_t after_id,
			   medapi_view *out, fq_err *err)
{
	medapi_view v = {.full = after_id == 0};
	fq_status st = store_med_case_get(c, a, dispute_id, &v.k, err);
	if (st == FQ_OK && v.full)
		st = store_med_parties(c, a, dispute_id, &v.parties, &v.n_parties, err);
	if (st == FQ_OK && v.full)
		st = store_med_mediators(c, a, dispute_id, &v.meds, &v.n_meds, err);
	if (st == FQ_OK)
		st = store_med_messages(c, a, dispute_id, after_id, MED_THREAD_PAGE_MAX, &v.msgs,
					&v.n_msgs, err);
	if (st == FQ_OK)
		*out = v;
	return st;
}

/* ---- JSON ------------------------------------------------------------------ */

json_t *medapi_case_json(const store_med_case *k)
{
	json_t *j = json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:i, s:{s:I, s:s?}, s:o}", "id",
			      (json_int_t)k->id, "number", k->number, "title", k->title, "type",
			      k->type, "state", k->state, "level", k->level, "unit", "id",
			      (json_int_t)k->unit_id, "name", k->unit_name, "created_at",
			      api_time(k->created_at));
	if (j && k->last_message_at)
		json_object_set_new(j, "last_message_at", api_time(k->last_message_at));
	if (j)
		json_object_set_new(j, "unread", json_integer(k->unread));
	return j;
}

static json_t *attachment_json(const store_med_attachment *t, const char *att_base)
{
	char url[160], thumb[176];
	snprintf(url, sizeof url, "%s/%lld", att_base, (long long)t->id);
	snprintf(thumb, sizeof thumb, "%s?thumb=1", url);
	bool image = strncmp(t->mime, "image/", 6) == 0;
	json_t *j = json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)t->id, "file_name",
			      t->file_name, "content_type", t->mime, "bytes", (json_int_t)t->bytes,
			      "url", url);
	if (j && image) {
		json_object_set_new(j, "thumb_url", json_string(thumb));
		json_object_set_new(j, "width", json_integer(t->width));
		json_object_set_new(j, "height", json_integer(t->height));
	}
	return j;
}

/* "party" or "mediator", and whether the viewer wrote it. */
static bool is_mine(const store_med_message *m, const med_actor *viewer)
{
	if (!viewer)
		return false;
	if (viewer->party_id)
		return m->party_id == viewer->party_id;
	return m->party_id == 0 && m->account_id == viewer->account_id;
}

json_t *medapi_message_json(const store_med_message *m, const med_actor *viewer,
			    const char *att_base)
{
	json_t *atts = json_array();
	for (size_t i = 0; atts && i < m->n_att; i++)
		json_array_append_new(atts, attachment_json(&m->att[i], att_base));
	json_t *author = json_pack("{s:s, s:s?}", "kind", m->party_id ? "party" : "mediator",
				   "name", m->author_name);
	if (author && m->party_id)
		json_object_set_new(author, "party_id", json_integer(m->party_id));
	json_t *j = json_pack("{s:I, s:o, s:s, s:o, s:b, s:o}", "id", (json_int_t)m->id, "author",
			      author, "body", m->body ? m->body : "", "created_at",
			      api_time(m->created_at), "mine", is_mine(m, viewer), "attachments",
			      atts);
	if (j)
		json_object_set_new(j, "retracted_at",
				    m->retracted_at ? api_time(m->retracted_at) : json_null());
	return j;
}

static json_t *parties_json(const medapi_view *v)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < v->n_parties; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s}", "id",
						     (json_int_t)v->parties[i].id, "name",
						     v->parties[i].name, "role", v->parties[i].role));
	return arr;
}

static json_t *mediators_json(const medapi_view *v)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < v->n_meds; i++)
		json_array_append_new(arr, json_pack("{s:s, s:b}", "display_name",
						     v->meds[i].display_name, "lead",
						     v->meds[i].lead));
	return arr;
}

json_t *medapi_view_json(const medapi_view *v, const med_actor *viewer, const char *att_base)
{
	json_t *msgs = json_array();
	for (size_t i = 0; msgs && i < v->n_msgs; i++)
		json_array_append_new(msgs, medapi_message_json(&v->msgs[i], viewer, att_base));
	int64_t last = v->n_msgs ? v->msgs[v->n_msgs - 1].id : 0;
	json_t *j = json_pack("{s:o, s:I, s:b}", "messages", msgs, "last_id", (json_int_t)last,
			      "more", v->n_msgs == MED_THREAD_PAGE_MAX);
	if (j && v->full) {
		json_t *k = medapi_case_json(&v->k);
		json_object_del(k, "unread");
		json_object_set_new(j, "case", k);
		json_object_set_new(j, "parties", parties_json(v));
		json_object_set_new(j, "mediators", mediators_json(v));
		json_object_set_new(j, "open", json_boolean(med_thread_open(v->k.state, NULL) == FQ_OK));
	}
	if (j && viewer && viewer->party_id)
		json_object_set_new(j, "you", json_pack("{s:s, s:I}", "kind", "party", "party_id",
							 (json_int_t)viewer->party_id));
	else if (j)
		json_object_set_new(j, "you", json_pack("{s:s}", "kind", "mediator"));
	return j;
}

const char *medapi_subject(fq_arena *a, int64_t dispute_id)
{
	return fq_arena_printf(a, "dispute:%lld", (long long)dispute_id);
}

const char *medapi_actor_detail(fq_arena *a, const med_actor *actor)
{
	if (actor->party_id == 0)
		return NULL;
	return fq_arena_printf(a, "party:%lld link:%lld", (long long)actor->party_id,
			       (long long)actor->link_id);
}

/* ---- the audited read -------------------------------------------------------- */

typedef struct read_ctx {
	api_parked p;   /* first: see park.h */
	med_actor actor;
	medapi_view *v;
	const char *att_base;
	const char *subject, *detail, *peer;
	int64_t now;
} read_ctx;

static fq_status read_tx(store_conn *c, void *arg, fq_err *err)
{
	read_ctx *x = arg;
	fq_status st = store_audit_insert(c, x->actor.party_id ? 0 : x->actor.account_id,
					  AUDIT_READ, x->subject, x->detail, x->peer, err);
	int64_t last = x->v->n_msgs ? x->v->msgs[x->v->n_msgs - 1].id : 0;
	if (st == FQ_OK && x->actor.account_id && last)
		st = store_med_read_mark(c, x->v->k.id, x->actor.account_id, last, x->now, err);
	if (st == FQ_OK && x->actor.link_id)
		st = store_med_link_touch(c, x->actor.link_id, x->now, err);
	return st;
}

static void read_reply(app *a, http_req *r)
{
	(void)a;
	read_ctx *x = http_user(r);
	if (x->p.st != FQ_OK) {
		api_reply_error(r, x->p.st, &x->p.err);
		return;
	}
	http_add_header(r, "Cache-Control", "no-store");
	api_reply_json(r, 200, medapi_view_json(x->v, &x->actor, x->att_base));
}

void medapi_reply_audited(app *a, http_req *r, const med_actor *actor, medapi_view *v,
			  const char *att_base)
{
	fq_arena *ar = http_arena(r);
	if (!v->full && v->n_msgs == 0) {
		/* a poll that found nothing new has shown nothing: no audit row */
		http_add_header(r, "Cache-Control", "no-store");
		api_reply_json(r, 200, medapi_view_json(v, actor, att_base));
		return;
	}
	read_ctx *x = fq_arena_alloc(ar, sizeof *x);
	if (!x) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return;
	}
	*x = (read_ctx){.p = {.r = r}, .actor = *actor, .v = v, .att_base = att_base,
			.subject = medapi_subject(ar, v->k.id),
			.detail = medapi_actor_detail(ar, actor), .peer = http_peer(r),
			.now = fq_now_ms() / 1000};
	api_park(a, &x->p, read_reply, read_tx);
}

/* ---- posting ------------------------------------------------------------------- */

typedef struct post_ctx {
	api_parked p;   /* first: see park.h */
	int64_t dispute_id;
	med_actor actor;
	const char *body;
	const char *att_base;
	medapi_recheck_fn check;
	void *check_arg;
	const char *subject, *detail, *peer;
	int64_t now;
	int64_t id;     /* the new message */
	store_med_message msg; /* read back for the answer */
} post_ctx;

static fq_status post_tx(store_conn *c, void *arg, fq_err *err)
{
	post_ctx *x = arg;
	fq_status st = x->check ? x->check(c, x->check_arg, err) : FQ_OK;
	store_med_case k;
	if (st == FQ_OK)
		st = store_med_case_get(c, http_arena(x->p.r), x->dispute_id, &k, err);
	if (st == FQ_OK)
		st = med_thread_open(k.state, err);
	if (st == FQ_OK)
		st = store_med_message_insert(c, x->dispute_id, x->actor.party_id, x->actor.account_id,
					      x->actor.link_id, x->body, x->now, &x->id, err);
	if (st == FQ_OK)
		st = store_audit_insert(c, x->actor.party_id ? 0 : x->actor.account_id, AUDIT_POST,
					x->subject,
					fq_arena_printf(http_arena(x->p.r), "message:%lld%s%s",
							(long long)x->id, x->detail ? " " : "",
							x->detail ? x->detail : ""),
					x->peer, err);
	if (st == FQ_OK)
		st = store_med_message_get(c, http_arena(x->p.r), x->dispute_id, x->id, &x->msg, err);
	return st;
}

static void post_reply(app *a, http_req *r)
{
	(void)a;
	post_ctx *x = http_user(r);
	if (x->p.st != FQ_OK) {
		api_reply_error(r, x->p.st, &x->p.err);
		return;
	}
	api_reply_json(r, 201, medapi_message_json(&x->msg, &x->actor, x->att_base));
}

void medapi_post(app *a, http_req *r, int64_t dispute_id, const med_actor *actor,
		 const char *body, const char *att_base, medapi_recheck_fn check, void *arg)
{
	fq_err err = {{0}, {0}};
	fq_status st = med_body_valid(body, false, MED_BODY_FIELD, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	fq_arena *ar = http_arena(r);
	post_ctx *x = fq_arena_alloc(ar, sizeof *x);
	if (!x || !(body = fq_arena_strdup(ar, body))) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return;
	}
	*x = (post_ctx){.p = {.r = r}, .dispute_id = dispute_id, .actor = *actor, .body = body,
			.att_base = att_base, .check = check, .check_arg = arg,
			.subject = medapi_subject(ar, dispute_id),
			.detail = medapi_actor_detail(ar, actor), .peer = http_peer(r),
			.now = fq_now_ms() / 1000};
	api_park(a, &x->p, post_reply, post_tx);
}

/* ---- retracting -------------------------------------------------------------------- */

typedef struct retract_ctx {
	api_parked p;   /* first: see park.h */
	int64_t dispute_id, mid;
	med_actor actor;
	const char *att_base;
	medapi_recheck_fn check;
	void *check_arg;
	const char *subject, *detail, *peer;
	int64_t now;
	store_med_message msg;
} retract_ctx;

static fq_status retract_tx(store_conn *c, void *arg, fq_err *err)
{
	retract_ctx *x = arg;
	fq_arena *ar = http_arena(x->p.r);
	fq_status st = x->check ? x->check(c, x->check_arg, err) : FQ_OK;
	if (st == FQ_OK)
		st = store_med_message_get(c, ar, x->dispute_id, x->mid, &x->msg, err);
	if (st == FQ_OK)
		st = med_may_retract(&x->actor, x->msg.account_id, x->msg.party_id,
				     x->msg.retracted_at, err);
	if (st == FQ_OK)
		st = store_med_message_retract(c, x->mid, x->now, err);
	if (st == FQ_OK)
		st = store_audit_insert(c, x->actor.party_id ? 0 : x->actor.account_id,
					AUDIT_RETRACT, x->subject,
					fq_arena_printf(ar, "message:%lld%s%s", (long long)x->mid,
							x->detail ? " " : "",
							x->detail ? x->detail : ""),
					x->peer, err);
	if (st == FQ_OK)
		st = store_med_message_get(c, ar, x->dispute_id, x->mid, &x->msg, err);
	return st;
}

static void retract_reply(app *a, http_req *r)
{
	(void)a;
	retract_ctx *x = http_user(r);
	if (x->p.st != FQ_OK) {
		api_reply_error(r, x->p.st, &x->p.err);
		return;
	}
	api_reply_json(r, 200, medapi_message_json(&x->msg, &x->actor, x->att_base));
}

void medapi_retract(app *a, http_req *r, int64_t dispute_id, int64_t mid, const med_actor *actor,
		    const char *att_base, medapi_recheck_fn check, void *arg)
{
	fq_arena *ar = http_arena(r);
	retract_ctx *x = fq_arena_alloc(ar, sizeof *x);
	if (!x) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return;
	}
	*x = (retract_ctx){.p = {.r = r}, .dispute_id = dispute_id, .mid = mid, .actor = *actor,
			   .att_base = att_base, .check = check, .check_arg = arg,
			   .subject = medapi_subject(ar, dispute_id),
			   .detail = medapi_actor_detail(ar, actor), .peer = http_peer(r),
			   .now = fq_now_ms() / 1000};
	api_park(a, &x->p, retract_reply, retract_tx);
}
