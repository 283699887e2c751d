/*
 * test_geo.c - unit tests for src/domain/geo.c: point-in-polygon on
 * squares, concave shapes, holes, edges and vertices, exactness next to a
 * sloped edge, bounding boxes, and validation of bad polygons; and
 * src/domain/crs.c: WGS 84 to GCJ-02 against published reference points,
 * back again, and nothing moved outside China.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/crs.h"
#include "domain/geo.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Points tried against the diagonal edge in the exactness test. */
#define DIAGONAL_SAMPLES 2000

static geo_point pt(double lon, double lat)
{
	return (geo_point){.lon = lon, .lat = lat};
}

/* Build a polygon from an outer ring and optional hole. */
static void build(geo_polygon *poly, const geo_point *outer, size_t n,
		  const geo_point *hole, size_t nhole)
{
	fq_err err = {{0}, {0}};

	assert_int_equal(geo_polygon_add_ring(poly, outer, n, &err), FQ_OK);
	if (hole)
		assert_int_equal(geo_polygon_add_ring(poly, hole, nhole, &err),
				 FQ_OK);
	assert_int_equal(geo_polygon_validate(poly, &err), FQ_OK);
}

static const geo_point square[] = {
	{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0},
};

static void test_square(void **state)
{
	(void)state;
	geo_polygon poly = {0};

	build(&poly, square, ARRAY_LEN(square), NULL, 0);
	assert_true(geo_contains(&poly, pt(5, 5)));
	assert_true(geo_contains(&poly, pt(0.001, 9.999)));
	assert_false(geo_contains(&poly, pt(-1, 5)));
	assert_false(geo_contains(&poly, pt(11, 5)));
	assert_false(geo_contains(&poly, pt(5, 10.5)));
	assert_false(geo_contains(&poly, pt(5, -0.5)));
	geo_polygon_clear(&poly);
}

/* A "U" open to the north: the notch between the arms is outside. */
static void test_concave(void **state)
{
	(void)state;
	static const geo_point u[] = {
		{0, 0}, {9, 0}, {9, 9}, {6, 9}, {6, 3}, {3, 3}, {3, 9}, {0, 9},
	};
	geo_polygon poly = {0};

	build(&poly, u, ARRAY_LEN(u), NULL, 0);
	assert_true(geo_contains(&poly, pt(1.5, 6)));   /* west arm */
	assert_true(geo_contains(&poly, pt(7.5, 6)));   /* east arm */
	assert_true(geo_contains(&poly, pt(4.5, 1.5))); /* base */
	assert_false(geo_contains(&poly, pt(4.5, 6)));  /* notch */
	assert_false(geo_contains(&poly, pt(4.5, 9)));  /* notch mouth */
	/* A ray east from here passes through the vertices (3,3)-(6,3)
	 * along an edge; the half-open rule must still count right. */
	assert_false(geo_contains(&poly, pt(-1, 3)));
	assert_true(geo_contains(&poly, pt(1, 3)));
	assert_true(geo_contains(&poly, pt(4.5, 3))); /* on the notch floor */
	assert_true(geo_contains(&poly, pt(8, 3)));
	/* A ray through the top vertices (0,9), (3,9), (6,9), (9,9). */
	assert_true(geo_contains(&poly, pt(1, 9)));
	assert_false(geo_contains(&poly, pt(-1, 9)));
	geo_polygon_clear(&poly);
}

static void test_hole(void **state)
{
	(void)state;
	static const geo_point hole[] = {
		{3, 3}, {3, 7}, {7, 7}, {7, 3},
	};
	geo_polygon poly = {0};

	build(&poly, square, ARRAY_LEN(square), hole, ARRAY_LEN(hole));
	assert_int_equal(poly.nrings, 2);
	assert_false(geo_contains(&poly, pt(5, 5)));  /* in the hole */
	assert_true(geo_contains(&poly, pt(1, 5)));   /* between rings */
	assert_true(geo_contains(&poly, pt(8.5, 8)));
	assert_true(geo_contains(&poly, pt(3, 5)));   /* on a hole edge */
	assert_true(geo_contains(&poly, pt(7, 7)));   /* on a hole vertex */
	assert_false(geo_contains(&poly, pt(12, 5))); /* outside all */
	geo_polygon_clear(&poly);
}

