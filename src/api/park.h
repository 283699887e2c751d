/*
 * park.h - a handler's write through the group commit without blocking a
 * worker: park the request, submit the service's write job (domain/svc.h),
 * and answer from a continuation once the write is durable (or has
 * failed). docs/architecture.md shows a handler written this way.
 */
#ifndef FQ_API_PARK_H
#define FQ_API_PARK_H

#include "api/app.h"
#include "core/status.h"
#include "domain/svc.h"
#include "http/http.h"

/* The one way for a handler to write: park r, submit the service's job,
 * and run cont on a worker once it is durable or has failed, with job->st
 * and job->err set (also when the store refuses to queue it). The
 * request's user slot is set to job: put the job first in the handler's
 * context, and take the caller (api_caller) before. */
void api_submit(app *a, http_req *r, svc_job *job, http_handler_fn cont);

/* A zeroed context of size bytes in the request's arena, for the job a
 * handler fills and submits; NULL after replying 500 (out of memory). */
void *api_job_new(http_req *r, size_t size);

/* Fills the context ctx of a write (api_write) from the request: the
 * job's init, its inputs, the caller, the parse of the body; a failure
 * names the field. */
typedef fq_status api_fill_fn(app *a, http_req *r, void *ctx, fq_err *err);

/* The one shape of a write handler: a zeroed context of size bytes
 * (api_job_new) whose first member is the service's svc_job, filled by
 * fill, then submitted with cont as its continuation (api_submit). When
 * fill fails, its error is the answer and nothing is written. */
void api_write(app *a, http_req *r, size_t size, api_fill_fn *fill, http_handler_fn cont);

/* In the continuation of api_submit: the handler's context (the request's
 * user slot, whose first member is the svc_job) when the write went well,
 * else NULL after replying with the job's error. */
void *api_job_done(http_req *r);

#endif
