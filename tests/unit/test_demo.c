/*
 * test_demo.c - unit tests for src/domain/demo.c: the street's counts,
 * the tiling (grids are convex, do not overlap, leave no gap: every
 * sample point of the street lies in exactly one grid, and the areas add
 * up to the rectangle's), contiguous communities and villages, doors
 * inside their grids, valid and unique ID numbers, the leaders' links,
 * the accounts, determinism, and a second street of a multi-street build.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"
#include "domain/geo.h"
#include "domain/person.h"

/* Sample points for the tiling test. */
#define TILING_SAMPLES 20000

/* Households of the smaller plans (determinism, second street). */
#define SMALL_HOUSEHOLDS 4000

/* Bounds the full street must meet. */
#define NEIGHBOURS_MIN 3300
#define NEIGHBOURS_MAX 3900

static demo_plan *plan_of(uint64_t seed, int street, int households, demo_idset *ids)
{
	demo_params p = {seed, street, households};
	demo_plan *plan = NULL;
	fq_err err = {{0}, {0}};
	assert_int_equal(demo_plan_build(&p, ids, &plan, &err), FQ_OK);
	assert_non_null(plan);
	return plan;
}

static size_t count_kind(const demo_plan *p, demo_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_units; i++)
		n += p->units[i].kind == k;
	return n;
}

static const demo_account *account(const demo_plan *p, const char *username)
{
	for (size_t i = 0; i < p->n_accounts; i++)
		if (strcmp(p->accounts[i].username, username) == 0)
			return &p->accounts[i];
	return NULL;
}

/* The full street, shared by the tests that only read it. */
static int setup_full(void **state)
{
	*state = plan_of(1, 0, DEMO_HOUSEHOLDS_DEFAULT, NULL);
	return 0;
}

static int teardown_full(void **state)
{
	demo_plan_free(*state);
	return 0;
}

static void test_counts(void **state)
{
	const demo_plan *p = *state;
	assert_int_equal(count_kind(p, DEMO_STREET), 1);
	assert_int_equal(p->units[0].kind, DEMO_STREET);
	assert_int_equal(count_kind(p, DEMO_COMMUNITY), 7);
	assert_int_equal(count_kind(p, DEMO_VILLAGE), 8);
	assert_int_equal(count_kind(p, DEMO_GRID), 90);
	assert_int_equal(count_kind(p, DEMO_DEPARTMENT), DEMO_DEPARTMENT_COUNT);
	assert_true(count_kind(p, DEMO_BUILDING) >= 90);
	assert_int_equal(p->n_households, DEMO_HOUSEHOLDS_DEFAULT);
	assert_in_range(p->n_neighbour_leaders, NEIGHBOURS_MIN, NEIGHBOURS_MAX);
	for (size_t i = 0; i < p->n_units; i++) {
		const demo_unit *u = &p->units[i];
		assert_true(u->parent < (int32_t)i); /* parents come first */
		if (u->kind == DEMO_GRID) {
			assert_int_equal(strlen(u->code), 15);
			assert_memory_equal(u->code, p->units[u->parent].code, 12);
		}
	}
	size_t people = 0;
	for (size_t i = 0; i < p->n_households; i++) {
		const demo_household *h = &p->households[i];
		assert_in_range(h->n_persons, 2, 4);
		assert_int_equal(h->first_person, (int32_t)people);
		assert_string_equal(p->persons[h->first_person].relation, "户主");
		assert_int_equal(p->units[h->building].kind, DEMO_BUILDING);
		assert_int_equal(p->units[h->building].parent, h->grid);
		people += (size_t)h->n_persons;
	}
	assert_int_equal(people, p->n_persons);
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(((const demo_person *)a)->id_number, ((const demo_person *)b)->id_number);
}

