/*
 * metrics.h - the request counters of DESIGN.md section 3 (defined in
 * domain/metrics.h) as the value the store adds up per unit, dimension and
 * day: one struct, its counters by index and name, and their sum.
 */
#ifndef FQ_MODEL_METRICS_H
#define FQ_MODEL_METRICS_H

#include <stdint.h>

/* The counters, in one struct so they add up as a unit. */
typedef struct metrics_counts {
	int64_t intake;             /* requests raised */
	int64_t dispatched;         /* accept clocks started */
	int64_t accepted;           /* 签收 */
	int64_t accepted_on_time;   /* 签收 at or before accept_due */
	int64_t resolved;           /* 办结 */
	int64_t resolved_on_time;   /* 办结 at or before resolve_due */
	int64_t followups;          /* 回访 answered */
	int64_t followups_resolved; /* ... answering "resolved" */
	int64_t ratings;            /* satisfaction given */
	int64_t ratings_good;       /* ... 4 or 5 */
	int64_t closed;             /* 结案 */
	int64_t escalated;          /* 上报 */
} metrics_counts;

#define METRICS_N_COUNTS 12

/* Non-zero when any counter in c is non-zero. */
int metrics_nonzero(const metrics_counts *c);

/* a += b */
void metrics_add(metrics_counts *a, const metrics_counts *b);

/* Counter by index 0..METRICS_N_COUNTS-1 (the struct's order) and name. */
int64_t *metrics_at(metrics_counts *c, int i);
const char *metrics_name(int i);

#endif
