/*
 * auth.c - who is calling: resolves the session cookie or bearer token to
 * an account with its roles and scopes, enforces the CSRF token on
 * cookie-authenticated writes, and checks the route's `who`. Scope (which
 * units and households the caller reaches) is the handlers' business: they
 * answer 404 for what lies outside it, never 403.
 */
#include "api/auth.h"

#include <string.h>
#include <strings.h>

#include "api/app.h"
#include "api/session_cache.h"
#include "core/timeutil.h"
#include "domain/auth_svc.h"

#define BEARER_PREFIX "Bearer "

const caller *api_caller(http_req *r)
{
	return http_user(r);
}

const char *api_request_token(http_req *r, const char *cookie_name, int *via_cookie)
{
	const char *h = http_header(r, "Authorization");
	size_t n = strlen(BEARER_PREFIX);
	if (via_cookie)
		*via_cookie = 0;
	if (h && strncasecmp(h, BEARER_PREFIX, n) == 0) {
		h += n;
		while (*h == ' ')
			h++;
		return *h ? h : NULL;
	}
	const char *cookie = http_cookie(r, cookie_name);
	if (!cookie || !*cookie)
		return NULL;
	if (via_cookie)
		*via_cookie = 1;
	return cookie;
}

static int is_write(const char *method)
{
	return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
	       strcmp(method, "PATCH") == 0 || strcmp(method, "DELETE") == 0;
}

/* ---- the before hook -------------------------------------------------- */

/* Resolve token to an enabled account's caller (arena), with the session's
 * csrf and expiry: from the cache of recent callers, else the store. */
static fq_status resolve(app *a, http_req *r, const char *token, caller **who, fq_err *err)
{
	if (!auth_token_well_formed(token))
		return fq_failr(err, FQ_EUNAUTH, "", "auth.session_invalid",
				"the session is not valid; log in again");
	unsigned char hash[AUTH_TOKEN_HASH_BYTES];
	auth_token_hash(token, hash);
	fq_arena *arena = http_arena(r);
	caller *c = fq_arena_alloc(arena, sizeof *c);
	if (!c)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	if (a->sessions && scache_get(a->sessions, hash, fq_now_ms(), arena, c)) {
		*who = c;
		return FQ_OK;
	}
	fq_status st = authsvc_session_caller(a->db, arena, hash, fq_now_ms() / 1000, c, err);
	if (st != FQ_OK)
		return st;
	if (a->sessions)
		scache_put(a->sessions, hash, c, fq_now_ms());
	*who = c;
	return FQ_OK;
}

fq_status api_before(app *a, http_req *r, const http_route *route, fq_err *err)
{
	if (route->who == WHO_PUBLIC)
		return FQ_OK;
	int via_cookie = 0;
	const char *token = api_request_token(r, API_SESSION_COOKIE, &via_cookie);
	if (!token)
		return fq_failr(err, FQ_EUNAUTH, "", "auth.login_required", "log in first");
	caller *who = NULL;
	fq_status st = resolve(a, r, token, &who, err);
	if (st != FQ_OK)
		return st;
	who->via_cookie = via_cookie;
	http_set_log_account(r, who->account_id);
	if (via_cookie && is_write(http_method(r)) &&
	    !auth_token_equal(http_header(r, API_CSRF_HEADER), who->csrf))
		return fq_failr(err, FQ_EFORBIDDEN, API_CSRF_HEADER, "auth.csrf_missing",
				"a request authenticated by cookie that changes something needs "
				"the header " API_CSRF_HEADER " with the session's csrf_token");
	if ((route->who & who->roles) == 0)
		return fq_failr(err, FQ_EFORBIDDEN, "", "auth.role_forbids",
				"your roles do not allow this");
	http_set_user(r, who);
	return FQ_OK;
}