static void test_people_valid_and_unique(void **state)
{
	const demo_plan *p = *state;
	fq_err err = {{0}, {0}};
	for (size_t i = 0; i < p->n_persons; i++) {
		const demo_person *x = &p->persons[i];
		assert_int_equal(person_id_valid(x->id_number, &err), FQ_OK);
		if (x->phone[0])
			assert_int_equal(person_phone_valid(x->phone, &err), FQ_OK);
		assert_true(x->gender == 'M' || x->gender == 'F');
		assert_int_equal((x->id_number[16] - '0') % 2, x->gender == 'M');
		assert_int_equal(atoi((char[5]){x->id_number[6], x->id_number[7], x->id_number[8],
						 x->id_number[9], 0}),
				 x->birth_year);
	}
	demo_person *sorted = malloc(p->n_persons * sizeof *sorted);
	assert_non_null(sorted);
	memcpy(sorted, p->persons, p->n_persons * sizeof *sorted);
	qsort(sorted, p->n_persons, sizeof *sorted, cmp_id);
	for (size_t i = 1; i < p->n_persons; i++)
		assert_string_not_equal(sorted[i - 1].id_number, sorted[i].id_number);
	free(sorted);
}

static void grid_polygon(const demo_unit *u, geo_polygon *poly)
{
	fq_err err = {{0}, {0}};
	*poly = (geo_polygon){0};
	assert_int_equal(geo_polygon_add_ring(poly, u->ring, DEMO_RING_POINTS, &err), FQ_OK);
	assert_int_equal(geo_polygon_validate(poly, &err), FQ_OK);
}

/* Counter-clockwise and convex: every turn is to the left. */
static void assert_convex(const demo_unit *u)
{
	for (int i = 0; i < 4; i++) {
		geo_point a = u->ring[i], b = u->ring[i + 1], c = u->ring[(i + 2) % 4];
		double cross = (b.lon - a.lon) * (c.lat - b.lat) -
			       (b.lat - a.lat) * (c.lon - b.lon);
		assert_true(cross > 0);
	}
}

static double area(const demo_unit *u)
{
	double s = 0;
	for (int i = 0; i < 4; i++)
		s += u->ring[i].lon * u->ring[i + 1].lat - u->ring[i + 1].lon * u->ring[i].lat;
	return s / 2;
}

static void test_tiling(void **state)
{
	const demo_plan *p = *state;
	geo_polygon polys[DEMO_GRID_COUNT];
	size_t n = 0;
	double total = 0;
	for (size_t i = 0; i < p->n_units; i++)
		if (p->units[i].kind == DEMO_GRID) {
			assert_convex(&p->units[i]);
			total += area(&p->units[i]);
			grid_polygon(&p->units[i], &polys[n++]);
		}
	assert_int_equal(n, DEMO_GRID_COUNT);
	const geo_bbox *box = &p->units[0].bbox;
	double rect = (box->max_lon - box->min_lon) * (box->max_lat - box->min_lat);
	assert_true(fabs(total - rect) < rect * 1e-9);
	/* an R2 low-discrepancy sequence: spread evenly, never on a lattice line */
	const double a1 = 0.7548776662466927, a2 = 0.5698402909980532;
	double w = box->max_lon - box->min_lon, h = box->max_lat - box->min_lat;
	for (int k = 1; k <= TILING_SAMPLES; k++) {
		geo_point pt = {
			.lon = box->min_lon + fmod(0.5 + a1 * k, 1.0) * w,
			.lat = box->min_lat + fmod(0.5 + a2 * k, 1.0) * h,
		};
		int holders = 0;
		for (size_t g = 0; g < n; g++)
			holders += geo_contains(&polys[g], pt);
		assert_int_equal(holders, 1);
	}
	for (size_t g = 0; g < n; g++)
		geo_polygon_clear(&polys[g]);
}

/* Two grids touch along an edge when they share two corner points. */
static int share_edge(const demo_unit *a, const demo_unit *b)
{
	int shared = 0;
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			shared += a->ring[i].lon == b->ring[j].lon &&
				  a->ring[i].lat == b->ring[j].lat;
	return shared >= 2;
}

static void test_blocks_contiguous(void **state)
{
	const demo_plan *p = *state;
	for (size_t blk = 0; blk < p->n_units; blk++) {
		demo_kind k = p->units[blk].kind;
		if (k != DEMO_COMMUNITY && k != DEMO_VILLAGE)
			continue;
		size_t members[DEMO_GRID_COUNT], n = 0;
		for (size_t i = 0; i < p->n_units; i++)
			if (p->units[i].kind == DEMO_GRID && p->units[i].parent == (int32_t)blk)
				members[n++] = i;
		assert_true(n >= 5);
		int reached[DEMO_GRID_COUNT] = {1};
		size_t queue[DEMO_GRID_COUNT] = {0}, head = 0, tail = 1;
		while (head < tail) {
			size_t cur = queue[head++];
			const demo_unit *from = &p->units[members[cur]];
			for (size_t j = 0; j < n; j++)
				if (!reached[j] && share_edge(from, &p->units[members[j]])) {
					reached[j] = 1;
					queue[tail++] = j;
				}
		}
		assert_int_equal(tail, n);
	}
}

