/*
 * demo.c - `fengqiao demo [--seed N] [--scale N] [--households N]
 * [--requests N] [--until YYYY-MM-DD|today]`: fill an empty database with
 * the demo street of domain/demo.h (or N of them, for benchmarks) and its
 * demo accounts, all with the password DEMO_PASSWORD, then play a year of
 * request history on the first street (demo/demo_requests.h): --requests
 * of them (default DHIST_REQUESTS_DEFAULT, 0 for none) ending at --until
 * 00:00 Asia/Shanghai (default DHIST_UNTIL_DEFAULT, a fixed day, so that
 * the same options give the same database; "today" ends it today). The
 * history, talents and disputes are played by the demo layer (src/demo/)
 * through the services. --intake service|direct is still accepted, and
 * both now mean the requests service's own planning (reqsvc_plan_create).
 *
 * Each street is planned in memory, then inserted in one write transaction
 * through the store's writer with prepared statements, and timed. The
 * password is hashed once (Argon2id is deliberately slow) and the hash is
 * shared by every account. A database that already has units is refused,
 * so the demo never doubles data.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/geojson.h"
#include "demo/demo_requests.h"
#include "core/timeutil.h"
#include "domain/auth.h"
#include "demo/demo.h"
#include "demo/demo_history.h"
#include "store/store_auth.h"
#include "store/store_load.h"
#include "demo/demo_talents.h"
#include "cli/demo_councils.h"
#include "demo/demo_disputes.h"

/* Default seed: any fixed value gives a reproducible street. */
#define DEMO_SEED_DEFAULT 20240415

/* Microseconds per second, for the timings. */
#define US_PER_S 1e6

/* What one street's write transaction needs and gives back. */
typedef struct demo_tx {
	const demo_plan *plan;
	const char *hash;       /* the shared password hash */
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
		st = geojson_polygon_dump(&poly, &boundary, err);
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
	st = store_load_unit(c, &row, &t->unit_ids[i], err);
	free(boundary);
	return st;
}

static fq_status insert_households(store_conn *c, demo_tx *t, fq_err *err)
{
	const demo_plan *p = t->plan;
	fq_status st = FQ_OK;
	for (size_t i = 0; i < p->n_households && st == FQ_OK; i++) {
		const demo_household *h = &p->households[i];
		store_load_household_row row = {
			.code = h->code, .building_id = t->unit_ids[h->building],
			.grid_id = t->unit_ids[h->grid], .street_id = t->street_id,
			.entrance = h->entrance, .floor = h->floor, .room = h->room,
			.address = h->address,
		};
		st = store_load_household(c, &row, &t->household_ids[i], err);
	}
	return st;
}

static fq_status insert_persons(store_conn *c, demo_tx *t, fq_err *err)
{
	const demo_plan *p = t->plan;
	fq_status st = FQ_OK;
	for (size_t i = 0; i < p->n_persons && st == FQ_OK; i++) {
		const demo_person *x = &p->persons[i];
		store_load_person_row row = {
			.household_id = t->household_ids[x->household], .name = x->name,
			.id_number = x->id_number, .phone = x->phone[0] ? x->phone : NULL,
			.relation = x->relation, .gender = x->gender == 'M' ? "M" : "F",
			.birth_year = x->birth_year, .street_id = t->street_id,
		};
		st = store_load_person(c, &row, &t->person_ids[i], err);
	}
	return st;
}

static fq_status insert_leaders(store_conn *c, demo_tx *t, fq_err *err)
{
	const demo_plan *p = t->plan;
	fq_status st = FQ_OK;
	for (size_t i = 0; i < p->n_leaders && st == FQ_OK; i++) {
		const demo_leader *l = &p->leaders[i];
		store_load_leader_row row = {
			.person_id = t->person_ids[l->person], .kind = l->kind,
			.unit_id = t->unit_ids[l->unit], .street_id = t->street_id,
		};
		int64_t id = 0;
		st = store_load_leader(c, &row, &id, err);
		for (int32_t k = 0; k < l->n_links && st == FQ_OK; k++)
			st = store_load_leader_household(
				c, id, t->household_ids[p->links[l->first_link + k]], err);
	}
	return st;
}

static fq_status insert_accounts(store_conn *c, demo_tx *t, fq_err *err)
{
	const demo_plan *p = t->plan;
	fq_status st = FQ_OK;
	for (size_t i = 0; i < p->n_accounts && st == FQ_OK; i++) {
		const demo_account *a = &p->accounts[i];
		int64_t id = 0;
		st = store_account_insert(c, a->username, a->display_name, t->hash,
					  a->person >= 0 ? t->person_ids[a->person] : 0, &id, err);
		if (st == FQ_OK)
			st = store_account_role_add(c, id, a->role,
						    a->unit >= 0 ? t->unit_ids[a->unit] : 0, err);
	}
	return st;
}

