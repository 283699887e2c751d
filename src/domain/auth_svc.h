/*
 * auth_svc.h - the accounts and sessions service: who a session token
 * belongs to, deciding a login and writing its session (or its refusal)
 * to the audit log, logging out, the caller's linked person, and the
 * administrator's list of accounts. The rules (passwords, tokens, the
 * throttle) are in auth.h; this file adds the store.
 *
 * A wrong password, an unknown username and a disabled account are told
 * apart only in the audit log: callers answer them all the same.
 */
#ifndef FQ_DOMAIN_AUTH_SVC_H
#define FQ_DOMAIN_AUTH_SVC_H

#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/auth.h"
#include "domain/svc.h"
#include "store/store_auth.h"

/* Expired sessions deleted by one login. */
#define AUTHSVC_SWEEP_MAX 100

/*
 * The enabled account whose session has the token hash, as a caller in a
 * (with csrf and session_expires_at of the session). FQ_EUNAUTH when there
 * is no such session or account ("the session is not valid"), or when the
 * session has expired at now (unix seconds): its deletion is then queued,
 * and nobody waits for it. *out is written only on success.
 */
fq_status authsvc_session_caller(store *db, fq_arena *a,
				 const unsigned char hash[AUTH_TOKEN_HASH_BYTES], int64_t now,
				 caller *out, fq_err *err);

/* A login as a write job (svc.h): the session and its audit entry, or the
 * refusal's audit entry. */
typedef struct authsvc_login_job {
	svc_job job;                /* first */
	const char *subject;        /* audit subject "account:<username>" */
	const char *peer;           /* the client's address */
	int64_t now, expires;       /* unix seconds */
	char token[AUTH_TOKEN_SIZE];/* the new session's token, for the client */
	char csrf[AUTH_TOKEN_SIZE]; /* its CSRF token */
	unsigned char hash[AUTH_TOKEN_HASH_BYTES];
	int64_t account_id;         /* 0 when there is no such account */
	const char *failure;        /* audit detail of a refusal; NULL on success */
	caller *who;                /* the account, on success */
} authsvc_login_job;

/*
 * Decide the login of username with password and prepare job j (its body,
 * fresh tokens, the outcome): on success j->who is the account (in a),
 * else j->failure says why for the audit log. The password is verified
 * (Argon2id) on the calling thread. Fails only when the store cannot be
 * read or memory runs out; j is then not to be submitted.
 */
fq_status authsvc_login(store *db, fq_arena *a, const char *username, const char *password,
			const char *peer, int64_t now, int64_t expires, authsvc_login_job *j,
			fq_err *err);

/* A logout as a write job: the session with the token hash is deleted and
 * the logout audited. */
typedef struct authsvc_logout_job {
	svc_job job; /* first */
	int64_t account_id;
	const char *subject; /* audit subject "account:<username>" */
	const char *peer;
	unsigned char hash[AUTH_TOKEN_HASH_BYTES];
} authsvc_logout_job;

/* Prepare the logout of who's session with token (subject in a). FQ_ENOMEM
 * when out of memory. */
fq_status authsvc_logout_job_init(authsvc_logout_job *j, fq_arena *a, const caller *who,
				  const char *token, const char *peer);

/* The person linked to an account, with the household: FQ_ENOTFOUND when
 * there is none. */
fq_status authsvc_person(store *db, fq_arena *a, int64_t person_id, store_account_person *out,
			 fq_err *err);

/* The accounts an administrator may see that match f (its cursor, limit,
 * text and role; its paths are set here), in id order (in a): those bound
 * within the units of who's admin roles, every account for an admin of
 * the whole deployment, none when who has no admin binding. */
fq_status authsvc_accounts(store *db, fq_arena *a, const caller *who,
			   const store_account_filter *f, store_account **out, size_t *n,
			   fq_err *err);

/* Enabled accounts whose username or display name holds f->q (required:
 * FQ_EINVAL naming "q"), optionally holding f->role, in id order after
 * f->after_id: the pick lists of staff that choose a person (a dispute's
 * mediators, a meeting's participants). Only accounts within who's reach:
 * with a role bound at or below one of who's units, or above one of them
 * (the street's mediators for a community), or for the whole deployment;
 * every account when who has a deployment-wide role. The caller's right to
 * ask is the route's. */
fq_status authsvc_account_lookup(store *db, fq_arena *a, const caller *who,
				 const store_account_filter *f, store_account **out, size_t *n,
				 fq_err *err);

#endif
