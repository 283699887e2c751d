/*
 * auth.h - the authenticated caller of a request, for every handler, and
 * the names of the session cookie and CSRF header.
 *
 * api_before (auth.c) authenticates each request to a route that is not
 * WHO_PUBLIC and parks the caller, allocated in the request arena, in the
 * request's user slot (http_set_user). A handler that later parks its own
 * continuation context in that slot must take the caller first.
 */
#ifndef FQ_API_AUTH_H
#define FQ_API_AUTH_H

#include "domain/access.h"
#include "http/http.h"

#define API_SESSION_COOKIE "fq_session" /* cookie that carries the session token */
#define API_CSRF_HEADER "X-CSRF-Token"  /* header that must echo the CSRF token */

/* The caller of the request, or NULL on a public route. Valid until the
 * request completes. */
const caller *api_caller(http_req *r);

/* The token the request carries: the bearer token of the Authorization
 * header, else the cookie named cookie (API_SESSION_COOKIE for a session);
 * NULL when there is none. *via_cookie (may be NULL) is set to 1 when it
 * came from the cookie. */
const char *api_request_token(http_req *r, const char *cookie, int *via_cookie);

#endif
