/*
 * talent_svc_read.c - the reads of the talent pool (talent_svc.h): pools,
 * members, workloads and tasks, each in one read transaction, with who may
 * see what applied here rather than by the caller.
 */
#include "domain/talent_svc.h"

#include <string.h>

#include "domain/org.h"

/* ---- pools ------------------------------------------------------------------------ */

/* Whether the caller sees pool p: staff over it, or a role bound under it
 * (a resident of the community). */
static int pool_visible(const caller *who, const store_talent_pool *p)
{
	if (access_covers(who, TALENT_WHO_READ, p->unit_path))
		return 1;
	for (int i = 0; who && i < who->n_roles; i++)
		if (who->r[i].path &&
		    strncmp(who->r[i].path, p->unit_path, strlen(p->unit_path)) == 0)
			return 1;
	return 0;
}

static fq_status pools_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	store_talent_pool *rows = NULL;
	size_t n = 0, kept = 0;
	fq_status st = store_talent_pools(c, x->a, &rows, &n, err);
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		if (pool_visible(x->who, &rows[i]))
			rows[kept++] = rows[i];
	*(store_talent_pool **)x->out = rows;
	*x->n = kept;
	return st;
}

fq_status talsvc_pools(store *db, fq_arena *a, const caller *who, store_talent_pool **out,
		       size_t *n, fq_err *err)
{
	return svc_get(db, pools_read, (svc_rd){.a = a, .who = who, .out = out, .n = n}, err);
}

static fq_status pool_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	return store_talent_pool_get(c, x->a, x->id, x->out, err);
}

fq_status talsvc_pool_get(store *db, fq_arena *a, int64_t id, store_talent_pool *out,
			  fq_err *err)
{
	return svc_get(db, pool_read, (svc_rd){.a = a, .id = id, .out = out}, err);
}

/* ---- members ------------------------------------------------------------------------ */

/* Whether who may see a row of a page. */
typedef int (*visible_fn)(const caller *who, const void *row);

static int member_seen(const caller *who, const void *row)
{
	return talsvc_member_visible(who, row);
}

static int task_seen(const caller *who, const void *row)
{
	return talsvc_task_visible(who, row);
}

/* The page of x: the n rows of size bytes that x->who may see, in order,
 * to be continued after last_id. */
static void page_of(const svc_rd *x, void *rows, size_t n, size_t size, int64_t last_id,
		    visible_fn visible)
{
	char *b = rows;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (visible(x->who, b + i * size))
			memmove(b + kept++ * size, b + i * size, size);
	*(talsvc_page *)x->out = (talsvc_page){.rows = rows, .n = kept, .last_id = last_id};
}

static fq_status list_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	store_talent_filter *f = x->f;
	store_talent *rows = NULL;
	size_t n = 0;
	fq_status st = store_talent_list(c, x->a, f, &rows, &n, err);
	if (st == FQ_OK)
		page_of(x, rows, n, sizeof *rows, n == (size_t)f->limit ? rows[n - 1].id : 0,
			member_seen);
	return st;
}

fq_status talsvc_list(store *db, fq_arena *a, const caller *who, store_talent_filter *f,
		      talsvc_page *out, fq_err *err)
{
	f->path = org_scope_root(who, TALENT_WHO_READ);
	*out = (talsvc_page){0};
	return svc_get(db, list_read, (svc_rd){.a = a, .who = who, .f = f, .out = out}, err);
}

/* The member with its relations, when who may see it. */
static fq_status member_view(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			     talsvc_member_view *out, fq_err *err)
{
	fq_status st = store_talent_get(c, a, id, &out->t, err);
	if (st == FQ_OK && !talsvc_member_visible(who, &out->t))
		st = fq_failr(err, FQ_ENOTFOUND, "id", "talent.not_found", "no such talent");
	if (st == FQ_OK)
		st = store_talent_relations(c, a, id, &out->rel, &out->n_rel, err);
	return st;
}

static fq_status member_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	return member_view(c, x->a, x->who, x->id, x->out, err);
}

