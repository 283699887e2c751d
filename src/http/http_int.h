/*
 * http_int.h - private to src/http/: the server and request records that
 * server.c (the libmicrohttpd plumbing) and request.c (the handlers'
 * accessors and replies) share, and what the layer's own modules (the
 * multipart parser, streams) need beyond http.h. Nothing outside src/http/
 * includes this.
 */
#ifndef FQ_HTTP_HTTP_INT_H
#define FQ_HTTP_HTTP_INT_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "core/buf.h"
#include "http/http.h"
#include "http/metrics.h"
#include "http/slots.h"
#include "http/sse.h"

struct http_server {
	struct MHD_Daemon *daemon;
	http_options opt;
	int port;
	FILE *access;               /* access log, or NULL */
	int access_owned;           /* opened by us: close at stop */
	pthread_mutex_t access_mu;  /* guards access and the flusher's stop flag */
	pthread_cond_t access_cv;   /* wakes the flusher to stop */
	pthread_t flusher;          /* flushes the access log every ACCESS_FLUSH_MS */
	int flusher_running;
	int flusher_stop;
	atomic_int in_flight;       /* requests begun and not completed */
	http_metrics metrics;
	http_streams *streams;      /* open streaming responses (sse.c) */
	http_slots *slots;          /* connections by address, header deadlines */
};

struct http_req {
	http_server *srv;
	struct MHD_Connection *conn;
	const char *method;         /* as handlers see it: "GET" for a HEAD; owned by MHD */
	int head;                   /* a HEAD: answered as the GET, MHD drops the body */
	int nul_in_target;          /* the raw target held "%00" */
	http_slot *slot;            /* the connection's slot, or NULL */
	char *path;                 /* arena copy */
	int route;                  /* index, or -1 */
	const char *params[HTTP_PARAMS_MAX];
	char scratch[HTTP_PATH_MAX];
	fq_buf body;
	fq_status body_st;          /* FQ_ETOOBIG once the cap was passed */
	fq_arena arena;
	int64_t start_us;
	int status;                 /* reply status, 0 until replied */
	char *resp_body;            /* malloc'd */
	size_t resp_len;
	const char *resp_type;
	int n_hdr;
	char *hdr_name[HTTP_HEADERS_MAX], *hdr_value[HTTP_HEADERS_MAX];
	struct MHD_Response *stream_resp; /* a streaming body (sse.c), sent instead of resp_body */
	http_handler_fn cont;       /* set while suspended */
	void *user;
	int64_t account_id;
	char peer[64];
};

/* The libmicrohttpd connection the request came on; valid until the
 * request completes. (sse.h declares it too, for sse.c.) */
struct MHD_Connection *http_req_connection(http_req *r);

#endif
