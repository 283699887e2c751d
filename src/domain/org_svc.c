/*
 * org_svc.c - the org tree service (org_svc.h).
 */
#include "domain/org_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "domain/search_svc.h"
#include "store/store_auth.h"

/* ---- reading helpers --------------------------------------------------- */

/* The units on path, top first, self included, into chain (room for
 * ORG_DEPTH_MAX). */
static fq_status load_chain(store_conn *c, fq_arena *a, const char *path, store_unit *chain,
			    size_t *n, fq_err *err)
{
	int64_t ids[ORG_DEPTH_MAX];
	size_t nid = 0;
	fq_status st = org_path_ids(path, ids, ORG_DEPTH_MAX, &nid, err);
	for (size_t i = 0; i < nid && st == FQ_OK; i++)
		st = store_unit_get(c, a, ids[i], &chain[i], err);
	if (st == FQ_ENOTFOUND || st == FQ_EINVAL || st == FQ_ETOOBIG)
		st = fq_fail(err, FQ_ESTORE, "", "the org tree's paths are inconsistent");
	if (st == FQ_OK)
		*n = nid;
	return st;
}

/* Fill the scope of household (or person's household) for the caller,
 * asking the store about a 邻长 link only when it matters. */
static fq_status household_scope(store_conn *c, const caller *who, int64_t hh,
				 const char *grid_path, const char *building_path,
				 org_household_scope *out, fq_err *err)
{
	org_household_scope s = {.household_id = hh, .grid_path = grid_path,
				 .building_path = building_path};
	int linked = 0;
	fq_status st = FQ_OK;
	if (hh > 0 && org_needs_link(who))
		st = store_leader_linked(c, who->leader_id, hh, &linked, err);
	s.linked = linked != 0;
	if (st == FQ_OK)
		*out = s;
	return st;
}

/* The inputs of orgsvc_locate's read. */
typedef struct locate_in {
	geo_point pt;
	orgsvc_shape_fn parse;
} locate_in;

/* ---- units --------------------------------------------------------------- */

fq_status orgsvc_unit_in_scope(store_conn *c, fq_arena *a, const caller *who, unsigned roles,
			       int64_t id, const char *field, store_unit *u, fq_err *err)
{
	fq_status st = store_unit_get(c, a, id, u, err);
	if (st == FQ_ENOTFOUND || (st == FQ_OK && !access_covers(who, roles, u->path)))
		return fq_fail(err, FQ_ENOTFOUND, field, "no such unit");
	return st;
}

static fq_status units_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	return store_unit_list(c, x->a, x->f, x->out, x->n, err);
}

fq_status orgsvc_units(store *db, fq_arena *a, const store_unit_filter *f, store_unit **out,
		       size_t *n, fq_err *err)
{
	return svc_get(db, units_body, (svc_rd){.a = a, .f = (void *)f, .out = out, .n = n}, err);
}

static fq_status unit_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	orgsvc_unit *o = x->out;
	fq_status st = store_unit_get(c, x->a, x->id, &o->u, err);
	if (st == FQ_OK)
		st = load_chain(c, x->a, o->u.path, o->chain, &o->depth, err);
	if (st == FQ_OK)
		st = store_unit_child_counts(c, x->a, x->id, &o->kinds, &o->n_kinds, err);
	if (st == FQ_OK)
		st = store_unit_household_count(c, &o->u, &o->households, err);
	return st;
}

fq_status orgsvc_unit_get(store *db, fq_arena *a, int64_t id, orgsvc_unit *out, fq_err *err)
{
	svc_rd x = {.a = a, .id = id, .out = out};
	fq_status st = svc_get(db, unit_body, x, err);
	if (st == FQ_ENOTFOUND)
		fq_fail(err, st, "id", "no such unit");
	return st;
}

/* ---- locating a point ------------------------------------------------------ */

/* Parse the candidates' boundaries and pick the grid holding pt; shapes
 * receives the parsed shapes (the caller frees each). Unreadable
 * boundaries are logged and skipped. */
static fq_status pick_grid(const store_unit *cands, size_t n, geo_point pt, orgsvc_shape_fn parse,
			   org_grid_shape *shapes, size_t *index)
{
	for (size_t i = 0; i < n; i++) {
		geo_multipolygon *mp = NULL;
		fq_err perr = {0};
		const char *text = cands[i].boundary ? cands[i].boundary : "";
		if (parse(text, strlen(text), &mp, &perr) != FQ_OK)
			fq_warn("grid %lld: boundary unusable: %s", (long long)cands[i].id,
				perr.message);
		shapes[i] = (org_grid_shape){.id = cands[i].id, .shape = mp};
	}
	return org_locate_pick(shapes, n, pt, index);
}