static void test_on_edge(void **state)
{
	(void)state;
	static const geo_point tri[] = {
		{0, 0}, {8, 0}, {0, 4},
	};
	geo_polygon poly = {0};

	build(&poly, tri, ARRAY_LEN(tri), NULL, 0);
	assert_true(geo_contains(&poly, pt(4, 0)));   /* horizontal edge */
	assert_true(geo_contains(&poly, pt(0, 2)));   /* vertical edge */
	assert_true(geo_contains(&poly, pt(4, 2)));   /* sloped edge */
	assert_true(geo_contains(&poly, pt(2, 3)));   /* sloped edge */
	assert_false(geo_contains(&poly, pt(9, 0)));  /* edge extended */
	assert_false(geo_contains(&poly, pt(-4, 6))); /* slope extended */
	assert_false(geo_contains(&poly, pt(4, 2.000001)));
	geo_polygon_clear(&poly);
}

static void test_on_vertex(void **state)
{
	(void)state;
	geo_polygon poly = {0};

	build(&poly, square, ARRAY_LEN(square), NULL, 0);
	for (size_t i = 0; i < ARRAY_LEN(square); i++)
		assert_true(geo_contains(&poly, square[i]));
	assert_false(geo_contains(&poly, pt(10, 10.0000001)));
	geo_polygon_clear(&poly);
}

static void test_outside_and_degenerate(void **state)
{
	(void)state;
	geo_polygon poly = {0};

	assert_false(geo_contains(&poly, pt(0, 0))); /* no rings */
	assert_false(geo_contains(NULL, pt(0, 0)));
	build(&poly, square, ARRAY_LEN(square), NULL, 0);
	assert_false(geo_contains(&poly, pt(NAN, 5)));
	assert_false(geo_contains(&poly, pt(5, INFINITY)));
	assert_false(geo_contains(&poly, pt(-180, -90)));
	geo_polygon_clear(&poly);
}

/* Right triangle under the diagonal lon == lat. Points on the diagonal are
 * on the boundary; one step north of it is outside, one step south is
 * inside. A naive floating-point cross product gets some of these wrong. */
static void test_exact_near_sloped_edge(void **state)
{
	(void)state;
	static const geo_point tri[] = {
		{0.3, 0.3}, {80.7, 0.3}, {80.7, 80.7},
	};
	geo_polygon poly = {0};
	uint64_t x = 0x9e3779b97f4a7c15u;

	build(&poly, tri, ARRAY_LEN(tri), NULL, 0);
	for (int i = 0; i < DIAGONAL_SAMPLES; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		double t = 0.31 + (double)(x >> 11) * 0x1p-53 * 80.3;

		assert_true(geo_contains(&poly, pt(t, t)));
		assert_false(geo_contains(&poly, pt(t, nextafter(t, 200))));
		assert_true(geo_contains(&poly, pt(t, nextafter(t, 0))));
		assert_false(geo_contains(&poly, pt(nextafter(t, 0), t)));
	}
	geo_polygon_clear(&poly);
}

static void test_bbox(void **state)
{
	(void)state;
	static const geo_point grid[] = {
		{113.62, 28.14}, {113.66, 28.13}, {113.67, 28.17},
		{113.63, 28.18},
	};
	static const geo_point far[] = {
		{113.70, 28.10}, {113.72, 28.10}, {113.72, 28.12},
	};
	geo_polygon poly = {0};
	geo_polygon other = {0};
	geo_multipolygon mp = {0};
	geo_bbox box = {0, 0, 0, 0};
	fq_err err = {{0}, {0}};

	assert_int_equal(geo_polygon_bbox(&poly, &box), FQ_EINVAL);
	build(&poly, grid, ARRAY_LEN(grid), NULL, 0);
	assert_int_equal(geo_polygon_bbox(&poly, &box), FQ_OK);
	assert_true(box.min_lon == 113.62 && box.max_lon == 113.67);
	assert_true(box.min_lat == 28.13 && box.max_lat == 28.18);
	assert_true(geo_bbox_contains(&box, pt(113.62, 28.13)));
	assert_false(geo_bbox_contains(&box, pt(113.61, 28.15)));

	assert_int_equal(geo_multipolygon_bbox(&mp, &box), FQ_EINVAL);
	build(&other, far, ARRAY_LEN(far), NULL, 0);
	assert_int_equal(geo_multipolygon_take_polygon(&mp, &poly, &err),
			 FQ_OK);
	assert_int_equal(geo_multipolygon_take_polygon(&mp, &other, &err),
			 FQ_OK);
	assert_null(poly.rings);
	assert_int_equal(mp.npolys, 2);
	assert_int_equal(geo_multipolygon_bbox(&mp, &box), FQ_OK);
	assert_true(box.min_lon == 113.62 && box.max_lon == 113.72);
	assert_true(box.min_lat == 28.10 && box.max_lat == 28.18);
	assert_true(geo_multipolygon_contains(&mp, pt(113.645, 28.155)));
	assert_true(geo_multipolygon_contains(&mp, pt(113.715, 28.105)));
	assert_false(geo_multipolygon_contains(&mp, pt(113.69, 28.15)));
	geo_multipolygon_clear(&mp);
}

