/*
 * store_sweep.h - the sweeper's queues and the command centre's counts of
 * open work, read only through the partial indexes of migration 2, which
 * hold open requests alone:
 *
 *   requests_accept_due   (accept_due)  WHERE state = 'dispatched'
 *   requests_resolve_due  (resolve_due) WHERE state = 'accepted'
 *   requests_followup_due (followup_due) WHERE state = 'resolved'
 *   requests_card_due     (card_due)    WHERE card != 'none' AND state IN
 *                                        ('dispatched','accepted')
 *
 * Every query names its index (INDEXED BY), so a plan that would scan the
 * requests table fails loudly instead of running slowly. A queue is read
 * in (due, id) order after a cursor, so a sweep visits each row at most
 * once even when the row stays in the queue (a reminder at the top level).
 * The rows' final judgement is the sweeper's (domain/sweeper.h); the SQL
 * only narrows the range. The open-work count adds migration 3's
 * requests_open_scope (unit_path) WHERE state is open.
 */
#ifndef FQ_STORE_STORE_SWEEP_H
#define FQ_STORE_STORE_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "store/store.h"

/* Most rows one call to store_sweep_list returns. */
#define STORE_SWEEP_ROWS_MAX 1000

/* The queues, in the order a sweep works through them. */
typedef enum store_sweep_queue {
	STORE_SWEEP_ACCEPT_OVERDUE = 0, /* dispatched, accept_due < now */
	STORE_SWEEP_RESOLVE_OVERDUE,    /* accepted, resolve_due < now */
	STORE_SWEEP_FOLLOWUP_OVER,      /* resolved, followup_due < now */
	STORE_SWEEP_CARD_OVERDUE,       /* supervised, card_due < now */
	STORE_SWEEP_ACCEPT_SOON,        /* dispatched, now <= accept_due <= now + window */
	STORE_SWEEP_RESOLVE_SOON,       /* accepted, now <= resolve_due <= now + window */
	STORE_SWEEP_QUEUE_COUNT
} store_sweep_queue;

/* What a queue's query narrows by; the meaning of each member is given
 * with store_sweep_list. */
typedef struct store_sweep_query {
	int64_t now;      /* unix s: the sweep's clock */
	int64_t window_s; /* *_SOON: the widest reminder window before a deadline */
	int remind_pct;   /* *_SOON: the window as a percent of the limit */
	int64_t repeat_s; /* *_OVERDUE: least time between two reminders after a deadline */
	int64_t after_due, after_id; /* the cursor: rows after (due, id); start with
					INT64_MIN, 0 */
	size_t limit;     /* rows wanted, 1..STORE_SWEEP_ROWS_MAX */
} store_sweep_query;

/* One candidate of a queue. */
typedef struct store_sweep_row {
	int64_t id;          /* the request */
	int64_t due;         /* the queue's deadline (accept, resolve, follow-up or card) */
	int64_t started;     /* start of the limit: dispatched_at, else created_at */
	int64_t reminded_at; /* last reminder by the sweeper; 0 when none */
	int level;           /* 1..4 */
	bool ext_pending;    /* an extension waits for a supervisor */
} store_sweep_row;

/*
 * Up to q->limit rows of queue `queue`, in (due, id) order after the
 * cursor, into rows (room for q->limit). The queues select:
 * - ACCEPT_OVERDUE, RESOLVE_OVERDUE: deadline before q->now, leaving out
 *   rows at the top level (4) that were reminded within q->repeat_s and,
 *   for RESOLVE, have no pending extension;
 * - FOLLOWUP_OVER: follow-up window closed before q->now;
 * - CARD_OVERDUE: card deadline before q->now, leaving out rows reminded
 *   after that deadline and within q->repeat_s;
 * - ACCEPT_SOON, RESOLVE_SOON: deadline in q->now .. q->now + q->window_s
 *   and inside the row's reminder window (q->remind_pct of due - started,
 *   at most q->window_s), leaving out rows reminded inside that window.
 * FQ_EINVAL (field "limit") for a limit out of range, FQ_ESTORE when the
 * query fails; *n is written only on success.
 */
fq_status store_sweep_list(store_conn *c, store_sweep_queue queue, const store_sweep_query *q,
			   store_sweep_row *rows, size_t *n, fq_err *err);

/* Mark request id as accepted late: its accept deadline passed before
 * anyone signed for it (requests.accepted_late = 1). Writer connection. */
fq_status store_sweep_mark_late(store_conn *c, int64_t id, fq_err *err);

/* A savepoint around one request's changes inside a write transaction, so
 * that one failing request rolls back alone: begin, then either release
 * (keep) or undo (roll back and release). */
fq_status store_sweep_item_begin(store_conn *c, fq_err *err);
fq_status store_sweep_item_release(store_conn *c, fq_err *err);
void store_sweep_item_undo(store_conn *c);

/* Open work below a unit, for the command centre. */
typedef struct store_open_counts {
	int64_t open;       /* submitted, dispatched, accepted, resolved or returned */
	int64_t overdue;    /* dispatched past accept_due, or accepted past resolve_due */
	int64_t supervised; /* carrying a card while dispatched or accepted */
} store_open_counts;

/* The counts for the requests whose unit_path starts with path ("/" for
 * all), seen at `now`. overdue and supervised read the sweeper's partial
 * indexes; open reads the partial index of open requests by unit path
 * (requests_open_scope, migration 3). */
fq_status store_sweep_open_counts(store_conn *c, const char *path, int64_t now,
				  store_open_counts *out, fq_err *err);

#endif
