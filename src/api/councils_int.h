/*
 * councils_int.h - private to src/api/councils*.c, defined in
 * councils_json.c: a council write job made from a request, the query of
 * a list, the JSON of the council rows, and the replies that read one of
 * them back. Who may see and do what is domain/council_svc.h's.
 */
#ifndef FQ_API_COUNCILS_INT_H
#define FQ_API_COUNCILS_INT_H

#include <jansson.h>

#include "api/app.h"
#include "api/auth.h"
#include "api/json.h"
#include "api/park.h"
#include "domain/council_svc.h"

/* Largest id a body may name (2^53 - 1, exact in a JSON number). */
#define COUNCIL_ID_MAX 9007199254740991.0
/* Characters of a short code field (kind, source, choice, card, time). */
#define COUNCIL_CODE_MAX 40

/* Submit a write job for op on r (api_submit), made in r's arena with the
 * caller, the time, the ids of the path, and the body (spec NULL: none)
 * checked against spec and read into job->in (times parsed); cont answers
 * once it is durable or has failed. Replies with the error of the parse
 * instead. */
void council_api_submit(app *a, http_req *r, cnlsvc_op op, const api_field *spec, size_t n,
			http_handler_fn cont);

/* The query of a list: ?unit= into *unit (0: none), ?limit= and ?cursor=
 * into f. */
fq_status council_api_list(http_req *r, store_council_filter *f, int64_t *unit, fq_err *err);

/* A council list (topics, meetings): how a page of its rows is read and
 * shown. */
typedef struct council_list {
	/* The rows of unit (0: all) on the page of f into *rows and *n. */
	fq_status (*read)(app *a, http_req *r, int64_t unit, store_council_filter *f,
			  const void **rows, size_t *n, fq_err *err);
	api_rows rows; /* one row as JSON, and its id for the cursor */
} council_list;

/* Reply to the GET of list l: its page under f's own filters and the
 * query (council_api_list) as {"items": [...], "next_cursor": ...}, or
 * the error that kept it. */
void council_reply_list(app *a, http_req *r, store_council_filter *f, const council_list *l);

/* The next_cursor of a page of n rows of f whose last id is last_id. */
json_t *council_json_next(const store_council_filter *f, size_t n, int64_t last_id);

/* JSON of the rows. */
json_t *council_json_topic(const store_council_topic *t);
json_t *council_json_meeting(const store_council_meeting *m);
json_t *council_json_participant(const store_council_participant *p, int staff);
json_t *council_json_vote(const store_council_vote *v);
json_t *council_json_resolution(const store_council_resolution *r);
json_t *council_json_task(const store_council_task *t, int64_t now);

/* Resolutions with their tasks, as of now. */
json_t *council_json_resolutions(const cnlsvc_resolution_view *v, size_t n, int64_t now);

/* Reply 200/201 with one topic / meeting (full) / vote / task as read
 * now, or with the read's error. */
void council_reply_topic(app *a, http_req *r, const caller *who, int64_t id, int status);
void council_reply_meeting(app *a, http_req *r, const caller *who, int64_t id, int status);
void council_reply_vote(app *a, http_req *r, const caller *who, int64_t id, int status);
void council_reply_task(app *a, http_req *r, int64_t id, int status);

#endif
