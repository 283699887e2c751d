/*
 * auth_svc.c - the accounts and sessions service (auth_svc.h).
 */
#include "domain/auth_svc.h"

#include <stdlib.h>
#include <string.h>

/* ---- expired sessions: deleted in the background ---------------------- */

typedef struct expired_job {
	unsigned char hash[AUTH_TOKEN_HASH_BYTES];
} expired_job;

static fq_status expired_tx(store_conn *c, void *arg, fq_err *err)
{
	expired_job *j = arg;
	return store_session_delete(c, j->hash, sizeof j->hash, err);
}

static void expired_done(void *arg, fq_status st, const fq_err *err)
{
	(void)st;
	(void)err;
	free(arg);
}

/* Queue the deletion of an expired session; nobody waits for it. */
static void forget_session(store *db, const unsigned char hash[AUTH_TOKEN_HASH_BYTES])
{
	expired_job *j = malloc(sizeof *j);
	if (!j)
		return;
	memcpy(j->hash, hash, sizeof j->hash);
	if (store_write_async(db, expired_tx, j, expired_done) != FQ_OK)
		free(j);
}

/* ---- who a session belongs to ----------------------------------------- */

/* The arguments and results of a read of this file: a session, an
 * account by name, a linked person, a page of accounts. */
typedef struct auth_read {
	fq_arena *a;
	const unsigned char *hash; /* a session */
	int64_t now;
	store_session sess;
	int expired;
	const char *username;      /* an account */
	store_account acc;
	int found;
	caller *who;               /* the caller of either */
	store_account_filter page; /* a page of accounts */
	store_account **rows;
	size_t *n;
} auth_read;

static fq_status session_body(store_conn *c, void *arg, fq_err *err)
{
	auth_read *x = arg;
	fq_status st = store_session_lookup(c, x->a, x->hash, AUTH_TOKEN_HASH_BYTES, &x->sess, err);
	x->expired = st == FQ_OK && x->sess.expires_at <= x->now;
	if (st == FQ_OK && !x->expired)
		st = store_caller_load(c, x->a, x->sess.account_id, x->who, err);
	return st;
}

fq_status authsvc_session_caller(store *db, fq_arena *a,
				 const unsigned char hash[AUTH_TOKEN_HASH_BYTES], int64_t now,
				 caller *out, fq_err *err)
{
	auth_read x = {.a = a, .hash = hash, .now = now, .who = out};
	fq_status st = svc_read(db, session_body, &x, err);
	if (x.expired) {
		forget_session(db, hash);
		return fq_failr(err, FQ_EUNAUTH, "", "auth.session_expired",
				"the session has expired; log in again");
	}
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_EUNAUTH, "", "auth.session_invalid",
				"the session is not valid; log in again");
	if (st != FQ_OK)
		return st;
	out->csrf = x.sess.csrf;
	out->session_expires_at = x.sess.expires_at;
	return FQ_OK;
}

/* ---- logging in ------------------------------------------------------- */

static fq_status account_body(store_conn *c, void *arg, fq_err *err)
{
	auth_read *x = arg;
	fq_status st = store_account_by_username(c, x->a, x->username, &x->acc, err);
	x->found = st == FQ_OK;
	if (x->found && !x->acc.disabled)
		st = store_caller_load(c, x->a, x->acc.id, x->who, err);
	return st;
}

static fq_status login_run(store_conn *c, svc_job *job, fq_err *err)
{
	authsvc_login_job *j = (authsvc_login_job *)job;
	if (j->failure)
		return store_audit_insert(c, j->account_id, "login_failed", j->subject, j->failure,
					  j->peer, err);
	fq_status st = store_session_sweep(c, j->now, AUTHSVC_SWEEP_MAX, NULL, err);
	if (st == FQ_OK)
		st = store_session_insert(c, j->hash, sizeof j->hash, j->csrf, j->account_id,
					  j->now, j->expires, err);
	if (st == FQ_OK)
		st = store_audit_insert(c, j->account_id, "login", j->subject, NULL, j->peer, err);
	return st;
}

/* Fill j's inputs and fresh tokens. */
static fq_status login_init(authsvc_login_job *j, fq_arena *a, const char *username,
			    const char *peer, int64_t now, int64_t expires, fq_err *err)
{
	memset(j, 0, sizeof *j);
	j->job.run = login_run;
	j->subject = fq_arena_printf(a, "account:%s", username);
	j->peer = peer;
	j->now = now;
	j->expires = expires;
	if (!j->subject || auth_token_new(j->token) != FQ_OK || auth_token_new(j->csrf) != FQ_OK)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	auth_token_hash(j->token, j->hash);
	return FQ_OK;
}

