/*
 * volunteer_svc_read.c - the reads of volunteers and teams
 * (volunteer_svc.h), each in one read transaction, with who may see what
 * applied here.
 */
#include "domain/volunteer_svc_int.h"

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

/* Whether who sees what belongs to the unit at path: staff over it, or any
 * role bound under it (a resident of the unit, who may join or sign up). */
static int unit_visible(const caller *who, const char *path)
{
	if (access_covers(who, VOL_WHO_READ, path))
		return 1;
	for (int i = 0; who && i < who->n_roles; i++)
		if (who->r[i].path && strncmp(who->r[i].path, path, strlen(path)) == 0)
			return 1;
	return 0;
}

static int team_visible(const caller *who, const store_vol_team *t)
{
	return unit_visible(who, t->unit_path);
}

static fq_status teams_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	const int *limit = x->in;
	store_vol_team *rows = NULL;
	size_t n = 0, kept = 0;
	fq_status st = store_vol_teams(c, x->a, "/", x->id, *limit, &rows, &n, err);
	int64_t next = st == FQ_OK && n == (size_t)*limit ? rows[n - 1].id : 0;
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		if (team_visible(x->who, &rows[i]))
			rows[kept++] = rows[i];
	*(volsvc_page *)x->out = (volsvc_page){.rows = rows, .n = kept, .next = next};
	return st;
}

fq_status volsvc_teams(store *db, fq_arena *a, const caller *who, int64_t after_id, int limit,
		       volsvc_page *out, fq_err *err)
{
	return svc_get(db, teams_read,
		       (svc_rd){.a = a, .who = who, .id = after_id, .in = &limit, .out = out}, err);
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

/* ---- activities ------------------------------------------------------------------------ */

static fq_status acts_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	const int *limit = x->in;
	store_activity *rows = NULL;
	size_t n = 0, kept = 0;
	fq_status st = store_acts(c, x->a, "/", x->id, *limit, &rows, &n, err);
	int64_t next = st == FQ_OK && n == (size_t)*limit ? rows[n - 1].id : 0;
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		if (unit_visible(x->who, rows[i].unit_path) || volsvc_manages(x->who, &rows[i]))
			rows[kept++] = rows[i];
	*(volsvc_page *)x->out = (volsvc_page){.rows = rows, .n = kept, .next = next};
	return st;
}

fq_status volsvc_acts(store *db, fq_arena *a, const caller *who, int64_t after_id, int limit,
		      volsvc_page *out, fq_err *err)
{
	return svc_get(db, acts_read,
		       (svc_rd){.a = a, .who = who, .id = after_id, .in = &limit, .out = out}, err);
}

/* The activity x->id into out when who sees it. */
static fq_status act_seen(store_conn *c, const svc_rd *x, store_activity *out, fq_err *err)
{
	fq_status st = store_act_get(c, x->a, x->id, out, err);
	if (st == FQ_OK && !unit_visible(x->who, out->unit_path) && !volsvc_manages(x->who, out))
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such activity");
	return st;
}

/* The caller's own sign-up on the activity, if any (mine.id 0 if none). */
static fq_status own_signup(store_conn *c, const svc_rd *x, volsvc_act_view *v, fq_err *err)
{
	store_volunteer me;
	v->mine = (store_signup){0};
	fq_status st = store_vol_by_account(c, x->a, x->who->account_id, &me, err);
	if (st == FQ_OK)
		st = store_signup_of(c, x->a, x->id, me.id, &v->mine, err);
	if (st == FQ_ENOTFOUND)
		v->mine = (store_signup){0};
	return st == FQ_ENOTFOUND ? FQ_OK : st;
}

static fq_status act_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	volsvc_act_view *v = x->out;
	fq_status st = act_seen(c, x, &v->act, err);
	if (st == FQ_OK)
		st = store_act_slots(c, x->a, x->id, &v->slots, &v->n_slots, err);
	if (st != FQ_OK)
		return st;
	v->manage = volsvc_manages(x->who, &v->act);
	v->n_signups = 0;
	if (v->manage)
		st = store_signups(c, x->a, x->id, &v->signups, &v->n_signups, err);
	return st == FQ_OK ? own_signup(c, x, v, err) : st;
}

fq_status volsvc_act(store *db, fq_arena *a, const caller *who, int64_t id,
		     volsvc_act_view *out, fq_err *err)
{
	return svc_get(db, act_read, (svc_rd){.a = a, .who = who, .id = id, .out = out}, err);
}

static fq_status managed_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	fq_status st = store_act_get(c, x->a, x->id, x->out, err);
	if (st == FQ_OK && !volsvc_manages(x->who, x->out))
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such activity");
	return st;
}

fq_status volsvc_act_code(store *db, fq_arena *a, const caller *who, int64_t id, int64_t now,
			  char token[VOL_TOKEN_MAX], char digits[VOL_DIGITS], int64_t *expires,
			  fq_err *err)
{
	store_activity act;
	fq_status st =
	    svc_get(db, managed_read, (svc_rd){.a = a, .who = who, .id = id, .out = &act}, err);
	if (st != FQ_OK)
		return st;
	int64_t step = now / VOL_CODE_STEP_S;
	vol_code(act.secret, act.id, step, token, digits);
	*expires = (step + 1) * VOL_CODE_STEP_S;
	return FQ_OK;
}

static fq_status hours_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	store_volunteer v;
	fq_status st = store_vol_get(c, x->a, x->id, &v, err);
	if (st == FQ_OK && !volsvc_visible(x->who, &v))
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such volunteer");
	return st == FQ_OK ? store_hours_of(c, x->a, x->id, x->out, x->n, err) : st;
}

fq_status volsvc_hours(store *db, fq_arena *a, const caller *who, int64_t volunteer_id,
		       store_hours **out, size_t *n, fq_err *err)
{
	return svc_get(db, hours_read,
		       (svc_rd){.a = a, .who = who, .id = volunteer_id, .out = out, .n = n}, err);
}
