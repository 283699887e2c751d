/*
 * demo_svc.h - what the demo layer (src/demo/) needs from the store that
 * no service of the product offers yet: a street's rows in bulk (as the
 * importer loads them), accounts with one role and their callers, a request's record and its lead co-handler, the live outbox's
 * purge, the figures of a history's summary, and a talent's finished task
 * of the past (talsvc_offer offers only on subjects still open). Each goes
 * when a service of the product offers it (loading, accounts and
 * sessions, stats).
 *
 * The functions that take a store_conn run inside the caller's write job
 * (svc.h: the job's body gets the connection); those that take the store
 * open their own read transaction.
 */
#ifndef FQ_DOMAIN_DEMO_SVC_H
#define FQ_DOMAIN_DEMO_SVC_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/metrics.h"
#include "domain/svc.h"
#include "store/store_load.h"
#include "store/store_requests.h"
#include "store/store_sweep.h"

/* Live events deleted per statement of a purge. */
#define DEMOSVC_PURGE_BATCH 10000

/* An account to add, with one role. */
typedef struct demosvc_account {
	const char *username;
	const char *display_name;
	const char *hash;      /* the password's hash (auth_hash_password) */
	int64_t person_id;     /* 0: none */
	const char *role;      /* wire name (roles.h) */
	int64_t unit_id;       /* 0: the whole deployment */
} demosvc_account;

/* A street's rows, one at a time, parents first (store_load.h): *id gets
 * the new row's id. Errors as the store's. */
fq_status demosvc_load_unit(store_conn *c, const store_load_unit_row *u, int64_t *id,
			    fq_err *err);
fq_status demosvc_load_household(store_conn *c, const store_load_household_row *h,
				 int64_t *id, fq_err *err);
fq_status demosvc_load_person(store_conn *c, const store_load_person_row *p, int64_t *id,
			      fq_err *err);
fq_status demosvc_load_leader(store_conn *c, const store_load_leader_row *l, int64_t *id,
			      fq_err *err);
/* Link 邻长 leader_id to household_id. */
fq_status demosvc_load_link(store_conn *c, int64_t leader_id, int64_t household_id,
			    fq_err *err);

/* The units in the database (own read transaction). */
fq_status demosvc_units_count(store *db, int64_t *n, fq_err *err);

/* Record that the demo built street_id (the living demo plays only on a
 * database that holds one). */
fq_status demosvc_mark_street(store_conn *c, int64_t street_id, fq_err *err);

/* The streets the demo built into the database (own read transaction). */
fq_status demosvc_streets_count(store *db, int64_t *n, fq_err *err);

/* Add the account and its role; *id gets its id. Errors as the store's
 * (FQ_ECONFLICT for a username in use). */
fq_status demosvc_account_add(store_conn *c, const demosvc_account *in, int64_t *id,
			      fq_err *err);

/* The id of the account named username; FQ_ENOTFOUND when there is none. */
fq_status demosvc_account_id(store_conn *c, const char *username, int64_t *id, fq_err *err);

/* The caller of account id as a login gives it (roles, units, person,
 * household), into *out (arena a). FQ_ENOTFOUND when there is none. */
fq_status demosvc_caller(store_conn *c, fq_arena *a, int64_t id, caller *out, fq_err *err);

/* Request id's record into *out (arena a); FQ_ENOTFOUND when there is none. */
fq_status demosvc_request(store_conn *c, fq_arena *a, int64_t id, store_request *out,
			  fq_err *err);

/* The unit of request id's lead co-handling department into *unit, 0 when
 * it has none. */
fq_status demosvc_lead_unit(store_conn *c, fq_arena *a, int64_t id, int64_t *unit,
			    fq_err *err);

/* Delete the live events older than before_at, in statements of
 * DEMOSVC_PURGE_BATCH; *purged (added to) counts them. */
fq_status demosvc_live_purge(store_conn *c, int64_t before_at, int64_t *purged, fq_err *err);

/* A history's figures: the counters of the whole deployment over the days
 * from..to, and the open requests at `at`. */
typedef struct demosvc_figures {
	metrics_counts counts;
	store_open_counts open;
} demosvc_figures;

/* Read the figures (own read transaction). */
fq_status demosvc_figures_read(store *db, int from, int to, int64_t at, demosvc_figures *out,
			       fq_err *err);

/* The closed requests under path, oldest first, at most max: their ids
 * and times of creation; *n gets the count. */
fq_status demosvc_closed_requests(store_conn *c, const char *path, int64_t *ids,
				  int64_t *created, size_t max, size_t *n, fq_err *err);

/* The newest requests of the whole deployment in state (a state name),
 * at most max (1..STORE_SEARCH_PAGE_MAX): their ids into ids, newest
 * first; *n gets the count. For the living demo (demo/demo_live.h). */
fq_status demosvc_requests_in_state(store_conn *c, fq_arena *a, const char *state, size_t max,
				    int64_t *ids, size_t *n, fq_err *err);

/* A talent's task of the past on a closed request: offered, accepted,
 * done and rated, with the member's counters. */
typedef struct demosvc_past_task {
	int64_t request_id;
	const char *unit_path;   /* the pool's unit */
	int64_t talent_id;
	int64_t coordinator;     /* account */
	int64_t offered_at;
	int64_t answered_at;
	int64_t done_at;
	const char *note, *outcome;
	int rating;              /* 1..5 */
} demosvc_past_task;

/* Write the task and count it on the member. */
fq_status demosvc_past_task_add(store_conn *c, const demosvc_past_task *in, fq_err *err);

#endif
