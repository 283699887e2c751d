/*
 * store_metrics.h - the metric counters (table metric_counters): added to
 * in the same transaction as the timeline event that moves them, and summed
 * over a unit and a range of days for dashboards.
 */
#ifndef FQ_STORE_STORE_METRICS_H
#define FQ_STORE_STORE_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "model/metrics.h"
#include "store/store.h"

#define STORE_METRICS_UNITS_MAX 8 /* ancestors of a grid, with 0 for all */

/* Add d to the rows (unit, dim, day) for every unit in units (the grid and
 * its ancestors, and 0 for the whole deployment) and for the dimensions ''
 * (all), 'c:<category_id>' and 'ch:<channel>'. day is YYYYMMDD.
 *
 * The additions wait on the connection and are written, summed per row,
 * when its transaction ends (the writer's group commit calls
 * metrics_flush), so a batch of a thousand reports about one street writes
 * each of the street's rows once; a failed job's additions and an undone
 * sweep item's are dropped with it (sqlite_int.h). FQ_ENOMEM when the
 * waiting list cannot grow. */
fq_status store_metrics_add(store_conn *c, const int64_t *units, int n_units,
			    int64_t category_id, const char *channel, int day,
			    const metrics_counts *d, fq_err *err);

/* Sum of the counters of unit (0 = all) and dim ('' = all) over days
 * from..to (YYYYMMDD, inclusive). */
fq_status store_metrics_sum(store_conn *c, int64_t unit, const char *dim, int from, int to,
			    metrics_counts *out, fq_err *err);

/* Most groups one grouped sum returns (days of a range, categories,
 * channels, child units); more is FQ_ETOOBIG. */
#define STORE_METRICS_GROUPS_MAX 2000

/* The counters of one group of a grouped sum. */
typedef struct store_metrics_group {
	int64_t id;         /* day (YYYYMMDD), category id or unit id; 0 for a channel */
	const char *code;   /* category code, channel name or unit code; NULL for a day */
	const char *name;   /* category or unit name; NULL otherwise */
	const char *kind;   /* unit kind (street, community, village, grid); NULL otherwise */
	metrics_counts counts;
} store_metrics_group;

/* Grouped sums of unit's counters over days from..to (inclusive), each
 * into an array in arena a. by_day: one group per day that has counters
 * for dim, in day order. by_category, by_channel: one group per category
 * (dims 'c:<id>', with the category's code and name, both NULL when the
 * categories table has no such id) or channel (dims 'ch:<name>') that has
 * counters, in id or name order. No groups is *n 0 and *out NULL.
 * FQ_ETOOBIG past STORE_METRICS_GROUPS_MAX groups; *out and *n are written
 * only on success. */
fq_status store_metrics_by_day(store_conn *c, fq_arena *a, int64_t unit, const char *dim,
			       int from, int to, store_metrics_group **out, size_t *n,
			       fq_err *err);
fq_status store_metrics_by_category(store_conn *c, fq_arena *a, int64_t unit, int from, int to,
				    store_metrics_group **out, size_t *n, fq_err *err);
fq_status store_metrics_by_channel(store_conn *c, fq_arena *a, int64_t unit, int from, int to,
				   store_metrics_group **out, size_t *n, fq_err *err);

/* One group per child of unit `parent` (0: the units without a parent)
 * that keeps counters (street, community, village or grid), with its
 * code, name and kind and the sum of its counters for dim over from..to;
 * children without counters come with zeros. In id order. Errors as
 * above. */
fq_status store_metrics_children(store_conn *c, fq_arena *a, int64_t parent, const char *dim,
				 int from, int to, store_metrics_group **out, size_t *n,
				 fq_err *err);

/* The code and name of category id, copied into a; FQ_ENOTFOUND (field
 * "category") when there is no such category. */
fq_status store_metrics_category(store_conn *c, fq_arena *a, int64_t id, const char **code,
				 const char **name, fq_err *err);

#endif
