/*
 * origin.h - absolute URLs of this server (for QR codes, posters, links
 * handed to people and Open311 discovery). When the public_url setting is
 * set every absolute URL starts with it. When it is not, URLs are built
 * from the Host header (the scheme from X-Forwarded-Proto or
 * cookie_secure), which must be a plain host name or address so that it
 * cannot break out of a URL or an HTML attribute; and links that carry a
 * token or are printed (api_request_url) are built only for a Host that
 * names this server, so that a forged Host cannot send a party's token to
 * someone else's site.
 */
#ifndef FQ_API_ORIGIN_H
#define FQ_API_ORIGIN_H

#include <stddef.h>

#include "api/app.h"
#include "core/status.h"
#include "http/http.h"

/* Bytes of a Host header used in a URL. */
#define API_HOST_MAX 255

/* <origin><path> into out for a link handed to people (a party's token, a
 * poster's QR code). The origin is public_url when set; else it is
 * <scheme>://<Host> when the Host names this server (api_host_is_local,
 * listen address from the settings). FQ_EBADREQ naming "Host" when the Host
 * header is missing, not a plain host name, IPv4 or [IPv6] address with an
 * optional port, names another server (the message asks the operator to
 * set public_url), or is too long for out. */
fq_status api_request_url(app *a, http_req *r, const char *path, char *out, size_t size,
                          fq_err *err);

/* The origin of absolute URLs that carry nothing private (Open311
 * discovery and media), in the request's arena: public_url when set, else
 * <scheme>://<Host> when the Host is plain, else the listen address and
 * port. Never NULL unless the arena is out of memory. */
const char *api_origin(app *a, http_req *r);

/*
 * Non-zero when host (a Host header: name, IPv4 or [IPv6], optional
 * :port) names this machine: "localhost" or a name under .localhost, a
 * loopback address, the listen address, the machine's host name, or one of
 * its interface addresses (getifaddrs). Zero for anything else, NULL
 * included.
 */
int api_host_is_local(const char *host, const char *listen);

/* Non-zero when addr (an address as text, as http_peer gives it) is a
 * loopback address: 127.0.0.0/8, ::1 or ::ffff:127.x.y.z. Zero for
 * anything else, NULL included. */
int api_addr_is_loopback(const char *addr);

#endif
