/*
 * log.h - operational logging as JSON lines on standard error: one object
 * per line with time, level and message, so that log shippers need no
 * parser of our own. The access log has its own writer (http/accesslog).
 */
#ifndef FQ_CORE_LOG_H
#define FQ_CORE_LOG_H

#include <stddef.h>

typedef enum { FQ_LOG_DEBUG, FQ_LOG_INFO, FQ_LOG_WARN, FQ_LOG_ERROR } fq_log_level;

/* Messages below this level are dropped; default FQ_LOG_INFO. Set once at
 * start, before threads run. */
void fq_log_set_level(fq_log_level lvl);

/* Write one JSON line; the message is printf-formatted and JSON-escaped.
 * Thread-safe: each line is written with one write(2). */
void fq_log(fq_log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define fq_info(...) fq_log(FQ_LOG_INFO, __VA_ARGS__)
#define fq_warn(...) fq_log(FQ_LOG_WARN, __VA_ARGS__)
#define fq_error(...) fq_log(FQ_LOG_ERROR, __VA_ARGS__)

/* Append s, JSON-escaped without the quotes, to dst of size n (always
 * NUL-terminated, truncated at a character boundary if too long). Returns
 * the length written. Shared by the log writers. */
size_t fq_json_escape(char *dst, size_t n, const char *s);

#endif
