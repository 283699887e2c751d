/*
 * origin.c - absolute URLs of this server as the caller reached it
 * (origin.h).
 */
#include "api/origin.h"

#include <stdio.h>
#include <string.h>

/* Non-zero when host is a plain host name, IPv4 or [IPv6] address with an
 * optional port: nothing that could break out of a URL or an attribute. */
static int host_ok(const char *host)
{
	size_t n = host ? strlen(host) : 0;
	if (n == 0 || n > API_HOST_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char ch = host[i];
		int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			 (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == ':' ||
			 ch == '[' || ch == ']';
		if (!ok)
			return 0;
	}
	return 1;
}

/* "https" when a proxy in front says so or the cookie is Secure, else
 * "http". */
static const char *scheme_of(app *a, http_req *r)
{
	const char *fwd = http_header(r, "X-Forwarded-Proto");
	if (fwd && strcmp(fwd, "https") == 0)
		return "https";
	if (fwd && strcmp(fwd, "http") == 0)
		return "http";
	return a->cfg.cookie_secure ? "https" : "http";
}

fq_status api_request_url(app *a, http_req *r, const char *path, char *out, size_t size,
			  fq_err *err)
{
	const char *host = http_header(r, "Host");
	if (!host_ok(host))
		return fq_fail(err, FQ_EBADREQ, "Host", "the Host header is not a plain host name");
	int n = snprintf(out, size, "%s://%s%s", scheme_of(a, r), host, path);
	if (n < 0 || (size_t)n >= size)
		return fq_fail(err, FQ_EBADREQ, "Host", "the Host header is too long");
	return FQ_OK;
}
