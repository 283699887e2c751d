/*
 * requests_jobs.c - the requests service as callers above domain/ reach
 * it (requests.h, svc.h): reads in a transaction of their own, and the
 * writes (a new request, an action, a bulk merge) as jobs for the group
 * commit.
 */
#include "domain/requests.h"

#include "domain/photo_svc.h"

/* ---- reads --------------------------------------------------------------- */

typedef struct req_read {
	fq_arena *a;
	const caller *who;
	int64_t id, now;
	void *out;
	store_photo **photos;
	size_t *n_photos;
	const reqsvc_input *in;
} req_read;

static fq_status view_body(store_conn *c, void *arg, fq_err *err)
{
	req_read *x = arg;
	fq_status st = reqsvc_view_load(c, x->a, x->who, x->id, x->now, x->out, err);
	if (st == FQ_OK)
		st = photosvc_of_request(c, x->a, x->id, x->photos, x->n_photos, err);
	return st;
}

fq_status reqsvc_view_get(store *db, fq_arena *a, const caller *who, int64_t id, int64_t now,
			  reqsvc_view *out, store_photo **photos, size_t *n_photos, fq_err *err)
{
	req_read x = {.a = a, .who = who, .id = id, .now = now, .out = out, .photos = photos,
		      .n_photos = n_photos};
	return svc_read(db, view_body, &x, err);
}

static fq_status summary_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	return reqsvc_summary_load(c, x->a, x->who, x->id, x->out, err);
}

fq_status reqsvc_summary_get(store *db, fq_arena *a, const caller *who, int64_t id,
			     reqsvc_summary *out, fq_err *err)
{
	return svc_get(db, summary_body, (svc_rd){.a = a, .who = who, .id = id, .out = out}, err);
}

/* ---- the reporter's phone, revealed ----------------------------------------- */

static fq_status phone_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	reqsvc_view v;
	fq_status st = reqsvc_view_load(c, x->a, x->who, x->id, 0, &v, err);
	if (st != FQ_OK)
		return st;
	if (v.reporter != REQSVC_REPORTER_NAMED || !access_has(x->who, ACCESS_REVEAL_PHONE))
		return fq_fail(err, FQ_EFORBIDDEN, "phone",
			       "your roles may not see this request's phone number");
	const char *phone = v.req.caller_phone ? v.req.caller_phone : v.req.reporter_phone;
	*(const char **)x->out = phone ? phone : "";
	return FQ_OK;
}

fq_status reqsvc_reporter_phone(store *db, fq_arena *a, const caller *who, int64_t id,
				const char **phone, fq_err *err)
{
	return svc_get(db, phone_body, (svc_rd){.a = a, .who = who, .id = id, .out = phone}, err);
}

static fq_status reveal_run(store_conn *c, svc_job *job, fq_err *err)
{
	reqsvc_reveal_job *j = (reqsvc_reveal_job *)job;
	return svc_reveal_audit(c, j->account_id, "request", j->request_id, j->address, err);
}

void reqsvc_reveal_job_init(reqsvc_reveal_job *j)
{
	j->job.run = reveal_run;
}

/* ---- a new request ---------------------------------------------------------- */

static fq_status prepare_body(store_conn *c, void *arg, fq_err *err)
{
	req_read *x = arg;
	reqsvc_create_job *j = x->out;
	fq_status st = FQ_OK;
	if (j->key)
		st = reqsvc_idem_check(c, x->a, x->who->account_id, j->key, j->fingerprint,
				       &j->replayed, err);
	if (st == FQ_OK && !j->replayed)
		st = reqsvc_plan_create(c, x->a, x->who, x->in, &j->plan, err);
	return st;
}

static fq_status create_run(store_conn *c, svc_job *job, fq_err *err)
{
	reqsvc_create_job *j = (reqsvc_create_job *)job;
	return reqsvc_create(c, &j->plan, j->key, j->fingerprint, &j->replayed, err);
}

fq_status reqsvc_create_prepare(store *db, fq_arena *a, const caller *who,
				const reqsvc_input *in, reqsvc_create_job *j, fq_err *err)
{
	j->job.run = create_run;
	j->replayed = 0;
	req_read x = {.a = a, .who = who, .out = j, .in = in};
	return svc_read(db, prepare_body, &x, err);
}

/* ---- actions -------------------------------------------------------------------- */

static reqsvc_actor actor_of(const caller *who)
{
	return (reqsvc_actor){.account_id = who->account_id, .roles = who->roles, .who = who};
}

static fq_status action_run(store_conn *c, svc_job *job, fq_err *err)
{
	reqsvc_action_job *j = (reqsvc_action_job *)job;
	reqsvc_actor actor = actor_of(j->who);
	if (j->cohandlers)
		return reqsvc_set_cohandlers(c, j->id, &actor, j->list, j->n, j->now, NULL, err);
	return reqsvc_apply(c, j->id, &actor, &j->act, NULL, err);
}

void reqsvc_action_job_init(reqsvc_action_job *j)
{
	j->job.run = action_run;
}

static fq_status merge_many_run(store_conn *c, svc_job *job, fq_err *err)
{
	reqsvc_merge_many_job *j = (reqsvc_merge_many_job *)job;
	reqsvc_actor actor = actor_of(j->who);
	return reqsvc_merge_many(c, j->merge_into, j->ids, j->n, &actor, j->now, err);
}

void reqsvc_merge_many_job_init(reqsvc_merge_many_job *j)
{
	j->job.run = merge_many_run;
}
