/*
 * session.c - logging in (POST /api/v1/session) and out (DELETE), the
 * caller's own account (GET /api/v1/me), and the administrator's list of
 * accounts (GET /api/v1/accounts).
 *
 * A login checks the throttle, verifies the password (Argon2id, on the
 * worker: it is CPU work, not a wait), then parks the request while the
 * writer thread stores the session, or the failure, in the audit log. A
 * wrong password, an unknown username and a disabled account all get the
 * same 401 so that nobody can learn which usernames exist.
 */
#include "api/handlers.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/auth.h"
#include "api/session_cache.h"
#include "api/json.h"
#include "api/park.h"
#include "core/timeutil.h"
#include "domain/auth_svc.h"
#include "domain/requests.h"

#define ACCOUNTS_LIMIT_DEFAULT 50  /* accounts per page unless ?limit= */
#define ACCOUNTS_LIMIT_MAX 200     /* largest ?limit= */
#define ACCOUNTS_Q_MAX 64          /* characters of ?q= and ?role= */
#define LOOKUP_LIMIT_DEFAULT 10    /* accounts a pick list shows unless ?limit= */
#define LOOKUP_LIMIT_MAX 50        /* largest ?limit= of a pick list */
#define COOKIE_MAX 256             /* bytes of the Set-Cookie value */
#define SECONDS_PER_HOUR 3600
#define LOGIN_REFUSED "wrong username or password"

/* ---- JSON of accounts ------------------------------------------------- */

static json_t *unit_json(int64_t id, const char *code, const char *name, const char *kind)
{
	if (id == 0)
		return json_null();
	return json_pack("{s:I, s:s?, s:s?, s:s?}", "id", (json_int_t)id, "code", code, "name",
			 name, "kind", kind);
}

static json_t *caller_roles_json(const caller *who)
{
	json_t *roles = json_array();
	for (int i = 0; roles && i < who->n_roles; i++) {
		const caller_role *cr = &who->r[i];
		json_array_append_new(roles, json_pack("{s:s, s:o}", "role", role_name(cr->role),
						       "unit", unit_json(cr->unit_id, cr->unit_code,
									 cr->unit_name,
									 cr->unit_kind)));
	}
	return roles;
}

static json_t *caller_json(const caller *who)
{
	return json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)who->account_id, "username",
			 who->username ? who->username : "", "display_name",
			 who->display_name ? who->display_name : "", "roles",
			 caller_roles_json(who));
}

static json_t *account_json(const store_account *acc)
{
	json_t *roles = json_array();
	for (int i = 0; roles && i < acc->n_roles; i++) {
		const store_account_role *ar = &acc->roles[i];
		json_array_append_new(roles, json_pack("{s:s, s:o}", "role", ar->role, "unit",
						       unit_json(ar->unit_id, ar->unit_code,
								 ar->unit_name, ar->unit_kind)));
	}
	json_t *person = acc->person_id ? json_integer(acc->person_id) : json_null();
	return json_pack("{s:I, s:s, s:s, s:b, s:o, s:o, s:o}", "id", (json_int_t)acc->id,
			 "username", acc->username, "display_name",
			 acc->display_name ? acc->display_name : "", "disabled", acc->disabled,
			 "person_id", person, "created_at", api_time(acc->created_at), "roles",
			 roles);
}

static void set_cookie(app *a, http_req *r, const char *value, long max_age)
{
	char buf[COOKIE_MAX];
	snprintf(buf, sizeof buf, API_SESSION_COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/; "
		 "Max-Age=%ld%s", value, max_age, a->cfg.cookie_secure ? "; Secure" : "");
	http_add_header(r, "Set-Cookie", buf);
}

/* ---- POST /api/v1/session ------------------------------------------- */

static void login_reply(app *a, http_req *r)
{
	authsvc_login_job *x = http_user(r);
	fq_err err = {0};
	if (x->failure) {
		fq_failr(&err, FQ_EUNAUTH, "", "auth.login_refused", LOGIN_REFUSED);
		api_reply_error(r, FQ_EUNAUTH, &err);
		return;
	}
	if (!api_job_done(r))
		return;
	http_set_log_account(r, x->account_id);
	set_cookie(a, r, x->token, (long)a->cfg.session_hours * SECONDS_PER_HOUR);
	http_add_header(r, "Cache-Control", "no-store");
	json_t *j = json_pack("{s:s, s:s, s:o, s:o}", "token", x->token, "csrf_token", x->csrf,
			      "expires_at", api_time(x->expires), "account", caller_json(x->who));
	api_reply_json(r, 201, j);
}