static void test_doors_inside(void **state)
{
	const demo_plan *p = *state;
	for (size_t i = 0; i < p->n_units; i++) {
		const demo_unit *b = &p->units[i];
		if (b->kind != DEMO_BUILDING)
			continue;
		geo_polygon poly;
		grid_polygon(&p->units[b->parent], &poly);
		assert_true(geo_contains(&poly, b->door));
		assert_true(b->address[0] != '\0');
		geo_polygon_clear(&poly);
	}
}

static void test_leaders(void **state)
{
	const demo_plan *p = *state;
	int *linked = calloc(p->n_households, sizeof *linked);
	assert_non_null(linked);
	for (size_t i = 0; i < p->n_neighbour_leaders; i++) {
		const demo_leader *l = &p->leaders[i];
		assert_string_equal(l->kind, "neighbour");
		assert_int_equal(p->units[l->unit].kind, DEMO_GRID);
		assert_in_range(l->n_links, 10, 15);
		for (int32_t k = 0; k < l->n_links; k++) {
			int32_t hh = p->links[l->first_link + k];
			assert_int_equal(p->households[hh].grid, l->unit);
			linked[hh]++;
		}
		/* the 邻长 lives in one of the households they are linked to */
		assert_int_equal(p->persons[l->person].household, p->links[l->first_link]);
	}
	for (size_t i = 0; i < p->n_households; i++)
		assert_int_equal(linked[i], 1);
	free(linked);
	size_t buildings = 0;
	for (size_t i = p->n_neighbour_leaders; i < p->n_leaders; i++) {
		const demo_leader *l = &p->leaders[i];
		assert_string_equal(l->kind, "building");
		assert_int_equal(p->units[l->unit].kind, DEMO_BUILDING);
		assert_int_equal(p->households[p->persons[l->person].household].building, l->unit);
		buildings++;
	}
	assert_int_equal(buildings, count_kind(p, DEMO_BUILDING));
}

static void test_accounts(void **state)
{
	const demo_plan *p = *state;
	static const char *const roles[][2] = {
		{"admin", "admin"}, {"dispatcher", "dispatcher"}, {"supervisor", "supervisor"},
		{"community1", "community_officer"}, {"grid1", "grid_worker"},
		{"grid90", "grid_worker"}, {"leader1", "leader"}, {"building1", "building_leader"},
		{"resident1", "resident"}, {"dept1", "department_officer"}, {"talent1", "talent"},
		{"mediator1", "mediator"},
	};
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		const demo_account *a = account(p, roles[i][0]);
		assert_non_null(a);
		assert_string_equal(a->role, roles[i][1]);
	}
	assert_null(account(p, "grid91"));
	assert_int_equal(account(p, "admin")->unit, -1);
	assert_int_equal(p->units[account(p, "dispatcher")->unit].kind, DEMO_STREET);
	assert_int_equal(p->units[account(p, "community1")->unit].kind, DEMO_COMMUNITY);
	assert_int_equal(p->units[account(p, "dept1")->unit].kind, DEMO_DEPARTMENT);
	const demo_unit *g1 = &p->units[account(p, "grid1")->unit];
	assert_int_equal(g1->kind, DEMO_GRID);
	assert_string_equal(g1->code + 12, "001");
	const demo_leader *l1 = &p->leaders[0];
	const demo_account *leader = account(p, "leader1"), *resident = account(p, "resident1");
	assert_int_equal(leader->person, l1->person);
	assert_int_equal(leader->unit, l1->unit);
	assert_int_equal(l1->unit, account(p, "grid1")->unit);
	assert_true(resident->person != leader->person);
	assert_true(resident->person != account(p, "building1")->person);
	int32_t hh = p->persons[resident->person].household;
	int linked = 0;
	for (int32_t k = 0; k < l1->n_links; k++)
		linked += p->links[l1->first_link + k] == hh;
	assert_int_equal(linked, 1);
}

