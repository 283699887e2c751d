/*
 * server.c - libmicrohttpd plumbing: request contexts, framing checks
 * before a body is read, body accumulation under a cap, routing (HEAD as
 * GET without the body), suspension while a write commits, replies,
 * connection slots, the access log and graceful stop. See http.h for the
 * contract and docs/http.md for what the HTTP layer refuses and why.
 */
#include "http/http.h"
#include "http/http_int.h"
#include "http/framing.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/slots.h"
#include "http/sse.h"
#include "http/static.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "core/utf8.h"

/* A chunked body (no Content-Length) over the cap is read and dropped up to
 * this multiple of the cap, then the connection is closed. */
#define BODY_DISCARD_FACTOR 4

/* The access log is buffered and written out at least this often (and at
 * stop), so that logging costs no system call per request. */
#define ACCESS_FLUSH_MS 500
#define ACCESS_BUFFER_BYTES (64 * 1024)

/* libmicrohttpd's strict mode: refuses an HTTP/1.1 request without Host and
 * spaces in the request target before Fengqiao sees them. */
#define STRICT_FOR_CLIENT 1

/* The mark the URI callback leaves in place of a request context when the
 * raw target holds an escaped NUL ("%00"), which decoding would turn into
 * an early end of the path or of a query value. */
static const char nul_in_target_mark;
#define NUL_IN_TARGET ((void *)&nul_in_target_mark)

static enum MHD_Result send_reply(http_req *r)
{
	if (!r->status)
		http_reply_error(r, FQ_ESTORE, NULL);
	struct MHD_Response *resp = r->stream_resp;
	r->stream_resp = NULL;
	if (!resp)
		resp = MHD_create_response_from_buffer_with_free_callback(r->resp_len,
									  r->resp_body, free);
	if (!resp)
		return MHD_NO;
	r->resp_body = NULL; /* the response owns it now */
	if (r->resp_type)
		MHD_add_response_header(resp, "Content-Type", r->resp_type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	for (int i = 0; i < r->n_hdr; i++)
		if (r->hdr_name[i] && r->hdr_value[i])
			MHD_add_response_header(resp, r->hdr_name[i], r->hdr_value[i]);
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* ---- the request path ----------------------------------------------- */

/* The method on the wire: HEAD stays HEAD for routing, logs and errors. */
static const char *wire_method(const http_req *r)
{
	return r->head ? "HEAD" : r->method;
}

static void set_peer(http_req *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(r->peer, sizeof r->peer, "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->peer,
			  sizeof r->peer);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->peer,
			  sizeof r->peer);
}

/* The body cap of the route r goes to: the route's own max_body, else the
 * server's (also when no route matches). */
static size_t body_limit(http_server *s, http_req *r)
{
	char allow[128];
	int i = r->path ? router_find(s->opt.routes, s->opt.n_routes, wire_method(r), r->path,
				      r->params, r->scratch, sizeof r->scratch, allow, sizeof allow)
			: ROUTER_NOT_FOUND;
	return i >= 0 && s->opt.routes[i].max_body ? s->opt.routes[i].max_body : s->opt.max_body;
}

static http_req *req_new(http_server *s, struct MHD_Connection *conn, const char *url,
			 const char *method)
{
	http_req *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->srv = s;
	r->conn = conn;
	r->head = strcmp(method, "HEAD") == 0;
	r->method = r->head ? "GET" : method;
	r->route = -1;
	r->start_us = fq_mono_us();
	fq_arena_init(&r->arena);
	r->path = fq_arena_strndup(&r->arena, url, strnlen(url, HTTP_PATH_MAX));
	r->body.limit = body_limit(s, r);
	set_peer(r);
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	r->slot = ci ? ci->socket_context : NULL;
	atomic_fetch_add(&s->in_flight, 1);
	return r;
}

static void req_free(http_req *r)
{
	if (r->stream_resp)
		MHD_destroy_response(r->stream_resp); /* a stream never sent */
	fq_buf_free(&r->body);
	free(r->resp_body);
	fq_arena_free(&r->arena);
	free(r);
}

typedef struct bad_arg {
	const char *key; /* first argument that is not valid UTF-8 */
} bad_arg;

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	(void)kind;
	bad_arg *b = cls;
	if (!utf8_valid(key, strlen(key), NULL) || (value && !utf8_valid(value, strlen(value), NULL))) {
		b->key = key;
		return MHD_NO;
	}
	return MHD_YES;
}

