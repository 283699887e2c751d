/*
 * requests_int.h - private to the requests service (requests.c,
 * requests_create.c, requests_apply.c): the loaders and writers the
 * intake and the lifecycle share. Nothing else includes this.
 */
#ifndef FQ_DOMAIN_REQUESTS_INT_H
#define FQ_DOMAIN_REQUESTS_INT_H

#include "domain/requests.h"
#include "domain/workdays.h"

/* The limits of category_id at level, or the REQSVC_DEFAULT_* ones when
 * the category has none there. FQ_ESTORE for a stored unit that is not
 * "hours" or "workdays". */
fq_status reqsvc_load_limits(store_conn *c, fq_arena *a, int64_t category_id, int level,
			     sla_level_limits *out, fq_err *err);

/* The counter units of a grid path: its ids top first, then 0. */
fq_status reqsvc_metric_units(const char *path, int64_t units[STORE_METRICS_UNITS_MAX],
			      int *n, fq_err *err);

/* The ladder's candidates for request r (its household, building, grid,
 * community and street) into *out. */
fq_status reqsvc_load_ladder(store_conn *c, const store_request *r, ladder_context *out,
			     fq_err *err);

/* The default handler at level for ctx, with FQ_ECONFLICT (field
 * "assignee") instead of ladder's FQ_ENOTFOUND. */
fq_status reqsvc_pick_assignee(int level, const ladder_context *ctx, ladder_assignee *out,
			       fq_err *err);

/* The event ev of request r (as it is after the event), with the
 * deadlines in force before it and the rating it carries: add its
 * counters for units (and the request's category and channel, on the
 * event's day), then put its live_events row. */
typedef struct reqsvc_record {
	const store_request *r;      /* the request after the event */
	const store_req_event_new *ev;
	int64_t accept_due_before;
	int64_t resolve_due_before;
	int rating_resolved;         /* rate events: 1 yes, 0 no; else -1 */
	int satisfaction;            /* rate events: 1..5; else 0 */
} reqsvc_record;

fq_status reqsvc_record_event(store_conn *c, const reqsvc_record *rec, const int64_t *units,
			      int n_units, int64_t *event_id, fq_err *err);

/* Load the co-handlers and the 邻长 link of r that decide how who stands
 * to it, and work out the standing. Co-handlers are returned (arena) for
 * views. */
fq_status reqsvc_load_standing(store_conn *c, fq_arena *a, const caller *who,
			       const store_request *r, reqsvc_standing *out,
			       store_req_cohandler **cohandlers, size_t *n_cohandlers,
			       fq_err *err);

/* The lifecycle's view of stored request r; FQ_ESTORE when a stored name
 * is unknown. */
fq_status reqsvc_state_in(const store_request *r, req_state_in *out, fq_err *err);

/* Role bits of a comma-separated list of role names (unknown ones ignored). */
unsigned reqsvc_roles_of(const char *names);

/* Duplicates of a request of category_id at the given location, created
 * at or after since and with an id below before_id, into a new arena
 * array. */
typedef struct reqsvc_dup_where {
	int64_t category_id;
	bool has_point;
	double lat, lon;
	int64_t building_id;
	int64_t household_id;
	int64_t since;     /* created at or after */
	int64_t until;     /* created at or before */
	int64_t before_id; /* ids below it */
} reqsvc_dup_where;

fq_status reqsvc_find_duplicates(store_conn *c, fq_arena *a, const reqsvc_dup_where *w,
				 reqsvc_dup **out, size_t *n, fq_err *err);

#endif