static void free_shapes(org_grid_shape *shapes, size_t n)
{
	for (size_t i = 0; shapes && i < n; i++)
		geo_multipolygon_free((geo_multipolygon *)shapes[i].shape);
	free(shapes);
}

static fq_status locate_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	static const char *const communities[] = {"community", "village", NULL};
	static const char *const streets[] = {"street", NULL};
	const locate_in *in = x->in;
	orgsvc_place *o = x->out;
	store_unit *cands = NULL;
	size_t n = 0, pick = 0, depth = 0;
	org_grid_shape *shapes = NULL;
	fq_status st = store_grid_candidates(c, x->a, in->pt.lon, in->pt.lat, &cands, &n, err);
	if (st != FQ_OK)
		goto out;
	shapes = calloc(n ? n : 1, sizeof *shapes);
	if (!shapes) {
		st = fq_fail(err, FQ_ENOMEM, "", "out of memory");
		goto out;
	}
	st = pick_grid(cands, n, in->pt, in->parse, shapes, &pick);
	if (st == FQ_ENOTFOUND) {
		st = fq_failr(err, FQ_ENOTFOUND, "", "geo.outside_grids",
			      "the point lies outside every grid");
		goto out;
	}
	st = load_chain(c, x->a, cands[pick].path, o->chain, &depth, err);
	if (st != FQ_OK)
		goto out;
	int ci = org_chain_find(o->chain, depth, communities);
	int si = org_chain_find(o->chain, depth, streets);
	o->grid = cands[pick];
	o->community = ci >= 0 ? &o->chain[ci] : NULL;
	o->street = si >= 0 ? &o->chain[si] : NULL;
out:
	free_shapes(shapes, n);
	return st;
}

fq_status orgsvc_locate(store *db, fq_arena *a, geo_point pt, orgsvc_shape_fn parse,
			orgsvc_place *out, fq_err *err)
{
	locate_in in = {pt, parse};
	return svc_get(db, locate_body, (svc_rd){.a = a, .in = &in, .out = out}, err);
}

/* ---- households -------------------------------------------------------------- */

static fq_status households_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	store_household_filter *f = x->f;
	store_unit *u = fq_arena_alloc(x->a, sizeof *u);
	if (!u)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	fq_status st = store_unit_get(c, x->a, x->id, u, err);
	if (st == FQ_OK && !org_households_listable(x->who, u->path))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such unit");
	if (st != FQ_OK)
		return st;
	f->unit = u;
	return store_household_list(c, x->a, f, x->out, x->n, err);
}

fq_status orgsvc_households(store *db, fq_arena *a, const caller *who, int64_t id,
			    store_household_filter *f, store_household **out, size_t *n,
			    fq_err *err)
{
	return svc_list(db, households_body, a, who, id, f, out, n, err);
}

static fq_status household_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	orgsvc_household *o = x->out;
	org_household_scope s;
	fq_status st = store_household_get(c, x->a, x->id, &o->h, err);
	if (st == FQ_OK)
		st = household_scope(c, x->who, o->h.id, o->h.grid_path, o->h.building_path, &s, err);
	if (st == FQ_OK && !org_household_visible(x->who, &s))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such household");
	if (st == FQ_OK)
		st = store_household_persons(c, x->a, o->h.id, ORGSVC_HOUSEHOLD_PERSONS_MAX,
					     &o->persons, &o->n_persons, err);
	return st;
}

fq_status orgsvc_household_get(store *db, fq_arena *a, const caller *who, int64_t id,
			       orgsvc_household *out, fq_err *err)
{
	return svc_get(db, household_body, (svc_rd){.a = a, .who = who, .id = id, .out = out}, err);
}

/* ---- leaders -------------------------------------------------------------------- */

/* The path under which to look: unit_id's (which the caller's staff scope
 * must cover), else the widest unit of that scope. */
static fq_status leaders_path(store_conn *c, const svc_rd *x, const char **path, fq_err *err)
{
	if (x->id == 0) {
		*path = org_scope_root(x->who, ORG_LEADER_LIST_ROLES);
		return *path ? FQ_OK : fq_fail(err, FQ_ENOTFOUND, "unit", "no such unit");
	}
	store_unit u;
	fq_status st = store_unit_get(c, x->a, x->id, &u, err);
	if (st == FQ_OK && !org_leaders_listable(x->who, u.path))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "unit", "no such unit");
	if (st == FQ_OK)
		*path = u.path;
	return st;
}

