/*
 * metrics.h - the request metrics of DESIGN.md section 3, defined once:
 * which counters a timeline event moves (metrics_delta), and how rates and
 * the composite score follow from counters (metrics_rates). The store keeps
 * the counters per unit, dimension and day in the same transaction as the
 * event; dashboards only add counters up.
 *
 *   响应率 response     = accepted_on_time / dispatched
 *   解决率 resolution   = followups_resolved / followups
 *   满意率 satisfaction = ratings_good (4-5) / ratings
 *   按期办结率 on time  = resolved_on_time / resolved
 *   composite           = weighted mean of the first three (default 30/35/35)
 *
 * "dispatched" counts every time an accept clock starts: the first
 * dispatch, and each re-dispatch after escalation, return and reassignment,
 * or redo. "accepted on time" is an accept at or before its accept_due.
 */
#ifndef FQ_DOMAIN_METRICS_H
#define FQ_DOMAIN_METRICS_H

#include <stdint.h>

#include "model/metrics.h"

/* What a timeline event says, as far as the metrics care. */
typedef struct metrics_event {
	const char *event;     /* timeline event name, e.g. "accepted" */
	const char *old_state; /* NULL for the creation */
	const char *new_state;
	int old_level, new_level;
	int64_t at;            /* unix s */
	int64_t accept_due;    /* the deadline in force before the event; 0 none */
	int64_t resolve_due;
	int rating_resolved;   /* rate events: 1 yes, 0 no */
	int satisfaction;      /* rate events: 1..5 */
} metrics_event;

/* Zero *d, then set the counters that ev moves. */
void metrics_delta(const metrics_event *ev, metrics_counts *d);

typedef struct metrics_weights {
	double response, resolution, satisfaction; /* default 30, 35, 35 */
} metrics_weights;

#define METRICS_WEIGHTS_DEFAULT ((metrics_weights){30, 35, 35})

/* Rates in percent; a rate with a zero denominator is -1 (no data) and is
 * left out of the composite, whose weights are then renormalised. */
typedef struct metrics_rates {
	double response, resolution, satisfaction, on_time, composite;
} metrics_rates;

void metrics_rates_of(const metrics_counts *c, const metrics_weights *w, metrics_rates *out);

#endif
