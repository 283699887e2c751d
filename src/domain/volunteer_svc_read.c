/*
 * volunteer_svc_read.c - the reads of volunteers and teams
 * (volunteer_svc.h), each in one read transaction, with who may see what
 * applied here.
 */
#include "domain/volunteer_svc.h"

#include <string.h>

#include "domain/access.h"
#include "domain/org.h"

/* ---- volunteers ------------------------------------------------------------------- */

static fq_status view_of(store_conn *c, fq_arena *a, const caller *who, volsvc_view *out,
			 fq_err *err)
{
	if (!volsvc_visible(who, &out->v))
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such volunteer");
	return store_vol_units(c, a, out->v.id, &out->units, &out->n_units, err);
}

static fq_status get_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	volsvc_view *out = x->out;
	fq_status st = store_vol_get(c, x->a, x->id, &out->v, err);
	return st == FQ_OK ? view_of(c, x->a, x->who, out, err) : st;
}

fq_status volsvc_get(store *db, fq_arena *a, const caller *who, int64_t id, volsvc_view *out,
		     fq_err *err)
{
	return svc_get(db, get_read, (svc_rd){.a = a, .who = who, .id = id, .out = out}, err);
}

static fq_status me_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	volsvc_view *out = x->out;
	fq_status st = store_vol_by_account(c, x->a, x->who->account_id, &out->v, err);
	return st == FQ_OK ? view_of(c, x->a, x->who, out, err) : st;
}

fq_status volsvc_me(store *db, fq_arena *a, const caller *who, volsvc_view *out, fq_err *err)
{
	return svc_get(db, me_read, (svc_rd){.a = a, .who = who, .out = out}, err);
}

static fq_status list_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	return store_vol_list(c, x->a, x->f, x->out, x->n, err);
}

fq_status volsvc_list(store *db, fq_arena *a, const caller *who, store_vol_filter *f,
		      store_volunteer **out, size_t *n, fq_err *err)
{
	f->path = org_scope_root(who, VOL_WHO_READ);
	*out = NULL;
	*n = 0;
	if (!f->path)
		return FQ_OK;
	return svc_get(db, list_read, (svc_rd){.a = a, .who = who, .f = f, .out = out, .n = n},
		       err);
}

/* ---- teams ---------------------------------------------------------------------------- */

/* Whether who sees team t: staff over it, or any role bound under it (a
 * resident of its unit, who may join). */
static int team_visible(const caller *who, const store_vol_team *t)
{
	if (access_covers(who, VOL_WHO_READ, t->unit_path))
		return 1;
	for (int i = 0; who && i < who->n_roles; i++)
		if (who->r[i].path && strncmp(who->r[i].path, t->unit_path, strlen(t->unit_path)) == 0)
			return 1;
	return 0;
}

static fq_status teams_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	const int *limit = x->in;
	store_vol_team *rows = NULL;
	size_t n = 0, kept = 0;
	fq_status st = store_vol_teams(c, x->a, "/", x->id, *limit, &rows, &n, err);
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		if (team_visible(x->who, &rows[i]))
			rows[kept++] = rows[i];
	*(store_vol_team **)x->out = rows;
	*x->n = kept;
	return st;
}

fq_status volsvc_teams(store *db, fq_arena *a, const caller *who, int64_t after_id, int limit,
		       store_vol_team **out, size_t *n, fq_err *err)
{
	return svc_get(db, teams_read,
		       (svc_rd){.a = a, .who = who, .id = after_id, .in = &limit, .out = out, .n = n},
		       err);
}

static fq_status team_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	volsvc_team_view *out = x->out;
	fq_status st = store_vol_team_get(c, x->a, x->id, &out->t, err);
	if (st == FQ_OK && !team_visible(x->who, &out->t))
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such team");
	return st == FQ_OK ? store_vol_team_members(c, x->a, x->id, &out->members,
						    &out->n_members, err)
			   : st;
}

fq_status volsvc_team(store *db, fq_arena *a, const caller *who, int64_t id,
		      volsvc_team_view *out, fq_err *err)
{
	return svc_get(db, team_read, (svc_rd){.a = a, .who = who, .id = id, .out = out}, err);
}