fq_status talsvc_member(store *db, fq_arena *a, const caller *who, int64_t id,
			talsvc_member_view *out, fq_err *err)
{
	return svc_get(db, member_read, (svc_rd){.a = a, .who = who, .id = id, .out = out}, err);
}

static fq_status me_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	talsvc_member_view *v = x->out;
	fq_status st = store_talent_by_account(c, x->a, x->who->account_id, &v->t, err);
	return st == FQ_OK ? member_view(c, x->a, x->who, v->t.id, v, err) : st;
}

fq_status talsvc_me(store *db, fq_arena *a, const caller *who, talsvc_member_view *out,
		    fq_err *err)
{
	return svc_get(db, me_read, (svc_rd){.a = a, .who = who, .out = out}, err);
}

static fq_status workload_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	talsvc_workload *w = x->out;
	const char *states[TALENT_TASK_STATE_COUNT + 1] = {0};
	for (int i = 0; i < TALENT_TASK_STATE_COUNT; i++)
		states[i] = talent_task_state_name((talent_task_state)i);
	store_talent_task_filter f = {.path = "/", .talent_id = x->id,
				      .limit = TALSVC_WORKLOAD_RECENT};
	fq_status st = store_talent_get(c, x->a, x->id, &w->t, err);
	if (st == FQ_OK && !talsvc_member_visible(x->who, &w->t))
		st = fq_failr(err, FQ_ENOTFOUND, "id", "talent.not_found", "no such talent");
	if (st == FQ_OK)
		st = store_talent_task_counts(c, x->id, states, w->counts, err);
	if (st == FQ_OK)
		st = store_talent_task_list(c, x->a, &f, &w->recent, &w->n_recent, err);
	return st;
}

fq_status talsvc_workload_get(store *db, fq_arena *a, const caller *who, int64_t id,
			      talsvc_workload *out, fq_err *err)
{
	return svc_get(db, workload_read, (svc_rd){.a = a, .who = who, .id = id, .out = out}, err);
}

/* ---- tasks ---------------------------------------------------------------------------- */

static fq_status task_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	fq_status st = store_talent_task_get(c, x->a, x->id, x->out, err);
	if (st == FQ_OK && !talsvc_task_visible(x->who, x->out))
		st = fq_failr(err, FQ_ENOTFOUND, "id", "talent.task_not_found", "no such task");
	return st;
}

fq_status talsvc_task(store *db, fq_arena *a, const caller *who, int64_t id,
		      store_talent_task *out, fq_err *err)
{
	return svc_get(db, task_read, (svc_rd){.a = a, .who = who, .id = id, .out = out}, err);
}

/* The caller's own member id for ?mine=1, or -1 when they are none. */
static fq_status own_member(store_conn *c, const svc_rd *x, store_talent_task_filter *f,
			    fq_err *err)
{
	store_talent me;
	fq_status st = store_talent_by_account(c, x->a, x->who->account_id, &me, err);
	f->talent_id = st == FQ_OK ? me.id : -1;
	return st == FQ_ENOTFOUND ? FQ_OK : st;
}

static fq_status tasks_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	store_talent_task_filter *f = x->f;
	store_talent_task *rows = NULL;
	size_t n = 0;
	const int *mine = x->in;
	fq_status st = *mine ? own_member(c, x, f, err) : FQ_OK;
	if (st == FQ_OK && f->path && f->talent_id >= 0)
		st = store_talent_task_list(c, x->a, f, &rows, &n, err);
	if (st == FQ_OK)
		page_of(x, rows, n, sizeof *rows,
			n > 0 && n == (size_t)f->limit ? rows[n - 1].id : 0, task_seen);
	return st;
}

fq_status talsvc_tasks(store *db, fq_arena *a, const caller *who, int mine,
		       store_talent_task_filter *f, talsvc_page *out, fq_err *err)
{
	f->path = mine ? "/" : org_scope_root(who, TALENT_WHO_READ);
	*out = (talsvc_page){0};
	svc_rd x = {.a = a, .who = who, .f = f, .in = &mine, .out = out};
	return svc_get(db, tasks_read, x, err);
}