static fq_status street_tx(store_conn *c, void *arg, fq_err *err)
{
	demo_tx *t = arg;
	fq_status st = FQ_OK;
	for (size_t i = 0; i < t->plan->n_units && st == FQ_OK; i++)
		st = insert_unit(c, t, i, err);
	if (st != FQ_OK)
		return st;
	t->street_id = t->unit_ids[0];
	st = insert_households(c, t, err);
	if (st == FQ_OK)
		st = insert_persons(c, t, err);
	if (st == FQ_OK)
		st = insert_leaders(c, t, err);
	if (st == FQ_OK)
		st = insert_accounts(c, t, err);
	return st;
}

/* ---- reporting ----------------------------------------------------------- */

static bool is_series(const char *username, const char *base)
{
	size_t n = strlen(base);
	return strncmp(username, base, n) == 0 && username[n] >= '0' && username[n] <= '9';
}

/* The accounts of a street: one line each, except the grid workers and
 * community officers, which are numbered series. */
static void print_accounts(const demo_plan *p)
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

/* ---- the command --------------------------------------------------------- */

typedef struct demo_opts {
	uint64_t seed;
	int scale;
	int households;
	int64_t requests;  /* of the history; 0 for none */
	cal_date until;    /* the history's end day */
} demo_opts;

