/*
 * council_svc_tasks.c - resolutions and their follow-up tasks in the
 * councils' service (council_svc.h): the list of resolutions with their
 * tasks, one task, the overdue list, staff adding a task (with an owner
 * account or unit, a deadline, and perhaps a parent task), the owner
 * reporting progress, and supervisors putting a card on a task (督办).
 *
 * A parent's progress is never set by hand: every change of a child's
 * progress, and every new child, recomputes each ancestor in the same
 * transaction (the mean of its children, rounded down).
 */
#include "domain/council_svc_int.h"

#include <string.h>

/* ---- reads ---------------------------------------------------------------------------- */

fq_status cnlsvc_resolutions_of(store_conn *c, fq_arena *a, const store_council_filter *f,
				cnlsvc_resolution_view **out, size_t *n, fq_err *err)
{
	store_council_resolution *rows = NULL;
	size_t nr = 0;
	fq_status st = store_council_resolution_list(c, a, f, &rows, &nr, err);
	cnlsvc_resolution_view *v = st == FQ_OK ? fq_arena_alloc(a, (nr ? nr : 1) * sizeof *v)
						: NULL;
	if (st == FQ_OK && !v)
		st = fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; st == FQ_OK && i < nr; i++) {
		v[i] = (cnlsvc_resolution_view){.r = rows[i]};
		st = store_council_tasks_of(c, a, rows[i].id, &v[i].tasks, &v[i].n_tasks, err);
	}
	*out = v;
	*n = st == FQ_OK ? nr : 0;
	return st;
}

static fq_status resolutions_list(store_conn *c, const svc_rd *x, fq_err *err)
{
	fq_status st = cnlsvc_scope(c, x, err);
	return st == FQ_OK ? cnlsvc_resolutions_of(c, x->a, x->f, x->out, x->n, err) : st;
}

fq_status cnlsvc_resolutions(store *db, fq_arena *a, const caller *who, int64_t unit,
			     store_council_filter *f, cnlsvc_resolution_view **out, size_t *n,
			     fq_err *err)
{
	return svc_list(db, resolutions_list, a, who, unit, f, out, n, err);
}

static fq_status task_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	return store_council_task_get(c, x->a, x->id, x->out, err);
}

fq_status cnlsvc_task(store *db, fq_arena *a, int64_t id, store_council_task *out, fq_err *err)
{
	return svc_get(db, task_read, (svc_rd){.a = a, .id = id, .out = out}, err);
}

static fq_status overdue_list(store_conn *c, const svc_rd *x, fq_err *err)
{
	const store_council_filter *f = x->f;
	const int64_t *now = x->in;
	fq_status st = cnlsvc_scope(c, x, err);
	const char *path = f->below ? f->below : council_staff_path(x->who);
	if (st == FQ_OK && (!path || !council_staff(x->who, path)))
		st = fq_fail(err, FQ_EFORBIDDEN, "", "the overdue list is for staff");
	if (st == FQ_OK)
		st = store_council_tasks_overdue(c, x->a, path, *now, CNLSVC_OVERDUE_MAX, x->out,
						 x->n, err);
	return st;
}

fq_status cnlsvc_overdue(store *db, fq_arena *a, const caller *who, int64_t unit, int64_t now,
			 store_council_task **out, size_t *n, fq_err *err)
{
	store_council_filter f = {0};
	svc_rd x = {.a = a, .who = who, .id = unit, .f = &f, .in = &now, .out = out, .n = n};
	return svc_get(db, overdue_list, x, err);
}

/* ---- roll-up ------------------------------------------------------------------------ */

/* Recompute each ancestor of the task whose parent is parent_id. */
static fq_status roll_up(store_conn *c, cnlsvc_job *j, int64_t parent_id, fq_err *err)
{
	fq_status st = FQ_OK;
	for (int depth = 0; st == FQ_OK && parent_id && depth < COUNCIL_TASK_DEPTH_MAX; depth++) {
		int *kids = NULL;
		size_t n = 0;
		store_council_task p;
		st = store_council_task_children(c, j->a, parent_id, &kids, &n, err);
		if (st == FQ_OK)
			st = store_council_task_get(c, j->a, parent_id, &p, err);
		if (st != FQ_OK)
			break;
		int progress = council_progress_rollup(kids, n);
		if (progress != p.progress)
			st = store_council_task_note(c, parent_id, 0, "rollup", progress, "", j->now,
						     err);
		if (st == FQ_OK)
			st = store_council_task_set_progress(
				c, parent_id, progress,
				progress == COUNCIL_PROGRESS_MAX ? "done" : "open", j->now, err);
		parent_id = p.parent_id;
	}
	return st;
}

/* ---- adding a task ---------------------------------------------------------------------- */

/* The parent named: of the same resolution, not too deep. */
static fq_status task_parent(store_conn *c, cnlsvc_job *j, int64_t parent_id, fq_err *err)
{
	int depth = 1;
	while (parent_id) {
		store_council_task p;
		fq_status st = store_council_task_get(c, j->a, parent_id, &p, err);
		if (st == FQ_ENOTFOUND || (st == FQ_OK && p.resolution_id != j->id))
			return fq_failr(err, FQ_EINVAL, "parent_id", "council.task_parent_unknown",
					"no such task of this resolution");
		if (st != FQ_OK)
			return st;
		if (++depth > COUNCIL_TASK_DEPTH_MAX)
			return fq_failr(err, FQ_EINVAL, "parent_id", "council.task_depth",
					"tasks nest at most %d deep",
					COUNCIL_TASK_DEPTH_MAX);
		parent_id = p.parent_id;
	}
	return FQ_OK;
}

