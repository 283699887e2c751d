/*
 * live_svc.c - the live events service: a client's scope and resume point,
 * and the webhooks' reads and write jobs; see live_svc.h.
 */
#include "domain/live_svc.h"

typedef struct scope_read {
	const caller *who;
	int64_t head;
	int64_t hh[LIVE_LEADER_HOUSEHOLDS_MAX];
	size_t n;
} scope_read;

static fq_status scope_body(store_conn *c, void *arg, fq_err *err)
{
	scope_read *x = arg;
	fq_status st = store_live_head(c, &x->head, err);
	if (st == FQ_OK && access_has(x->who, ROLE_LEADER) && x->who->leader_id > 0)
		st = store_live_leader_households(c, x->who->leader_id, x->hh,
						  LIVE_LEADER_HOUSEHOLDS_MAX, &x->n, err);
	return st;
}

fq_status livesvc_scope(store *db, const caller *who, int64_t *resume, live_scope *out,
			fq_err *err)
{
	scope_read x = {.who = who};
	fq_status st = svc_read(db, scope_body, &x, err);
	if (st != FQ_OK)
		return st;
	if (*resume > x.head)
		*resume = x.head;
	if (live_scope_init(out, who, x.hh, x.n) != FQ_OK)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	return FQ_OK;
}

typedef struct hooks_read {
	fq_arena *a;
	store_webhook **out;
	size_t *n;
} hooks_read;

static fq_status hooks_body(store_conn *c, void *arg, fq_err *err)
{
	hooks_read *x = arg;
	return store_webhook_list(c, x->a, x->out, x->n, err);
}

fq_status livesvc_webhooks(store *db, fq_arena *a, store_webhook **out, size_t *n, fq_err *err)
{
	hooks_read x = {.a = a, .out = out, .n = n};
	return svc_read(db, hooks_body, &x, err);
}

static fq_status create_run(store_conn *c, svc_job *job, fq_err *err)
{
	livesvc_webhook_job *j = (livesvc_webhook_job *)job;
	return store_webhook_insert(c, j->w.url, j->w.events, j->w.secret, j->w.created_at,
				    &j->w.id, err);
}

void livesvc_webhook_create_init(livesvc_webhook_job *j)
{
	j->job.run = create_run;
}

static fq_status delete_run(store_conn *c, svc_job *job, fq_err *err)
{
	livesvc_webhook_job *j = (livesvc_webhook_job *)job;
	return store_webhook_delete(c, j->w.id, j->now, err);
}

void livesvc_webhook_delete_init(livesvc_webhook_job *j)
{
	j->job.run = delete_run;
}
