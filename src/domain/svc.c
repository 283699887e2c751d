/*
 * svc.c - write jobs and read transactions for services (svc.h).
 */
#include "domain/svc.h"

#include <stdio.h>

#include "store/store.h"
#include "store/store_auth.h"

static fq_status job_run(store_conn *c, void *arg, fq_err *err)
{
	svc_job *job = arg;
	return job->run(c, job, err);
}

static void job_done(void *arg, fq_status st, const fq_err *err)
{
	svc_job *job = arg;
	job->st = st;
	if (st != FQ_OK && err)
		job->err = *err;
	job->done(job);
}

fq_status svc_submit(store *db, svc_job *job, svc_done_fn done, void *owner)
{
	job->done = done;
	job->owner = owner;
	job->st = FQ_OK;
	return store_write_async(db, job_run, job, job_done);
}

fq_status svc_write(store *db, svc_job *job)
{
	job->st = store_write(db, job_run, job, &job->err);
	return job->st;
}

fq_status svc_write_alone(store *db, svc_job *job)
{
	job->st = store_write_alone(db, job_run, job, &job->err);
	return job->st;
}

fq_status svc_read(store *db, fq_status (*fn)(store_conn *c, void *arg, fq_err *err), void *arg,
		   fq_err *err)
{
	store_conn *c = NULL;
	fq_status st = store_read_begin(db, &c);
	if (st == FQ_OK)
		st = fn(c, arg, err);
	else
		fq_fail(err, st, "", "the store is not answering reads");
	store_read_end(db, c);
	return st;
}

/* A read body with its arguments, through svc_read. */
typedef struct get_call {
	svc_rd_fn *fn;
	svc_rd x;
} get_call;

static fq_status get_run(store_conn *c, void *arg, fq_err *err)
{
	get_call *g = arg;
	return g->fn(c, &g->x, err);
}

fq_status svc_get(store *db, svc_rd_fn *fn, svc_rd x, fq_err *err)
{
	get_call g = {fn, x};
	return svc_read(db, get_run, &g, err);
}

fq_status svc_list(store *db, svc_rd_fn *fn, fq_arena *a, const caller *who, int64_t unit,
		   void *f, void *out, size_t *n, fq_err *err)
{
	return svc_get(db, fn, (svc_rd){.a = a, .who = who, .id = unit, .f = f, .out = out, .n = n},
		       err);
}

fq_status svc_reveal_audit(store_conn *c, int64_t account_id, const char *kind, int64_t id,
			   const char *address, fq_err *err)
{
	char subject[SVC_REVEAL_SUBJECT_MAX];
	snprintf(subject, sizeof subject, "%s:%lld", kind, (long long)id);
	return store_audit_insert(c, account_id, "reveal", subject, "phone", address, err);
}
