/*
 * http.h - the HTTP server on libmicrohttpd: an internal thread pool over
 * epoll, one route table {method, pattern, handler, who may call}, bodies
 * capped and UTF-8 checked, a per-request arena freed when the request
 * completes, suspension of a request while it waits for its commit, the
 * Prometheus counters and the JSON access log.
 *
 * The HTTP layer knows nothing of JSON libraries or storage: handlers (in
 * src/api/) read the request through the accessors below and answer with
 * http_reply*. struct app is the application context, opaque here.
 */
#ifndef FQ_HTTP_HTTP_H
#define FQ_HTTP_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"

struct app;
typedef struct http_req http_req;
typedef struct http_server http_server;

/* Limits of the HTTP layer. */
#define HTTP_PATH_MAX 2048        /* bytes of a request path */
#define HTTP_PARAMS_MAX 4         /* {captures} in a route pattern */
#define HTTP_HEADERS_MAX 16       /* extra response headers */
#define HTTP_ROUTES_MAX 256       /* rows in the route table */
#define HTTP_ID_DIGITS_MAX 18     /* digits of an id in a path: fits int64_t */

typedef void (*http_handler_fn)(struct app *app, http_req *r);

/* One row of the route table. pattern segments in braces capture, e.g.
 * "/api/v1/org/units/{id}". who is a bit set interpreted by the before hook
 * (0 = public). max_body may be left out of a row: 0 means the server's
 * max_body. */
typedef struct http_route {
	const char *method;
	const char *pattern;
	http_handler_fn handler;
	unsigned who;
	size_t max_body; /* body cap of this route in bytes; 0 = the server's */
} http_route;

/* Called after routing and before the handler; return FQ_OK to go on, or
 * a status (with err) that is sent as the error reply. */
typedef fq_status (*http_before_fn)(struct app *app, http_req *r, const http_route *route,
				    fq_err *err);

typedef struct http_options {
	const char *listen;     /* IPv4 or IPv6 address */
	int port;               /* 0 picks a free port (see http_server_port) */
	int threads;            /* worker threads */
	size_t max_body;        /* bytes */
	int max_connections;
	int max_per_ip;
	int timeout_s;          /* idle: no byte in either direction */
	int header_timeout_s;   /* a request's line and headers are due within; 0 = no limit */
	const char *access_log; /* path, "-" stdout, "" none */
	const http_route *routes;
	size_t n_routes;
	http_before_fn before;
	struct app *app;
	const struct http_static *web; /* files for GETs that match no route, or NULL */
} http_options;

/* Start serving. On error nothing is left running. */
fq_status http_server_start(const http_options *o, http_server **out, fq_err *err);

/* The port actually bound. */
int http_server_port(http_server *s);

/* Stop accepting, wait up to grace_s seconds for requests in flight, then
 * stop the threads and flush the access log. NULL-safe. */
void http_server_stop(http_server *s, int grace_s);

/* Render the HTTP counters in Prometheus text format, appending to the
 * buffer (see core/buf.h). */
struct fq_buf;
fq_status http_metrics_render(http_server *s, struct fq_buf *out);

/* ---- the request, for handlers ---- */

const char *http_method(http_req *r);
const char *http_path(http_req *r);
/* A {capture} of the matched pattern by position (0-based), or NULL. */
const char *http_param(http_req *r, int i);
/* The one parser of ids in paths: s is a positive id when it is 1 to
 * HTTP_ID_DIGITS_MAX decimal digits, the first not 0 (no sign, no space, no
 * leading zero). Returns 0 and writes *out, else -1 and leaves *out. */
int http_id_parse(const char *s, int64_t *out);
/* The capture i as an id (http_id_parse); -1 when absent or not an id. */
int http_param_id(http_req *r, int i, int64_t *out);
/* A query argument (decoded), or NULL when absent. */
const char *http_query(http_req *r, const char *key);
/* A request header, or NULL. */
const char *http_header(http_req *r, const char *name);
/* A cookie by name, or NULL. */
const char *http_cookie(http_req *r, const char *name);
/* The body (NUL-terminated; len may be 0). Valid until the request ends. */
const char *http_body(http_req *r, size_t *len);
/* The caller's address as text. */
const char *http_peer(http_req *r);
/* The request's arena: freed when the request completes. */
fq_arena *http_arena(http_req *r);
/* The server the request came to. */
http_server *http_req_server(http_req *r);
/* A slot for the API layer's per-request data (e.g. the caller). */
void *http_user(http_req *r);
void http_set_user(http_req *r, void *user);
/* Account id for the access log (0 = anonymous). */
void http_set_log_account(http_req *r, int64_t account_id);

/* Answer with status and a body that is copied. The first reply wins;
 * later calls are ignored. */
void http_reply(http_req *r, int status, const char *content_type, const char *body, size_t len);

/* Answer with a body the server takes ownership of (freed with free()). */
void http_reply_take(http_req *r, int status, const char *content_type, char *body, size_t len);

/* Answer with the standard error body
 * {"error":{"code":..,"rule":..,"message":..,"field":..}} for st: "rule" is
 * err->rule, or the status code when the failure names no rule. */
void http_reply_error(http_req *r, fq_status st, const fq_err *err);

/* Add a response header (copied). Up to HTTP_HEADERS_MAX. */
void http_add_header(http_req *r, const char *name, const char *value);

/* Park the request: the worker thread is freed and, once http_resume is
 * called (from any thread), cont runs on a worker to produce the reply.
 * Call from a handler, before handing the work to another thread. */
void http_suspend(http_req *r, http_handler_fn cont);

/* Wake a parked request. Thread-safe. */
void http_resume(http_req *r);

#endif
