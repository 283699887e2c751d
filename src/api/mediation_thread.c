/*
 * mediation_thread.c - the parts of a cloud-mediation thread that staff,
 * resident parties and parties by link share (mediation.h): a thread as
 * JSON, the audited read, posting and retracting a message, each write a
 * job of domain/mediation_svc.h.
 */
#include "api/mediation.h"

#include <stdio.h>
#include <string.h>

#include "api/json.h"
#include "api/park.h"
#include "core/timeutil.h"

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
		json_object_set_new(j, "retracted_at", api_jtime(m->retracted_at));
	return j;
}

static json_t *parties_json(const medsvc_view *v)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < v->n_parties; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s}", "id",
						     (json_int_t)v->parties[i].id, "name",
						     v->parties[i].name, "role", v->parties[i].role));
	return arr;
}

static json_t *mediators_json(const medsvc_view *v)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < v->n_meds; i++)
		json_array_append_new(arr, json_pack("{s:s, s:b}", "display_name",
						     v->meds[i].display_name, "lead",
						     v->meds[i].lead));
	return arr;
}

json_t *medapi_view_json(const medsvc_view *v, const med_actor *viewer, const char *att_base)
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

void medapi_by(http_req *r, int64_t dispute_id, const med_actor *actor,
	       const unsigned char *party_hash, medsvc_by *out)
{
	*out = (medsvc_by){.a = http_arena(r), .dispute_id = dispute_id, .actor = *actor,
			   .party_hash = party_hash, .peer = http_peer(r),
			   .now = fq_now_ms() / 1000};
}

/* ---- the audited read -------------------------------------------------------- */

typedef struct read_ctx {
	medsvc_read_job job; /* first: api_submit */
	medsvc_view *v;
	const char *att_base;
} read_ctx;

static void read_reply(app *a, http_req *r)
{
	(void)a;
	read_ctx *x = api_job_done(r);
	if (!x)
		return;
	http_add_header(r, "Cache-Control", "no-store");
	api_reply_json(r, 200, medapi_view_json(x->v, &x->job.by.actor, x->att_base));
}

void medapi_reply_audited(app *a, http_req *r, const med_actor *actor, medsvc_view *v,
			  const char *att_base)
{
	if (!v->full && v->n_msgs == 0) {
		/* a poll that found nothing new has shown nothing: no audit row */
		http_add_header(r, "Cache-Control", "no-store");
		api_reply_json(r, 200, medapi_view_json(v, actor, att_base));
		return;
	}
	read_ctx *x = api_job_new(r, sizeof *x);
	if (!x)
		return;
	*x = (read_ctx){.v = v, .att_base = att_base};
	medsvc_read_job_init(&x->job);
	medapi_by(r, v->k.id, actor, NULL, &x->job.by);
	x->job.v = v;
	api_submit(a, r, &x->job.job, read_reply);
}

/* ---- posting ------------------------------------------------------------------- */

typedef struct post_ctx {
	medsvc_post_job job; /* first: api_submit */
	const char *att_base;
} post_ctx;

static void post_reply(app *a, http_req *r)
{
	(void)a;
	post_ctx *x = api_job_done(r);
	if (!x)
		return;
	api_reply_json(r, 201, medapi_message_json(&x->job.msg, &x->job.by.actor, x->att_base));
}

static const api_field POST_FIELDS[] = {
	{MED_BODY_FIELD, JF_TEXT, JF_REQUIRED, MED_BODY_MAX_CHARS, 0, 0},
};

void medapi_post_json(app *a, http_req *r, int64_t dispute_id, const med_actor *actor,
		      const char *att_base, const unsigned char *party_hash)
{
	fq_err err = {{0}, {0}};
	json_t *body = NULL;
	fq_status st = api_body_checked(r, POST_FIELDS, sizeof POST_FIELDS / sizeof POST_FIELDS[0],
					&body, &err);
	if (st != FQ_OK) {
		json_decref(body);
		api_reply_error(r, st, &err);
		return;
	}
	const char *text = fq_arena_strdup(http_arena(r), api_json_str(body, MED_BODY_FIELD));
	json_decref(body);
	medapi_post(a, r, dispute_id, actor, text, att_base, party_hash);
}

void medapi_post(app *a, http_req *r, int64_t dispute_id, const med_actor *actor,
		 const char *body, const char *att_base, const unsigned char *party_hash)
{
	fq_err err = {{0}, {0}};
	fq_status st = med_body_valid(body, false, MED_BODY_FIELD, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	post_ctx *x = api_job_new(r, sizeof *x);
	if (!x)
		return;
	if (!(body = fq_arena_strdup(http_arena(r), body))) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return;
	}
	*x = (post_ctx){.job = {.body = body}, .att_base = att_base};
	medsvc_post_job_init(&x->job);
	medapi_by(r, dispute_id, actor, party_hash, &x->job.by);
	api_submit(a, r, &x->job.job, post_reply);
}

/* ---- retracting -------------------------------------------------------------------- */

typedef struct retract_ctx {
	medsvc_retract_job job; /* first: api_submit */
	const char *att_base;
} retract_ctx;

static void retract_reply(app *a, http_req *r)
{
	(void)a;
	retract_ctx *x = api_job_done(r);
	if (!x)
		return;
	api_reply_json(r, 200, medapi_message_json(&x->job.msg, &x->job.by.actor, x->att_base));
}

void medapi_retract(app *a, http_req *r, int64_t dispute_id, int64_t mid, const med_actor *actor,
		    const char *att_base, const unsigned char *party_hash)
{
	retract_ctx *x = api_job_new(r, sizeof *x);
	if (!x)
		return;
	*x = (retract_ctx){.job = {.mid = mid}, .att_base = att_base};
	medsvc_retract_job_init(&x->job);
	medapi_by(r, dispute_id, actor, party_hash, &x->job.by);
	api_submit(a, r, &x->job.job, retract_reply);
}
