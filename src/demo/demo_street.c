/*
 * demo_street.c - planning and inserting the demo streets; see
 * demo_street.h.
 */
#include "demo/demo_street.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/demo_svc.h"

/* Microseconds per second, for the timings. */
#define US_PER_S 1e6

/* One street's write job: what it needs and gives back. */
typedef struct demo_tx {
	svc_job job;            /* first */
	const demo_plan *plan;
	const demo_build *b;
	int64_t *unit_ids;      /* row id of each plan unit */
	int64_t *household_ids; /* row id of each plan household */
	int64_t *person_ids;    /* row id of each plan person */
	int64_t street_id;
} demo_tx;

/* ---- inserting one street ------------------------------------------------ */

static fq_status insert_unit(store_conn *c, demo_tx *t, size_t i, fq_err *err)
{
	const demo_unit *u = &t->plan->units[i];
	char *boundary = NULL;
	fq_status st = FQ_OK;
	if (u->kind == DEMO_GRID) {
		geo_ring ring = {(geo_point *)u->ring, DEMO_RING_POINTS};
		geo_polygon poly = {&ring, 1};
		st = t->b->boundary(&poly, &boundary, err);
	}
	if (st != FQ_OK)
		return st;
	bool building = u->kind == DEMO_BUILDING;
	store_load_unit_row row = {
		.parent_id = u->parent >= 0 ? t->unit_ids[u->parent] : 0,
		.kind = demo_kind_name(u->kind), .code = u->code, .name = u->name,
		.boundary = boundary, .has_bbox = u->kind == DEMO_GRID,
		.min_lon = u->bbox.min_lon, .min_lat = u->bbox.min_lat,
		.max_lon = u->bbox.max_lon, .max_lat = u->bbox.max_lat,
		.address = building ? u->address : NULL, .has_point = building,
		.lat = u->door.lat, .lon = u->door.lon,
	};
	st = demosvc_load_unit(c, &row, &t->unit_ids[i], err);
	free(boundary);
	return st;
}

static fq_status insert_household(store_conn *c, demo_tx *t, size_t i, fq_err *err)
{
	const demo_household *h = &t->plan->households[i];
	store_load_household_row row = {
		.code = h->code, .building_id = t->unit_ids[h->building],
		.grid_id = t->unit_ids[h->grid], .street_id = t->street_id,
		.entrance = h->entrance, .floor = h->floor, .room = h->room,
		.address = h->address,
	};
	return demosvc_load_household(c, &row, &t->household_ids[i], err);
}

static fq_status insert_person(store_conn *c, demo_tx *t, size_t i, fq_err *err)
{
	const demo_person *x = &t->plan->persons[i];
	store_load_person_row row = {
		.household_id = t->household_ids[x->household], .name = x->name,
		.id_number = x->id_number, .phone = x->phone[0] ? x->phone : NULL,
		.relation = x->relation, .gender = x->gender == 'M' ? "M" : "F",
		.birth_year = x->birth_year, .street_id = t->street_id,
	};
	return demosvc_load_person(c, &row, &t->person_ids[i], err);
}

static fq_status insert_leader(store_conn *c, demo_tx *t, size_t i, fq_err *err)
{
	const demo_plan *p = t->plan;
	const demo_leader *l = &p->leaders[i];
	store_load_leader_row row = {
		.person_id = t->person_ids[l->person], .kind = l->kind,
		.unit_id = t->unit_ids[l->unit], .street_id = t->street_id,
	};
	int64_t id = 0;
	fq_status st = demosvc_load_leader(c, &row, &id, err);
	for (int32_t k = 0; k < l->n_links && st == FQ_OK; k++)
		st = demosvc_load_link(c, id, t->household_ids[p->links[l->first_link + k]], err);
	return st;
}

static fq_status insert_account(store_conn *c, demo_tx *t, size_t i, fq_err *err)
{
	const demo_account *a = &t->plan->accounts[i];
	demosvc_account in = {a->username, a->display_name, t->b->hash,
			      a->person >= 0 ? t->person_ids[a->person] : 0, a->role,
			      a->unit >= 0 ? t->unit_ids[a->unit] : 0};
	int64_t id = 0;
	return demosvc_account_add(c, &in, &id, err);
}

/* Insert the n rows of one of the plan's lists, in order, with insert. */
static fq_status insert_each(store_conn *c, demo_tx *t, size_t n,
			     fq_status (*insert)(store_conn *, demo_tx *, size_t, fq_err *),
			     fq_err *err)
{
	fq_status st = FQ_OK;
	for (size_t i = 0; i < n && st == FQ_OK; i++)
		st = insert(c, t, i, err);
	return st;
}