static void reply_throttled(http_req *r, int64_t wait_ms)
{
	char secs[24];
	long long s = (wait_ms + 999) / 1000;
	snprintf(secs, sizeof secs, "%lld", s);
	http_add_header(r, "Retry-After", secs);
	fq_err err = {0};
	fq_failr(&err, FQ_ERATELIMIT, "", "auth.login_rate",
		 "too many failed logins; try again in %lld seconds", s);
	api_reply_error(r, FQ_ERATELIMIT, &err);
}

void api_session_create(app *a, http_req *r)
{
	static const api_field spec[] = {
		{"username", JF_STRING, JF_REQUIRED, AUTH_USERNAME_MAX, 0, 0},
		{"password", JF_STRING, JF_REQUIRED, AUTH_PASSWORD_MAX, 0, 0},
	};
	json_t *body = NULL;
	fq_err err = {0};
	fq_status st = api_body_checked(r, spec, sizeof spec / sizeof spec[0], &body, &err);
	if (st != FQ_OK) {
		json_decref(body);
		api_reply_error(r, st, &err);
		return;
	}
	fq_arena *arena = http_arena(r);
	const char *username = fq_arena_strdup(arena, api_json_str(body, "username"));
	int64_t wait = a->throttle && username
			       ? auth_throttle_attempt(a->throttle, username, http_peer(r))
			       : 0;
	authsvc_login_job *x = fq_arena_alloc(arena, sizeof *x);
	int64_t now = fq_now_ms() / 1000;
	st = !x || !username ? fq_fail(&err, FQ_ENOMEM, "", "out of memory") : FQ_OK;
	if (st == FQ_OK && wait <= 0)
		st = authsvc_login(a->db, arena, username, api_json_str(body, "password"),
				   http_peer(r), now,
				   now + (int64_t)a->cfg.session_hours * SECONDS_PER_HOUR, x, &err);
	json_decref(body);
	if (wait > 0) {
		reply_throttled(r, wait);
		return;
	}
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	if (x->who && a->throttle)
		auth_throttle_succeeded(a->throttle, username, x->peer);
	else if (a->throttle)
		auth_throttle_failed(a->throttle, username, x->peer);
	api_submit(a, r, &x->job, login_reply);
}

/* ---- DELETE /api/v1/session ----------------------------------------- */

static void logout_reply(app *a, http_req *r)
{
	authsvc_logout_job *x = api_job_done(r);
	if (!x)
		return;
	if (a->sessions) /* a request racing the logout may have cached it again */
		scache_forget(a->sessions, x->hash);
	set_cookie(a, r, "", 0);
	http_reply(r, 204, NULL, "", 0);
}

void api_session_delete(app *a, http_req *r)
{
	const caller *who = api_caller(r);
	const char *token = api_request_token(r, API_SESSION_COOKIE, NULL);
	fq_arena *arena = http_arena(r);
	authsvc_logout_job *x = fq_arena_alloc(arena, sizeof *x);
	if (!x || !token || !who) {
		api_reply_error(r, x ? FQ_EUNAUTH : FQ_ENOMEM, NULL);
		return;
	}
	if (authsvc_logout_job_init(x, arena, who, token, http_peer(r)) != FQ_OK) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return;
	}
	if (a->sessions)
		scache_forget(a->sessions, x->hash);
	api_submit(a, r, &x->job, logout_reply);
}

/* ---- GET /api/v1/me ------------------------------------------------- */

static json_t *person_json(const store_account_person *p)
{
	return json_pack("{s:I, s:s?}", "id", (json_int_t)p->id, "name", p->name);
}

static json_t *household_json(const store_account_person *p)
{
	if (p->household_id == 0)
		return json_null();
	return json_pack("{s:I, s:s?, s:s?, s:I, s:I}", "id", (json_int_t)p->household_id, "code",
			 p->household_code, "address", p->household_address, "building_id",
			 (json_int_t)p->building_id, "grid_id", (json_int_t)p->grid_id);
}

/* The channels the caller may raise a request through (the new-request
 * forms offer these; POST /api/v1/requests enforces the same table). */
static json_t *channels_json(const caller *who)
{
	unsigned set = reqsvc_channels_for(who);
	json_t *arr = json_array();
	for (int k = REQSVC_CH_NONE + 1; arr && k < REQSVC_CH_COUNT; k++)
		if (set & (1u << k))
			json_array_append_new(arr, json_string(reqsvc_channel_name((reqsvc_channel)k)));
	return arr;
}

/* Add the session's CSRF token and expiry (known from authentication) and
 * the linked person, which costs a read only when there is one. */
