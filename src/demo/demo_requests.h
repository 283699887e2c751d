/*
 * demo_requests.h - playing a demo street's request history
 * (domain/demo_history.h) through the real requests service and the real
 * sweeper, for `fengqiao demo --requests N`.
 *
 * Time runs from a year before the end day to the end day in sweep
 * ticks of DEMO_HISTORY_TICK_S, in write jobs of a simulated day (fewer
 * ticks when busy; svc_write_alone). In each tick the requests of that
 * stretch are raised (reqsvc_plan_create and reqsvc_create, as POST
 * /api/v1/requests does) and the moves that fall due in it are made
 * (reqsvc_apply, reqsvc_set_cohandlers), with `now` the moment drawn; then
 * the sweeper's own pass (sweep_pass) sweeps at the tick's end. So the
 * rows, timeline
 * events, counters, search index and live outbox are what the live system
 * would have written. The accounts the history needs are added first: one
 * per 邻长 of the street (role leader, on their grid), and one per
 * household whose resident reports through the app (role resident, on
 * their grid), all with the demo password. At the end the live_events
 * older than a day before the end are purged (they are purged as time
 * goes on too, which leaves the same rows).
 */
#ifndef FQ_DEMO_DEMO_REQUESTS_H
#define FQ_DEMO_DEMO_REQUESTS_H

#include <stdint.h>

#include "demo/demo.h"
#include "demo/demo_history.h"
#include "domain/requests.h"
#include "domain/svc.h"

/* Simulated time between two sweeps, seconds. */
#define DEMO_HISTORY_TICK_S 900

/* Live events kept at the end: those of the last day. */
#define DEMO_HISTORY_LIVE_KEEP_S 86400

/* The street the history is played on, as the demo inserted it. */
typedef struct demo_street_rows {
	const demo_plan *plan;         /* the first street */
	const int64_t *unit_ids;       /* row id of each plan unit (ascending) */
	const int64_t *household_ids;  /* row id of each plan household */
	const int64_t *person_ids;     /* row id of each plan person */
	const char *hash;              /* password hash for the accounts added */
	reqsvc_shape_fn parse_boundary; /* reads a grid's boundary (api/geojson.h) */
} demo_street_rows;

/* Play the history p on street s in db (blocking), printing a line per
 * month of history and a summary on stdout. Returns 0, or -1 with the
 * reason on stderr. Requests or moves that the service refuses are
 * counted and the first few printed; they do not stop the run. */
int demo_requests_run(store *db, const demo_street_rows *s, const dhist_params *p);

#endif