static int parse_number(const char *text, long long lo, long long hi, const char *flag,
			long long *out)
{
	char *end = NULL;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno || !*text || *end || v < lo || v > hi) {
		fprintf(stderr, "fengqiao demo: --%s must be a whole number from %lld to %lld\n",
			flag, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

static const char *const demo_flags[] = {"db",       "config", "seed",   "scale", "households",
					 "requests", "until",  "intake", NULL};

static void usage(void)
{
	fprintf(stderr, "usage: fengqiao demo [--db PATH] [--seed N] [--scale STREETS] "
			"[--households N] [--requests N] [--until YYYY-MM-DD|today] "
			"[--intake service|direct]\n");
}

/* --until: a day, or "today" in Asia/Shanghai. */
static int parse_until(const char *text, cal_date *out)
{
	fq_err err = {0};
	if (strcmp(text, "today") == 0) {
		*out = cal_date_of(fq_now_ms() / 1000);
		return 0;
	}
	if (cal_date_parse(text, "until", out, &err) != FQ_OK) {
		fprintf(stderr, "fengqiao demo: --until must be a day YYYY-MM-DD or today\n");
		return -1;
	}
	return 0;
}

/* --requests, --until and --intake (kept for old scripts: both values plan
 * through the requests service). */
static int parse_history(int argc, char **argv, demo_opts *o)
{
	const char *requests = cli_flag(argc, argv, "requests");
	const char *until = cli_flag(argc, argv, "until");
	const char *intake = cli_flag(argc, argv, "intake");
	long long v = 0;
	o->requests = DHIST_REQUESTS_DEFAULT;
	o->until = DHIST_UNTIL_DEFAULT;
	if (requests && parse_number(requests, 0, DHIST_REQUESTS_MAX, "requests", &v) != 0)
		return -1;
	o->requests = requests ? v : o->requests;
	if (intake && strcmp(intake, "service") != 0 && strcmp(intake, "direct") != 0) {
		fprintf(stderr, "fengqiao demo: --intake must be service or direct\n");
		return -1;
	}
	return until ? parse_until(until, &o->until) : 0;
}

static int parse_opts(int argc, char **argv, demo_opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *name = argv[i] + 2;
		size_t n = strcspn(name, "=");
		bool ok = false;
		for (int k = 0; strncmp(argv[i], "--", 2) == 0 && !ok && demo_flags[k]; k++)
			ok = strlen(demo_flags[k]) == n && strncmp(demo_flags[k], name, n) == 0;
		if (!ok) {
			usage();
			return -1;
		}
		if (!strchr(argv[i], '='))
			i++;
	}
	const char *seed = cli_flag(argc, argv, "seed"), *scale = cli_flag(argc, argv, "scale");
	const char *hh = cli_flag(argc, argv, "households");
	long long v = 0;
	*o = (demo_opts){DEMO_SEED_DEFAULT, 1, DEMO_HOUSEHOLDS_DEFAULT};
	if (seed && parse_number(seed, 0, INT64_MAX, "seed", &v) != 0)
		return -1;
	o->seed = seed ? (uint64_t)v : o->seed;
	if (scale && parse_number(scale, 1, DEMO_STREETS_MAX, "scale", &v) != 0)
		return -1;
	o->scale = scale ? (int)v : o->scale;
	if (hh && parse_number(hh, DEMO_HOUSEHOLDS_MIN, DEMO_HOUSEHOLDS_MAX, "households", &v) != 0)
		return -1;
	o->households = hh ? (int)v : o->households;
	return parse_history(argc, argv, o);
}

/* Refuse a database that already has units. */
static int check_empty(store *db, const char *path)
{
	store_conn *c = NULL;
	fq_err err = {0};
	int64_t n = 0;
	fq_status st = store_read_begin(db, &c);
	if (st == FQ_OK)
		st = store_load_count_units(c, &n, &err);
	store_read_end(db, c);
	if (st != FQ_OK) {
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

/* A street as inserted: its plan and the row ids of its units, households
 * and persons (what the history needs). */
typedef struct kept_street {
	demo_plan *plan;
	int64_t *unit_ids;
	int64_t *household_ids;
	int64_t *person_ids;
} kept_street;

static void kept_free(kept_street *k)
{
	demo_plan_free(k->plan);
	free(k->unit_ids);
	free(k->household_ids);
	free(k->person_ids);
}

/* Plan and insert one street and print its line. When keep is not NULL
 * the plan and its row ids are handed to the caller there (to print its
 * accounts and play its history). */
static int build_street(store *db, const demo_opts *o, int s, demo_idset *ids, const char *hash,
			kept_street *keep)
{
	demo_params params = {o->seed, s, o->households};
	demo_plan *plan = NULL;
	demo_tx t = {0};
	fq_err err = {0};
	int rc = -1;
	int64_t t0 = fq_mono_us();
	fq_status st = demo_plan_build(&params, ids, &plan, &err);
	int64_t t1 = fq_mono_us();
	if (st == FQ_OK) {
		t = (demo_tx){plan, hash, calloc(plan->n_units, sizeof(int64_t)),
			      calloc(plan->n_households, sizeof(int64_t)),
			      calloc(plan->n_persons, sizeof(int64_t)), 0};
		if (!t.unit_ids || !t.household_ids || !t.person_ids)
			st = fq_fail(&err, FQ_ENOMEM, "", "out of memory");
	}
	if (st == FQ_OK)
		st = store_write(db, street_tx, &t, &err);
	int64_t t2 = fq_mono_us();
	if (st != FQ_OK) {
		fprintf(stderr, "fengqiao demo: street %d: %s\n", s + 1, err.message);
		goto out;
	}
	print_street(plan, o->scale, (double)(t1 - t0) / US_PER_S, (double)(t2 - t1) / US_PER_S);
	if (keep) {
		*keep = (kept_street){plan, t.unit_ids, t.household_ids, t.person_ids};
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

/* A grid's stored boundary for the requests service (reqsvc_shape_fn):
 * GeoJSON is the api layer's business, so the command hands it down. */
static fq_status parse_boundary(const char *text, geo_multipolygon **out, fq_err *err)
{
	return geojson_parse(text, strlen(text), out, err);
}

static int run_demo(store *db, const demo_opts *o, const char *path)
{
	char hash[AUTH_HASH_MAX];
	fq_err err = {0};
	if (check_empty(db, path) != 0)
		return 1;
	if (auth_hash_password(DEMO_PASSWORD, hash, &err) != FQ_OK) {
		fprintf(stderr, "fengqiao demo: %s\n", err.message);
		return 1;
	}
	demo_idset *ids = demo_idset_new();
	if (!ids)
		return 1;
	int64_t start = fq_mono_us();
	kept_street first = {0};
	int rc = 0;
	for (int s = 0; s < o->scale && rc == 0; s++)
		rc = build_street(db, o, s, ids, hash, s == 0 ? &first : NULL) == 0 ? 0 : 1;
	demo_idset_free(ids);
	if (rc == 0) {
		printf("accounts%s:\n", o->scale > 1 ? " of the first street (the other streets' "
						      "continue the numbers or end in _s2, _s3 ...)"
						    : "");
		print_accounts(first.plan);
	}
	demo_street_rows rows = {first.plan, first.unit_ids, first.household_ids,
				 first.person_ids, hash, parse_boundary};
	dhist_params hp = {o->seed, o->requests, o->until};
	if (rc == 0 && o->requests > 0)
		rc = demo_requests_run(db, &rows, &hp) == 0 ? 0 : 1;
	if (rc == 0)
		rc = demo_talents_run(db, &rows, o->seed) == 0 ? 0 : 1;
	if (rc == 0)
		rc = demo_disputes_run(db, &rows, o->seed, o->until) == 0 ? 0 : 1;
	if (rc == 0)
		rc = demo_councils_run(db, &rows, o->seed, cal_date_start(o->until)) == 0 ? 0 : 1;
	kept_free(&first);
	if (rc == 0)
		printf("built %d street%s in %.2f s into %s; every demo account's password is %s\n",
		       o->scale, o->scale == 1 ? "" : "s",
		       (double)(fq_mono_us() - start) / US_PER_S, path, DEMO_PASSWORD);
	return rc;
}

int cmd_demo(int argc, char **argv)
{
	demo_opts o;
	fq_config cfg;
	if (parse_opts(argc, argv, &o) != 0)
		return 2;
	if (cli_config(argc, argv, &cfg) != 0)
		return 2;
	store *db = NULL;
	if (cli_open_store(&cfg, 1, &db) != 0)
		return 1;
	int rc = run_demo(db, &o, cfg.db_path);
	store_close(db);
	return rc;
}
