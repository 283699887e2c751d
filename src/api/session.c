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
#include "domain/auth.h"
#include "store/store_auth.h"

#define SESSION_SWEEP_MAX 100      /* expired sessions deleted by one login */
#define ACCOUNTS_LIMIT_DEFAULT 50  /* accounts per page unless ?limit= */
#define ACCOUNTS_LIMIT_MAX 200     /* largest ?limit= */
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

typedef struct login_ctx {
	api_parked p;                  /* first: see api/park.h */
	app *a;
	const char *username;       /* as given */
	const char *subject;        /* audit subject */
	const char *peer;
	int64_t account_id;         /* 0 when there is no such account */
	const char *failure;        /* audit detail of a refusal; NULL on success */
	caller *who;                /* the account, on success */
	char token[AUTH_TOKEN_SIZE];
	char csrf[AUTH_TOKEN_SIZE];
	unsigned char hash[AUTH_TOKEN_HASH_BYTES];
	int64_t now, expires;       /* unix seconds */
} login_ctx;

/* Decide the login: sets x->who on success, else x->failure. Fails only
 * when the store cannot be read. */
static fq_status check_credentials(login_ctx *x, const char *password, fq_err *err)
{
	fq_arena *arena = http_arena(x->p.r);
	caller *who = fq_arena_alloc(arena, sizeof *who);
	if (!who)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	store_conn *c;
	fq_status st = store_read_begin(x->a->db, &c);
	if (st != FQ_OK)
		return fq_fail(err, st, "", "the store is not available");
	store_account acc;
	st = store_account_by_username(c, arena, x->username, &acc, err);
	int found = st == FQ_OK;
	if (found && !acc.disabled)
		st = store_caller_load(c, arena, acc.id, who, err);
	store_read_end(x->a->db, c);
	if (st != FQ_OK && st != FQ_ENOTFOUND)
		return st;
	int match = auth_verify_password(found ? acc.password_hash : NULL, password);
	x->account_id = found ? acc.id : 0;
	if (!found)
		x->failure = "unknown username";
	else if (!match)
		x->failure = "wrong password";
	else if (acc.disabled || st != FQ_OK)
		x->failure = "account disabled";
	else
		x->who = who;
	return FQ_OK;
}

static fq_status login_tx(store_conn *c, void *arg, fq_err *err)
{
	login_ctx *x = arg;
	if (x->failure)
		return store_audit_insert(c, x->account_id, "login_failed", x->subject, x->failure,
					  x->peer, err);
	fq_status st = store_session_sweep(c, x->now, SESSION_SWEEP_MAX, NULL, err);
	if (st == FQ_OK)
		st = store_session_insert(c, x->hash, sizeof x->hash, x->csrf, x->account_id,
					  x->now, x->expires, err);
	if (st == FQ_OK)
		st = store_audit_insert(c, x->account_id, "login", x->subject, NULL, x->peer, err);
	return st;
}

static void login_reply(app *a, http_req *r)
{
	login_ctx *x = http_user(r);
	fq_err err = {0};
	if (x->failure) {
		fq_fail(&err, FQ_EUNAUTH, "", LOGIN_REFUSED);
		api_reply_error(r, FQ_EUNAUTH, &err);
		return;
	}
	if (x->p.st != FQ_OK) {
		api_reply_error(r, x->p.st, &x->p.err);
		return;
	}
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
	fq_fail(&err, FQ_ERATELIMIT, "", "too many failed logins; try again in %lld seconds", s);
	api_reply_error(r, FQ_ERATELIMIT, &err);
}

/* A new login context for username with fresh tokens, or NULL. */
static login_ctx *login_new(app *a, http_req *r, const char *username)
{
	fq_arena *arena = http_arena(r);
	login_ctx *x = fq_arena_alloc(arena, sizeof *x);
	if (!x)
		return NULL;
	x->p.r = r;
	x->a = a;
	x->username = fq_arena_strdup(arena, username);
	x->subject = fq_arena_printf(arena, "account:%s", username);
	x->peer = http_peer(r);
	x->now = fq_now_ms() / 1000;
	x->expires = x->now + (int64_t)a->cfg.session_hours * SECONDS_PER_HOUR;
	if (!x->username || !x->subject || auth_token_new(x->token) != FQ_OK ||
	    auth_token_new(x->csrf) != FQ_OK)
		return NULL;
	auth_token_hash(x->token, x->hash);
	return x;
}

void api_session_create(app *a, http_req *r)
{
	static const api_field spec[] = {
		{"username", JF_STRING, JF_REQUIRED, AUTH_USERNAME_MAX, 0, 0},
		{"password", JF_STRING, JF_REQUIRED, AUTH_PASSWORD_MAX, 0, 0},
	};
	json_t *body = NULL;
	fq_err err = {0};
	fq_status st = api_body_json(r, &body, &err);
	if (st == FQ_OK)
		st = api_json_check(body, spec, sizeof spec / sizeof spec[0], &err);
	if (st != FQ_OK) {
		json_decref(body);
		api_reply_error(r, st, &err);
		return;
	}
	const char *username = api_json_str(body, "username");
	int64_t wait = a->throttle ? auth_throttle_attempt(a->throttle, username, http_peer(r)) : 0;
	login_ctx *x = wait > 0 ? NULL : login_new(a, r, username);
	if (x)
		st = check_credentials(x, api_json_str(body, "password"), &err);
	json_decref(body);
	if (wait > 0) {
		reply_throttled(r, wait);
		return;
	}
	if (!x || st != FQ_OK) {
		api_reply_error(r, x ? st : FQ_ENOMEM, x ? &err : NULL);
		return;
	}
	if (x->who && a->throttle)
		auth_throttle_succeeded(a->throttle, x->username, x->peer);
	else if (a->throttle)
		auth_throttle_failed(a->throttle, x->username, x->peer);
	api_park(a, &x->p, login_reply, login_tx);
}

