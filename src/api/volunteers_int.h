/*
 * volunteers_int.h - private to the volunteer handlers (volunteers.c,
 * volunteers_teams.c, activities.c), defined in volunteers_json.c: the
 * body cap, the reading of lists in a body, a write job with the caller
 * taken from the request, and the end of a page.
 */
#ifndef FQ_API_VOLUNTEERS_INT_H
#define FQ_API_VOLUNTEERS_INT_H

#include <jansson.h>

#include "api/app.h"
#include "api/json.h"
#include "domain/volunteer_svc.h"
#include "http/http.h"

/* Bytes of a request body of the volunteer routes. */
#define VOL_BODY_MAX (16 * 1024)

/* Largest id a body may name (2^53 - 1, exact in a JSON number). */
#define VOL_ID_MAX 9007199254740991.0

/* Rows of one list page by default (the most is STORE_VOL_ROWS_MAX). */
#define VOL_LIST_DEFAULT 50

/* Entries of a list of names in a body (skills, availability). */
#define VOL_NAMES_MAX 32

/* The strings of the array field name of body into *out (in r's arena);
 * absent: out->present 0. 422 naming the field past max entries or for an
 * entry that is not a string. */
fq_status vol_names(http_req *r, const json_t *body, const char *name, size_t max,
		    volsvc_names *out, fq_err *err);

/* The positive integers of the array field name of body (in r's arena);
 * absent: *present 0. 422 naming the field past max entries or for an
 * entry that is not a positive id. */
fq_status vol_ids(http_req *r, const json_t *body, const char *name, size_t max,
		  const int64_t **out, size_t *n, int *present, fq_err *err);

/* The skills of mask as [{code, label}]. */
json_t *vol_skills_json(unsigned mask);

/* Start a volunteer write job in the zeroed ctx: op, the request's arena,
 * the caller, their address and the time. */
void vol_job_start(http_req *r, volsvc_job *x, volsvc_op op);

/* The limit and the cursor of a list's query into *limit and *after. */
fq_status vol_page_args(http_req *r, int *limit, int64_t *after, fq_err *err);

/* 200 with {"items": [the n rows of kind k], "next_cursor"} (the cursor
 * after the id next, null when next is 0), or the error for st. */
void vol_reply_page(http_req *r, fq_status st, const fq_err *err, const void *rows, size_t n,
		    int64_t next, const api_rows *k);

/* The whole of a list handler: the page's arguments, the read fn with
 * the caller, and its rows of kind k as vol_reply_page answers them. */
void vol_reply_list(app *a, http_req *r, volsvc_list_fn *fn, const api_rows *k);

#endif
