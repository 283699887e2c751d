/*
 * test_org.c - unit tests for src/domain/org.c: choosing the grid that
 * holds a point (holes, islands in holes, shared edges and vertices,
 * outside, unreadable shapes), paths, cursors, and the scope rules for
 * households, reveals and 邻长.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "domain/org.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- locate ------------------------------------------------------------ */

static geo_point pt(double lon, double lat)
{
	return (geo_point){.lon = lon, .lat = lat};
}

/* A new multipolygon of one polygon: an outer ring and optionally a hole. */
static geo_multipolygon *shape(const geo_point *outer, size_t n, const geo_point *hole,
			       size_t nhole)
{
	fq_err err = {{0}, {0}};
	geo_polygon poly = {0};
	geo_multipolygon *mp = geo_multipolygon_new();
	assert_non_null(mp);
	assert_int_equal(geo_polygon_add_ring(&poly, outer, n, &err), FQ_OK);
	if (hole)
		assert_int_equal(geo_polygon_add_ring(&poly, hole, nhole, &err), FQ_OK);
	assert_int_equal(geo_multipolygon_take_polygon(mp, &poly, &err), FQ_OK);
	assert_int_equal(geo_multipolygon_validate(mp, &err), FQ_OK);
	return mp;
}

/* Two grids side by side sharing the edge lon = 120.1, and a donut grid to
 * the north whose hole holds an island grid. */
static const geo_point west[] = {{120.0, 30.0}, {120.1, 30.0}, {120.1, 30.1}, {120.0, 30.1}};
static const geo_point east[] = {{120.1, 30.0}, {120.2, 30.0}, {120.2, 30.1}, {120.1, 30.1}};
static const geo_point donut[] = {{120.0, 30.2}, {120.3, 30.2}, {120.3, 30.5}, {120.0, 30.5}};
static const geo_point hole[] = {{120.1, 30.3}, {120.2, 30.3}, {120.2, 30.4}, {120.1, 30.4}};
static const geo_point island[] = {{120.12, 30.32}, {120.18, 30.32}, {120.18, 30.38},
				   {120.12, 30.38}};

typedef struct grids {
	geo_multipolygon *west, *east, *donut, *island;
} grids;

static int grids_setup(void **state)
{
	grids *g = test_malloc(sizeof *g);
	g->west = shape(west, ARRAY_LEN(west), NULL, 0);
	g->east = shape(east, ARRAY_LEN(east), NULL, 0);
	g->donut = shape(donut, ARRAY_LEN(donut), hole, ARRAY_LEN(hole));
	g->island = shape(island, ARRAY_LEN(island), NULL, 0);
	*state = g;
	return 0;
}

static int grids_teardown(void **state)
{
	grids *g = *state;
	geo_multipolygon_free(g->west);
	geo_multipolygon_free(g->east);
	geo_multipolygon_free(g->donut);
	geo_multipolygon_free(g->island);
	test_free(g);
	return 0;
}

/* The id org_locate_pick chooses among cands for p, or -1 for none. */
static int64_t pick(const org_grid_shape *cands, size_t n, geo_point p)
{
	size_t i = 99;
	fq_status st = org_locate_pick(cands, n, p, &i);
	if (st == FQ_ENOTFOUND) {
		assert_int_equal(i, 99);
		return -1;
	}
	assert_int_equal(st, FQ_OK);
	assert_true(i < n);
	return cands[i].id;
}

static void test_locate_inside(void **state)
{
	grids *g = *state;
	org_grid_shape c[] = {{10, g->west}, {11, g->east}};
	assert_int_equal(pick(c, 2, pt(120.05, 30.05)), 10);
	assert_int_equal(pick(c, 2, pt(120.15, 30.05)), 11);
}