/* Validate a one-ring polygon and expect failure st on field. */
static void expect_invalid(const geo_point *pts, size_t n, fq_status st,
			   const char *field, const char *msg_part)
{
	geo_polygon poly = {0};
	fq_err err = {{0}, {0}};

	assert_int_equal(geo_polygon_add_ring(&poly, pts, n, &err), FQ_OK);
	assert_int_equal(geo_polygon_validate(&poly, &err), st);
	assert_string_equal(err.field, field);
	assert_non_null(strstr(err.message, msg_part));
	geo_polygon_clear(&poly);
}

static void test_invalid(void **state)
{
	(void)state;
	static const geo_point two[] = {{0, 0}, {1, 1}};
	static const geo_point line[] = {{0, 0}, {1, 1}, {2, 2}, {0, 0}};
	static const geo_point lat[] = {{0, 0}, {1, 0}, {1, 95}, {0, 0}};
	static const geo_point lon[] = {{0, 0}, {181, 0}, {1, 1}, {0, 0}};
	static const geo_point nan[] = {{0, 0}, {1, 0}, {NAN, 1}, {0, 0}};
	static const geo_point same[] = {{1, 1}, {1, 1}, {1, 1}, {1, 1}};

	expect_invalid(two, ARRAY_LEN(two), FQ_EINVAL, "ring",
		       "at least 4");
	expect_invalid(line, ARRAY_LEN(line), FQ_EINVAL, "ring", "zero area");
	expect_invalid(same, ARRAY_LEN(same), FQ_EINVAL, "ring", "zero area");
	expect_invalid(lat, ARRAY_LEN(lat), FQ_EINVAL, "lat",
		       "ring 0, point 2: lat 95 is outside -90..90");
	expect_invalid(lon, ARRAY_LEN(lon), FQ_EINVAL, "lon",
		       "point 1: lon 181");
	expect_invalid(nan, ARRAY_LEN(nan), FQ_EINVAL, "lon", "not a finite");
}

static void test_no_rings_and_limits(void **state)
{
	(void)state;
	geo_polygon poly = {0};
	fq_err err = {{0}, {0}};
	geo_point *many = calloc(GEO_MAX_POINTS + 1, sizeof(*many));

	assert_non_null(many);
	assert_int_equal(geo_polygon_validate(&poly, &err), FQ_EINVAL);
	assert_string_equal(err.field, "rings");

	assert_int_equal(geo_polygon_add_ring(&poly, many, 0, &err),
			 FQ_EINVAL);
	assert_int_equal(
		geo_polygon_add_ring(&poly, many, GEO_MAX_POINTS + 1, &err),
		FQ_ETOOBIG);
	assert_string_equal(err.field, "points");
	assert_int_equal(poly.nrings, 0);

	/* A full ring that is not closed cannot be closed. */
	for (size_t i = 0; i < GEO_MAX_POINTS; i++)
		many[i] = pt((double)i / GEO_MAX_POINTS, (double)(i % 2));
	assert_int_equal(geo_polygon_add_ring(&poly, many, GEO_MAX_POINTS,
					      &err),
			 FQ_OK);
	assert_int_equal(geo_polygon_validate(&poly, &err), FQ_ETOOBIG);
	assert_string_equal(err.field, "points");
	geo_polygon_clear(&poly);

	for (int i = 0; i < GEO_MAX_RINGS; i++)
		assert_int_equal(geo_polygon_add_ring(&poly, square,
						      ARRAY_LEN(square), &err),
				 FQ_OK);
	assert_int_equal(geo_polygon_add_ring(&poly, square, ARRAY_LEN(square),
					      &err),
			 FQ_ETOOBIG);
	assert_string_equal(err.field, "rings");
	geo_polygon_clear(&poly);
	free(many);
}

static void test_auto_close(void **state)
{
	(void)state;
	static const geo_point open[] = {{0, 0}, {4, 0}, {4, 4}, {0, 4}};
	geo_polygon poly = {0};

	build(&poly, open, ARRAY_LEN(open), NULL, 0);
	assert_int_equal(poly.rings[0].n, 5);
	assert_true(poly.rings[0].pts[4].lon == 0 &&
		    poly.rings[0].pts[4].lat == 0);
	/* Validating again leaves a closed ring alone. */
	assert_int_equal(geo_polygon_validate(&poly, NULL), FQ_OK);
	assert_int_equal(poly.rings[0].n, 5);
	geo_polygon_clear(&poly);

	/* A triangle given without its closing point is enough. */
	static const geo_point tri[] = {{0, 0}, {1, 0}, {0, 1}};
	build(&poly, tri, ARRAY_LEN(tri), NULL, 0);
	assert_int_equal(poly.rings[0].n, 4);
	geo_polygon_clear(&poly);
}

