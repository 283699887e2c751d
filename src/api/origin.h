/*
 * origin.h - absolute URLs of this server as the caller reached it (for
 * QR codes, posters and links handed to people): the scheme from
 * X-Forwarded-Proto or cookie_secure, the host from the Host header, which
 * must be a plain host name or address so that it cannot break out of a
 * URL or an HTML attribute.
 */
#ifndef FQ_API_ORIGIN_H
#define FQ_API_ORIGIN_H

#include <stddef.h>

#include "api/app.h"
#include "core/status.h"
#include "http/http.h"

/* Bytes of a Host header used in a URL. */
#define API_HOST_MAX 255

/* <scheme>://<Host><path> into out. FQ_EBADREQ naming "Host" when the Host
 * header is missing, not a plain host name, IPv4 or [IPv6] address with an
 * optional port, or too long for out. */
fq_status api_request_url(app *a, http_req *r, const char *path, char *out, size_t size,
			  fq_err *err);

#endif
