/*
 * mediation_links.c - the private links through which a party joins a
 * case's thread without an account: POST /api/v1/mediation/cases/{id}/links
 * {party_id, expires_in_s?} makes one and answers its URL, token and a QR
 * code of the URL (an SVG document) once; nothing but the token's hash is
 * kept, so neither can be shown again. GET .../links lists a case's links
 * (never their tokens), POST /api/v1/mediation/links/{id}/revoke withdraws
 * one and ends the sessions opened with it.
 *
 * Only those who work on the case (domain/mediation.h: med_may_mediate)
 * may make, list and revoke its links; anyone else gets 404. Making and
 * revoking a link are audited.
 */
#include "api/handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/json.h"
#include "api/origin.h"
#include "api/mediation.h"
#include "api/park.h"
#include "core/buf.h"
#include "core/timeutil.h"
#include "domain/qr.h"

#define LINK_URL_MAX 512         /* bytes of a whole link URL */
#define LINK_SVG_MAX (256 * 1024) /* bytes of the QR code's SVG */

static const api_field LINK_FIELDS[] = {
	{"party_id", JF_INT, JF_REQUIRED, 0, 1, 9e15},
	{"expires_in_s", JF_INT, 0, 0, -9e15, 9e15},
};

/* ---- who may ----------------------------------------------------------------- */

static json_t *link_json(const store_med_link *l, int64_t now)
{
	static const char *states[] = {"active", "expired", "revoked"};
	med_link_state s = med_link_state_at(l->expires_at, l->revoked_at, now);
	return json_pack("{s:I, s:I, s:s?, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)l->id,
			 "party_id", (json_int_t)l->party_id, "party_name", l->party_name, "state",
			 states[s], "created_at", api_time(l->created_at), "expires_at",
			 api_time(l->expires_at), "revoked_at", api_jtime(l->revoked_at),
			 "last_used_at", api_jtime(l->last_used_at));
}

/* ---- POST /api/v1/mediation/cases/{id}/links ---------------------------------------- */

typedef struct create_ctx {
	medsvc_link_job job; /* first: api_submit */
	char token[MED_TOKEN_SIZE];
	char url[LINK_URL_MAX];
	char *svg;      /* malloc'd QR code */
	size_t svg_len;
} create_ctx;

static void create_reply(app *a, http_req *r)
{
	(void)a;
	create_ctx *x = http_user(r);
	if (!api_job_done(r)) {
		free(x->svg);
		return;
	}
	json_t *j = link_json(&x->job.l, x->job.l.created_at);
	json_object_set_new(j, "url", json_string(x->url));
	json_object_set_new(j, "token", json_string(x->token));
	json_object_set_new(j, "qr_svg", json_stringn(x->svg, x->svg_len));
	free(x->svg);
	http_add_header(r, "Cache-Control", "no-store");
	api_reply_json(r, 201, j);
}

/* The party of the case named in the body, and the link's expiry. */
static fq_status read_link_body(http_req *r, create_ctx *x, fq_err *err)
{
	json_t *body = NULL;
	fq_status st = api_body_checked(r, LINK_FIELDS, sizeof LINK_FIELDS / sizeof LINK_FIELDS[0],
					&body, err);
	if (st == FQ_OK) {
		x->job.l.party_id = json_integer_value(json_object_get(body, "party_id"));
		json_t *ttl = json_object_get(body, "expires_in_s");
		st = med_link_expiry(x->job.l.created_at,
				     json_is_integer(ttl) ? json_integer_value(ttl)
							  : MED_LINK_TTL_DEFAULT_S,
				     &x->job.l.expires_at, err);
	}
	json_decref(body);
	return st;
}

/* A new token, its hash, its URL and QR code. */
static fq_status make_token(app *a, http_req *r, create_ctx *x, fq_err *err)
{
	char path[LINK_URL_MAX];
	fq_status st = med_token_new(x->token);
	if (st != FQ_OK)
		return fq_fail(err, st, "", "no random bytes");
	med_token_hash(x->token, x->job.hash);
	st = med_link_url(x->token, path, sizeof path, err);
	if (st == FQ_OK)
		st = api_request_url(a, r, path, x->url, sizeof x->url, err);
	fq_buf svg = {.limit = LINK_SVG_MAX};
	if (st == FQ_OK)
		st = qr_svg(x->url, &svg, err);
	x->svg_len = svg.len;
	x->svg = st == FQ_OK ? fq_buf_take(&svg) : NULL;
	if (st != FQ_OK)
		fq_buf_free(&svg);
	else if (!x->svg)
		st = fq_fail(err, FQ_ENOMEM, "", "out of memory");
	return st;
}

/* The case of the path, the party and expiry of the body, the token. */
static fq_status create_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	create_ctx *x = ctx;
	*x = (create_ctx){.job = {.a = http_arena(r), .peer = http_peer(r)}};
	medsvc_link_job_init(&x->job);
	x->job.l.created_by = api_caller(r)->account_id;
	x->job.l.created_at = fq_now_ms() / 1000;
	fq_status st = api_param_id(r, 0, &x->job.l.dispute_id, err);
	if (st == FQ_OK)
		st = read_link_body(r, x, err);
	if (st == FQ_OK)
		st = medsvc_link_party(a->db, http_arena(r), api_caller(r), x->job.l.dispute_id,
				       x->job.l.party_id, &x->job.l.party_name, err);
	if (st == FQ_OK)
		st = make_token(a, r, x, err);
	return st;
}

void api_med_link_create(app *a, http_req *r)
{
	api_write(a, r, sizeof(create_ctx), create_fill, create_reply);
}

/* ---- GET /api/v1/mediation/cases/{id}/links ------------------------------------------ */

void api_med_links_list(app *a, http_req *r)
{
	fq_err err = {{0}, {0}};
	int64_t id = 0;
	store_med_link *ls = NULL;
	size_t n = 0;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = medsvc_links(a->db, http_arena(r), api_caller(r), id, &ls, &n, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	int64_t now = fq_now_ms() / 1000;
	json_t *items = json_array();
	for (size_t i = 0; items && i < n; i++)
		json_array_append_new(items, link_json(&ls[i], now));
	http_add_header(r, "Cache-Control", "no-store");
	api_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

/* ---- POST /api/v1/mediation/links/{id}/revoke ------------------------------------------ */

static void revoke_reply(app *a, http_req *r)
{
	(void)a;
	medsvc_revoke_job *x = api_job_done(r);
	if (!x)
		return;
	api_reply_json(r, 200, link_json(&x->l, x->now));
}

/* The link of the path, as the caller may see it. */
static fq_status revoke_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	medsvc_revoke_job *x = ctx;
	*x = (medsvc_revoke_job){.a = http_arena(r), .account_id = api_caller(r)->account_id,
				 .now = fq_now_ms() / 1000, .peer = http_peer(r)};
	medsvc_revoke_job_init(x);
	fq_status st = api_param_id(r, 0, &x->id, err);
	if (st == FQ_OK)
		st = medsvc_link(a->db, http_arena(r), api_caller(r), x->id, &x->l, err);
	return st;
}

void api_med_link_revoke(app *a, http_req *r)
{
	api_write(a, r, sizeof(medsvc_revoke_job), revoke_fill, revoke_reply);
}
