/*
 * stats_svc.h - the statistics service: which unit a caller may ask about
 * (staff see the units within their roles' units; a unit outside is
 * FQ_ENOTFOUND, without one the caller's widest unit is used), and the
 * figures of a query read from the metric counters in one snapshot: the
 * totals and the groups of its series (by day, category, channel or
 * child unit), and the overview of today with the open work. The shaping
 * of a series (periods, ranks, rates) is stats.h's.
 */
#ifndef FQ_DOMAIN_STATS_SVC_H
#define FQ_DOMAIN_STATS_SVC_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/calendar.h"
#include "domain/metrics.h"
#include "domain/stats.h"
#include "domain/svc.h"
#include "store/store_metrics.h"
#include "store/store_sweep.h"

/* Roles whose units bound what a caller may see here. */
#define STATSVC_ROLES WHO_STAFF
/* Bytes of a dimension ("c:<id>", "ch:<name>"). */
#define STATSVC_DIM_MAX 48

/* The unit a query is about; id 0 is the whole deployment. */
typedef struct statsvc_unit {
	int64_t id;
	const char *path; /* "/" for the whole deployment */
	const char *code, *name, *kind;
} statsvc_unit;

/* A query of the counters, as parsed by the caller. */
typedef struct statsvc_query {
	statsvc_unit unit;       /* set by the service */
	cal_date from, to;
	stats_by by;
	int64_t category;        /* 0: all */
	const char *channel;     /* NULL: all */
	char dim[STATSVC_DIM_MAX]; /* the counters' dimension for the filter */
	metrics_weights weights;
} statsvc_query;

/* What a query read: the totals, and the groups of its series (by day for
 * a period series, in the store's order). */
typedef struct statsvc_report {
	metrics_counts total;
	store_metrics_group *groups;
	size_t n;
} statsvc_report;

/* Today's figures of a unit and its open work. */
typedef struct statsvc_overview {
	statsvc_unit unit;
	cal_date day;
	metrics_counts today;
	store_open_counts open;
} statsvc_overview;

/*
 * Read q for who about unit_id (-1: the caller's widest unit; 0: the whole
 * deployment): sets q->unit. FQ_EFORBIDDEN for a caller without a staff
 * role, FQ_ENOTFOUND "unit" outside who's reach, FQ_EINVAL "unit" for a
 * unit that keeps no counters, FQ_EINVAL "category" for no such category.
 */
fq_status statsvc_query_run(store *db, fq_arena *a, const caller *who, int64_t unit_id,
			    statsvc_query *q, statsvc_report *out, fq_err *err);

/* Today's figures (the day of now) of unit_id for who, as statsvc_query_run
 * resolves the unit. */
fq_status statsvc_overview_get(store *db, fq_arena *a, const caller *who, int64_t unit_id,
			       int64_t now, statsvc_overview *out, fq_err *err);

#endif
