/*
 * store_plans.c - the registry of hot statements and their check; see
 * store_plans.h. Each store file that holds hot statements lists them in a
 * table of its own, named in the table of modules (store_modules.c); this
 * file walks them and checks a plan with the judge of plan_guard.c.
 */
#include "store/store_plans.h"

#include "store/sqlite_int.h"

const store_plan_entry *store_plan_next(size_t *i)
{
	size_t k = *i;
	for (const store_module *m = store_modules; m->name; m++) {
		size_t n = 0;
		while (m->plans && m->plans[n].name)
			n++;
		if (k < n) {
			(*i)++;
			return &m->plans[k];
		}
		k -= n;
	}
	return NULL;
}

fq_status store_plan_check(store_conn *c, fq_arena *a, const store_plan_entry *e, fq_err *err)
{
	char *plan = NULL;
	fq_status st = store_plan_text(c, a, e->sql, &plan, err);
	if (st != FQ_OK)
		return st;
	char why[PLAN_WHY_MAX];
	if (plan_judge(plan, e->sql, e->uses, e->walks, why, sizeof why))
		return fq_fail(err, FQ_EINVAL, e->name, "%s: %s in the plan \"%s\"", e->name, why,
			       plan);
	return FQ_OK;
}

fq_status store_plan_stats_load(store_conn *c, const char *stat1_sql, fq_err *err)
{
	fq_status st = conn_exec(c, "ANALYZE sqlite_schema; DELETE FROM sqlite_stat1;", err);
	if (st == FQ_OK && stat1_sql && *stat1_sql)
		st = conn_exec(c, stat1_sql, err);
	if (st == FQ_OK)
		st = conn_exec(c, "ANALYZE sqlite_schema;", err);
	return st;
}
