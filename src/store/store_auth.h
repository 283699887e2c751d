/*
 * store_auth.h - accounts, their roles, sessions and the audit log in the
 * store: the rows they come back in and the queries on them.
 *
 * Functions that return rows copy every string into the caller's arena,
 * so the rows outlive the read transaction. Writes must run inside a
 * store write transaction (store_write / store_write_async); reads inside
 * store_read_begin/store_read_end or a write transaction. Lookups that
 * find nothing return FQ_ENOTFOUND and leave the out-parameters untouched.
 */
#ifndef FQ_STORE_STORE_AUTH_H
#define FQ_STORE_STORE_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "model/caller.h"
#include "store/store.h"

#define STORE_ACCOUNT_ROLES_MAX 64   /* role bindings returned per account */
#define STORE_ACCOUNT_PAGE_MAX 1000  /* accounts per store_account_list call */
#define STORE_SCOPE_PATHS_MAX CALLER_ROLES_MAX /* unit paths in a list scope */

/* One role binding of an account. For the whole deployment (unit_id 0)
 * the unit strings are NULL. */
typedef struct store_account_role {
	const char *role;      /* wire name, e.g. "grid_worker" */
	int64_t unit_id;       /* 0 = the whole deployment */
	const char *unit_code; /* units.code */
	const char *unit_name;
	const char *unit_kind; /* "street", "community", "grid", ... */
} store_account_role;

typedef struct store_account {
	int64_t id;
	const char *username;
	const char *display_name;
	const char *password_hash; /* encoded Argon2id; NULL in lists */
	int64_t person_id;         /* 0 = none */
	int disabled;
	int64_t created_at;        /* unix seconds */
	store_account_role *roles; /* filled by store_account_list and
				    * store_account_roles; else NULL */
	int n_roles;
} store_account;

/* A session as stored (the token itself is never stored). */
typedef struct store_session {
	int64_t account_id;
	const char *csrf;   /* the session's CSRF token */
	int64_t created_at; /* unix seconds */
	int64_t expires_at; /* unix seconds */
} store_session;

/* The resident behind an account and their household, for /me. Household
 * fields are 0/NULL when the person has no household. */
typedef struct store_account_person {
	int64_t id;
	const char *name;
	int64_t household_id;
	const char *household_code;
	const char *household_address;
	int64_t building_id;
	int64_t grid_id;
} store_account_person;

/* Insert an account. display_name NULL means ""; person_id 0 means none.
 * The caller has validated username and hashed the password. Errors:
 * FQ_ECONFLICT (field "username") when the username is taken, FQ_EINVAL
 * (field "person_id") when there is no such person, FQ_ESTORE. On success
 * *id_out is the new account's id. */
fq_status store_account_insert(store_conn *c, const char *username, const char *display_name,
			       const char *password_hash, int64_t person_id, int64_t *id_out,
			       fq_err *err);

/* Bind role (a wire name from domain/roles.h) at unit_id (0 = the whole
 * deployment) to the account. Adding a binding it already has is not an
 * error. FQ_EINVAL (field "role") for an unknown role, (field "unit") for
 * a unit that does not exist; FQ_ENOTFOUND (field "account") for a missing
 * account. */
fq_status store_account_role_add(store_conn *c, int64_t account_id, const char *role,
				 int64_t unit_id, fq_err *err);

/* Append a row to the audit log, stamped with the current time.
 * account_id 0 is the system or the command line; detail and address may
 * be NULL. */
fq_status store_audit_insert(store_conn *c, int64_t account_id, const char *action,
			     const char *subject, const char *detail, const char *address,
			     fq_err *err);

/* The account with that username (exact match), disabled or not, with its
 * password hash; roles are not loaded. FQ_ENOTFOUND when there is none. */
fq_status store_account_by_username(store_conn *c, fq_arena *a, const char *username,
				    store_account *out, fq_err *err);

