/*
 * open311_svc.c - the Open311 service's write job; see open311_svc.h.
 */
#include "domain/open311_svc.h"

#include "store/store_open311.h"

static fq_status create_run(store_conn *c, svc_job *job, fq_err *err)
{
	o311svc_create_job *j = (o311svc_create_job *)job;
	int64_t replayed = 0;
	fq_status st = reqsvc_create(c, &j->plan, NULL, NULL, &replayed, err);
	if (st == FQ_OK)
		st = store_o311_request_link(c, j->plan.row.id, j->key_id, j->media_url, err);
	return st;
}

void o311svc_create_job_init(o311svc_create_job *j)
{
	j->job.run = create_run;
}
