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
#include "core/buf.h"
#include "core/timeutil.h"
#include "domain/qr.h"
#include "store/store_auth.h"

#define LINK_URL_MAX 512         /* bytes of a whole link URL */
#define LINK_SVG_MAX (256 * 1024) /* bytes of the QR code's SVG */

static const api_field LINK_FIELDS[] = {
	{"party_id", JF_INT, JF_REQUIRED, 0, 1, 9e15},
	{"expires_in_s", JF_INT, 0, 0, -9e15, 9e15},
};

/* ---- who may ----------------------------------------------------------------- */

/* The case dispute_id if the caller works on it (else 404), in *k. */
static fq_status mediate_case(store_conn *c, http_req *r, int64_t dispute_id, store_med_case *k,
			      fq_err *err)
{
	med_case_scope scope;
	fq_status st = medapi_scope(c, http_arena(r), dispute_id, api_caller(r), k, &scope, err);
	if (st == FQ_OK && !med_may_mediate(api_caller(r), &scope))
		st = fq_fail(err, FQ_ENOTFOUND, "id", "no such case");
	return st;
}

static json_t *link_json(const store_med_link *l, int64_t now)
{
	static const char *states[] = {"active", "expired", "revoked"};
	med_link_state s = med_link_state_at(l->expires_at, l->revoked_at, now);
	return json_pack("{s:I, s:I, s:s?, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)l->id,
			 "party_id", (json_int_t)l->party_id, "party_name", l->party_name, "state",
			 states[s], "created_at", api_time(l->created_at), "expires_at",
			 api_time(l->expires_at), "revoked_at",
			 l->revoked_at ? api_time(l->revoked_at) : json_null(), "last_used_at",
			 l->last_used_at ? api_time(l->last_used_at) : json_null());
}

/* ---- POST /api/v1/mediation/cases/{id}/links ---------------------------------------- */

typedef struct create_ctx {
	api_parked p;   /* first: see park.h */
	store_med_link l;
	unsigned char hash[MED_HASH_BYTES];
	char token[MED_TOKEN_SIZE];
	char url[LINK_URL_MAX];
	char *svg;      /* malloc'd QR code */
	size_t svg_len;
	const char *peer;
} create_ctx;

static fq_status create_tx(store_conn *c, void *arg, fq_err *err)
{
	create_ctx *x = arg;
	fq_status st = store_med_link_insert(c, &x->l, x->hash, sizeof x->hash, &x->l.id, err);
	if (st == FQ_OK)
		st = store_audit_insert(c, x->l.created_by, "mediation_link_create",
					medapi_subject(http_arena(x->p.r), x->l.dispute_id),
					fq_arena_printf(http_arena(x->p.r), "link:%lld party:%lld",
							(long long)x->l.id,
							(long long)x->l.party_id),
					x->peer, err);
	return st;
}

static void create_reply(app *a, http_req *r)
{
	(void)a;
	create_ctx *x = http_user(r);
	if (x->p.st != FQ_OK) {
		free(x->svg);
		api_reply_error(r, x->p.st, &x->p.err);
		return;
	}
	json_t *j = link_json(&x->l, x->l.created_at);
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
	fq_status st = api_body_json(r, &body, err);
	if (st == FQ_OK)
		st = api_json_check(body, LINK_FIELDS, sizeof LINK_FIELDS / sizeof LINK_FIELDS[0],
				    err);
	if (st == FQ_OK) {
		x->l.party_id = json_integer_value(json_object_get(body, "party_id"));
		json_t *ttl = json_object_get(body, "expires_in_s");
		st = med_link_expiry(x->l.created_at,
				     json_is_integer(ttl) ? json_integer_value(ttl)
							  : MED_LINK_TTL_DEFAULT_S,
				     &x->l.expires_at, err);
	}
	json_decref(body);
	return st;
}

/* The case (the caller must work on it) holds the party of x. */
static fq_status check_party(app *a, http_req *r, create_ctx *x, fq_err *err)
{
	store_conn *c;
	fq_status st = store_read_begin(a->db, &c);
	if (st != FQ_OK)
		return fq_fail(err, st, "", "the store is not available");
	store_med_case k;
	store_med_party *ps = NULL;
	size_t n = 0;
	st = mediate_case(c, r, x->l.dispute_id, &k, err);
	if (st == FQ_OK)
		st = store_med_parties(c, http_arena(r), x->l.dispute_id, &ps, &n, err);
	store_read_end(a->db, c);
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		if (ps[i].id == x->l.party_id) {
			x->l.party_name = ps[i].name;
			return FQ_OK;
		}
	return st == FQ_OK ? fq_fail(err, FQ_EINVAL, "party_id", "not a party of this case") : st;
}