static void test_deterministic(void **state)
{
	(void)state;
	demo_plan *a = plan_of(7, 0, SMALL_HOUSEHOLDS, NULL);
	demo_plan *b = plan_of(7, 0, SMALL_HOUSEHOLDS, NULL);
	demo_plan *c = plan_of(8, 0, SMALL_HOUSEHOLDS, NULL);
	assert_int_equal(a->n_units, b->n_units);
	assert_int_equal(a->n_persons, b->n_persons);
	assert_int_equal(a->n_links, b->n_links);
	assert_int_equal(a->n_accounts, b->n_accounts);
	assert_memory_equal(a->units, b->units, a->n_units * sizeof *a->units);
	assert_memory_equal(a->households, b->households, a->n_households * sizeof *a->households);
	assert_memory_equal(a->persons, b->persons, a->n_persons * sizeof *a->persons);
	assert_memory_equal(a->leaders, b->leaders, a->n_leaders * sizeof *a->leaders);
	assert_memory_equal(a->links, b->links, a->n_links * sizeof *a->links);
	assert_memory_equal(a->accounts, b->accounts, a->n_accounts * sizeof *a->accounts);
	assert_int_equal(c->n_households, SMALL_HOUSEHOLDS);
	assert_string_not_equal(a->persons[0].id_number, c->persons[0].id_number);
	assert_true(memcmp(a->units[20].ring, c->units[20].ring, sizeof a->units[20].ring) != 0);
	demo_plan_free(a);
	demo_plan_free(b);
	demo_plan_free(c);
}

static void test_second_street(void **state)
{
	(void)state;
	demo_idset *ids = demo_idset_new();
	assert_non_null(ids);
	demo_plan *s1 = plan_of(3, 0, SMALL_HOUSEHOLDS, ids);
	demo_plan *s2 = plan_of(3, 1, SMALL_HOUSEHOLDS, ids);
	assert_string_equal(s1->units[0].code, "430181001");
	assert_string_equal(s2->units[0].code, "430181002");
	assert_true(s2->units[0].bbox.min_lon > s1->units[0].bbox.max_lon);
	assert_non_null(account(s2, "dispatcher_s2"));
	assert_non_null(account(s2, "grid91"));
	assert_non_null(account(s2, "community16"));
	assert_null(account(s2, "admin"));
	assert_null(account(s2, "grid1"));
	size_t n = s1->n_persons + s2->n_persons;
	demo_person *all = malloc(n * sizeof *all);
	assert_non_null(all);
	memcpy(all, s1->persons, s1->n_persons * sizeof *all);
	memcpy(all + s1->n_persons, s2->persons, s2->n_persons * sizeof *all);
	qsort(all, n, sizeof *all, cmp_id);
	for (size_t i = 1; i < n; i++)
		assert_string_not_equal(all[i - 1].id_number, all[i].id_number);
	free(all);
	demo_plan_free(s1);
	demo_plan_free(s2);
	demo_idset_free(ids);
}

static void test_bad_params(void **state)
{
	(void)state;
	demo_plan *plan = NULL;
	fq_err err = {{0}, {0}};
	demo_params few = {1, 0, DEMO_HOUSEHOLDS_MIN - 1};
	assert_int_equal(demo_plan_build(&few, NULL, &plan, &err), FQ_EINVAL);
	assert_string_equal(err.field, "households");
	demo_params far = {1, DEMO_STREETS_MAX, DEMO_HOUSEHOLDS_MIN};
	assert_int_equal(demo_plan_build(&far, NULL, &plan, &err), FQ_EINVAL);
	assert_string_equal(err.field, "street_index");
	assert_null(plan);
	assert_string_equal(demo_kind_name(DEMO_GRID), "grid");
}

int main(void)
{
	/* one group, so the XML report holds every test; the full street is
	 * built once and only read by the tests that take it */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_people_valid_and_unique),
		cmocka_unit_test(test_tiling),
		cmocka_unit_test(test_blocks_contiguous),
		cmocka_unit_test(test_doors_inside),
		cmocka_unit_test(test_leaders),
		cmocka_unit_test(test_accounts),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_second_street),
		cmocka_unit_test(test_bad_params),
	};
	return cmocka_run_group_tests_name("demo", tests, setup_full, teardown_full);
}
