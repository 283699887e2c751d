/*
 * decode.c - the decode pool (decode.h): the per-caller budget in front of
 * a bounded work queue, and the park and resume around each job.
 */
#include "api/decode.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/workq.h"

#define RETRY_TEXT_MAX 24 /* bytes of a Retry-After value */

struct api_decoder {
	fq_workq *q;
	photo_budget *budget;
};

static int pool_threads(int cores)
{
	int n = cores / 2;
	if (n < 1)
		return 1;
	return n > DECODE_THREADS_MAX ? DECODE_THREADS_MAX : n;
}

api_decoder *api_decoder_new(int cores)
{
	api_decoder *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->budget = photo_budget_new(NULL);
	d->q = d->budget ? fq_workq_new(pool_threads(cores), DECODE_QUEUE_MAX, DECODE_NICE) : NULL;
	if (!d->q) {
		api_decoder_free(d);
		return NULL;
	}
	return d;
}

void api_decoder_stop(api_decoder *d)
{
	if (d && d->q)
		fq_workq_stop(d->q);
}

void api_decoder_free(api_decoder *d)
{
	if (!d)
		return;
	fq_workq_free(d->q); /* answers the waiting jobs, which use the budget */
	photo_budget_free(d->budget);
	free(d);
}

/* A job: d's work (or the answer that it was not done), then the caller
 * may send the next upload, then the request wakes. The request is not
 * touched after http_resume: a worker owns it again. */
static void run_job(void *arg, bool run)
{
	api_decode *d = arg;
	if (run)
		d->work(d);
	else
		d->st = fq_fail(&d->err, FQ_EUNAVAILABLE, "", "the server is stopping");
	photo_budget_release(d->pool->budget, d->who);
	http_resume(d->r);
}

static void retry_after(http_req *r, int64_t secs)
{
	char text[RETRY_TEXT_MAX];
	snprintf(text, sizeof text, "%lld", (long long)secs);
	http_add_header(r, "Retry-After", text);
}

fq_status api_decode_park(app *a, api_decode *d, int64_t pixels, http_handler_fn cont,
			  fq_err *err)
{
	api_decoder *dec = a->decoder;
	if (!dec) {
		retry_after(d->r, DECODE_FULL_RETRY_S);
		return fq_fail(err, FQ_EUNAVAILABLE, "", "photos cannot be processed now");
	}
	int64_t retry = 0;
	fq_status st = photo_budget_take(dec->budget, d->who, pixels, &retry, err);
	if (st != FQ_OK) {
		retry_after(d->r, retry);
		return st;
	}
	d->pool = dec;
	http_set_user(d->r, d->ctx);
	http_suspend(d->r, cont);
	if (fq_workq_submit(dec->q, run_job, d) == FQ_OK)
		return FQ_OK;
	/* not queued: wake at once, and cont answers 503 */
	photo_budget_release(dec->budget, d->who);
	retry_after(d->r, DECODE_FULL_RETRY_S);
	d->st = fq_fail(&d->err, FQ_EUNAVAILABLE, "photo",
			"the server is processing as many photos as it can; try again shortly");
	http_resume(d->r);
	return FQ_OK;
}
