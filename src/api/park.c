/*
 * park.c - parking a request for its write (park.h).
 */
#include "api/park.h"

static void parked_done(void *arg, fq_status st, const fq_err *err)
{
	api_parked *p = arg;
	p->st = st;
	if (st != FQ_OK && err)
		p->err = *err;
	http_resume(p->r);
}

void api_park(app *a, api_parked *p, http_handler_fn cont, store_tx_fn fn)
{
	http_set_user(p->r, p);
	http_suspend(p->r, cont);
	fq_status st = store_write_async(a->db, fn, p, parked_done);
	if (st != FQ_OK) {
		p->st = fq_fail(&p->err, st, "", "the store is not accepting writes");
		http_resume(p->r);
	}
}

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
