/*
 * sweeper.c - the sweeper's rules (sweep_decide), one sweep in batches
 * (sweep_run) and the background thread of `fengqiao serve`; see
 * sweeper.h.
 *
 * A sweep walks the queues of store_sweep.h in order, each by a cursor,
 * inside write transactions of at most SWEEP_BATCH_MAX rows: the rows are
 * read on the writer's connection in the same transaction that changes
 * them, so nothing can move between the look and the change.
 */
#include "domain/sweeper.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "core/log.h"
#include "core/timeutil.h"
#include "domain/bgthread.h"
#include "domain/council_sweep.h"
#include "domain/dispute_svc.h"
#include "domain/ladder.h"
#include "domain/requests.h"
#include "domain/sla.h"
#include "domain/talent_svc.h"

#define PCT 100

fq_status sweep_rules_check(const sweep_rules *r, fq_err *err)
{
	if (r->remind_before_pct < 0 || r->remind_before_pct > PCT)
		return fq_fail(err, FQ_EINVAL, "remind_before_pct",
			       "remind_before_pct must be from 0 to 100");
	if (r->remind_max_s <= 0)
		return fq_fail(err, FQ_EINVAL, "remind_max_s", "remind_max_s must be positive");
	if (r->repeat_s <= 0)
		return fq_fail(err, FQ_EINVAL, "repeat_s", "repeat_s must be positive");
	return FQ_OK;
}

int64_t sweep_remind_window(const sweep_rules *r, int64_t started, int64_t due)
{
	return sla_remind_window(started, due, r->remind_before_pct, r->remind_max_s);
}

/* ---- rules --------------------------------------------------------------- */

static void add_step(sweep_plan *p, req_action_kind kind, const char *text)
{
	if (p->n < SWEEP_STEPS_MAX)
		p->steps[p->n++] = (sweep_step){kind, text};
}

/* True when a reminder after a deadline may go out again. */
static bool may_repeat(const store_sweep_row *row, const sweep_rules *r, int64_t now)
{
	return row->reminded_at == 0 || row->reminded_at <= now - r->repeat_s;
}

static void decide_accept_overdue(const store_sweep_row *row, const sweep_rules *r,
				  int64_t now, sweep_plan *p)
{
	if (row->level < LADDER_LEVEL_MAX) {
		add_step(p, REQ_ACT_ESCALATE, SWEEP_REASON_ACCEPT);
		p->mark_late = true;
		return;
	}
	if (may_repeat(row, r, now)) {
		add_step(p, REQ_ACT_REMIND, SWEEP_NOTE_ACCEPT_LATE);
		p->mark_late = true;
	}
}

static void decide_resolve_overdue(const store_sweep_row *row, const sweep_rules *r,
				   int64_t now, sweep_plan *p)
{
	if (row->ext_pending)
		add_step(p, REQ_ACT_LAPSE_EXTENSION, NULL);
	if (row->level < LADDER_LEVEL_MAX)
		add_step(p, REQ_ACT_ESCALATE, SWEEP_REASON_RESOLVE);
	else if (may_repeat(row, r, now))
		add_step(p, REQ_ACT_REMIND, SWEEP_NOTE_RESOLVE_LATE);
}

static void decide_soon(const store_sweep_row *row, const sweep_rules *r, int64_t now,
			const char *note, sweep_plan *p)
{
	int64_t window = sweep_remind_window(r, row->started, row->due);
	if (window <= 0 || sla_state(now, row->due, window) != SLA_DUE_SOON)
		return;
	if (row->reminded_at == 0 || row->reminded_at < row->due - window)
		add_step(p, REQ_ACT_REMIND, note);
}

void sweep_decide(store_sweep_queue queue, const store_sweep_row *row, const sweep_rules *r,
		  int64_t now, sweep_plan *plan)
{
	*plan = (sweep_plan){0};
	bool overdue = sla_state(now, row->due, 0) == SLA_OVERDUE;
	switch (queue) {
	case STORE_SWEEP_ACCEPT_OVERDUE:
		if (overdue)
			decide_accept_overdue(row, r, now, plan);
		return;
	case STORE_SWEEP_RESOLVE_OVERDUE:
		if (overdue)
			decide_resolve_overdue(row, r, now, plan);
		return;
	case STORE_SWEEP_FOLLOWUP_OVER:
		if (overdue)
			add_step(plan, REQ_ACT_AUTO_CLOSE, NULL);
		return;
	case STORE_SWEEP_CARD_OVERDUE:
		if (overdue && (row->reminded_at < row->due || may_repeat(row, r, now)))
			add_step(plan, REQ_ACT_REMIND, SWEEP_NOTE_CARD_LATE);
		return;
	case STORE_SWEEP_ACCEPT_SOON:
		decide_soon(row, r, now, SWEEP_NOTE_ACCEPT_SOON, plan);
		return;
	case STORE_SWEEP_RESOLVE_SOON:
		decide_soon(row, r, now, SWEEP_NOTE_RESOLVE_SOON, plan);
		return;
	case STORE_SWEEP_QUEUE_COUNT:
		return;
	}
}

