/*
 * park.h - a handler's write through the group commit without blocking a
 * worker: park the request, queue the transaction, and answer from a
 * continuation once the write is durable (or has failed).
 *
 *   typedef struct my_ctx { api_parked p; ... } my_ctx;   (p first)
 *   my_ctx *x = fq_arena_alloc(http_arena(r), sizeof *x);
 *   x->p = (api_parked){.r = r};
 *   api_park(a, &x->p, my_reply, my_tx);
 *   ...
 *   static void my_reply(app *a, http_req *r)
 *   { my_ctx *x = http_user(r); if (x->p.st != FQ_OK) { api_reply_error(r, x->p.st, &x->p.err); return; } ... }
 *
 * The transaction function receives the context (&x->p, so cast back).
 * The request's user slot is set to the context: take the caller
 * (api_caller) before parking.
 */
#ifndef FQ_API_PARK_H
#define FQ_API_PARK_H

#include "api/app.h"
#include "core/status.h"
#include "http/http.h"
#include "domain/svc.h"
#include "store/store.h"

/* The first member of every context that waits for a write. */
typedef struct api_parked {
	http_req *r;
	fq_status st; /* of the transaction, set on the writer thread */
	fq_err err;
} api_parked;

/* Park p->r, then queue fn(conn, p) on the writer; cont runs on a worker
 * once it is durable or has failed, with p->st and p->err set (also when
 * the store refuses to queue the write: shutting down). */
void api_park(app *a, api_parked *p, http_handler_fn cont, store_tx_fn fn);

/* The one way for a handler to write (docs/architecture.md): park r, submit
 * the service's job (svc.h), and run cont on a worker once it is durable or
 * has failed, with job->st and job->err set (also when the store refuses to
 * queue it). The request's user slot is set to job: put the job first in
 * the handler's context, and take the caller (api_caller) before. */
void api_submit(app *a, http_req *r, svc_job *job, http_handler_fn cont);

#endif
