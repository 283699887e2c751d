/*
 * store_metrics.h - the metric counters (table metric_counters): added to
 * in the same transaction as the timeline event that moves them, and summed
 * over a unit and a range of days for dashboards.
 */
#ifndef FQ_STORE_STORE_METRICS_H
#define FQ_STORE_STORE_METRICS_H

#include <stdint.h>

#include "core/status.h"
#include "domain/metrics.h"
#include "store/store.h"

#define STORE_METRICS_UNITS_MAX 8 /* ancestors of a grid, with 0 for all */

/* Add d to the rows (unit, dim, day) for every unit in units (the grid and
 * its ancestors, and 0 for the whole deployment) and for the dimensions ''
 * (all), 'c:<category_id>' and 'ch:<channel>'. day is YYYYMMDD. */
fq_status store_metrics_add(store_conn *c, const int64_t *units, int n_units,
			    int64_t category_id, const char *channel, int day,
			    const metrics_counts *d, fq_err *err);

/* Sum of the counters of unit (0 = all) and dim ('' = all) over days
 * from..to (YYYYMMDD, inclusive). */
fq_status store_metrics_sum(store_conn *c, int64_t unit, const char *dim, int from, int to,
			    metrics_counts *out, fq_err *err);

#endif