static fq_status leaders_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	store_leader_filter *f = x->f;
	fq_status st = leaders_path(c, x, &f->path, err);
	if (st == FQ_OK)
		st = store_leader_list(c, x->a, f, x->out, x->n, err);
	return st;
}

fq_status orgsvc_leaders(store *db, fq_arena *a, const caller *who, int64_t unit_id,
			 store_leader_filter *f, store_leader **out, size_t *n, fq_err *err)
{
	return svc_list(db, leaders_body, a, who, unit_id, f, out, n, err);
}

static fq_status leader_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	orgsvc_leader *o = x->out;
	fq_status st = store_leader_get(c, x->a, x->id, &o->l, err);
	if (st == FQ_OK && !org_leader_visible(x->who, &o->l))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such leader");
	if (st == FQ_OK)
		st = store_leader_households(c, x->a, x->id, ORGSVC_LEADER_HOUSEHOLDS_MAX,
					     &o->households, &o->n_households, err);
	int64_t ids[ORGSVC_LEADER_HOUSEHOLDS_MAX];
	for (size_t i = 0; st == FQ_OK && i < o->n_households; i++)
		ids[i] = o->households[i].id;
	if (st == FQ_OK)
		st = srchsvc_households_requests(c, x->a, ids, o->n_households, &o->requests,
						 &o->n_requests, err);
	return st;
}

fq_status orgsvc_leader_get(store *db, fq_arena *a, const caller *who, int64_t id,
			    orgsvc_leader *out, fq_err *err)
{
	return svc_get(db, leader_body, (svc_rd){.a = a, .who = who, .id = id, .out = out}, err);
}

/* ---- a building's poster --------------------------------------------------------- */

static fq_status poster_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	return store_poster_building_get(c, x->a, x->id, x->out, err);
}

fq_status orgsvc_poster_building(store *db, fq_arena *a, int64_t id, store_poster_building *out,
				 fq_err *err)
{
	return svc_get(db, poster_body, (svc_rd){.a = a, .id = id, .out = out}, err);
}

/* ---- the reveal ---------------------------------------------------------------- */

/* Read the person and decide: 404 outside the caller's scope, 403 for a
 * field their roles may not see unmasked. */
static fq_status reveal_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	orgsvc_reveal_job *j = x->out;
	store_person p;
	org_household_scope s;
	fq_status st = store_person_get(c, x->a, j->person_id, &p, err);
	if (st == FQ_OK)
		st = household_scope(c, x->who, p.household_id, p.grid_path, p.building_path, &s,
				     err);
	if (st == FQ_OK)
		st = org_reveal_check(x->who, &s, j->fields, err);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such person");
	if (st != FQ_OK)
		return st;
	j->phone = p.phone;
	j->id_number = p.id_number;
	return FQ_OK;
}

/* "phone,id_number": the revealed fields, for the audit row. */
static void reveal_detail(unsigned fields, char *out, size_t size)
{
	static const org_field order[] = {ORG_FIELD_PHONE, ORG_FIELD_ID_NUMBER};
	out[0] = '\0';
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		if (!(fields & order[i]))
			continue;
		size_t len = strlen(out);
		snprintf(out + len, size - len, "%s%s", len ? "," : "", org_field_name(order[i]));
	}
}

static fq_status reveal_run(store_conn *c, svc_job *job, fq_err *err)
{
	orgsvc_reveal_job *j = (orgsvc_reveal_job *)job;
	return store_audit_insert(c, j->account_id, "reveal", j->subject, j->detail, j->address,
				  err);
}

fq_status orgsvc_reveal(store *db, fq_arena *a, const caller *who, int64_t person_id,
			unsigned fields, const char *address, orgsvc_reveal_job *j, fq_err *err)
{
	memset(j, 0, sizeof *j);
	j->job.run = reveal_run;
	j->account_id = who->account_id;
	j->person_id = person_id;
	j->fields = fields;
	j->address = address;
	svc_rd x = {.a = a, .who = who, .out = j};
	fq_status st = svc_get(db, reveal_body, x, err);
	if (st != FQ_OK)
		return st;
	snprintf(j->subject, sizeof j->subject, "person:%lld", (long long)person_id);
	reveal_detail(fields, j->detail, sizeof j->detail);
	return FQ_OK;
}
