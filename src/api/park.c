/*
 * park.c - parking a request for its write, and the one shape of a write
 * handler (park.h).
 */
#include "api/park.h"

#include <string.h>

#include "api/json.h"

static void submitted_done(svc_job *job)
{
	http_resume(job->owner);
}

void api_submit(app *a, http_req *r, svc_job *job, http_handler_fn cont)
{
	http_set_user(r, job);
	http_suspend(r, cont);
	fq_status st = svc_submit(a->db, job, submitted_done, r);
	if (st != FQ_OK) {
		job->st = fq_fail(&job->err, st, "", "the store is not accepting writes");
		http_resume(r);
	}
}

void *api_job_new(http_req *r, size_t size)
{
	void *x = fq_arena_alloc(http_arena(r), size);
	if (!x) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return NULL;
	}
	memset(x, 0, size);
	return x;
}

void api_write(app *a, http_req *r, size_t size, api_fill_fn *fill, http_handler_fn cont)
{
	fq_err err = {0};
	svc_job *job = api_job_new(r, size);
	if (!job)
		return;
	fq_status st = fill(a, r, job, &err);
	if (st != FQ_OK)
		api_reply_error(r, st, &err);
	else
		api_submit(a, r, job, cont);
}

void *api_job_done(http_req *r)
{
	svc_job *job = http_user(r);
	if (job->st == FQ_OK)
		return job;
	api_reply_error(r, job->st, &job->err);
	return NULL;
}
