/*
 * councils_int.h - private to src/api/councils*.c: the context of a
 * parked council write, who may see and run what, and the JSON of the
 * council rows.
 *
 * Scope (docs/councils.md): a caller sees the council things of units on
 * one line of ancestry with one of their roles' units (the street and
 * community above a resident's grid, everything below a community
 * officer's community); staff (COUNCIL_STAFF) run the councils of units
 * their roles cover. Things out of sight are 404, never 403.
 */
#ifndef FQ_API_COUNCILS_INT_H
#define FQ_API_COUNCILS_INT_H

#include <jansson.h>

#include "api/app.h"
#include "api/auth.h"
#include "api/json.h"
#include "api/park.h"
#include "domain/council.h"
#include "store/store_council.h"

/* Largest id a body may name (2^53 - 1, exact in a JSON number). */
#define COUNCIL_ID_MAX 9007199254740991.0
/* Characters of a short code field (kind, source, choice, card, time). */
#define COUNCIL_CODE_MAX 40

/* A parked council write: p first (api_park), then what the handler
 * parsed and what the transaction found. */
typedef struct council_ctx {
	api_parked p;
	app *a;
	const caller *who;
	int64_t now;
	int64_t id;        /* the thing in the path */
	int64_t id2;       /* a second path id (agenda item) */
	int64_t new_id;    /* what the transaction created */
	json_t *body;      /* the request body (owned; freed by the reply) */
	const char *action; /* the last path segment of an action route */
} council_ctx;

/* Non-zero when the caller sees council things at unit_path. */
int council_api_sees(const caller *who, const char *unit_path);

/* Non-zero when the caller runs councils at unit_path. */
int council_api_staff(const caller *who, const char *unit_path);

/* The caller's widest staff path (for lists without ?unit=), or NULL. */
const char *council_api_staff_path(const caller *who);

/* A new context for a write on r, with the body parsed and checked
 * against spec (spec NULL: no body). NULL after replying with the error. */
council_ctx *council_api_ctx(app *a, http_req *r, const api_field *spec, size_t n);

/* Park the write: fn runs on the writer, cont answers. */
void council_api_park(council_ctx *x, http_handler_fn cont, store_tx_fn fn);

/* Reply with the parked write's error, freeing the body; non-zero when
 * there was one (the caller then returns). */
int council_api_failed(council_ctx *x);

/* Integer field of the body, or dflt when absent. */
int64_t council_api_int(const json_t *body, const char *name, int64_t dflt);

/* A time field (RFC 3339 or a date) of the body into *out (untouched when
 * absent); FQ_EINVAL naming the field when malformed. */
fq_status council_api_time(const json_t *body, const char *name, int64_t *out, fq_err *err);

/* The scope of a list, which keeps exactly the rows council_api_sees lets
 * the caller read one by one: seen_by the caller's unit paths (none for a
 * role over the whole deployment), and with ?unit= below that unit too.
 * 404 when the unit is out of the caller's sight; strings in the request's
 * arena. */
fq_status council_api_scope(app *a, http_req *r, const caller *who, store_council_filter *f,
			    fq_err *err);

/* JSON of the rows. */
json_t *council_json_time(int64_t t); /* null for 0 */
json_t *council_json_id(int64_t id);  /* null for 0 */
json_t *council_json_topic(const store_council_topic *t);
json_t *council_json_meeting(const store_council_meeting *m);
json_t *council_json_participant(const store_council_participant *p, int staff);
json_t *council_json_vote(const store_council_vote *v);
json_t *council_json_resolution(const store_council_resolution *r);
json_t *council_json_task(const store_council_task *t, int64_t now);

/* Reply 200/201 with one topic / meeting (full) / vote / task as read
 * now, or with the read's error. */
void council_reply_topic(app *a, http_req *r, const caller *who, int64_t id, int status);
void council_reply_meeting(app *a, http_req *r, const caller *who, int64_t id, int status);
void council_reply_vote(app *a, http_req *r, const caller *who, int64_t id, int status);
void council_reply_task(app *a, http_req *r, int64_t id, int status);

#endif
