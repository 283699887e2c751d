/*
 * sse.c - streaming responses on libmicrohttpd with suspend and resume;
 * see sse.h for the contract.
 *
 * A stream is referenced twice: by its response (dropped when
 * libmicrohttpd destroys the response, which is when the connection is
 * done with it) and by whoever started it (to wake it). Its mutex guards
 * the parked state, so that a wake racing with the reader's "nothing now"
 * is never lost: either the reader sees the wake and asks again, or the
 * waker sees the stream parked and resumes it. libmicrohttpd is only
 * called with that mutex held, never with the registry's, so a stream
 * ending on a server thread cannot deadlock with a waker.
 */
#include "http/sse.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct http_stream {
	http_streams *reg;            /* the server's registry */
	struct MHD_Connection *conn;  /* NULL once the stream has ended */
	pthread_mutex_t mu;           /* guards conn, parked, wake, closing */
	int parked;                   /* suspended by the reader */
	int wake;                     /* woken since the reader last asked */
	int closing;                  /* the server is stopping: end now */
	int abandoned;                /* never handed to a request: ctx is not ours */
	atomic_int refs;              /* the response's and the starter's */
	http_stream_read_fn read;
	void *ctx;
	http_stream_free_fn free_fn;
	http_stream *prev, *next;     /* in the registry (reg->mu) */
	http_stream *closing_next;    /* list built by http_streams_close */
};

struct http_streams {
	pthread_mutex_t mu; /* guards the list, n and closing */
	http_stream *head;  /* open streams */
	size_t n;
	int closing;        /* refuse new streams */
};

/* ---- the registry --------------------------------------------------- */

http_streams *http_streams_new(void)
{
	http_streams *ss = calloc(1, sizeof *ss);
	if (ss)
		pthread_mutex_init(&ss->mu, NULL);
	return ss;
}

void http_streams_free(http_streams *ss)
{
	if (!ss)
		return;
	pthread_mutex_destroy(&ss->mu);
	free(ss);
}

size_t http_streams_open(http_server *srv)
{
	http_streams *ss = http_server_streams(srv);
	pthread_mutex_lock(&ss->mu);
	size_t n = ss->n;
	pthread_mutex_unlock(&ss->mu);
	return n;
}

static void unlink_stream(http_stream *s)
{
	http_streams *ss = s->reg;
	pthread_mutex_lock(&ss->mu);
	if (s->prev)
		s->prev->next = s->next;
	else
		ss->head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->prev = s->next = NULL;
	ss->n--;
	pthread_mutex_unlock(&ss->mu);
}

/* Ask one stream to end: a parked one is resumed so that the reader
 * callback runs and answers end-of-stream. */
static void close_one(http_stream *s)
{
	pthread_mutex_lock(&s->mu);
	s->closing = 1;
	if (s->parked && s->conn) {
		s->parked = 0;
		MHD_resume_connection(s->conn);
	}
	pthread_mutex_unlock(&s->mu);
}

void http_streams_close(http_streams *ss)
{
	http_stream *list = NULL;
	pthread_mutex_lock(&ss->mu);
	ss->closing = 1;
	for (http_stream *s = ss->head; s; s = s->next) {
		atomic_fetch_add(&s->refs, 1);
		s->closing_next = list;
		list = s;
	}
	pthread_mutex_unlock(&ss->mu);
	while (list) {
		http_stream *next = list->closing_next;
		close_one(list);
		http_stream_release(list);
		list = next;
	}
}

/* ---- one stream ------------------------------------------------------ */

void http_stream_release(http_stream *s)
{
	if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
		return;
	pthread_mutex_destroy(&s->mu);
	free(s);
}

void http_stream_wake(http_stream *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	if (s->parked && s->conn) {
		s->parked = 0;
		MHD_resume_connection(s->conn);
	} else {
		s->wake = 1;
	}
	pthread_mutex_unlock(&s->mu);
}

/* libmicrohttpd's content reader. Returning 0 without parking would make
 * libmicrohttpd ask again at once (a busy loop), so "nothing now" parks
 * the connection unless a wake arrived while the reader ran. */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	http_stream *s = cls;
	pthread_mutex_lock(&s->mu);
	int closing = s->closing;
	s->wake = 0;
	pthread_mutex_unlock(&s->mu);
	if (closing)
		return MHD_CONTENT_READER_END_OF_STREAM;
	long n = s->read(s->ctx, buf, max);
	if (n < 0)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (n > 0)
		return (ssize_t)((size_t)n > max ? max : (size_t)n);
	pthread_mutex_lock(&s->mu);
	if (!s->wake && !s->closing && s->conn) {
		s->parked = 1;
		MHD_suspend_connection(s->conn);
	}
	pthread_mutex_unlock(&s->mu);
	return 0;
}

/* libmicrohttpd is done with the response: the connection no longer uses
 * the stream. */
static void stream_end(void *cls)
{
	http_stream *s = cls;
	unlink_stream(s);
	pthread_mutex_lock(&s->mu);
	s->conn = NULL;
	s->parked = 0;
	pthread_mutex_unlock(&s->mu);
	if (!s->abandoned)
		s->free_fn(s->ctx);
	http_stream_release(s);
}

static fq_status register_stream(http_streams *ss, http_stream *s, fq_err *err)
{
	pthread_mutex_lock(&ss->mu);
	if (ss->closing) {
		pthread_mutex_unlock(&ss->mu);
		return fq_fail(err, FQ_EUNAVAILABLE, "", "the server is stopping");
	}
	s->next = ss->head;
	if (ss->head)
		ss->head->prev = s;
	ss->head = s;
	ss->n++;
	pthread_mutex_unlock(&ss->mu);
	return FQ_OK;
}

fq_status http_stream_start(http_req *r, const char *content_type, http_stream_read_fn read,
			    void *ctx, http_stream_free_fn free_fn, http_stream **out, fq_err *err)
{
	http_stream *s = calloc(1, sizeof *s);
	if (!s)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	pthread_mutex_init(&s->mu, NULL);
	s->reg = http_server_streams(http_req_server(r));
	s->conn = http_req_connection(r);
	s->read = read;
	s->ctx = ctx;
	s->free_fn = free_fn;
	atomic_init(&s->refs, 2);
	fq_status st = register_stream(s->reg, s, err);
	if (st != FQ_OK) {
		pthread_mutex_destroy(&s->mu);
		free(s);
		return st;
	}
	struct MHD_Response *resp = MHD_create_response_from_callback(
		MHD_SIZE_UNKNOWN, HTTP_STREAM_BLOCK, stream_read, s, stream_end);
	if (!resp) {
		unlink_stream(s);
		pthread_mutex_destroy(&s->mu);
		free(s);
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	}
	MHD_add_response_header(resp, "Cache-Control", "no-cache");
	if (http_reply_response(r, 200, content_type, resp) != 0) {
		s->abandoned = 1;
		MHD_destroy_response(resp); /* runs stream_end, which keeps ctx */
		http_stream_release(s);
		return fq_fail(err, FQ_ECONFLICT, "", "the request was already answered");
	}
	*out = s;
	return FQ_OK;
}
