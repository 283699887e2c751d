/*
 * status.h - the one status enum every fallible Fengqiao function returns,
 * and the single table mapping each status to an HTTP status and a stable
 * machine-readable error code ("not_found", "conflict", ...).
 *
 * Validation detail (which field, what is wrong) travels separately in a
 * caller-supplied struct fq_err, so functions stay free of HTTP and JSON.
 */
#ifndef FQ_CORE_STATUS_H
#define FQ_CORE_STATUS_H

#include <stddef.h>

typedef enum fq_status {
	FQ_OK = 0,
	FQ_EINVAL,        /* a field failed validation (422) */
	FQ_EBADREQ,       /* malformed request: bad JSON, bad UTF-8 (400) */
	FQ_EUNAUTH,       /* no or expired credentials (401) */
	FQ_EFORBIDDEN,    /* authenticated but not allowed (403) */
	FQ_ENOTFOUND,     /* no such thing, or not in the caller's scope (404) */
	FQ_EMETHOD,       /* route exists, method does not (405) */
	FQ_ECONFLICT,     /* state does not allow the change (409) */
	FQ_ETOOBIG,       /* a body, string or list over its limit (413) */
	FQ_EMEDIATYPE,    /* wrong content type (415) */
	FQ_ERATELIMIT,    /* too many attempts (429) */
	FQ_ENOMEM,        /* allocation failed (500) */
	FQ_ESTORE,        /* the store failed (500) */
	FQ_EIO,           /* file or network I/O failed (500) */
	FQ_EUNAVAILABLE,  /* shutting down or overloaded (503) */
	FQ_STATUS_COUNT
} fq_status;

/* Maximum lengths of the detail carried in fq_err. */
#define FQ_ERR_FIELD_MAX 64
#define FQ_ERR_MSG_MAX 256
#define FQ_ERR_RULE_MAX 48

/* Detail of a failure: the offending field (may be empty), the rule that
 * failed and a message in plain words. Filled by the function that detects
 * the problem. */
typedef struct fq_err {
	char field[FQ_ERR_FIELD_MAX]; /* e.g. "lat"; "" when no single field */
	char message[FQ_ERR_MSG_MAX]; /* human-readable, English */
	char rule[FQ_ERR_RULE_MAX];   /* stable code of the rule, e.g.
					 "dispute.parties_min"; "" when none
					 (docs/api-errors.md lists them) */
} fq_err;

/* HTTP status for a status value (200 for FQ_OK). */
int fq_status_http(fq_status st);

/* Stable snake_case code for a status value, e.g. "invalid_field". */
const char *fq_status_code(fq_status st);

/* Fill err (which may be NULL) with field and printf-style message and
 * return st, so callers can write `return fq_fail(err, FQ_EINVAL, "lat",
 * "must be between -90 and 90");`. */
fq_status fq_fail(fq_err *err, fq_status st, const char *field,
		  const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* fq_fail that also names the rule that failed: a stable code the web UI
 * turns into words (web/common/rules.js) and the error body carries as
 * "rule". Codes are string literals "<module>.<rule>" in lower snake case;
 * every one has words in both languages (scripts/errcodes.py checks it). */
fq_status fq_failr(fq_err *err, fq_status st, const char *field, const char *rule,
		   const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