/* The account's role bindings, in the order they were added, with their
 * units (at most STORE_ACCOUNT_ROLES_MAX). Writes *out (arena) and *n. */
fq_status store_account_roles(store_conn *c, fq_arena *a, int64_t account_id,
			      store_account_role **out, int *n, fq_err *err);

/* Replace the account's password hash and end all its sessions.
 * FQ_ENOTFOUND when there is no such account. */
fq_status store_account_set_password(store_conn *c, int64_t account_id,
				     const char *password_hash, fq_err *err);

/* Disable (non-zero) or enable the account. Disabling also deletes all its
 * sessions. FQ_ENOTFOUND when there is no such account. */
fq_status store_account_set_disabled(store_conn *c, int64_t account_id, int disabled,
				     fq_err *err);

/* Which accounts store_account_list gives; zero / NULL members do not
 * filter. */
typedef struct store_account_filter {
	int64_t after_id;          /* only ids above this (the cursor) */
	int limit;                 /* rows wanted, 1..STORE_ACCOUNT_PAGE_MAX */
	const char *const *paths;  /* a role bound at or below one of these ("/1/4/") */
	int n_paths;
	int with_above;            /* with paths: or bound above one of them (on its way
				    * to the root), or for the whole deployment */
	const char *q;             /* a substring of the username or display name */
	const char *role;          /* holding this role */
	int enabled_only;          /* leave disabled accounts out */
} store_account_filter;

/* Up to f->limit (at most STORE_ACCOUNT_PAGE_MAX) accounts matching f, in
 * id order, each with its roles. *out is an arena array of *n rows. The
 * accounts are walked in id order and the filters tested on each, so a
 * rare q reads every account (thousands, not the requests' millions). */
fq_status store_account_list(store_conn *c, fq_arena *a, const store_account_filter *f,
			     store_account **out, size_t *n, fq_err *err);

/* The id of the unit with that code. FQ_ENOTFOUND (field "unit") when
 * there is none. */
fq_status store_account_unit_by_code(store_conn *c, const char *code, int64_t *id_out,
				     fq_err *err);

/* The linked resident and their household. FQ_ENOTFOUND when the person
 * does not exist. */
fq_status store_account_person_get(store_conn *c, fq_arena *a, int64_t person_id,
				   store_account_person *out, fq_err *err);

/* Store a new session under the hash of its token. */
fq_status store_session_insert(store_conn *c, const unsigned char *token_hash, size_t hash_len,
			       const char *csrf, int64_t account_id, int64_t created_at,
			       int64_t expires_at, fq_err *err);

/* The session stored under token_hash, expired or not, provided its
 * account exists and is enabled; FQ_ENOTFOUND otherwise. The caller
 * compares expires_at with the time. */
fq_status store_session_lookup(store_conn *c, fq_arena *a, const unsigned char *token_hash,
			       size_t hash_len, store_session *out, fq_err *err);

/* Delete the session stored under token_hash (no error when absent). */
fq_status store_session_delete(store_conn *c, const unsigned char *token_hash, size_t hash_len,
			       fq_err *err);

/* Delete up to max sessions that expired at or before now (unix seconds);
 * *deleted (may be NULL) is how many went. */
fq_status store_session_sweep(store_conn *c, int64_t now, int max, int *deleted, fq_err *err);

/* Fill *out with the enabled account's identity for access checks: roles
 * with their units' paths, names, kinds and codes (unknown role names and
 * bindings to units that no longer exist are skipped; at most
 * CALLER_ROLES_MAX), the linked person, that person's household, and the
 * 邻长 record (leaders.kind 'neighbour') of that person. Strings live in
 * the arena; via_cookie is set to 0. FQ_ENOTFOUND when the account does not
 * exist or is disabled. */
fq_status store_caller_load(store_conn *c, fq_arena *a, int64_t account_id, caller *out,
			    fq_err *err);

#endif