fq_status authsvc_login(store *db, fq_arena *a, const char *username, const char *password,
			const char *peer, int64_t now, int64_t expires, authsvc_login_job *j,
			fq_err *err)
{
	fq_status st = login_init(j, a, username, peer, now, expires, err);
	auth_read x = {.a = a, .username = username, .who = fq_arena_alloc(a, sizeof(caller))};
	if (st == FQ_OK && !x.who)
		st = fq_fail(err, FQ_ENOMEM, "", "out of memory");
	if (st == FQ_OK)
		st = svc_read(db, account_body, &x, err);
	if (st != FQ_OK && st != FQ_ENOTFOUND)
		return st;
	int match = auth_verify_password(x.found ? x.acc.password_hash : NULL, password);
	j->account_id = x.found ? x.acc.id : 0;
	if (!x.found)
		j->failure = "unknown username";
	else if (!match)
		j->failure = "wrong password";
	else if (x.acc.disabled || st != FQ_OK)
		j->failure = "account disabled";
	else
		j->who = x.who;
	return FQ_OK;
}

/* ---- logging out ------------------------------------------------------ */

static fq_status logout_run(store_conn *c, svc_job *job, fq_err *err)
{
	authsvc_logout_job *j = (authsvc_logout_job *)job;
	fq_status st = store_session_delete(c, j->hash, sizeof j->hash, err);
	if (st == FQ_OK)
		st = store_audit_insert(c, j->account_id, "logout", j->subject, NULL, j->peer, err);
	return st;
}

fq_status authsvc_logout_job_init(authsvc_logout_job *j, fq_arena *a, const caller *who,
				  const char *token, const char *peer)
{
	memset(j, 0, sizeof *j);
	j->job.run = logout_run;
	j->account_id = who->account_id;
	j->subject = fq_arena_printf(a, "account:%s", who->username);
	j->peer = peer;
	auth_token_hash(token, j->hash);
	return j->subject ? FQ_OK : FQ_ENOMEM;
}

/* ---- reads ------------------------------------------------------------ */

static fq_status person_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	return store_account_person_get(c, x->a, x->id, x->out, err);
}

fq_status authsvc_person(store *db, fq_arena *a, int64_t person_id, store_account_person *out,
			 fq_err *err)
{
	return svc_get(db, person_body, (svc_rd){.a = a, .id = person_id, .out = out}, err);
}

/* The unit paths of the caller's bindings of role only (every binding
 * when only is 0), or SCOPE_EVERYWHERE when one of them covers the whole
 * deployment. */
#define SCOPE_EVERYWHERE (-1)
static int scope_paths(const caller *who, role only, const char *paths[CALLER_ROLES_MAX])
{
	int n = 0;
	for (int i = 0; i < who->n_roles; i++) {
		if (only && who->r[i].role != only)
			continue;
		if (who->r[i].unit_id == 0)
			return SCOPE_EVERYWHERE;
		paths[n++] = who->r[i].path;
	}
	return n;
}

/* Set f's paths to the n_paths of scope_paths. */
static void page_scope(store_account_filter *f, const char **paths, int n_paths)
{
	f->paths = n_paths == SCOPE_EVERYWHERE ? NULL : paths;
	f->n_paths = n_paths == SCOPE_EVERYWHERE ? 0 : n_paths;
}

static fq_status accounts_body(store_conn *c, void *arg, fq_err *err)
{
	auth_read *x = arg;
	return store_account_list(c, x->a, &x->page, x->rows, x->n, err);
}

fq_status authsvc_accounts(store *db, fq_arena *a, const caller *who,
			   const store_account_filter *f, store_account **out, size_t *n,
			   fq_err *err)
{
	const char *paths[CALLER_ROLES_MAX];
	int n_paths = scope_paths(who, ROLE_ADMIN, paths);
	*out = NULL;
	*n = 0;
	if (n_paths == 0) /* no admin binding with a unit left: nothing to show */
		return FQ_OK;
	auth_read x = {.a = a, .page = *f, .rows = out, .n = n};
	page_scope(&x.page, paths, n_paths);
	return svc_read(db, accounts_body, &x, err);
}

fq_status authsvc_account_lookup(store *db, fq_arena *a, const caller *who,
				 const store_account_filter *f, store_account **out, size_t *n,
				 fq_err *err)
{
	*out = NULL;
	*n = 0;
	if (!f->q || !*f->q)
		return fq_failr(err, FQ_EINVAL, "q", "field.required",
				"q is required: a name or username");
	const char *paths[CALLER_ROLES_MAX];
	int n_paths = scope_paths(who, (role)0, paths);
	if (n_paths == 0)
		return FQ_OK;
	auth_read x = {.a = a, .page = *f, .rows = out, .n = n};
	page_scope(&x.page, paths, n_paths);
	x.page.with_above = 1;
	x.page.enabled_only = 1;
	return svc_read(db, accounts_body, &x, err);
}
