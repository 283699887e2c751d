/*
 * mediation_party.c - a party without an account in its one case's
 * thread. POST /api/v1/mediation/join {token} trades a link's token for a
 * party session: a random token (stored hashed) sent back in the body and
 * as an HttpOnly SameSite=Strict cookie whose path is
 * /api/v1/mediation/party, with a CSRF token that every write through the
 * cookie must echo in X-CSRF-Token. The routes under
 * /api/v1/mediation/party read the case's facts and thread (audited),
 * post messages and files, retract one's own message and fetch
 * attachments.
 *
 * These routes are public in the route table: the party session is
 * checked here, never by the account-session hook, and no other route
 * accepts it (it is not in the sessions table). A link that is unknown,
 * expired or revoked, and a party session that has ended, get 401; the
 * lookup is by the token's keyed hash, so an unknown token costs what a
 * known one does.
 */
#include "api/handlers.h"

#include <stdio.h>
#include <string.h>

#include "api/auth.h"
#include "api/json.h"
#include "api/mediation.h"
#include "api/park.h"
#include "core/timeutil.h"

#define COOKIE_MAX 256          /* bytes of the Set-Cookie value */
#define PARTY_ATT_BASE "/api/v1/mediation/party/attachments"
#define AFTER_MAX INT64_MAX     /* largest ?after= message id */

static const api_field JOIN_FIELDS[] = {
	{"token", JF_STRING, JF_REQUIRED, MED_TOKEN_LEN * 2, 0, 0},
};

/* ---- the party session ------------------------------------------------------- */

/* A party's standing for one request. */
typedef struct party {
	store_med_psession s;
	med_actor actor;
	unsigned char hash[MED_HASH_BYTES];
} party;

/* Authenticate the party of r into p: 401 without a live party session,
 * 403 for a write through the cookie without the CSRF token. */
static fq_status party_auth(app *a, http_req *r, party *p, fq_err *err)
{
	int via_cookie = 0;
	const char *token = api_request_token(r, MED_PARTY_COOKIE, &via_cookie);
	if (!token)
		return fq_failr(err, FQ_EUNAUTH, "", "mediation.link_needed",
				"open the link you were sent to take part");
	med_token_hash(token, p->hash);
	fq_status st = medsvc_party_session(a->db, http_arena(r), p->hash, fq_now_ms() / 1000,
					    &p->s, err);
	if (st != FQ_OK)
		return st;
	if (via_cookie && strcmp(http_method(r), "GET") != 0 &&
	    !auth_token_equal(http_header(r, API_CSRF_HEADER), p->s.csrf))
		return fq_fail(err, FQ_EFORBIDDEN, API_CSRF_HEADER,
			       "a write through the party cookie needs the header " API_CSRF_HEADER);
	p->actor = (med_actor){.party_id = p->s.party_id, .link_id = p->s.link_id};
	return FQ_OK;
}

/* The party of r, authenticated, in the request's arena; NULL after
 * answering the request with the error. */
static party *party_or_reply(app *a, http_req *r)
{
	fq_err err = {{0}, {0}};
	party *p = fq_arena_alloc(http_arena(r), sizeof *p);
	fq_status st = p ? party_auth(a, r, p, &err) : fq_fail(&err, FQ_ENOMEM, "", "out of memory");
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return NULL;
	}
	return p;
}

/* ---- POST /api/v1/mediation/join ---------------------------------------------------- */

static void set_cookie(app *a, http_req *r, const char *value, long max_age)
{
	char buf[COOKIE_MAX];
	snprintf(buf, sizeof buf,
		 MED_PARTY_COOKIE "=%s; HttpOnly; SameSite=Strict; Path=" MED_PARTY_COOKIE_PATH
				  "; Max-Age=%ld%s",
		 value, max_age, a->cfg.cookie_secure ? "; Secure" : "");
	http_add_header(r, "Set-Cookie", buf);
}

static void join_reply(app *a, http_req *r)
{
	medsvc_join_job *x = api_job_done(r);
	if (!x)
		return;
	set_cookie(a, r, x->session, (long)(x->expires - x->now));
	http_add_header(r, "Cache-Control", "no-store");
	api_reply_json(r, 200,
		       json_pack("{s:s, s:s, s:o, s:{s:I, s:s?}, s:I}", "token", x->session,
				 "csrf_token", x->csrf, "expires_at", api_time(x->expires), "party",
				 "id", (json_int_t)x->l.party_id, "name", x->l.party_name,
				 "case_id", (json_int_t)x->l.dispute_id));
}

/* The link token of the body, hashed into x->link_hash. */
static fq_status read_join(http_req *r, medsvc_join_job *x, fq_err *err)
{
	json_t *body = NULL;
	fq_status st = api_body_checked(r, JOIN_FIELDS, sizeof JOIN_FIELDS / sizeof JOIN_FIELDS[0],
					&body, err);
	if (st == FQ_OK)
		med_token_hash(api_json_str(body, "token"), x->link_hash);
	json_decref(body);
	return st;
}

static fq_status join_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	medsvc_join_job *x = ctx;
	*x = (medsvc_join_job){.a = http_arena(r), .now = fq_now_ms() / 1000,
			       .peer = http_peer(r)};
	medsvc_join_job_init(x);
	fq_status st = read_join(r, x, err);
	if (st == FQ_OK) /* a bad link writes nothing */
		st = medsvc_join_prepare(a->db, x, err);
	return st;
}

void api_med_join(app *a, http_req *r)
{
	api_write(a, r, sizeof(medsvc_join_job), join_fill, join_reply);
}

/* ---- the party's thread ---------------------------------------------------------------- */

void api_med_party_get(app *a, http_req *r)
{
	fq_err err = {{0}, {0}};
	party *p = party_or_reply(a, r);
	if (!p)
		return;
	int64_t after = 0;
	medsvc_view *v = fq_arena_alloc(http_arena(r), sizeof *v);
	fq_status st = api_query_int(r, "after", 0, AFTER_MAX, 0, &after, &err);
	if (st == FQ_OK && !v)
		st = fq_fail(&err, FQ_ENOMEM, "", "out of memory");
	if (st == FQ_OK)
		st = medsvc_view_load(a->db, http_arena(r), p->s.dispute_id, after, v, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	http_add_header(r, "X-CSRF-Token", p->s.csrf);
	medapi_reply_audited(a, r, &p->actor, v, PARTY_ATT_BASE);
}

void api_med_party_post(app *a, http_req *r)
{
	party *p = party_or_reply(a, r);
	if (p)
		medapi_post_json(a, r, p->s.dispute_id, &p->actor, PARTY_ATT_BASE, p->hash);
}

void api_med_party_upload(app *a, http_req *r)
{
	party *p = party_or_reply(a, r);
	if (p)
		medapi_upload(a, r, p->s.dispute_id, &p->actor, PARTY_ATT_BASE, p->hash);
}

void api_med_party_retract(app *a, http_req *r)
{
	int64_t mid = 0;
	party *p = party_or_reply(a, r);
	if (p && api_param_id_or_reply(r, 0, &mid))
		medapi_retract(a, r, p->s.dispute_id, mid, &p->actor, PARTY_ATT_BASE, p->hash);
}

void api_med_party_attachment(app *a, http_req *r)
{
	int64_t att = 0;
	party *p = party_or_reply(a, r);
	if (p && api_param_id_or_reply(r, 0, &att))
		medapi_send_attachment(a, r, p->s.dispute_id, att);
}