/* ---- one sweep ---------------------------------------------------------- */

/* A sweep in progress, carried from one transaction to the next. */
typedef struct sweep_ctx {
	const sweep_rules *rules;
	int64_t now;
	store_sweep_queue queue;      /* the queue being walked */
	int64_t after_due, after_id;  /* the cursor in it */
	sweep_report *rep;
	const atomic_bool *stop;      /* set by another thread: end after this batch */
	sweep_acted_fn acted;         /* sweep_pass: told of each request acted on */
	void *acted_arg;
} sweep_ctx;

static void tally(sweep_report *rep, req_action_kind kind)
{
	if (kind == REQ_ACT_ESCALATE)
		rep->escalated++;
	else if (kind == REQ_ACT_REMIND)
		rep->reminded++;
	else if (kind == REQ_ACT_LAPSE_EXTENSION)
		rep->lapsed++;
	else if (kind == REQ_ACT_AUTO_CLOSE)
		rep->auto_closed++;
}

/* The plan's actions and marks on request id, as the system. */
static fq_status apply_plan(store_conn *c, int64_t id, const sweep_plan *p, int64_t now,
			    fq_err *err)
{
	static const reqsvc_actor system_actor = {0, REQ_ACTOR_SYSTEM, NULL};
	fq_status st = FQ_OK;
	for (int i = 0; i < p->n && st == FQ_OK; i++) {
		req_action act = {.kind = p->steps[i].kind, .actor_roles = REQ_ACTOR_SYSTEM,
				  .now = now};
		if (act.kind == REQ_ACT_ESCALATE)
			act.reason = p->steps[i].text;
		else if (act.kind == REQ_ACT_REMIND)
			act.note = p->steps[i].text;
		st = reqsvc_apply(c, id, &system_actor, &act, NULL, err);
	}
	if (st == FQ_OK && p->mark_late)
		st = store_sweep_mark_late(c, id, err);
	return st;
}

/* Decide and act on one row inside its own savepoint; a failure of the
 * request's actions is rolled back and counted, a failure of the
 * savepoint itself ends the transaction. */
static fq_status sweep_row(store_conn *c, sweep_ctx *x, const store_sweep_row *row,
			   fq_err *err)
{
	sweep_plan p;
	sweep_decide(x->queue, row, x->rules, x->now, &p);
	if (p.n == 0)
		return FQ_OK;
	fq_status st = store_sweep_item_begin(c, err);
	if (st != FQ_OK)
		return st;
	fq_err item_err = {0};
	if (apply_plan(c, row->id, &p, x->now, &item_err) != FQ_OK) {
		store_sweep_item_undo(c);
		x->rep->failed++;
		fq_warn("sweep: request %lld: %s %s: %s", (long long)row->id,
			req_action_name(p.steps[0].kind), item_err.field, item_err.message);
		return FQ_OK;
	}
	st = store_sweep_item_release(c, err);
	for (int i = 0; st == FQ_OK && i < p.n; i++)
		tally(x->rep, p.steps[i].kind);
	if (st == FQ_OK && x->acted)
		st = x->acted(x->acted_arg, row->id, err);
	return st;
}

static void next_queue(sweep_ctx *x)
{
	x->queue = (store_sweep_queue)(x->queue + 1);
	x->after_due = INT64_MIN;
	x->after_id = 0;
}

/* One write transaction: up to SWEEP_BATCH_MAX rows from the current
 * queue onwards. The report's counts of a batch that rolls back are not
 * taken back: the sweep then ends with an error anyway. */
static fq_status batch_tx(store_conn *c, void *arg, fq_err *err)
{
	sweep_ctx *x = arg;
	store_sweep_row rows[SWEEP_BATCH_MAX];
	size_t budget = SWEEP_BATCH_MAX;
	while (x->queue < STORE_SWEEP_QUEUE_COUNT && budget > 0) {
		store_sweep_query q = {
			.now = x->now, .window_s = x->rules->remind_max_s,
			.remind_pct = x->rules->remind_before_pct, .repeat_s = x->rules->repeat_s,
			.after_due = x->after_due, .after_id = x->after_id, .limit = budget,
		};
		size_t n = 0;
		fq_status st = store_sweep_list(c, x->queue, &q, rows, &n, err);
		for (size_t i = 0; st == FQ_OK && i < n; i++) {
			st = sweep_row(c, x, &rows[i], err);
			x->after_due = rows[i].due;
			x->after_id = rows[i].id;
		}
		if (st != FQ_OK)
			return st;
		budget -= n;
		if (n < q.limit)
			next_queue(x);
	}
	return FQ_OK;
}

