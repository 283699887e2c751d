/*
 * sweeper.h - the timers of the request lifecycle (DESIGN.md sections 2
 * and 3, docs/metrics.md "The sweeper"). Every sweep looks, at one moment
 * `now`, at the due work the partial indexes hold (store_sweep.h) and acts
 * as the system actor through reqsvc_apply, so that each change writes its
 * timeline event, counters and live event like any other:
 *
 *   accept deadline passed      escalate one level ("签收超时"), mark the
 *                               request accepted_late; at the top level
 *                               remind instead
 *   resolve deadline passed     lapse a pending extension, then escalate
 *                               ("办结超时"); at the top level remind
 *   follow-up window passed     auto_close (no rating came)
 *   supervision card overdue    remind
 *   deadline coming             remind once, inside the reminder window:
 *                               remind_before_pct of the limit, at most
 *                               SWEEP_REMIND_BEFORE_MAX_S
 *
 * After a deadline, reminders repeat at most once per SWEEP_REMIND_REPEAT_S;
 * the time of the last reminder is requests.reminded_at, which
 * reqsvc_apply stores with every reminder (the sweeper's, a supervisor's
 * or the reporter's). Work is committed in write transactions of at
 * most SWEEP_BATCH_MAX requests; a request whose action fails is rolled
 * back alone, logged and tried again at the next sweep.
 */
#ifndef FQ_DOMAIN_SWEEPER_H
#define FQ_DOMAIN_SWEEPER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/lifecycle.h"
#include "store/store.h"
#include "store/store_sweep.h"

/* Requests looked at per write transaction. */
#define SWEEP_BATCH_MAX 500
/* Widest reminder window before a deadline. */
#define SWEEP_REMIND_BEFORE_MAX_S (24LL * 3600)
/* After a deadline (or a card's), at most one reminder per this. */
#define SWEEP_REMIND_REPEAT_S (24LL * 3600)
/* Longest interval between two sweeps, in seconds. */
#define SWEEP_INTERVAL_MAX_S 86400
/* Actions one request may need in one sweep (lapse, then escalate). */
#define SWEEP_STEPS_MAX 2

/* The reasons of the sweeper's escalations and the notes of its reminders. */
#define SWEEP_REASON_ACCEPT "签收超时"
#define SWEEP_REASON_RESOLVE "办结超时"
#define SWEEP_NOTE_ACCEPT_SOON "签收即将超时"
#define SWEEP_NOTE_RESOLVE_SOON "办结即将超时"
#define SWEEP_NOTE_ACCEPT_LATE "签收已超时"
#define SWEEP_NOTE_RESOLVE_LATE "办结已超时"
#define SWEEP_NOTE_CARD_LATE "督办已到期"

/* The sweeper's settings. */
typedef struct sweep_rules {
	int remind_before_pct; /* reminder window, percent of the limit (0..100; 0: none) */
	int64_t remind_max_s;  /* ... at most this */
	int64_t repeat_s;      /* least time between reminders after a deadline */
} sweep_rules;

#define SWEEP_RULES_DEFAULT \
	((sweep_rules){25, SWEEP_REMIND_BEFORE_MAX_S, SWEEP_REMIND_REPEAT_S})

/* One action of a plan. */
typedef struct sweep_step {
	req_action_kind kind; /* REQ_ACT_ESCALATE, _REMIND, _LAPSE_EXTENSION or _AUTO_CLOSE */
	const char *text;     /* the escalation's reason or the reminder's note */
} sweep_step;

/* What the sweeper does with one request. */
typedef struct sweep_plan {
	sweep_step steps[SWEEP_STEPS_MAX];
	int n;              /* 0: nothing to do */
	bool mark_late;     /* set accepted_late (after the steps) */
} sweep_plan;

/* What a sweep did. */
typedef struct sweep_report {
	int64_t now;          /* the sweep's clock, unix s */
	int64_t escalated;    /* escalations */
	int64_t reminded;     /* reminders */
	int64_t lapsed;       /* extensions lapsed */
	int64_t auto_closed;  /* requests closed after the follow-up window */
	int64_t failed;       /* requests whose actions failed and were rolled back */
	int64_t transactions; /* write transactions committed */
	int64_t elapsed_us;   /* wall time of the sweep */
} sweep_report;

/* Check rules: percent 0..100, positive windows. FQ_EINVAL naming
 * "remind_before_pct", "remind_max_s" or "repeat_s". */
fq_status sweep_rules_check(const sweep_rules *r, fq_err *err);

/* The reminder window before `due` of a limit that started at `started`:
 * remind_before_pct of (due - started), at most remind_max_s; 0 when the
 * percent is 0 or the limit is not positive. */
int64_t sweep_remind_window(const sweep_rules *r, int64_t started, int64_t due);

/* What to do at `now` with `row`, a candidate of `queue`: *plan is
 * overwritten; plan->n == 0 means nothing (the row is not due after all,
 * or was reminded recently). Pure: reads no clock and no store. */
void sweep_decide(store_sweep_queue queue, const store_sweep_row *row, const sweep_rules *r,
		  int64_t now, sweep_plan *plan);

/*
 * One sweep at `now` over every queue, in write transactions of at most
 * SWEEP_BATCH_MAX requests (blocking: store_write). *out (may be NULL) is
 * filled whether or not the sweep completes. A request whose action fails
 * is counted in failed and logged; the sweep goes on. Errors: FQ_EINVAL
 * for bad rules; the store's status when a transaction cannot run or
 * commit (the sweep stops there; what was committed stays).
 */
fq_status sweep_run(store *db, const sweep_rules *r, int64_t now, sweep_report *out,
		    fq_err *err);

/* Told of each request a pass acted on, once its steps are in; a status
 * other than FQ_OK ends the pass with it. */
typedef fq_status (*sweep_acted_fn)(void *arg, int64_t request_id, fq_err *err);

/*
 * One whole sweep at `now` inside the caller's write transaction (c is the
 * writer's connection: the body of a write job, svc.h), as sweep_run makes
 * it but in no transactions of its own: for the demo, which plays its
 * history in transactions of a simulated day. Counts are added to *rep;
 * acted (may be NULL) is told of each request acted on. Errors: as
 * sweep_run's.
 */
fq_status sweep_pass(store_conn *c, const sweep_rules *r, int64_t now, sweep_report *rep,
		     sweep_acted_fn acted, void *arg, fq_err *err);

typedef struct sweep_thread sweep_thread;

/*
 * Start a thread that sweeps db at once and then every interval_s seconds
 * (1..SWEEP_INTERVAL_MAX_S) at the wall clock, logging what each sweep
 * did. The rules are copied. FQ_EINVAL for a bad interval or rules,
 * FQ_ENOMEM or FQ_EIO when the thread cannot start; *out is then
 * untouched. Stop it with sweep_thread_stop before closing the store.
 */
fq_status sweep_thread_start(store *db, const sweep_rules *r, int interval_s,
			     sweep_thread **out, fq_err *err);

/* Stop the thread: a sweep in progress finishes its current transaction
 * and stops; then the thread is joined and freed. NULL-safe. */
void sweep_thread_stop(sweep_thread *t);

#endif
