/*
 * framing.h - the checks of RFC 9112 §6.3 and §3.2 over a request's header
 * lines, made once its headers are in and before any byte of its body is
 * read: a message whose length two parsers could read two ways (request
 * smuggling) is refused with 400 and its connection closed.
 *
 * Refused: a field name that is not a token (RFC 9110 §5.1: no blank
 * before the colon), a NUL in a field value, more than one Content-Length
 * line, or one whose value is not a plain decimal number; Content-Length
 * together with Transfer-Encoding;
 * any Transfer-Encoding but a single "chunked"; Transfer-Encoding on an
 * HTTP/1.0 request; an HTTP/1.1 request with no Host or more than one, or
 * a Host that is not a host[:port].
 *
 * The server feeds every header line it is handed to http_framing_add, then
 * asks http_framing_verdict. Kept apart from libmicrohttpd so that it can be
 * unit-tested (tests/unit/test_framing.c).
 */
#ifndef FQ_HTTP_FRAMING_H
#define FQ_HTTP_FRAMING_H

#include <stddef.h>

#include "core/status.h"

#define FRAMING_LENGTH_DIGITS_MAX 19 /* digits of a Content-Length: fits uint64_t */
#define FRAMING_HOST_MAX 255         /* bytes of a Host value */

typedef struct http_framing {
	int content_length;    /* Content-Length lines seen */
	int length_bad;        /* one of them is not a plain decimal number */
	int transfer_encoding; /* Transfer-Encoding lines seen */
	int te_not_chunked;    /* one of them is not exactly "chunked" */
	int host;              /* Host lines seen */
	int host_bad;          /* one of them is not a host[:port] */
	int name_bad;          /* a field name that is not a token */
	int value_nul;         /* a field value holds a NUL byte */
} http_framing;

/* Count one header line: name as received (any case), value without the
 * surrounding blanks and value_len its length as received (a NUL inside
 * makes it longer than the string). NULL value counts as empty. */
void http_framing_add(http_framing *f, const char *name, const char *value, size_t value_len);

/* FQ_OK when the request's framing is unambiguous; else FQ_EBADREQ with
 * err naming the header. http11 is non-zero for HTTP/1.1 requests. */
fq_status http_framing_verdict(const http_framing *f, int http11, fq_err *err);

#endif