static fq_status street_run(store_conn *c, svc_job *job, fq_err *err)
{
	demo_tx *t = (demo_tx *)job;
	const demo_plan *p = t->plan;
	fq_status st = insert_each(c, t, p->n_units, insert_unit, err);
	if (st != FQ_OK)
		return st;
	t->street_id = t->unit_ids[0];
	st = demosvc_mark_street(c, t->street_id, err);
	if (st == FQ_OK)
		st = insert_each(c, t, p->n_households, insert_household, err);
	if (st == FQ_OK)
		st = insert_each(c, t, p->n_persons, insert_person, err);
	if (st == FQ_OK)
		st = insert_each(c, t, p->n_leaders, insert_leader, err);
	if (st == FQ_OK)
		st = insert_each(c, t, p->n_accounts, insert_account, err);
	return st;
}

/* ---- reporting ----------------------------------------------------------- */

static bool is_series(const char *username, const char *base)
{
	size_t n = strlen(base);
	return strncmp(username, base, n) == 0 && username[n] >= '0' && username[n] <= '9';
}

void demo_street_print_accounts(const demo_plan *p)
{
	const char *first_grid = NULL, *last_grid = NULL, *first_comm = NULL, *last_comm = NULL;
	for (size_t i = 0; i < p->n_accounts; i++) {
		const demo_account *a = &p->accounts[i];
		if (is_series(a->username, "grid")) {
			first_grid = first_grid ? first_grid : a->username;
			last_grid = a->username;
			continue;
		}
		if (is_series(a->username, "community")) {
			first_comm = first_comm ? first_comm : a->username;
			last_comm = a->username;
		}
		const char *unit = a->unit >= 0 ? p->units[a->unit].name : "(whole deployment)";
		printf("  %-16s %-20s %s  %s\n", a->username, a->role, unit, a->display_name);
	}
	if (first_grid)
		printf("  %s .. %s: the grid worker of each grid, in grid order\n", first_grid,
		       last_grid);
	if (first_comm)
		printf("  (%s .. %s: the officers of the communities and villages)\n", first_comm,
		       last_comm);
}

static void print_street(const demo_plan *p, int scale, double plan_s, double insert_s)
{
	size_t buildings = 0;
	for (size_t i = 0; i < p->n_units; i++)
		buildings += p->units[i].kind == DEMO_BUILDING;
	printf("street %d/%d %s (%s): %zu units (%d grids, %zu buildings), %zu households, "
	       "%zu people, %zu 邻长, %zu 楼栋长, %zu accounts; plan %.2f s, insert %.2f s\n",
	       p->street_index + 1, scale, p->units[0].name, p->units[0].code, p->n_units,
	       DEMO_GRID_COUNT, buildings, p->n_households, p->n_persons, p->n_neighbour_leaders,
	       p->n_leaders - p->n_neighbour_leaders, p->n_accounts, plan_s, insert_s);
}

/* ---- building a street --------------------------------------------------- */

int demo_street_check_empty(store *db, const char *path)
{
	fq_err err = {0};
	int64_t n = 0;
	if (demosvc_units_count(db, &n, &err) != FQ_OK) {
		fprintf(stderr, "fengqiao demo: %s\n", err.message);
		return -1;
	}
	if (n > 0) {
		fprintf(stderr, "fengqiao demo: %s already has %lld units; the demo only fills an "
				"empty database (use a new --db)\n", path, (long long)n);
		return -1;
	}
	return 0;
}

void demo_street_free(demo_street *k)
{
	demo_plan_free(k->plan);
	free(k->unit_ids);
	free(k->household_ids);
	free(k->person_ids);
}

int demo_street_build(store *db, const demo_build *b, int s, demo_idset *ids,
		      demo_street *keep)
{
	demo_params params = {b->seed, s, b->households};
	demo_plan *plan = NULL;
	demo_tx t = {0};
	fq_err err = {0};
	int rc = -1;
	int64_t t0 = fq_mono_us();
	fq_status st = demo_plan_build(&params, ids, &plan, &err);
	int64_t t1 = fq_mono_us();
	if (st == FQ_OK) {
		t = (demo_tx){{.run = street_run}, plan, b,
			      calloc(plan->n_units, sizeof(int64_t)),
			      calloc(plan->n_households, sizeof(int64_t)),
			      calloc(plan->n_persons, sizeof(int64_t)), 0};
		if (!t.unit_ids || !t.household_ids || !t.person_ids)
			st = fq_fail(&err, FQ_ENOMEM, "", "out of memory");
	}
	if (st == FQ_OK)
		st = svc_write(db, &t.job);
	if (st != FQ_OK && t.job.st != FQ_OK)
		err = t.job.err;
	int64_t t2 = fq_mono_us();
	if (st != FQ_OK) {
		fprintf(stderr, "fengqiao demo: street %d: %s\n", s + 1, err.message);
		goto out;
	}
	print_street(plan, b->scale, (double)(t1 - t0) / US_PER_S, (double)(t2 - t1) / US_PER_S);
	if (keep) {
		*keep = (demo_street){plan, t.unit_ids, t.household_ids, t.person_ids};
		plan = NULL;
		t = (demo_tx){0};
	}
	rc = 0;
out:
	free(t.unit_ids);
	free(t.household_ids);
	free(t.person_ids);
	demo_plan_free(plan);
	return rc;
}