static void test_locate_shared_edge_lowest_id(void **state)
{
	grids *g = *state;
	/* the edge lon = 120.1 belongs to both: the lowest id wins, whatever
	 * the order of the candidates */
	org_grid_shape a[] = {{11, g->east}, {10, g->west}};
	org_grid_shape b[] = {{10, g->west}, {11, g->east}};
	assert_int_equal(pick(a, 2, pt(120.1, 30.05)), 10);
	assert_int_equal(pick(b, 2, pt(120.1, 30.05)), 10);
	/* a shared vertex too */
	assert_int_equal(pick(a, 2, pt(120.1, 30.1)), 10);
	/* with ids the other way round */
	org_grid_shape c[] = {{12, g->west}, {3, g->east}};
	assert_int_equal(pick(c, 2, pt(120.1, 30.0)), 3);
}

static void test_locate_hole(void **state)
{
	grids *g = *state;
	org_grid_shape only_donut[] = {{20, g->donut}};
	/* in the ring of the donut */
	assert_int_equal(pick(only_donut, 1, pt(120.05, 30.35)), 20);
	/* strictly inside the hole: not in the donut */
	assert_int_equal(pick(only_donut, 1, pt(120.15, 30.31)), -1);
	/* on the hole's edge: the donut's boundary, so inside */
	assert_int_equal(pick(only_donut, 1, pt(120.15, 30.3)), 20);
}

static void test_locate_island_in_hole(void **state)
{
	grids *g = *state;
	org_grid_shape c[] = {{20, g->donut}, {21, g->island}};
	assert_int_equal(pick(c, 2, pt(120.15, 30.35)), 21);
	/* between the island and the hole's edge: nobody */
	assert_int_equal(pick(c, 2, pt(120.11, 30.35)), -1);
	/* on the island's edge: only the island (the donut's hole is open there) */
	assert_int_equal(pick(c, 2, pt(120.12, 30.35)), 21);
}

static void test_locate_outside(void **state)
{
	grids *g = *state;
	org_grid_shape c[] = {{10, g->west}, {11, g->east}, {20, g->donut}};
	assert_int_equal(pick(c, 3, pt(119.0, 30.05)), -1);
	assert_int_equal(pick(c, 3, pt(120.05, 30.15)), -1); /* the gap between them */
	assert_int_equal(pick(c, 0, pt(120.05, 30.05)), -1);
}

static void test_locate_skips_missing_shape(void **state)
{
	grids *g = *state;
	org_grid_shape c[] = {{1, NULL}, {10, g->west}};
	assert_int_equal(pick(c, 2, pt(120.05, 30.05)), 10);
	assert_int_equal(pick(c, 1, pt(120.05, 30.05)), -1);
}

/* ---- paths, cursors, kinds ------------------------------------------------ */

static void test_path_ids(void **state)
{
	(void)state;
	int64_t ids[4];
	size_t n = 99;
	fq_err err = {{0}, {0}};
	assert_int_equal(org_path_ids("/1/4/17/", ids, 4, &n, &err), FQ_OK);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 4);
	assert_int_equal(ids[2], 17);
	assert_int_equal(org_path_ids("/", ids, 4, &n, &err), FQ_OK);
	assert_int_equal(n, 0);
	assert_int_equal(org_path_ids("/1/2/3/4/5/", ids, 4, &n, &err), FQ_ETOOBIG);
	static const char *bad[] = {NULL, "", "1/2/", "/1/x/", "/1//", "/01/", "/1/2",
				    "/-1/", "/99999999999999999999/"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		n = 99;
		assert_int_equal(org_path_ids(bad[i], ids, 4, &n, &err), FQ_EINVAL);
		assert_string_equal(err.field, "path");
		assert_int_equal(n, 99);
	}
}

