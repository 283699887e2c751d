/*
 * sse.h - long-lived streaming responses (Server-Sent Events and the like)
 * without a thread per client. A handler answers with http_stream_start:
 * from then on libmicrohttpd pulls the body from a reader function on its
 * own worker threads. When the reader has nothing to send, the connection
 * is parked (MHD_suspend_connection): it costs no thread and no polling
 * until another thread calls http_stream_wake, which resumes it so that
 * the reader is asked again. A reader that returned 0 without parking
 * would be asked again at once, forever: libmicrohttpd busy-loops on it
 * in internal polling mode, which is why parking is not optional here.
 *
 * When the server stops, every stream is ended (the reader is no longer
 * asked; the response is terminated cleanly) before the server waits for
 * the requests in flight, so open streams never hold up a shutdown and no
 * connection is left suspended when libmicrohttpd stops.
 *
 * The layer knows nothing of what is streamed: no JSON, no store.
 */
#ifndef FQ_HTTP_SSE_H
#define FQ_HTTP_SSE_H

#include <stddef.h>

#include "core/status.h"
#include "http/http.h"

typedef struct http_stream http_stream;

/* Bytes libmicrohttpd asks a reader for at most in one call. */
#define HTTP_STREAM_BLOCK 16384

/* What a reader returns to end the response. */
#define HTTP_STREAM_END (-1L)

/* Fill buf (room for max bytes) with the next bytes of the stream and
 * return how many were written (> 0); 0 when there is nothing to send now
 * (the connection is parked until http_stream_wake); HTTP_STREAM_END to end
 * the response. Runs on a server thread and must not block. */
typedef long (*http_stream_read_fn)(void *ctx, char *buf, size_t max);

/* Release ctx; called once, on a server thread, when the stream is over. */
typedef void (*http_stream_free_fn)(void *ctx);

/* Answer r (status 200, the given content type, the headers added with
 * http_add_header, and "Cache-Control: no-cache") with a body produced by
 * read. On success the stream owns ctx: free_fn(ctx) is called exactly once
 * when the connection ends (client gone, HTTP_STREAM_END, server stopping),
 * and *out is a reference to the stream for http_stream_wake that the
 * caller must give back with http_stream_release (before or after the end;
 * waking an ended stream does nothing). On error nothing is sent, ctx is
 * untouched and the caller answers: FQ_EUNAVAILABLE when the server is
 * stopping, FQ_ENOMEM, FQ_ECONFLICT when r has already been answered. */
fq_status http_stream_start(http_req *r, const char *content_type, http_stream_read_fn read,
			    void *ctx, http_stream_free_fn free_fn, http_stream **out, fq_err *err);

/* Have the reader asked again soon: resumes a parked stream, or makes the
 * next "nothing now" retry at once instead of parking. Thread-safe; cheap
 * when the stream is not parked. */
void http_stream_wake(http_stream *s);

/* Give back the reference from http_stream_start. NULL-safe. */
void http_stream_release(http_stream *s);

/* Streams open on the server now. */
size_t http_streams_open(http_server *srv);

/* ---- for server.c only (the rest of src/http never calls these) ---- */

struct MHD_Connection;
struct MHD_Response;
typedef struct http_streams http_streams;

/* The registry of one server's streams; NULL when out of memory. */
http_streams *http_streams_new(void);

/* End every open stream and refuse new ones (server stopping). */
void http_streams_close(http_streams *ss);

/* Free the registry once the daemon has stopped. NULL-safe. */
void http_streams_free(http_streams *ss);

/* Implemented in server.c for sse.c: the server's registry, the request's
 * connection, and handing a ready response to the request (0, or -1 when
 * the request was already answered; resp is then still the caller's). */
http_streams *http_server_streams(http_server *srv);
struct MHD_Connection *http_req_connection(http_req *r);
int http_reply_response(http_req *r, int status, const char *content_type,
			struct MHD_Response *resp);

#endif
