/*
 * framing.c - one request's Content-Length, Transfer-Encoding and Host
 * lines counted and judged; see framing.h.
 */
#include "http/framing.h"

#include <string.h>
#include <strings.h>

/* A field name: one or more tchar (RFC 9110 §5.6.2). */
static int token(const char *name)
{
	static const char tchar[] = "!#$%&'*+-.^_`|~0123456789"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	size_t n = strlen(name);
	return n > 0 && strspn(name, tchar) == n;
}

/* A plain decimal number: digits only, no sign, no list, bounded. */
static int plain_length(const char *v)
{
	size_t n = strlen(v);
	if (n == 0 || n > FRAMING_LENGTH_DIGITS_MAX)
		return 0;
	return strspn(v, "0123456789") == n;
}

/* A byte of a host[:port] (RFC 3986 reg-name, IP-literal and port): no
 * blanks, no '/', '@', '?', '#', no control bytes. */
static int host_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("-._~!$&'()*+,;=:[]%", c) != NULL;
}

/* Empty is allowed: RFC 9112 §3.2 asks for an empty Host when the target
 * has no authority. */
static int valid_host(const char *v)
{
	size_t n = strlen(v);
	if (n > FRAMING_HOST_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!host_byte((unsigned char)v[i]))
			return 0;
	return 1;
}

void http_framing_add(http_framing *f, const char *name, const char *value, size_t value_len)
{
	const char *v = value ? value : "";
	f->name_bad |= !token(name);
	f->value_nul |= strlen(v) != value_len;
	if (strcasecmp(name, "Content-Length") == 0) {
		f->content_length++;
		f->length_bad |= !plain_length(v);
	} else if (strcasecmp(name, "Transfer-Encoding") == 0) {
		f->transfer_encoding++;
		f->te_not_chunked |= strcasecmp(v, "chunked") != 0;
	} else if (strcasecmp(name, "Host") == 0) {
		f->host++;
		f->host_bad |= !valid_host(v);
	}
}

static fq_status length_verdict(const http_framing *f, int http11, fq_err *err)
{
	if (f->name_bad)
		return fq_fail(err, FQ_EBADREQ, "header", "a header name is not a token");
	if (f->value_nul)
		return fq_fail(err, FQ_EBADREQ, "header", "a header value holds a NUL byte");
	if (f->content_length > 1)
		return fq_fail(err, FQ_EBADREQ, "Content-Length", "more than one Content-Length");
	if (f->length_bad)
		return fq_fail(err, FQ_EBADREQ, "Content-Length",
			       "Content-Length is not a decimal number");
	if (f->transfer_encoding && f->content_length)
		return fq_fail(err, FQ_EBADREQ, "Transfer-Encoding",
			       "Content-Length and Transfer-Encoding together");
	if (f->transfer_encoding && !http11)
		return fq_fail(err, FQ_EBADREQ, "Transfer-Encoding",
			       "Transfer-Encoding on an HTTP/1.0 request");
	if (f->transfer_encoding > 1 || f->te_not_chunked)
		return fq_fail(err, FQ_EBADREQ, "Transfer-Encoding",
			       "the only Transfer-Encoding accepted is chunked");
	return FQ_OK;
}

static fq_status host_verdict(const http_framing *f, int http11, fq_err *err)
{
	if (http11 && f->host == 0)
		return fq_fail(err, FQ_EBADREQ, "Host", "an HTTP/1.1 request needs a Host");
	if (f->host > 1)
		return fq_fail(err, FQ_EBADREQ, "Host", "more than one Host");
	if (f->host_bad)
		return fq_fail(err, FQ_EBADREQ, "Host", "Host is not a host[:port]");
	return FQ_OK;
}

fq_status http_framing_verdict(const http_framing *f, int http11, fq_err *err)
{
	fq_status st = length_verdict(f, http11, err);
	return st != FQ_OK ? st : host_verdict(f, http11, err);
}