static void test_cursor(void **state)
{
	(void)state;
	char cur[ORG_CURSOR_MAX];
	int64_t after = -1;
	fq_err err = {{0}, {0}};
	org_cursor_encode(12345, cur);
	assert_int_equal(org_cursor_decode(cur, &after, &err), FQ_OK);
	assert_int_equal(after, 12345);
	org_cursor_encode(INT64_MAX, cur);
	assert_int_equal(org_cursor_decode(cur, &after, &err), FQ_OK);
	assert_true(after == INT64_MAX);
	assert_int_equal(org_cursor_decode(NULL, &after, &err), FQ_OK);
	assert_int_equal(after, 0);
	assert_int_equal(org_cursor_decode("", &after, &err), FQ_OK);
	assert_int_equal(after, 0);
	static const char *bad[] = {"abc", "-1", "0", "12a", " 12", "99999999999999999999"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		after = 7;
		assert_int_equal(org_cursor_decode(bad[i], &after, &err), FQ_EINVAL);
		assert_string_equal(err.field, "cursor");
		assert_int_equal(after, 7);
	}
}

static void test_kinds_and_fields(void **state)
{
	(void)state;
	assert_true(org_unit_kind_valid("grid"));
	assert_true(org_unit_kind_valid("village"));
	assert_false(org_unit_kind_valid("galaxy"));
	assert_false(org_unit_kind_valid(NULL));
	assert_int_equal(org_field_parse("phone"), ORG_FIELD_PHONE);
	assert_int_equal(org_field_parse("id_number"), ORG_FIELD_ID_NUMBER);
	assert_int_equal(org_field_parse("name"), 0);
	assert_string_equal(org_field_name(ORG_FIELD_ID_NUMBER), "id_number");
}

static void test_chain_find(void **state)
{
	(void)state;
	static const char *const communities[] = {"community", "village", NULL};
	static const char *const streets[] = {"street", NULL};
	static const char *const buildings[] = {"building", NULL};
	store_unit chain[] = {{.id = 1, .kind = "street"},
			      {.id = 4, .kind = "village"},
			      {.id = 17, .kind = "grid"}};
	assert_int_equal(org_chain_find(chain, 3, communities), 1);
	assert_int_equal(org_chain_find(chain, 3, streets), 0);
	assert_int_equal(org_chain_find(chain, 3, buildings), -1);
	assert_int_equal(org_chain_find(chain, 0, streets), -1);
}

/* ---- scope ------------------------------------------------------------ */

#define GRID_A "/1/2/3/"
#define GRID_B "/1/2/9/"
#define BUILDING_A "/1/2/3/50/"
#define BUILDING_A2 "/1/2/3/51/"

/* A caller with one role bound at path (NULL: the whole deployment). */
static caller one_role(role r, const char *path)
{
	caller c = {.account_id = 1, .roles = r, .n_roles = 1};
	c.r[0] = (caller_role){.role = r, .unit_id = path ? 99 : 0, .path = path ? path : "/"};
	return c;
}

static org_household_scope in_a(bool linked)
{
	return (org_household_scope){.household_id = 500, .grid_path = GRID_A,
				     .building_path = BUILDING_A, .linked = linked};
}

static void test_visible_staff(void **state)
{
	(void)state;
	org_household_scope s = in_a(false);
	caller gw = one_role(ROLE_GRID_WORKER, GRID_A);
	caller other = one_role(ROLE_GRID_WORKER, GRID_B);
	caller community = one_role(ROLE_COMMUNITY_OFFICER, "/1/2/");
	caller admin = one_role(ROLE_ADMIN, NULL);
	caller talent = one_role(ROLE_TALENT, GRID_A);
	assert_true(org_household_visible(&gw, &s));
	assert_false(org_household_visible(&other, &s));
	assert_true(org_household_visible(&community, &s));
	assert_true(org_household_visible(&admin, &s));
	assert_false(org_household_visible(&talent, &s));
	assert_false(org_household_visible(NULL, &s));
}

