/*
 * caller.h - who the caller of a request is: the account, the person and
 * household behind it, and its roles, each bound to an org unit with that
 * unit's materialised path. A plain value the store fills (store_auth.h)
 * and the domain judges (domain/access.h).
 */
#ifndef FQ_MODEL_CALLER_H
#define FQ_MODEL_CALLER_H

#include <stdint.h>

#include "model/roles.h"

#define CALLER_ROLES_MAX 16 /* role bindings of one account that are honoured */

typedef struct caller_role {
	role role;          /* one role bit */
	int64_t unit_id;    /* 0 = the whole deployment */
	const char *path;   /* the unit's path, "/" for the whole deployment */
	const char *unit_name; /* for display; may be "" */
	const char *unit_kind; /* "street", "grid", ... or "" */
	const char *unit_code; /* the unit's code, or "" */
} caller_role;

typedef struct caller {
	int64_t account_id;      /* 0 = anonymous */
	const char *username;
	const char *display_name;
	int64_t person_id;       /* the resident behind the account, or 0 */
	int64_t household_id;    /* that person's household, or 0 */
	int64_t leader_id;       /* the 邻长 record of that person, or 0 */
	unsigned roles;          /* union of the role bits */
	int n_roles;
	caller_role r[CALLER_ROLES_MAX];
	int via_cookie;          /* authenticated by cookie: writes need CSRF */
	const char *csrf;        /* the session's CSRF token */
	int64_t session_expires_at; /* unix s */
} caller;

#endif
