/*
 * mediation.c - cloud mediation (云调解) for signed-in callers: the cases
 * a mediator or staff member works on with their unread counts
 * (GET /api/v1/mediation/cases), a resident's own cases as a party
 * (GET /api/v1/mediation/mine), and one case's thread: read it
 * (GET /api/v1/mediation/cases/{id}, audited), post
 * (POST .../messages), retract one's own message
 * (POST .../messages/{message_id}/retract), attach files
 * (POST .../attachments) and fetch one (GET .../attachments/{attachment_id}).
 *
 * Who reaches a case is domain/mediation.h's rule; outside it a case does
 * not exist (404). Links for parties are mediation_links.c's; parties by
 * link use mediation_party.c.
 */
#include "api/handlers.h"

#include <string.h>

#include "api/auth.h"
#include "api/json.h"
#include "api/mediation.h"

#define AFTER_MAX INT64_MAX /* largest ?after= message id */

/* How the caller takes part in the case of path capture 0 (its id into
 * *dispute_id), in the request's arena; NULL after replying with the error
 * (404 outside the caller's reach). */
static const med_actor *case_or_reply(app *a, http_req *r, int64_t *dispute_id)
{
	fq_err err = {{0}, {0}};
	med_actor *actor = fq_arena_alloc(http_arena(r), sizeof *actor);
	fq_status st = actor ? api_param_id(r, 0, dispute_id, &err)
			     : fq_fail(&err, FQ_ENOMEM, "", "out of memory");
	if (st == FQ_OK)
		st = medsvc_actor(a->db, http_arena(r), api_caller(r), *dispute_id, actor, &err);
	if (st == FQ_OK)
		return actor;
	api_reply_error(r, st, &err);
	return NULL;
}

static const char *att_base(http_req *r, int64_t dispute_id)
{
	return fq_arena_printf(http_arena(r), "/api/v1/mediation/cases/%lld/attachments",
			       (long long)dispute_id);
}

/* ---- lists --------------------------------------------------------------------- */

/* The caller's cases of one list: medsvc_cases or medsvc_mine. */
typedef fq_status cases_fn(store *db, fq_arena *a, const caller *who, store_med_case **out,
			   size_t *n, fq_err *err);

/* Reply with the cases read gives the caller, or the error that kept them. */
static void reply_cases(app *a, http_req *r, cases_fn *read)
{
	fq_err err = {{0}, {0}};
	store_med_case *rows = NULL;
	size_t n = 0;
	fq_status st = read(a->db, http_arena(r), api_caller(r), &rows, &n, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; items && i < n; i++)
		json_array_append_new(items, medapi_case_json(&rows[i]));
	http_add_header(r, "Cache-Control", "no-store");
	api_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void api_med_cases(app *a, http_req *r)
{
	reply_cases(a, r, medsvc_cases);
}

void api_med_mine(app *a, http_req *r)
{
	reply_cases(a, r, medsvc_mine);
}

/* ---- one thread ------------------------------------------------------------------- */

void api_med_case_get(app *a, http_req *r)
{
	fq_err err = {{0}, {0}};
	int64_t id = 0, after = 0;
	const med_actor *actor = case_or_reply(a, r, &id);
	if (!actor)
		return;
	fq_status st = api_query_int(r, "after", 0, AFTER_MAX, 0, &after, &err);
	medsvc_view *v = fq_arena_alloc(http_arena(r), sizeof *v);
	if (st == FQ_OK && !v)
		st = fq_fail(&err, FQ_ENOMEM, "", "out of memory");
	if (st == FQ_OK)
		st = medsvc_view_load(a->db, http_arena(r), id, after, v, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	medapi_reply_audited(a, r, actor, v, att_base(r, id));
}

/* A new message in the thread of a case: medapi_post_json or medapi_upload. */
typedef void case_write_fn(app *a, http_req *r, int64_t dispute_id, const med_actor *actor,
			   const char *att_base, const unsigned char *party_hash);

static void case_write(app *a, http_req *r, case_write_fn *write)
{
	int64_t id = 0;
	const med_actor *actor = case_or_reply(a, r, &id);
	if (actor)
		write(a, r, id, actor, att_base(r, id), NULL);
}

void api_med_message_post(app *a, http_req *r)
{
	case_write(a, r, medapi_post_json);
}

void api_med_message_retract(app *a, http_req *r)
{
	int64_t id = 0, mid = 0;
	const med_actor *actor = case_or_reply(a, r, &id);
	if (actor && api_param_id_or_reply(r, 1, &mid))
		medapi_retract(a, r, id, mid, actor, att_base(r, id), NULL);
}

void api_med_attachment_post(app *a, http_req *r)
{
	case_write(a, r, medapi_upload);
}

void api_med_attachment_get(app *a, http_req *r)
{
	int64_t id = 0, att = 0;
	const med_actor *actor = case_or_reply(a, r, &id);
	if (actor && api_param_id_or_reply(r, 1, &att))
		medapi_send_attachment(a, r, id, att);
}
