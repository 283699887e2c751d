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

static fq_status pool_run(store_conn *c, talsvc_job *j, fq_err *err)
{
	return talsvc_pool_create(c, j->a, j->who, j->in.pool.unit_id, j->in.pool.name, j->now,
				  &j->id, err);
}

static fq_status enrol_run(store_conn *c, talsvc_job *j, fq_err *err)
{
	return talsvc_enrol(c, j->a, j->who, &j->in.enrol, j->now, &j->id, err);
}

static fq_status decide_run(store_conn *c, talsvc_job *j, fq_err *err)
{
	return talsvc_decide(c, j->a, j->who, j->id, j->in.decide.d, j->in.decide.note, j->now,
			     err);
}

static fq_status update_run(store_conn *c, talsvc_job *j, fq_err *err)
{
	return talsvc_update(c, j->a, j->who, j->id, &j->in.edit, j->now, err);
}

static fq_status relation_run(store_conn *c, talsvc_job *j, fq_err *err)
{
	int64_t rel = 0;
	return talsvc_relation_add(c, j->a, j->who, j->id, j->in.relation.person_id,
				   j->in.relation.household_id, j->in.relation.relation, j->now,
				   &rel, err);
}

static fq_status offer_run(store_conn *c, talsvc_job *j, fq_err *err)
{
	return talsvc_offer(c, j->a, j->who, &j->in.offer, j->now, &j->id, err);
}

static fq_status act_run(store_conn *c, talsvc_job *j, fq_err *err)
{
	return talsvc_task_act(c, j->a, j->who, j->id, j->in.act.act, j->in.act.text,
			       j->in.act.rating, j->now, &j->next, err);
}

/* Audit names of the decisions (talent_decision) and the task moves
 * (talent_task_action). */
static const char *const decide_actions[] = {"talent.approve", "talent.reject",
					     "talent.withdraw"};
static const char *const task_actions[] = {
	"talent.task.accept", "talent.task.decline", "talent.task.expire",
	"talent.task.done",   "talent.task.cancel",  "talent.task.rate",
};

/* Each write: its body, and its audit row: the action (of actions, or
 * indexed by the decision or the move) on "kind:id". */
static const struct op_row {
	fq_status (*run)(store_conn *c, talsvc_job *j, fq_err *err);
	const char *action;
	const char *const *actions;
	const char *kind;
} ops[TALSVC_OP_COUNT] = {
	[TALSVC_POOL_CREATE] = {pool_run, "talent.pool.create", NULL, "talent_pool"},
	[TALSVC_ENROL] = {enrol_run, "talent.enrol", NULL, "talent"},
	[TALSVC_DECIDE] = {decide_run, NULL, decide_actions, "talent"},
	[TALSVC_UPDATE] = {update_run, "talent.update", NULL, "talent"},
	[TALSVC_RELATION] = {relation_run, "talent.relation", NULL, "talent"},
	[TALSVC_OFFER] = {offer_run, "talent.task.offer", NULL, "talent_task"},
	[TALSVC_TASK_ACT] = {act_run, NULL, task_actions, "talent_task"},
};

/* The audit row of the done write j. */
static fq_status audit(store_conn *c, const talsvc_job *j, fq_err *err)
{
	const struct op_row *o = &ops[j->op];
	const char *action = o->action ? o->action
			     : o->actions[j->op == TALSVC_DECIDE ? (int)j->in.decide.d
								  : (int)j->in.act.act];
	char subject[AUDIT_SUBJECT_MAX];
	snprintf(subject, sizeof subject, "%s:%lld", o->kind, (long long)j->id);
	return store_audit_insert(c, j->who ? j->who->account_id : 0, action, subject, NULL,
				  j->peer, err);
}

static fq_status job_run(store_conn *c, svc_job *job, fq_err *err)
{
	talsvc_job *j = (talsvc_job *)job;
	fq_status st = ops[j->op].run(c, j, err);
	return st == FQ_OK ? audit(c, j, err) : st;
}

void talsvc_job_init(talsvc_job *j, talsvc_op op)
{
	j->job.run = job_run;
	j->op = op;
}