static void test_multipolygon_validate(void **state)
{
	(void)state;
	static const geo_point bad[] = {{0, 0}, {1, 0}, {1, -91}};
	geo_multipolygon *mp = geo_multipolygon_new();
	geo_polygon *ok = geo_polygon_new();
	geo_polygon wrong = {0};
	fq_err err = {{0}, {0}};

	assert_non_null(mp);
	assert_non_null(ok);
	assert_int_equal(geo_multipolygon_validate(mp, &err), FQ_EINVAL);
	assert_string_equal(err.field, "polygons");
	assert_int_equal(geo_polygon_add_ring(ok, square, ARRAY_LEN(square),
					      &err),
			 FQ_OK);
	assert_int_equal(geo_polygon_add_ring(&wrong, bad, ARRAY_LEN(bad),
					      &err),
			 FQ_OK);
	assert_int_equal(geo_multipolygon_take_polygon(mp, ok, &err), FQ_OK);
	assert_int_equal(geo_multipolygon_take_polygon(mp, &wrong, &err),
			 FQ_OK);
	assert_int_equal(geo_multipolygon_validate(mp, &err), FQ_EINVAL);
	assert_string_equal(err.field, "lat");
	assert_string_equal(err.message,
			    "polygon 1, ring 0, point 2: lat -91 is outside "
			    "-90..90");
	geo_polygon_free(ok);
	geo_multipolygon_free(mp);
	geo_polygon_free(NULL);
	geo_multipolygon_free(NULL);
	geo_polygon_clear(NULL);
	geo_multipolygon_clear(NULL);
}

/* The reference points of the widely used coordtransform library
 * (docs/maps.md): its WGS 84 to GCJ-02 of (39.915, 116.404), and its
 * one-step GCJ-02 to WGS 84 of the same point, which the exact inverse
 * here agrees with to a few centimetres. */
static void test_gcj02_reference_points(void **state)
{
	(void)state;
	double lat, lon;
	crs_gcj02_from_wgs84(39.915, 116.404, &lat, &lon);
	assert_true(fabs(lat - 39.91640428150164) < 1e-11);
	assert_true(fabs(lon - 116.41024449916938) < 1e-11);
	crs_wgs84_from_gcj02(39.915, 116.404, &lat, &lon);
	assert_true(fabs(lat - 39.91359571849836) < 1e-6);
	assert_true(fabs(lon - 116.39775550083061) < 1e-6);
	/* exact both ways, for points all over the country */
	const double pts[][2] = {{39.915, 116.404}, {27.8299, 112.9342}, {22.54, 114.06},
				 {45.75, 126.65}, {29.65, 91.1}};
	for (size_t i = 0; i < ARRAY_LEN(pts); i++) {
		double glat, glon, wlat, wlon;
		crs_gcj02_from_wgs84(pts[i][0], pts[i][1], &glat, &glon);
		assert_true(fabs(glat - pts[i][0]) + fabs(glon - pts[i][1]) > 1e-3); /* moved */
		crs_wgs84_from_gcj02(glat, glon, &wlat, &wlon);
		assert_true(fabs(wlat - pts[i][0]) < 1e-9 && fabs(wlon - pts[i][1]) < 1e-9);
	}
	crs_gcj02_from_wgs84(48.8566, 2.3522, &lat, &lon); /* Paris: not moved */
	assert_true(lat == 48.8566 && lon == 2.3522);
	geo_crs c = CRS_WGS84;
	assert_true(crs_parse("gcj02", &c) && c == CRS_GCJ02);
	assert_true(crs_parse("wgs84", &c) && c == CRS_WGS84);
	assert_false(crs_parse("bd09", &c));
	assert_false(crs_parse(NULL, &c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_square),
		cmocka_unit_test(test_concave),
		cmocka_unit_test(test_hole),
		cmocka_unit_test(test_on_edge),
		cmocka_unit_test(test_on_vertex),
		cmocka_unit_test(test_outside_and_degenerate),
		cmocka_unit_test(test_exact_near_sloped_edge),
		cmocka_unit_test(test_bbox),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_no_rings_and_limits),
		cmocka_unit_test(test_auto_close),
		cmocka_unit_test(test_multipolygon_validate),
		cmocka_unit_test(test_gcj02_reference_points),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
