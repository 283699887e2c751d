/*
 * store_live.h - reading the live_events outbox (written by the requests
 * module in the same transaction as each timeline event) for the
 * Server-Sent Events fan-out and the webhook sender, purging it after its
 * replay window, and the webhooks with their delivery queue.
 *
 * Rows of live_events only ever get larger ids: the purge never deletes
 * the newest row, so SQLite never hands out an id again that a reader has
 * already passed.
 *
 * Functions copy the text they return into the caller's arena and write
 * their out-parameters only on success; FQ_ESTORE on a database error.
 */
#ifndef FQ_STORE_STORE_LIVE_H
#define FQ_STORE_STORE_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "store/store.h"

/* Most rows one read of the outbox returns. */
#define STORE_LIVE_ROWS_MAX 5000

/* Most webhooks that may be registered (active) at once. */
#define STORE_WEBHOOKS_MAX 100

/* Most deliveries one read of the due queue returns. */
#define STORE_DELIVERIES_MAX 100

/* One live event with what decides who may see it: the columns of
 * live_events, and of the request it is about (0 / NULL when it is about
 * none, or the request is gone). */
typedef struct store_live_row {
	int64_t id;
	int64_t at;                  /* unix seconds */
	const char *unit_path;       /* scope: the request's grid path */
	int64_t request_id;          /* or 0 */
	const char *kind;            /* the timeline event name */
	const char *payload;         /* JSON object text */
	int64_t reporter_account_id; /* who typed the request, or 0 */
	int64_t reporter_person_id;  /* whose request it is, or 0 */
	int64_t household_id;        /* the reporter's household, or 0 */
	int64_t assignee_account_id; /* who holds it now, or 0 */
	const char *building_path;   /* path of the request's building, or NULL */
} store_live_row;

/* A registered webhook. */
typedef struct store_webhook {
	int64_t id;
	const char *url;
	const char *events;    /* "*" or a comma list of event names */
	const char *secret;    /* the HMAC key */
	int64_t last_event_id; /* deliveries are queued up to this event */
	int64_t created_at;    /* unix seconds */
	int64_t pending;       /* deliveries waiting or retrying */
	int64_t delivered;
	int64_t failed;        /* given up */
} store_webhook;

/* A delivery that is due, with its webhook and its event. */
typedef struct store_delivery {
	int64_t id;
	int64_t webhook_id;
	int attempts;          /* made so far */
	const char *url;
	const char *secret;
	int event_missing;     /* the event was purged before delivery */
	store_live_row event;  /* id, at, kind, payload (scope columns unset) */
} store_delivery;

/* The largest live event id, 0 when there is none. */
fq_status store_live_head(store_conn *c, int64_t *out, fq_err *err);

/* Live events with after_id < id <= upto_id and at >= min_at, oldest
 * first, at most limit (1..STORE_LIVE_ROWS_MAX; FQ_EINVAL otherwise). */
fq_status store_live_after(store_conn *c, fq_arena *a, int64_t after_id, int64_t upto_id,
			   int64_t min_at, int limit, store_live_row **out, size_t *n,
			   fq_err *err);

/* Delete at most max live events older than before_at (unix seconds),
 * never the newest row. *deleted (may be NULL) gets the count. Write
 * transactions only. */
fq_status store_live_purge(store_conn *c, int64_t before_at, int max, int *deleted, fq_err *err);

/* The ids of the households linked to 邻长 leader_id, at most max, into
 * ids; *n gets the count. */
fq_status store_live_leader_households(store_conn *c, int64_t leader_id, int64_t *ids,
				       size_t max, size_t *n, fq_err *err);

/* ---- webhooks ---- */

/* Register a webhook that receives the events after the current head.
 * FQ_ETOOBIG (field "url") when STORE_WEBHOOKS_MAX are active already. */
fq_status store_webhook_insert(store_conn *c, const char *url, const char *events,
			       const char *secret, int64_t now, int64_t *id_out, fq_err *err);

/* The active webhooks, oldest first, with their delivery counts, into a new
 * arena array. */
fq_status store_webhook_list(store_conn *c, fq_arena *a, store_webhook **out, size_t *n,
			     fq_err *err);

/* Deactivate webhook id and give up its pending deliveries. FQ_ENOTFOUND
 * when there is no active webhook with that id. */
fq_status store_webhook_delete(store_conn *c, int64_t id, int64_t now, fq_err *err);

/* *out = 1 when an active webhook has live events after its cursor. */
fq_status store_webhook_behind(store_conn *c, int *out, fq_err *err);

/* Queue a pending delivery of event_id to webhook_id, due at now. */
fq_status store_delivery_insert(store_conn *c, int64_t webhook_id, int64_t event_id, int64_t now,
				fq_err *err);

/* Move webhook id's cursor to last_event_id. */
fq_status store_webhook_advance(store_conn *c, int64_t id, int64_t last_event_id, fq_err *err);

/* Pending deliveries of active webhooks due at or before now, earliest
 * first, at most limit (1..STORE_DELIVERIES_MAX). */
fq_status store_delivery_due(store_conn *c, fq_arena *a, int64_t now, int limit,
			     store_delivery **out, size_t *n, fq_err *err);

/* Record an attempt on delivery id: the attempts made, the new status
 * ("pending", "delivered" or "failed"), when the next attempt is due, and
 * the last error (NULL keeps the one recorded). */
fq_status store_delivery_update(store_conn *c, int64_t id, int attempts, const char *status,
				int64_t next_at, const char *last_error, fq_err *err);

#endif