static fq_status run(store *db, const sweep_rules *r, int64_t now, const atomic_bool *stop,
		     sweep_report *out, fq_err *err)
{
	sweep_report rep = {.now = now};
	int64_t t0 = fq_mono_us();
	fq_status st = sweep_rules_check(r, err);
	sweep_ctx x = {.rules = r, .now = now, .queue = 0, .after_due = INT64_MIN,
		       .rep = &rep, .stop = stop};
	while (st == FQ_OK && x.queue < STORE_SWEEP_QUEUE_COUNT && !(stop && atomic_load(stop))) {
		st = store_write(db, batch_tx, &x, err);
		if (st == FQ_OK)
			rep.transactions++;
	}
	rep.elapsed_us = fq_mono_us() - t0;
	if (out)
		*out = rep;
	return st;
}

fq_status sweep_run(store *db, const sweep_rules *r, int64_t now, sweep_report *out,
		    fq_err *err)
{
	return run(db, r, now, NULL, out, err);
}

fq_status sweep_pass(store_conn *c, const sweep_rules *r, int64_t now, sweep_report *rep,
		     sweep_acted_fn acted, void *arg, fq_err *err)
{
	fq_status st = sweep_rules_check(r, err);
	sweep_ctx x = {.rules = r, .now = now, .queue = 0, .after_due = INT64_MIN, .rep = rep,
		       .acted = acted, .acted_arg = arg};
	while (st == FQ_OK && x.queue < STORE_SWEEP_QUEUE_COUNT)
		st = batch_tx(c, &x, err);
	return st;
}

/* ---- the thread ------------------------------------------------------------ */

struct sweep_thread {
	store *db;
	sweep_rules rules;
	int interval_s;
	bgthread bg;        /* its stop flag is read between batches too */
};

static void log_report(const sweep_report *rep)
{
	if (rep->escalated + rep->reminded + rep->lapsed + rep->auto_closed + rep->failed == 0)
		return;
	fq_info("sweep: escalated %lld, reminded %lld, extensions lapsed %lld, auto-closed "
		"%lld, failed %lld in %lld ms",
		(long long)rep->escalated, (long long)rep->reminded, (long long)rep->lapsed,
		(long long)rep->auto_closed, (long long)rep->failed,
		(long long)(rep->elapsed_us / 1000));
}

static void sweep_once(sweep_thread *t)
{
	sweep_report rep;
	fq_err err = {0};
	fq_status st = run(t->db, &t->rules, fq_now_ms() / 1000, &t->bg.stop, &rep, &err);
	if (st != FQ_OK)
		fq_warn("sweep failed: %s", err.message);
	log_report(&rep);
	/* sweep of talents */
	talsvc_sweep(t->db, fq_now_ms() / 1000);
	/* end sweep of talents */
	/* sweep of disputes */
	dspsvc_sweep_logged(t->db, fq_now_ms() / 1000);
	/* end sweep of disputes */
	/* sweep of councils */
	council_sweep(t->db, fq_now_ms() / 1000);
	/* end sweep of councils */
}

static void *thread_main(void *arg)
{
	sweep_thread *t = arg;
	for (bool stop = atomic_load(&t->bg.stop); !stop;
	     stop = bgthread_wait(&t->bg, t->interval_s * 1000L))
		sweep_once(t);
	return NULL;
}

fq_status sweep_thread_start(store *db, const sweep_rules *r, int interval_s,
			     sweep_thread **out, fq_err *err)
{
	if (interval_s < 1 || interval_s > SWEEP_INTERVAL_MAX_S)
		return fq_fail(err, FQ_EINVAL, "sweep_interval_s",
			       "sweep_interval_s must be from 1 to %d", SWEEP_INTERVAL_MAX_S);
	fq_status st = sweep_rules_check(r, err);
	if (st != FQ_OK)
		return st;
	sweep_thread *t = calloc(1, sizeof *t);
	if (!t)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	*t = (sweep_thread){.db = db, .rules = *r, .interval_s = interval_s};
	st = bgthread_start(&t->bg, thread_main, t, "sweeper", err);
	if (st == FQ_OK)
		*out = t;
	else
		free(t);
	return st;
}

void sweep_thread_stop(sweep_thread *t)
{
	if (t)
		bgthread_stop(&t->bg);
	free(t);
}
