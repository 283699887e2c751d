/*
 * stats_svc.c - the statistics service (stats_svc.h).
 */
#include "domain/stats_svc.h"

#include <string.h>

#include "domain/org_svc.h"
#include "store/store_org.h"

/* ---- scope -------------------------------------------------------------- */

/* The caller's widest unit among their staff roles: a role bound to the
 * whole deployment, else the one with the shortest path. */
static fq_status widest_unit(const caller *who, statsvc_unit *out, fq_err *err)
{
	const caller_role *best = NULL;
	for (int i = 0; i < who->n_roles; i++) {
		const caller_role *r = &who->r[i];
		if (!(r->role & STATSVC_ROLES))
			continue;
		if (!best || r->unit_id == 0 ||
		    (best->unit_id != 0 && strlen(r->path) < strlen(best->path)))
			best = r;
	}
	if (!best)
		return fq_fail(err, FQ_EFORBIDDEN, "", "statistics are for staff");
	if (best->unit_id == 0) {
		*out = (statsvc_unit){0, "/", NULL, NULL, "deployment"};
		return FQ_OK;
	}
	*out = (statsvc_unit){best->unit_id, best->path, best->unit_code, best->unit_name,
			      best->unit_kind};
	return FQ_OK;
}

static int keeps_counters(const char *kind)
{
	static const char *const kinds[] = {"street", "community", "village", "grid", NULL};
	for (int i = 0; kind && kinds[i]; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return 1;
	return 0;
}

/* Unit id (-1: the caller's widest), checked against scope. */
static fq_status resolve_unit(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			      statsvc_unit *out, fq_err *err)
{
	if (id < 0)
		return widest_unit(who, out, err);
	if (id == 0) {
		if (!access_covers(who, STATSVC_ROLES, "/"))
			return fq_fail(err, FQ_ENOTFOUND, "unit", "no such unit");
		*out = (statsvc_unit){0, "/", NULL, NULL, "deployment"};
		return FQ_OK;
	}
	store_unit u;
	fq_status st = orgsvc_unit_in_scope(c, a, who, STATSVC_ROLES, id, "unit", &u, err);
	if (st != FQ_OK)
		return st;
	if (!keeps_counters(u.kind))
		return fq_fail(err, FQ_EINVAL, "unit",
			       "unit must be a street, community, village or grid");
	*out = (statsvc_unit){u.id, u.path, u.code, u.name, u.kind};
	return FQ_OK;
}

/* ---- a query -------------------------------------------------------------- */

typedef struct stats_read {
	fq_arena *a;
	const caller *who;
	int64_t unit_id;
	int64_t now;
	statsvc_query *q;
	void *out;
} stats_read;

static fq_status check_category(store_conn *c, fq_arena *a, int64_t id, fq_err *err)
{
	const char *code, *name;
	fq_status st = id ? store_metrics_category(c, a, id, &code, &name, err) : FQ_OK;
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EINVAL, "category", "no such category");
	return st;
}

/* The groups of q's series. */
static fq_status series_of(store_conn *c, fq_arena *a, const statsvc_query *q,
			   statsvc_report *out, fq_err *err)
{
	int64_t u = q->unit.id;
	if (stats_by_is_period(q->by))
		return store_metrics_by_day(c, a, u, q->dim, q->from, q->to, &out->groups,
					    &out->n, err);
	if (q->by == STATS_BY_CATEGORY)
		return store_metrics_by_category(c, a, u, q->from, q->to, &out->groups, &out->n,
						 err);
	if (q->by == STATS_BY_CHANNEL)
		return store_metrics_by_channel(c, a, u, q->from, q->to, &out->groups, &out->n,
						err);
	if (q->by == STATS_BY_UNIT)
		return store_metrics_children(c, a, u, q->dim, q->from, q->to, &out->groups,
					      &out->n, err);
	return FQ_OK;
}

static fq_status query_body(store_conn *c, void *arg, fq_err *err)
{
	stats_read *x = arg;
	statsvc_query *q = x->q;
	statsvc_report *out = x->out;
	fq_status st = resolve_unit(c, x->a, x->who, x->unit_id, &q->unit, err);
	if (st == FQ_OK)
		st = check_category(c, x->a, q->category, err);
	if (st == FQ_OK)
		st = store_metrics_sum(c, q->unit.id, q->dim, q->from, q->to, &out->total, err);
	if (st == FQ_OK)
		st = series_of(c, x->a, q, out, err);
	return st;
}

fq_status statsvc_query_run(store *db, fq_arena *a, const caller *who, int64_t unit_id,
			    statsvc_query *q, statsvc_report *out, fq_err *err)
{
	memset(out, 0, sizeof *out);
	stats_read x = {.a = a, .who = who, .unit_id = unit_id, .q = q, .out = out};
	return svc_read(db, query_body, &x, err);
}

/* ---- the overview ------------------------------------------------------------ */

static fq_status overview_body(store_conn *c, void *arg, fq_err *err)
{
	stats_read *x = arg;
	statsvc_overview *o = x->out;
	o->day = cal_date_of(x->now);
	fq_status st = resolve_unit(c, x->a, x->who, x->unit_id, &o->unit, err);
	if (st == FQ_OK)
		st = store_metrics_sum(c, o->unit.id, "", o->day, o->day, &o->today, err);
	if (st == FQ_OK)
		st = store_sweep_open_counts(c, o->unit.path, x->now, &o->open, err);
	return st;
}

fq_status statsvc_overview_get(store *db, fq_arena *a, const caller *who, int64_t unit_id,
			       int64_t now, statsvc_overview *out, fq_err *err)
{
	stats_read x = {.a = a, .who = who, .unit_id = unit_id, .now = now, .out = out};
	return svc_read(db, overview_body, &x, err);
}