static void test_visible_building_leader(void **state)
{
	(void)state;
	org_household_scope s = in_a(false);
	caller bl = one_role(ROLE_BUILDING_LEADER, BUILDING_A);
	caller bl2 = one_role(ROLE_BUILDING_LEADER, BUILDING_A2);
	assert_true(org_household_visible(&bl, &s));
	assert_false(org_household_visible(&bl2, &s));
	assert_true(org_households_listable(&bl, BUILDING_A));
	assert_false(org_households_listable(&bl, GRID_A));
}

static void test_visible_leader_and_resident(void **state)
{
	(void)state;
	caller leader = one_role(ROLE_LEADER, GRID_A);
	leader.leader_id = 7;
	org_household_scope linked = in_a(true), not_linked = in_a(false);
	assert_true(org_needs_link(&leader));
	assert_true(org_household_visible(&leader, &linked));
	/* a 邻长 bound to the grid still sees only linked households */
	assert_false(org_household_visible(&leader, &not_linked));
	caller no_record = one_role(ROLE_LEADER, GRID_A);
	assert_false(org_needs_link(&no_record));
	assert_false(org_household_visible(&no_record, &linked));

	caller resident = one_role(ROLE_RESIDENT, GRID_A);
	resident.household_id = 500;
	assert_true(org_household_visible(&resident, &not_linked));
	resident.household_id = 501;
	assert_false(org_household_visible(&resident, &not_linked));
}

static void test_person_without_household(void **state)
{
	(void)state;
	org_household_scope s = {0};
	caller admin = one_role(ROLE_ADMIN, NULL);
	caller street = one_role(ROLE_DISPATCHER, "/1/");
	caller nobody = one_role(ROLE_RESIDENT, NULL);
	assert_true(org_household_visible(&admin, &s));
	assert_false(org_household_visible(&street, &s));
	assert_false(org_household_visible(&nobody, &s));
}

static void test_reveal_rules(void **state)
{
	(void)state;
	fq_err err = {{0}, {0}};
	org_household_scope s = in_a(true);
	unsigned both = ORG_FIELD_PHONE | ORG_FIELD_ID_NUMBER;

	caller gw = one_role(ROLE_GRID_WORKER, GRID_A);
	assert_int_equal(org_reveal_check(&gw, &s, ORG_FIELD_PHONE, &err), FQ_OK);
	assert_int_equal(org_reveal_check(&gw, &s, both, &err), FQ_EFORBIDDEN);
	assert_string_equal(err.field, "id_number");

	caller co = one_role(ROLE_COMMUNITY_OFFICER, "/1/2/");
	assert_int_equal(org_reveal_check(&co, &s, both, &err), FQ_OK);

	caller sup = one_role(ROLE_SUPERVISOR, "/1/");
	assert_int_equal(org_reveal_check(&sup, &s, ORG_FIELD_PHONE, &err), FQ_EFORBIDDEN);
	assert_string_equal(err.field, "phone");

	caller far = one_role(ROLE_COMMUNITY_OFFICER, "/1/8/");
	assert_int_equal(org_reveal_check(&far, &s, ORG_FIELD_PHONE, &err), FQ_ENOTFOUND);

	caller leader = one_role(ROLE_LEADER, GRID_A);
	leader.leader_id = 7;
	assert_int_equal(org_reveal_check(&leader, &s, ORG_FIELD_PHONE, &err), FQ_OK);
	assert_int_equal(org_reveal_check(&leader, &s, ORG_FIELD_ID_NUMBER, &err), FQ_EFORBIDDEN);
	org_household_scope unlinked = in_a(false);
	assert_int_equal(org_reveal_check(&leader, &unlinked, ORG_FIELD_PHONE, &err),
			 FQ_ENOTFOUND);

	caller resident = one_role(ROLE_RESIDENT, GRID_A);
	resident.household_id = 500;
	assert_int_equal(org_reveal_check(&resident, &s, ORG_FIELD_PHONE, &err), FQ_EFORBIDDEN);
}

