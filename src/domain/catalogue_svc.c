/*
 * catalogue_svc.c - the catalogue service (catalogue_svc.h).
 */
#include "domain/catalogue_svc.h"

#include <stdio.h>
#include <string.h>

#include "store/store_auth.h"

/* ---- reads ------------------------------------------------------------- */

static fq_status categories_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	return store_categories_list(c, x->a, x->out, x->n, err);
}

fq_status catsvc_categories(store *db, fq_arena *a, store_category **out, size_t *n,
			    fq_err *err)
{
	return svc_get(db, categories_body, (svc_rd){.a = a, .out = out, .n = n}, err);
}

static fq_status calendar_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	const int *year = x->in;
	return store_calendar_list(c, (cal_date)(*year * 10000 + 101),
				   (cal_date)(*year * 10000 + 1231), x->a, x->out, x->n, err);
}

fq_status catsvc_calendar(store *db, fq_arena *a, int year, cal_entry **out, size_t *n,
			  fq_err *err)
{
	return svc_get(db, calendar_body, (svc_rd){.a = a, .in = &year, .out = out, .n = n}, err);
}

/* ---- categories ---------------------------------------------------------- */

/* Lay the edit over cat. */
static void apply_edit(store_category *cat, const catsvc_edit *e)
{
	if (e->name)
		cat->name = e->name;
	if (e->name_en)
		cat->name_en = e->name_en;
	if (e->icon)
		cat->icon = e->icon;
	if (e->start_level >= 0)
		cat->start_level = e->start_level;
	if (e->priority >= 0)
		cat->priority = e->priority;
	if (e->active >= 0)
		cat->active = e->active;
	if (e->danger >= 0)
		cat->danger = e->danger;
	if (e->danger_calls)
		cat->danger_calls = e->danger_calls;
	if (e->has_limits) {
		cat->limits = e->limits;
		cat->has_limits = 1;
	}
}

static fq_status check_category(const store_category *cat, const char *code, fq_err *err)
{
	if (!cat->has_limits)
		return fq_failr(err, FQ_EINVAL, "limits", "field.required", "limits are required");
	fq_status st = catalogue_check(code, cat->name, cat->name_en, cat->icon, cat->start_level,
				       cat->priority, &cat->limits, err);
	return st == FQ_OK ? catalogue_check_danger(cat->danger, cat->danger_calls, err) : st;
}

static fq_status audit(store_conn *c, catsvc_category_job *x, const char *action, fq_err *err)
{
	char subject[CATSVC_SUBJECT_MAX];
	snprintf(subject, sizeof subject, "category:%lld", (long long)x->id);
	return store_audit_insert(c, x->by.account_id, action, subject, x->by.detail, x->by.peer,
				  err);
}

static fq_status update_run(store_conn *c, svc_job *job, fq_err *err)
{
	catsvc_category_job *x = (catsvc_category_job *)job;
	store_category cat;
	fq_status st = store_category_get(c, x->id, NULL, x->arena, &cat, err);
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_ENOTFOUND, "id", "category.not_found", "no such category");
	if (st != FQ_OK)
		return st;
	apply_edit(&cat, &x->edit);
	st = check_category(&cat, NULL, err);
	if (st == FQ_OK)
		st = store_category_update(c, &cat, err);
	if (st == FQ_OK)
		st = audit(c, x, "category.update", err);
	if (st == FQ_OK)
		x->result = cat;
	return st;
}

/* The new category starts from its class: start level, priority, icon and
 * limits that the body leaves out are the class's; a danger warning is
 * not inherited (each category is marked on its own). */
static fq_status create_from_parent(store_conn *c, catsvc_category_job *x, store_category *cat,
				    fq_err *err)
{
	const catsvc_edit *e = &x->edit;
	fq_status st = store_category_get(c, e->parent_id, NULL, x->arena, cat, err);
	if (st == FQ_ENOTFOUND || (st == FQ_OK && cat->parent_id != 0))
		return fq_failr(err, FQ_EINVAL, "parent_id", "category.parent_not_class",
				"parent_id must name a top class");
	if (st != FQ_OK)
		return st;
	size_t n = strlen(cat->code);
	if (strncmp(e->code, cat->code, n) != 0 || e->code[n] != '.')
		return fq_failr(err, FQ_EINVAL, "code", "category.code_prefix",
				"the code must start with %s.", cat->code);
	cat->parent_id = cat->id;
	cat->id = 0;
	cat->code = e->code;
	cat->name_en = "";
	cat->active = 1;
	cat->danger = 0;
	cat->danger_calls = "";
	cat->sort = -1;
	apply_edit(cat, e);
	return FQ_OK;
}

static fq_status create_run(store_conn *c, svc_job *job, fq_err *err)
{
	catsvc_category_job *x = (catsvc_category_job *)job;
	store_category cat;
	fq_status st = create_from_parent(c, x, &cat, err);
	if (st == FQ_OK)
		st = check_category(&cat, cat.code, err);
	if (st == FQ_OK)
		st = store_category_insert(c, &cat, &x->id, err);
	if (st == FQ_OK)
		st = audit(c, x, "category.create", err);
	if (st == FQ_OK)
		st = store_category_get(c, x->id, NULL, x->arena, &x->result, err);
	return st;
}

void catsvc_category_job_init(catsvc_category_job *j, int create)
{
	j->job.run = create ? create_run : update_run;
}

/* ---- the calendar -------------------------------------------------------- */

static fq_status day_run(store_conn *c, svc_job *job, fq_err *err)
{
	catsvc_day_job *x = (catsvc_day_job *)job;
	fq_status st = x->remove ? store_calendar_delete(c, x->entry.date, err)
				 : store_calendar_put(c, &x->entry, err);
	char subject[CATSVC_SUBJECT_MAX];
	snprintf(subject, sizeof subject, "calendar:%d", (int)x->entry.date);
	if (st == FQ_OK)
		st = store_audit_insert(c, x->by.account_id,
					x->remove ? "calendar.delete" : "calendar.put", subject,
					x->by.detail, x->by.peer, err);
	return st;
}

void catsvc_day_job_init(catsvc_day_job *j)
{
	j->job.run = day_run;
}