/* The owner: an account that exists, a unit that exists, at least one. */
static fq_status task_owner(store_conn *c, cnlsvc_job *j, store_council_task *t, fq_err *err)
{
	t->owner_account_id = j->in.owner_account_id;
	t->owner_unit_id = j->in.owner_unit_id;
	if (!t->owner_account_id && !t->owner_unit_id)
		return fq_failr(err, FQ_EINVAL, "owner_account_id", "council.task_owner_required",
				"a task has an owner account or unit");
	const char *name = NULL;
	store_unit u;
	fq_status st = t->owner_account_id ? store_council_account_name(c, j->a, t->owner_account_id,
									 &name, err)
					   : FQ_OK;
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_EINVAL, "owner_account_id", "account.not_found",
				"no such account");
	if (st == FQ_OK && t->owner_unit_id)
		st = store_unit_get(c, j->a, t->owner_unit_id, &u, err);
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_EINVAL, "owner_unit_id", "unit.not_found", "no such unit");
	return st;
}

/* The resolution of the job, for staff of its unit, with room for a task. */
static fq_status task_resolution(store_conn *c, cnlsvc_job *j, store_council_resolution *res,
				 fq_err *err)
{
	int count = 0;
	fq_status st = store_council_resolution_get(c, j->a, j->id, res, err);
	if (st == FQ_OK && !council_staff(j->who, res->unit_path))
		st = cnlsvc_refuse(j->who, res->unit_path, "", "only staff of the unit add tasks",
				   "resolution", err);
	if (st == FQ_OK)
		st = store_council_task_count(c, j->id, &count, err);
	if (st == FQ_OK)
		st = cnlsvc_room(count, COUNCIL_TASKS_MAX, "tasks", "a resolution has", err);
	return st;
}

fq_status cnlsvc_task_create_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_council_resolution res;
	store_council_task t = {.resolution_id = j->id, .parent_id = j->in.parent_id,
				.title = j->in.title, .deadline = j->in.deadline};
	fq_status st = task_resolution(c, j, &res, err);
	if (st == FQ_OK)
		st = task_parent(c, j, t.parent_id, err);
	if (st == FQ_OK)
		st = task_owner(c, j, &t, err);
	if (st != FQ_OK)
		return st;
	t.unit_path = res.unit_path;
	st = store_council_task_insert(c, &t, j->now, &j->new_id, err);
	if (st == FQ_OK)
		st = store_council_task_note(c, j->new_id, j->who->account_id, "create", 0, "",
					     j->now, err);
	if (st == FQ_OK)
		st = roll_up(c, j, t.parent_id, err);
	return st;
}

/* ---- progress ------------------------------------------------------------------------------ */

/* The owner account, anyone whose roles cover the owner unit, and staff
 * of the resolution's unit report progress. */
static int may_report(const caller *who, const store_council_task *t)
{
	if (t->owner_account_id && t->owner_account_id == who->account_id)
		return 1;
	if (t->owner_unit_id && access_covers(who, WHO_ANY & ~(unsigned)ROLE_RESIDENT,
					      t->owner_unit_path))
		return 1;
	return council_staff(who, t->unit_path);
}

fq_status cnlsvc_progress_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_council_task t;
	int progress = j->in.progress;
	fq_status st = store_council_task_get(c, j->a, j->id, &t, err);
	if (st == FQ_OK && !may_report(j->who, &t))
		st = cnlsvc_refuse(j->who, t.unit_path, "", "only the task's owner reports progress",
				   "task", err);
	if (st == FQ_OK && t.children)
		st = fq_failr(err, FQ_ECONFLICT, "progress", "council.task_progress_parent",
			      "a parent's progress comes from its children");
	if (st == FQ_OK)
		st = store_council_task_set_progress(
			c, j->id, progress, progress == COUNCIL_PROGRESS_MAX ? "done" : "open", j->now,
			err);
	if (st == FQ_OK)
		st = store_council_task_note(c, j->id, j->who->account_id, "progress", progress,
					     j->in.note, j->now, err);
	if (st == FQ_OK)
		st = roll_up(c, j, t.parent_id, err);
	return st;
}

/* ---- supervision (督办) -------------------------------------------------------------- */

fq_status cnlsvc_supervise_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	store_council_task t;
	const char *card = j->in.card;
	fq_status st = FQ_OK;
	if (!council_card_valid(card))
		st = fq_failr(err, FQ_EINVAL, "card", "council.task_card_unknown",
			      "must be none, normal, yellow or red");
	if (st == FQ_OK && strcmp(card, "none") != 0 && !j->in.due)
		st = fq_failr(err, FQ_EINVAL, "due", "council.task_card_due",
			      "a card has its own deadline");
	if (st == FQ_OK)
		st = store_council_task_get(c, j->a, j->id, &t, err);
	if (st == FQ_OK && !access_covers(j->who, COUNCIL_SUPERVISORS, t.unit_path))
		st = cnlsvc_refuse(j->who, t.unit_path, "", "only supervisors put cards on tasks",
				   "task", err);
	if (st == FQ_OK && strcmp(t.state, "open") != 0)
		st = fq_failr(err, FQ_ECONFLICT, "state", "council.task_state", "the task is %s",
			      t.state);
	if (st == FQ_OK)
		st = store_council_task_set_card(c, j->id, card, strcmp(card, "none") ? j->in.due : 0,
						 j->in.note, j->now, err);
	if (st == FQ_OK)
		st = store_council_task_note(c, j->id, j->who->account_id, "supervise", -1, card,
					     j->now, err);
	return st;
}