/* ---- DELETE /api/v1/session ----------------------------------------- */

typedef struct logout_ctx {
	api_parked p; /* first: see api/park.h */
	int64_t account_id;
	const char *subject;
	const char *peer;
	unsigned char hash[AUTH_TOKEN_HASH_BYTES];
} logout_ctx;

static fq_status logout_tx(store_conn *c, void *arg, fq_err *err)
{
	logout_ctx *x = arg;
	fq_status st = store_session_delete(c, x->hash, sizeof x->hash, err);
	if (st == FQ_OK)
		st = store_audit_insert(c, x->account_id, "logout", x->subject, NULL, x->peer, err);
	return st;
}

static void logout_reply(app *a, http_req *r)
{
	logout_ctx *x = http_user(r);
	if (x->p.st != FQ_OK) {
		api_reply_error(r, x->p.st, &x->p.err);
		return;
	}
	if (a->sessions) /* a request racing the logout may have cached it again */
		scache_forget(a->sessions, x->hash);
	set_cookie(a, r, "", 0);
	http_reply(r, 204, NULL, "", 0);
}

void api_session_delete(app *a, http_req *r)
{
	const caller *who = api_caller(r);
	const char *token = api_session_token(r, NULL);
	fq_arena *arena = http_arena(r);
	logout_ctx *x = fq_arena_alloc(arena, sizeof *x);
	if (!x || !token || !who) {
		api_reply_error(r, x ? FQ_EUNAUTH : FQ_ENOMEM, NULL);
		return;
	}
	x->p.r = r;
	x->account_id = who->account_id;
	x->subject = fq_arena_printf(arena, "account:%s", who->username);
	x->peer = http_peer(r);
	auth_token_hash(token, x->hash);
	if (a->sessions)
		scache_forget(a->sessions, x->hash);
	api_park(a, &x->p, logout_reply, logout_tx);
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

/* Add the session's CSRF token and expiry (known from authentication) and
 * the linked person, which costs a read only when there is one. */
static fq_status me_details(app *a, http_req *r, const caller *who, json_t *j, fq_err *err)
{
	store_account_person p;
	int have_person = 0;
	if (who->person_id) {
		store_conn *c;
		fq_status st = store_read_begin(a->db, &c);
		if (st != FQ_OK)
			return fq_fail(err, st, "", "the store is not available");
		have_person = store_account_person_get(c, http_arena(r), who->person_id, &p,
						       err) == FQ_OK;
		store_read_end(a->db, c);
	}
	json_object_set_new(j, "csrf_token", json_string(who->csrf ? who->csrf : ""));
	json_object_set_new(j, "session_expires_at", api_time(who->session_expires_at));
	json_object_set_new(j, "person", have_person ? person_json(&p) : json_null());
	json_object_set_new(j, "household", have_person ? household_json(&p) : json_null());
	json_object_set_new(j, "leader_id",
			    who->leader_id ? json_integer(who->leader_id) : json_null());
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

/* The unit paths of the caller's admin bindings, or ADMIN_EVERYWHERE when
 * one of them covers the whole deployment. */
#define ADMIN_EVERYWHERE (-1)
static int admin_scope(const caller *who, const char *paths[CALLER_ROLES_MAX])
{
	int n = 0;
	for (int i = 0; i < who->n_roles; i++) {
		if (who->r[i].role != ROLE_ADMIN)
			continue;
		if (who->r[i].unit_id == 0)
			return ADMIN_EVERYWHERE;
		paths[n++] = who->r[i].path;
	}
	return n;
}

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

void api_accounts_list(app *a, http_req *r)
{
	const caller *who = api_caller(r);
	fq_err err = {0};
	int64_t limit = 0, after = 0;
	fq_status st = api_query_int(r, "limit", 1, ACCOUNTS_LIMIT_MAX, ACCOUNTS_LIMIT_DEFAULT,
				     &limit, &err);
	if (st == FQ_OK)
		st = api_query_int(r, "cursor", 0, INT64_MAX, 0, &after, &err);
	if (st != FQ_OK || !who) {
		api_reply_error(r, who ? st : FQ_EUNAUTH, &err);
		return;
	}
	const char *paths[CALLER_ROLES_MAX];
	int n_paths = admin_scope(who, paths);
	store_account *rows = NULL;
	size_t n = 0;
	store_conn *c;
	/* no admin binding with a unit left: nothing to show */
	st = n_paths == 0 ? FQ_OK : store_read_begin(a->db, &c);
	if (st == FQ_OK && n_paths != 0) {
		st = store_account_list(c, http_arena(r), after, (int)limit + 1, paths,
					n_paths == ADMIN_EVERYWHERE ? 0 : n_paths, &rows, &n, &err);
		store_read_end(a->db, c);
	}
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, 200, accounts_page_json(rows, n, limit));
}