/* A new token, its hash, its URL and QR code. */
static fq_status make_token(app *a, http_req *r, create_ctx *x, fq_err *err)
{
	char path[LINK_URL_MAX];
	fq_status st = med_token_new(x->token);
	if (st != FQ_OK)
		return fq_fail(err, st, "", "no random bytes");
	med_token_hash(x->token, x->hash);
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

void api_med_link_create(app *a, http_req *r)
{
	fq_err err = {{0}, {0}};
	create_ctx *x = fq_arena_alloc(http_arena(r), sizeof *x);
	if (!x) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return;
	}
	*x = (create_ctx){.p = {.r = r}, .peer = http_peer(r)};
	x->l.created_by = api_caller(r)->account_id;
	x->l.created_at = fq_now_ms() / 1000;
	fq_status st = api_param_id(r, 0, &x->l.dispute_id, &err);
	if (st == FQ_OK)
		st = read_link_body(r, x, &err);
	if (st == FQ_OK)
		st = check_party(a, r, x, &err);
	if (st == FQ_OK)
		st = make_token(a, r, x, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_park(a, &x->p, create_reply, create_tx);
}

/* ---- GET /api/v1/mediation/cases/{id}/links ------------------------------------------ */

void api_med_links_list(app *a, http_req *r)
{
	fq_err err = {{0}, {0}};
	int64_t id = 0;
	store_med_case k;
	store_med_link *ls = NULL;
	size_t n = 0;
	store_conn *c = NULL;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK) {
		st = mediate_case(c, r, id, &k, &err);
		if (st == FQ_OK)
			st = store_med_links_of_case(c, http_arena(r), id, &ls, &n, &err);
		store_read_end(a->db, c);
	}
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

typedef struct revoke_ctx {
	api_parked p;   /* first: see park.h */
	int64_t id;
	int64_t account_id;
	int64_t now;
	const char *peer;
	store_med_link l;
} revoke_ctx;

static fq_status revoke_tx(store_conn *c, void *arg, fq_err *err)
{
	revoke_ctx *x = arg;
	fq_arena *ar = http_arena(x->p.r);
	fq_status st = store_med_link_revoke(c, x->id, x->account_id, x->now, err);
	if (st == FQ_OK)
		st = store_audit_insert(c, x->account_id, "mediation_link_revoke",
					medapi_subject(ar, x->l.dispute_id),
					fq_arena_printf(ar, "link:%lld party:%lld", (long long)x->id,
							(long long)x->l.party_id),
					x->peer, err);
	if (st == FQ_OK)
		st = store_med_link_get(c, ar, x->id, &x->l, err);
	return st;
}

static void revoke_reply(app *a, http_req *r)
{
	(void)a;
	revoke_ctx *x = http_user(r);
	if (x->p.st != FQ_OK) {
		api_reply_error(r, x->p.st, &x->p.err);
		return;
	}
	api_reply_json(r, 200, link_json(&x->l, x->now));
}

void api_med_link_revoke(app *a, http_req *r)
{
	fq_err err = {{0}, {0}};
	revoke_ctx *x = fq_arena_alloc(http_arena(r), sizeof *x);
	if (!x) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return;
	}
	*x = (revoke_ctx){.p = {.r = r}, .account_id = api_caller(r)->account_id,
			  .now = fq_now_ms() / 1000, .peer = http_peer(r)};
	store_conn *c = NULL;
	store_med_case k;
	fq_status st = api_param_id(r, 0, &x->id, &err);
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK) {
		st = store_med_link_get(c, http_arena(r), x->id, &x->l, &err);
		if (st == FQ_OK)
			st = mediate_case(c, r, x->l.dispute_id, &k, &err);
		if (st == FQ_ENOTFOUND)
			st = fq_fail(&err, FQ_ENOTFOUND, "id", "no such link");
		store_read_end(a->db, c);
	}
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_park(a, &x->p, revoke_reply, revoke_tx);
}
