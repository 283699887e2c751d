/*
 * talent_svc_job.c - the writes of the talent pool as write jobs
 * (talent_svc.h, svc.h): each runs one operation of talent_svc.c on the
 * writer's connection and audits it in the same transaction.
 */
#include "domain/talent_svc.h"

#include <stdio.h>

#include "store/store_auth.h"

/* Bytes of an audit subject ("talent_task:123"). */
#define AUDIT_SUBJECT_MAX 48

/* Audit names of the decisions (talent_decision) and the task moves
 * (talent_task_action). */
static const char *const decide_actions[] = {"talent.approve", "talent.reject",
					     "talent.withdraw"};
static const char *const task_actions[] = {
	"talent.task.accept", "talent.task.decline", "talent.task.expire",
	"talent.task.done",   "talent.task.cancel",  "talent.task.rate",
};

/* The audit row of a done write: action on "kind:id". */
static fq_status audit(store_conn *c, const talsvc_job *j, const char *action, const char *kind,
		       fq_err *err)
{
	char subject[AUDIT_SUBJECT_MAX];
	snprintf(subject, sizeof subject, "%s:%lld", kind, (long long)j->id);
	return store_audit_insert(c, j->who ? j->who->account_id : 0, action, subject, NULL,
				  j->peer, err);
}

static fq_status pool_run(store_conn *c, talsvc_job *j, fq_err *err)
{
	fq_status st = talsvc_pool_create(c, j->a, j->who, j->in.pool.unit_id, j->in.pool.name,
					  j->now, &j->id, err);
	return st == FQ_OK ? audit(c, j, "talent.pool.create", "talent_pool", err) : st;
}

static fq_status enrol_run(store_conn *c, talsvc_job *j, fq_err *err)
{
	fq_status st = talsvc_enrol(c, j->a, j->who, &j->in.enrol, j->now, &j->id, err);
	return st == FQ_OK ? audit(c, j, "talent.enrol", "talent", err) : st;
}

static fq_status decide_run(store_conn *c, talsvc_job *j, fq_err *err)
{
	fq_status st = talsvc_decide(c, j->a, j->who, j->id, j->in.decide.d, j->in.decide.note,
				     j->now, err);
	return st == FQ_OK ? audit(c, j, decide_actions[j->in.decide.d], "talent", err) : st;
}

static fq_status update_run(store_conn *c, talsvc_job *j, fq_err *err)
{
	fq_status st = talsvc_update(c, j->a, j->who, j->id, &j->in.edit, j->now, err);
	return st == FQ_OK ? audit(c, j, "talent.update", "talent", err) : st;
}

static fq_status relation_run(store_conn *c, talsvc_job *j, fq_err *err)
{
	int64_t rel = 0;
	fq_status st = talsvc_relation_add(c, j->a, j->who, j->id, j->in.relation.person_id,
					   j->in.relation.household_id, j->in.relation.relation,
					   j->now, &rel, err);
	return st == FQ_OK ? audit(c, j, "talent.relation", "talent", err) : st;
}

static fq_status offer_run(store_conn *c, talsvc_job *j, fq_err *err)
{
	fq_status st = talsvc_offer(c, j->a, j->who, &j->in.offer, j->now, &j->id, err);
	return st == FQ_OK ? audit(c, j, "talent.task.offer", "talent_task", err) : st;
}

static fq_status act_run(store_conn *c, talsvc_job *j, fq_err *err)
{
	fq_status st = talsvc_task_act(c, j->a, j->who, j->id, j->in.act.act, j->in.act.text,
				       j->in.act.rating, j->now, &j->next, err);
	return st == FQ_OK ? audit(c, j, task_actions[j->in.act.act], "talent_task", err) : st;
}

typedef fq_status (*run_fn)(store_conn *c, talsvc_job *j, fq_err *err);

static const run_fn runs[TALSVC_OP_COUNT] = {
	[TALSVC_POOL_CREATE] = pool_run, [TALSVC_ENROL] = enrol_run,
	[TALSVC_DECIDE] = decide_run,    [TALSVC_UPDATE] = update_run,
	[TALSVC_RELATION] = relation_run, [TALSVC_OFFER] = offer_run,
	[TALSVC_TASK_ACT] = act_run,
};

static fq_status job_run(store_conn *c, svc_job *job, fq_err *err)
{
	talsvc_job *j = (talsvc_job *)job;
	return runs[j->op](c, j, err);
}

void talsvc_job_init(talsvc_job *j, talsvc_op op)
{
	j->job.run = job_run;
	j->op = op;
}