/* Checks that apply to every request before its handler runs. */
static fq_status precheck(http_req *r, fq_err *err)
{
	if (r->body_st == FQ_ETOOBIG)
		return fq_fail(err, FQ_ETOOBIG, "body", "the body is larger than %zu bytes",
			       r->body.limit);
	if (strlen(r->path) >= HTTP_PATH_MAX - 1)
		return fq_fail(err, FQ_ETOOBIG, "path", "the path is longer than %d bytes",
			       HTTP_PATH_MAX - 2);
	size_t bad = 0;
	if (!utf8_valid(r->path, strlen(r->path), &bad))
		return fq_fail(err, FQ_EBADREQ, "path", "the path is not valid UTF-8 at byte %zu",
			       bad);
	bad_arg b = {NULL};
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, &b);
	if (b.key)
		return fq_fail(err, FQ_EBADREQ, "query", "query argument is not valid UTF-8");
	return FQ_OK;
}

static void dispatch(http_req *r)
{
	http_server *s = r->srv;
	fq_err err = {0};
	fq_status st = precheck(r, &err);
	if (st != FQ_OK) {
		http_reply_error(r, st, &err);
		return;
	}
	char allow[128];
	int i = router_find(s->opt.routes, s->opt.n_routes, wire_method(r), r->path, r->params,
			    r->scratch, sizeof r->scratch, allow, sizeof allow);
	if (i == ROUTER_NOT_FOUND && strcmp(r->method, "GET") == 0 &&
	    http_static_serve(s->opt.web, r))
		return;
	if (i == ROUTER_NOT_FOUND) {
		fq_fail(&err, FQ_ENOTFOUND, "", "no route for %s", r->path);
		http_reply_error(r, FQ_ENOTFOUND, &err);
		return;
	}
	if (i == ROUTER_BAD_METHOD) {
		http_add_header(r, "Allow", allow);
		fq_fail(&err, FQ_EMETHOD, "", "%s is not allowed here; allowed: %s", wire_method(r),
			allow);
		http_reply_error(r, FQ_EMETHOD, &err);
		return;
	}
	r->route = i;
	const http_route *route = &s->opt.routes[i];
	if (s->opt.before) {
		st = s->opt.before(s->opt.app, r, route, &err);
		if (st != FQ_OK) {
			http_reply_error(r, st, &err);
			return;
		}
	}
	route->handler(s->opt.app, r);
}

static enum MHD_Result finish(http_req *r)
{
	if (r->cont && !r->status)
		return MHD_YES; /* parked: the continuation will answer */
	return send_reply(r);
}

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
				    size_t key_size, const char *value, size_t value_size)
{
	(void)kind;
	(void)key_size;
	http_framing_add(cls, key, value, value ? value_size : 0);
	return MHD_YES;
}

/* Checks made once the headers are in and before any of the body is read:
 * an answer queued now ends the connection after it (libmicrohttpd reads
 * no more from it), as RFC 9112 asks for framing errors. */
static fq_status first_checks(http_req *r, const char *version, fq_err *err)
{
	if (r->nul_in_target)
		return fq_fail(err, FQ_EBADREQ, "path", "the path or query holds a NUL byte");
	http_framing f = {0};
	MHD_get_connection_values_n(r->conn, MHD_HEADER_KIND, count_framing, &f);
	fq_status st = http_framing_verdict(&f, strcmp(version, MHD_HTTP_VERSION_1_1) == 0, err);
	if (st != FQ_OK)
		return st;
	const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Length");
	if (cl && strtoull(cl, NULL, 10) > r->body.limit) {
		r->body_st = FQ_ETOOBIG;
		return fq_fail(err, FQ_ETOOBIG, "body", "the body is larger than %zu bytes",
			       r->body.limit);
	}
	return FQ_OK;
}