static void test_reveal_mixed_roles(void **state)
{
	(void)state;
	fq_err err = {{0}, {0}};
	org_household_scope s = in_a(false);
	/* community officer elsewhere, grid worker here: phone by the grid
	 * worker role, but the ID number needs a role that reaches this grid */
	caller c = one_role(ROLE_GRID_WORKER, GRID_A);
	c.r[1] = (caller_role){.role = ROLE_COMMUNITY_OFFICER, .unit_id = 8, .path = "/1/8/"};
	c.n_roles = 2;
	c.roles |= ROLE_COMMUNITY_OFFICER;
	assert_int_equal(org_reveal_check(&c, &s, ORG_FIELD_PHONE, &err), FQ_OK);
	assert_int_equal(org_reveal_check(&c, &s, ORG_FIELD_ID_NUMBER, &err), FQ_EFORBIDDEN);
}

static void test_scope_root(void **state)
{
	(void)state;
	caller c = one_role(ROLE_GRID_WORKER, GRID_A);
	c.r[1] = (caller_role){.role = ROLE_COMMUNITY_OFFICER, .unit_id = 2, .path = "/1/2/"};
	c.r[2] = (caller_role){.role = ROLE_RESIDENT, .unit_id = 0, .path = "/"};
	c.n_roles = 3;
	assert_string_equal(org_scope_root(&c, WHO_STAFF), "/1/2/");
	assert_string_equal(org_scope_root(&c, ROLE_RESIDENT), "/");
	assert_null(org_scope_root(&c, ROLE_MEDIATOR));
	caller admin = one_role(ROLE_ADMIN, NULL);
	assert_string_equal(org_scope_root(&admin, WHO_STAFF), ORG_ROOT_PATH);
}

static void test_leader_visible(void **state)
{
	(void)state;
	store_leader l = {.id = 7, .unit_path = GRID_A};
	caller self = one_role(ROLE_LEADER, GRID_A);
	self.leader_id = 7;
	caller other_leader = one_role(ROLE_LEADER, GRID_A);
	other_leader.leader_id = 8;
	caller gw = one_role(ROLE_GRID_WORKER, GRID_A);
	caller gw_b = one_role(ROLE_GRID_WORKER, GRID_B);
	caller bl = one_role(ROLE_BUILDING_LEADER, GRID_A);
	assert_true(org_leader_visible(&self, &l));
	assert_false(org_leader_visible(&other_leader, &l));
	assert_true(org_leader_visible(&gw, &l));
	assert_false(org_leader_visible(&gw_b, &l));
	assert_false(org_leader_visible(&bl, &l));
	assert_true(org_leaders_listable(&gw, GRID_A));
	assert_false(org_leaders_listable(&gw, "/1/2/"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_locate_inside, grids_setup, grids_teardown),
		cmocka_unit_test_setup_teardown(test_locate_shared_edge_lowest_id, grids_setup,
						grids_teardown),
		cmocka_unit_test_setup_teardown(test_locate_hole, grids_setup, grids_teardown),
		cmocka_unit_test_setup_teardown(test_locate_island_in_hole, grids_setup,
						grids_teardown),
		cmocka_unit_test_setup_teardown(test_locate_outside, grids_setup, grids_teardown),
		cmocka_unit_test_setup_teardown(test_locate_skips_missing_shape, grids_setup,
						grids_teardown),
		cmocka_unit_test(test_path_ids),
		cmocka_unit_test(test_cursor),
		cmocka_unit_test(test_kinds_and_fields),
		cmocka_unit_test(test_chain_find),
		cmocka_unit_test(test_visible_staff),
		cmocka_unit_test(test_visible_building_leader),
		cmocka_unit_test(test_visible_leader_and_resident),
		cmocka_unit_test(test_person_without_household),
		cmocka_unit_test(test_reveal_rules),
		cmocka_unit_test(test_reveal_mixed_roles),
		cmocka_unit_test(test_scope_root),
		cmocka_unit_test(test_leader_visible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
