/*
 * status.c - the table from fq_status to HTTP status and error code; the
 * only place that knows how an internal failure looks on the wire.
 */
#include "core/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	int http;
	const char *code;
} status_table[FQ_STATUS_COUNT] = {
	[FQ_OK] = {200, "ok"},
	[FQ_EINVAL] = {422, "invalid_field"},
	[FQ_EBADREQ] = {400, "bad_request"},
	[FQ_EUNAUTH] = {401, "unauthenticated"},
	[FQ_EFORBIDDEN] = {403, "forbidden"},
	[FQ_ENOTFOUND] = {404, "not_found"},
	[FQ_EMETHOD] = {405, "method_not_allowed"},
	[FQ_ECONFLICT] = {409, "conflict"},
	[FQ_ETOOBIG] = {413, "too_large"},
	[FQ_EMEDIATYPE] = {415, "unsupported_media_type"},
	[FQ_ERATELIMIT] = {429, "too_many_requests"},
	[FQ_ENOMEM] = {500, "out_of_memory"},
	[FQ_ESTORE] = {500, "store_error"},
	[FQ_EIO] = {500, "io_error"},
	[FQ_EUNAVAILABLE] = {503, "unavailable"},
};

int fq_status_http(fq_status st)
{
	if ((unsigned)st >= FQ_STATUS_COUNT)
		return 500;
	return status_table[st].http;
}

const char *fq_status_code(fq_status st)
{
	if ((unsigned)st >= FQ_STATUS_COUNT)
		return "internal_error";
	return status_table[st].code;
}

static void fill(fq_err *err, const char *field, const char *rule, const char *fmt, va_list ap)
{
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	snprintf(err->rule, sizeof err->rule, "%s", rule ? rule : "");
	vsnprintf(err->message, sizeof err->message, fmt, ap);
}

fq_status fq_fail(fq_err *err, fq_status st, const char *field,
		  const char *fmt, ...)
{
	if (!err)
		return st;
	va_list ap;
	va_start(ap, fmt);
	fill(err, field, NULL, fmt, ap);
	va_end(ap);
	return st;
}

fq_status fq_failr(fq_err *err, fq_status st, const char *field, const char *rule,
		   const char *fmt, ...)
{
	if (!err)
		return st;
	va_list ap;
	va_start(ap, fmt);
	fill(err, field, rule, fmt, ap);
	va_end(ap);
	return st;
}