/* The first call for a request: its headers are complete. */
static enum MHD_Result on_headers(http_server *s, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, void **con_cls)
{
	int nul = *con_cls == NUL_IN_TARGET;
	http_req *r = req_new(s, conn, url, method);
	*con_cls = r;
	if (!r)
		return MHD_NO;
	r->nul_in_target = nul;
	http_slot_headers_done(r->slot);
	fq_err err = {0};
	fq_status st = first_checks(r, version, &err);
	if (st == FQ_OK)
		return MHD_YES;
	http_reply_error(r, st, &err);
	http_add_header(r, "Connection", "close");
	return send_reply(r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	http_server *s = cls;
	http_req *r = *con_cls;
	if (!r || r == NUL_IN_TARGET)
		return on_headers(s, conn, url, method, version, con_cls);
	if (r->status)
		return MHD_YES; /* answered before the body: MHD reads no more */
	if (*upload_data_size) {
		if (r->body_st == FQ_OK)
			r->body_st = fq_buf_append(&r->body, upload_data, *upload_data_size);
		else if (r->body.len + *upload_data_size > r->body.limit * BODY_DISCARD_FACTOR)
			return MHD_NO; /* chunked and far past the cap: drop the connection */
		else
			r->body.len += *upload_data_size; /* counted, not kept */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->cont) {
		http_handler_fn cont = r->cont;
		r->cont = NULL;
		cont(s->opt.app, r);
		return finish(r);
	}
	dispatch(r);
	return finish(r);
}

/* The raw request target, before libmicrohttpd decodes it: the only place
 * an escaped NUL can still be seen. Its result becomes the first *con_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	return uri && strstr(uri, "%00") ? NUL_IN_TARGET : NULL;
}

/* ---- completion, logging, connections -------------------------------- */

static void access_log(http_server *s, http_req *r, int64_t dur_us)
{
	if (!s->access)
		return;
	char ts[40], path[HTTP_PATH_MAX * 2];
	fq_time_rfc3339(fq_now_ms() / 1000, ts, sizeof ts);
	fq_json_escape(path, sizeof path, r->path ? r->path : "");
	const char *route = r->route >= 0 ? s->opt.routes[r->route].pattern : "";
	pthread_mutex_lock(&s->access_mu);
	fprintf(s->access,
		"{\"ts\":\"%s\",\"peer\":\"%s\",\"method\":\"%s\",\"path\":\"%s\","
		"\"route\":\"%s\",\"status\":%d,\"bytes\":%zu,\"ms\":%.3f,\"account\":%lld}\n",
		ts, r->peer, wire_method(r), path, route, r->status, r->resp_len,
		(double)dur_us / 1000.0, (long long)r->account_id);
	pthread_mutex_unlock(&s->access_mu);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	http_server *s = cls;
	http_req *r = *con_cls;
	*con_cls = NULL;
	if (!r || r == NUL_IN_TARGET)
		return;
	http_slot_rearm(s->slots, r->slot); /* the next request's headers are due */
	int64_t dur = fq_mono_us() - r->start_us;
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && !r->status)
		r->status = 499; /* client went away */
	metrics_observe(&s->metrics, r->route, r->status, dur);
	access_log(s, r, dur);
	req_free(r);
	atomic_fetch_sub(&s->in_flight, 1);
}

/* A connection opens (its slot is registered, its header deadline runs)
 * or closes (called before its socket is closed). */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	http_server *s = cls;
	if (toe != MHD_CONNECTION_NOTIFY_STARTED) {
		http_slots_close(s->slots, *socket_context);
		*socket_context = NULL;
		metrics_connection(&s->metrics, -1);
		return;
	}
	const union MHD_ConnectionInfo *fd =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	const union MHD_ConnectionInfo *peer =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	*socket_context = fd && peer ? http_slots_open(s->slots, peer->client_addr,
						       fd->connect_fd)
				     : NULL;
	metrics_connection(&s->metrics, 1);
}

/* A new connection: refused when the slots left are kept back and its
 * address already holds several (see slots.h). */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	http_server *s = cls;
	return http_slots_admit(s->slots, addr, addrlen) ? MHD_YES : MHD_NO;
}

/* ---- start and stop ------------------------------------------------- */

static void *flusher_main(void *arg)
{
	http_server *s = arg;
	pthread_mutex_lock(&s->access_mu);
	while (!s->flusher_stop) {
		struct timespec ts;
		fq_deadline_ms(ACCESS_FLUSH_MS, &ts);
		pthread_cond_timedwait(&s->access_cv, &s->access_mu, &ts);
		fflush(s->access);
	}
	pthread_mutex_unlock(&s->access_mu);
	return NULL;
}

static fq_status open_access_log(http_server *s, const char *path, fq_err *err)
{
	if (!path || !path[0])
		return FQ_OK;
	if (strcmp(path, "-") == 0) {
		s->access = stdout;
	} else {
		s->access = fopen(path, "a");
		if (!s->access)
			return fq_fail(err, FQ_EIO, "access_log", "cannot open %s", path);
		s->access_owned = 1;
		setvbuf(s->access, NULL, _IOFBF, ACCESS_BUFFER_BYTES);
	}
	if (pthread_create(&s->flusher, NULL, flusher_main, s) != 0)
		return fq_fail(err, FQ_ENOMEM, "access_log", "cannot start the log flusher");
	s->flusher_running = 1;
	return FQ_OK;
}

