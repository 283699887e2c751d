/*
 * talents_int.h - private to talents.c and talents_tasks.c, defined in
 * talents_json.c (which calls neither): the JSON of members and tasks, the
 * reply of a page of them, and a new write job with the caller taken from
 * the request.
 */
#ifndef FQ_API_TALENTS_INT_H
#define FQ_API_TALENTS_INT_H

#include <jansson.h>

#include "api/app.h"
#include "api/json.h"
#include "domain/talent_svc.h"
#include "http/http.h"

/* Bytes of a request body of the talent routes. */
#define TALENT_BODY_MAX (16 * 1024)

/* Largest id a body may name (2^53 - 1, exact in a JSON number). */
#define TALENT_ID_MAX 9007199254740991.0

/* Rows of one list page: the default (the most is STORE_TALENT_ROWS_MAX). */
#define TALENT_LIST_DEFAULT 50

/* ["law", ...] and [{"code": "law", "label": "法律"}, ...] of a bit set. */
json_t *talent_tags_json(unsigned mask, int roles);

/* The average rating, or null when there is none. */
json_t *talent_rating_json(int64_t sum, int64_t count);

/* A member as lists and suggestions show it (phone masked). */
json_t *talent_json(fq_arena *a, const store_talent *t);

/* A task, with its reasons' snapshot split into [{code, text}]. */
json_t *talent_task_json(const store_talent_task *k);

/* A member as talent_json, and a task as talent_task_json: the rows of
 * the pages of talsvc_list and talsvc_tasks. */
extern const api_rows talent_rows, talent_task_rows;

/* The end of a list: when st is FQ_OK, 200 with {"items": [the rows of
 * kind k of page p], "next_cursor": null on the last page}; else the
 * error for st. */
void talent_reply_page(http_req *r, fq_status st, const fq_err *err, const talsvc_page *p,
		       const api_rows *k);

/* A write job for op in r's arena with the caller, their address and the
 * time filled in, or NULL (reply sent). */
talsvc_job *talent_job_new(http_req *r, talsvc_op op);

/* The body of r checked against spec (n fields) into *body (the caller
 * json_decrefs it); with optional, an empty body is *body NULL. */
fq_status talent_body(http_req *r, const api_field *spec, size_t n, int optional, json_t **body,
		      fq_err *err);

/* Submit x to the group commit (api_submit) when its parse went well (st),
 * else reply with the parse's error. */
void talent_submit(app *a, http_req *r, talsvc_job *x, fq_status st, const fq_err *err,
		   http_handler_fn cont);

#endif
