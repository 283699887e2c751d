/*
 * decode.h - the decode pool: where the photos of an upload (request
 * photos, mediation attachments) are decoded and their thumbnails drawn,
 * off the HTTP worker threads, with the request parked meanwhile (the
 * same suspend and resume as a write waiting for its commit, park.h).
 *
 *   typedef struct my_ctx { api_decode d; ... } my_ctx;
 *   x->d = (api_decode){.r = r, .who = account_id, .work = my_work, .ctx = x};
 *   fq_status st = api_decode_park(a, &x->d, pixels, my_decoded, &err);
 *   if (st != FQ_OK) { free what x holds; api_reply_error(r, st, &err); return; }
 *   ...
 *   static void my_work(api_decode *d)        (a pool thread: decode, set d->st, d->err)
 *   static void my_decoded(app *a, http_req *r)   (a worker: x = http_user(r); answer or go on)
 *
 * Limits, each past it answered with Retry-After:
 * - one upload decoding per caller (account or mediation party) at a time,
 *   and a budget of pixels per caller per minute (domain/photo_budget.h):
 *   429;
 * - DECODE_QUEUE_MAX uploads waiting for a thread: 503.
 * The pool has DECODE_THREADS_MAX threads at most, half the cores (at
 * least one), at the lower priority DECODE_NICE, so that decoding never
 * takes the cores from the threads that answer requests; a decode holds
 * up to 4 bytes per pixel (200 MB for PHOTO_PIXELS_MAX), so the memory
 * it takes is bounded by the threads too.
 */
#ifndef FQ_API_DECODE_H
#define FQ_API_DECODE_H

#include "api/app.h"
#include "core/status.h"
#include "domain/photo_budget.h"
#include "http/http.h"

#define DECODE_THREADS_MAX 4   /* pool threads, at most; half the cores, at least 1 */
#define DECODE_QUEUE_MAX 32    /* uploads waiting for a pool thread; 503 past it */
#define DECODE_NICE 10         /* the pool threads' nice value (lower priority) */
#define DECODE_FULL_RETRY_S 5  /* Retry-After when the queue is full */

typedef struct api_decoder api_decoder;

/* One upload's decoding; the caller's context holds it. */
typedef struct api_decode {
	http_req *r;
	photo_who who;                      /* whose budget it counts against */
	void (*work)(struct api_decode *d); /* runs on a pool thread */
	void *ctx;                          /* the request's user slot while parked */
	fq_status st;                       /* the work's; FQ_EUNAVAILABLE when it did not run */
	fq_err err;
	api_decoder *pool;                  /* set by api_decode_park */
} api_decode;

/* A pool for a machine of cores cores. NULL when out of memory or no
 * thread starts. */
api_decoder *api_decoder_new(int cores);

/* Stop taking uploads (503 from now on), finish the decodes running and
 * answer those waiting (503: the server is stopping). Call while the HTTP
 * server still runs, so that the parked requests can be answered.
 * NULL-safe. */
void api_decoder_stop(api_decoder *d);

/* Stop, then free the pool; after the HTTP server has stopped. NULL-safe. */
void api_decoder_free(api_decoder *d);

/* Admit d's upload of pixels pixels and queue d->work on the pool with
 * d->r parked; its user slot is set to d->ctx.
 * - FQ_OK: cont runs on a worker once the work is done, with d->st and
 *   d->err set. The work runs on a pool thread, never while a worker
 *   touches the request. When the queue was full (or the pool stopped
 *   before the work ran) cont runs with d->st = FQ_EUNAVAILABLE (503) and
 *   the Retry-After header on d->r.
 * - Otherwise the caller's own limits refused it (FQ_ERATELIMIT, 429; or
 *   FQ_EUNAVAILABLE when the pool cannot take another caller): nothing is
 *   queued or parked, the Retry-After header is on d->r, err says why and
 *   the caller answers. */
fq_status api_decode_park(app *a, api_decode *d, int64_t pixels, http_handler_fn cont,
			  fq_err *err);

#endif