static void stop_flusher(http_server *s)
{
	if (!s->flusher_running)
		return;
	pthread_mutex_lock(&s->access_mu);
	s->flusher_stop = 1;
	pthread_cond_signal(&s->access_cv);
	pthread_mutex_unlock(&s->access_mu);
	pthread_join(s->flusher, NULL);
	s->flusher_running = 0;
}

static fq_status make_addr(const http_options *o, struct sockaddr_storage *ss, fq_err *err)
{
	memset(ss, 0, sizeof *ss);
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, o->listen, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)o->port);
		return FQ_OK;
	}
	if (inet_pton(AF_INET6, o->listen, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)o->port);
		return FQ_OK;
	}
	return fq_fail(err, FQ_EINVAL, "listen", "'%s' is not an IP address", o->listen);
}

fq_status http_server_start(const http_options *o, http_server **out, fq_err *err)
{
	struct sockaddr_storage ss;
	fq_status st = make_addr(o, &ss, err);
	if (st != FQ_OK)
		return st;
	http_server *s = calloc(1, sizeof *s);
	if (!s)
		return FQ_ENOMEM;
	s->opt = *o;
	pthread_mutex_init(&s->access_mu, NULL);
	pthread_cond_init(&s->access_cv, NULL);
	metrics_init(&s->metrics, o->n_routes);
	s->streams = http_streams_new();
	s->slots = http_slots_new(o->max_connections, o->header_timeout_s);
	if (!s->streams || !s->slots) {
		http_server_stop(s, 0);
		return FQ_ENOMEM;
	}
	st = open_access_log(s, o->access_log, err);
	if (st != FQ_OK) {
		http_server_stop(s, 0);
		return st;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC |
			 MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->daemon = MHD_start_daemon(
		flags, (uint16_t)o->port, on_accept, s, on_request, s, MHD_OPTION_SOCK_ADDR, &ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads > 0 ? o->threads : 2),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)o->max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)o->max_per_ip,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout_s, MHD_OPTION_NOTIFY_COMPLETED,
		on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
		MHD_OPTION_STRICT_FOR_CLIENT, STRICT_FOR_CLIENT, MHD_OPTION_END);
	if (!s->daemon) {
		http_server_stop(s, 0);
		return fq_fail(err, FQ_EIO, "port", "cannot listen on %s port %d", o->listen, o->port);
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : o->port;
	*out = s;
	return FQ_OK;
}

void http_server_stop(http_server *s, int grace_s)
{
	if (!s)
		return;
	if (s->daemon) {
		MHD_quiesce_daemon(s->daemon);
		http_streams_close(s->streams); /* open streams end now, not after the grace */
		for (int waited = 0; atomic_load(&s->in_flight) > 0 && waited < grace_s * 100; waited++)
			usleep(10000);
		MHD_stop_daemon(s->daemon);
	}
	stop_flusher(s);
	if (s->access)
		fflush(s->access);
	if (s->access_owned)
		fclose(s->access);
	metrics_free(&s->metrics);
	http_streams_free(s->streams);
	http_slots_free(s->slots); /* after the daemon: every connection is closed */
	pthread_mutex_destroy(&s->access_mu);
	pthread_cond_destroy(&s->access_cv);
	free(s);
}

fq_status http_metrics_render(http_server *s, fq_buf *out)
{
	fq_status st = metrics_render(&s->metrics, s->opt.routes, out);
	if (st != FQ_OK)
		return st;
	return fq_buf_printf(out,
			     "# HELP fengqiao_http_header_timeouts_total Connections shut down for "
			     "not sending their headers in time.\n"
			     "# TYPE fengqiao_http_header_timeouts_total counter\n"
			     "fengqiao_http_header_timeouts_total %llu\n"
			     "# HELP fengqiao_http_refused_connections_total Connections refused "
			     "because every slot was taken, or only kept-back ones were left.\n"
			     "# TYPE fengqiao_http_refused_connections_total counter\n"
			     "fengqiao_http_refused_connections_total %llu\n",
			     (unsigned long long)http_slots_timeouts(s->slots),
			     (unsigned long long)http_slots_refused(s->slots));
}