static fq_status me_details(app *a, http_req *r, const caller *who, json_t *j, fq_err *err)
{
	store_account_person p;
	int have_person = 0;
	if (who->person_id)
		have_person = authsvc_person(a->db, http_arena(r), who->person_id, &p, err) == FQ_OK;
	json_object_set_new(j, "csrf_token", json_string(who->csrf ? who->csrf : ""));
	json_object_set_new(j, "session_expires_at", api_time(who->session_expires_at));
	json_object_set_new(j, "person", have_person ? person_json(&p) : json_null());
	json_object_set_new(j, "household", have_person ? household_json(&p) : json_null());
	json_object_set_new(j, "leader_id",
			    who->leader_id ? json_integer(who->leader_id) : json_null());
	json_object_set_new(j, "request_channels", channels_json(who));
	return FQ_OK;
}

void api_me(app *a, http_req *r)
{
	const caller *who = api_caller(r);
	fq_err err = {0};
	json_t *j = who ? caller_json(who) : NULL;
	fq_status st = j ? me_details(a, r, who, j, &err) : FQ_ENOMEM;
	if (st != FQ_OK) {
		json_decref(j);
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, 200, j);
}

/* ---- GET /api/v1/accounts ------------------------------------------- */

static json_t *accounts_page_json(const store_account *rows, size_t n, int64_t limit)
{
	json_t *items = json_array();
	size_t shown = n > (size_t)limit ? (size_t)limit : n;
	for (size_t i = 0; items && i < shown; i++)
		json_array_append_new(items, account_json(&rows[i]));
	json_t *next = json_null();
	if (n > shown) {
		char cur[24];
		snprintf(cur, sizeof cur, "%lld", (long long)rows[shown - 1].id);
		json_decref(next);
		next = json_string(cur);
	}
	return json_pack("{s:o, s:o}", "items", items, "next_cursor", next);
}

/* The page and filters of an account list: limit, cursor, q, role. */
static fq_status parse_account_page(http_req *r, int64_t max, int64_t dflt,
				    store_account_filter *f, fq_err *err)
{
	int64_t limit = 0, after = 0;
	const char *role_arg = NULL;
	fq_status st = api_query_int(r, "limit", 1, max, dflt, &limit, err);
	if (st == FQ_OK)
		st = api_query_int(r, "cursor", 0, INT64_MAX, 0, &after, err);
	if (st == FQ_OK)
		st = api_query_text(r, "q", ACCOUNTS_Q_MAX, &f->q, err);
	if (st == FQ_OK)
		st = api_query_text(r, "role", ACCOUNTS_Q_MAX, &role_arg, err);
	if (st == FQ_OK && role_arg && !role_parse(role_arg))
		st = fq_failr(err, FQ_EINVAL, "role", "account.role_unknown", "no such role: %s",
			      role_arg);
	f->role = role_arg;
	f->after_id = after;
	f->limit = (int)limit + 1; /* one more tells whether a next page exists */
	return st;
}

static void accounts_reply(http_req *r, fq_status st, const store_account *rows, size_t n,
			   const store_account_filter *f, fq_err *err)
{
	if (st != FQ_OK) {
		api_reply_error(r, st, err);
		return;
	}
	api_reply_json(r, 200, accounts_page_json(rows, n, f->limit - 1));
}

void api_accounts_list(app *a, http_req *r)
{
	const caller *who = api_caller(r);
	fq_err err = {0};
	store_account_filter f = {0};
	fq_status st = parse_account_page(r, ACCOUNTS_LIMIT_MAX, ACCOUNTS_LIMIT_DEFAULT, &f, &err);
	if (st != FQ_OK || !who) {
		api_reply_error(r, who ? st : FQ_EUNAUTH, &err);
		return;
	}
	store_account *rows = NULL;
	size_t n = 0;
	st = authsvc_accounts(a->db, http_arena(r), who, &f, &rows, &n, &err);
	accounts_reply(r, st, rows, n, &f, &err);
}

/* ---- GET /api/v1/accounts/lookup ------------------------------------ */

void api_accounts_lookup(app *a, http_req *r)
{
	fq_err err = {0};
	store_account_filter f = {0};
	fq_status st = parse_account_page(r, LOOKUP_LIMIT_MAX, LOOKUP_LIMIT_DEFAULT, &f, &err);
	store_account *rows = NULL;
	size_t n = 0;
	if (st == FQ_OK)
		st = authsvc_account_lookup(a->db, http_arena(r), api_caller(r), &f, &rows, &n,
					    &err);
	accounts_reply(r, st, rows, n, &f, &err);
}
