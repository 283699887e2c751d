/*
 * test_geojson.c - unit tests for src/api/geojson.c: round trips of
 * Polygon and MultiPolygon, the Feature wrapper, and the errors for bad
 * types, missing or malformed coordinates, invalid JSON and size limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/geojson.h"

/* Bytes per position in the generated oversized ring, with slack. */
#define POS_TEXT_MAX 32

static const char grid_polygon[] =
	"{\"type\":\"Polygon\",\"coordinates\":["
	"[[113.62,28.14],[113.66,28.13],[113.67,28.17],[113.63,28.18],"
	"[113.62,28.14]],"
	"[[113.64,28.15],[113.65,28.15],[113.65,28.16],[113.64,28.15]]]}";

static geo_multipolygon *parse_ok(const char *text)
{
	geo_multipolygon *mp = NULL;
	fq_err err = {{0}, {0}};
	fq_status st = geojson_parse(text, strlen(text), &mp, &err);

	if (st != FQ_OK)
		fail_msg("parse failed: %s: %s", err.field, err.message);
	assert_non_null(mp);
	return mp;
}

static void expect_error(const char *text, fq_status want,
			 const char *msg_part)
{
	geo_multipolygon *mp = NULL;
	fq_err err = {{0}, {0}};
	fq_status st = geojson_parse(text, strlen(text), &mp, &err);

	assert_int_equal(st, want);
	assert_null(mp);
	assert_string_equal(err.field, "boundary");
	if (!strstr(err.message, msg_part))
		fail_msg("message \"%s\" lacks \"%s\"", err.message, msg_part);
}

static void test_round_trip_polygon(void **state)
{
	(void)state;
	geo_multipolygon *mp = parse_ok(grid_polygon);
	geo_multipolygon *again = NULL;
	char *text = NULL;

	assert_int_equal(mp->npolys, 1);
	assert_int_equal(mp->polys[0].nrings, 2);
	assert_int_equal(mp->polys[0].rings[0].n, 5);
	assert_true(mp->polys[0].rings[1].pts[2].lat == 28.16);
	assert_int_equal(geojson_polygon_dump(&mp->polys[0], &text, NULL),
			 FQ_OK);
	assert_string_equal(text, grid_polygon);

	again = parse_ok(text);
	assert_int_equal(again->polys[0].nrings, 2);
	for (size_t r = 0; r < 2; r++) {
		const geo_ring *a = &mp->polys[0].rings[r];
		const geo_ring *b = &again->polys[0].rings[r];

		assert_int_equal(a->n, b->n);
		assert_memory_equal(a->pts, b->pts, a->n * sizeof(geo_point));
	}
	assert_true(geo_multipolygon_contains(again,
					      (geo_point){113.63, 28.15}));
	assert_false(geo_multipolygon_contains(again,
					       (geo_point){113.645, 28.1525}));
	free(text);
	geo_multipolygon_free(mp);
	geo_multipolygon_free(again);
}

static void test_round_trip_multipolygon(void **state)
{
	(void)state;
	static const char text_in[] =
		"{\"type\":\"MultiPolygon\",\"coordinates\":["
		"[[[113.6512345,28.1],[113.66,28.1],[113.66,28.11]]],"
		"[[[113.7,28.2],[113.71,28.2],[113.71,28.21],[113.7,28.2]]]]}";
	geo_multipolygon *mp = parse_ok(text_in);
	geo_multipolygon *again = NULL;
	json_t *geom = NULL;
	char *text = NULL;

	assert_int_equal(mp->npolys, 2);
	/* The first ring was not closed; parsing closed it. */
	assert_int_equal(mp->polys[0].rings[0].n, 4);
	assert_int_equal(geojson_multipolygon_dump(mp, &text, NULL), FQ_OK);
	assert_non_null(strstr(text, "\"type\":\"MultiPolygon\""));
	assert_non_null(strstr(text, "[113.6512345,28.1]"));
	again = parse_ok(text);
	assert_int_equal(again->npolys, 2);
	assert_memory_equal(again->polys[1].rings[0].pts,
			    mp->polys[1].rings[0].pts, 4 * sizeof(geo_point));

	assert_int_equal(geojson_multipolygon_to_json(mp, &geom, NULL), FQ_OK);
	assert_string_equal(json_string_value(json_object_get(geom, "type")),
			    "MultiPolygon");
	assert_int_equal(json_array_size(json_object_get(geom, "coordinates")),
			 2);
	json_decref(geom);
	free(text);
	geo_multipolygon_free(mp);
	geo_multipolygon_free(again);
}

static void test_feature_wrapper(void **state)
{
	(void)state;
	static const char feature[] =
		"{\"type\":\"Feature\",\"properties\":{\"name\":\"集里社区第3网格\"},"
		"\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
		"[[[113,28],[114,28],[114,29],[113,29],[113,28]]]}}";
	geo_multipolygon *mp = parse_ok(feature);
	json_t *value = json_loads(feature, 0, NULL);
	geo_multipolygon *from_value = NULL;

	assert_int_equal(mp->npolys, 1);
	assert_true(mp->polys[0].rings[0].pts[1].lon == 114.0);
	assert_true(geo_multipolygon_contains(mp, (geo_point){113.5, 28.5}));

	assert_non_null(value);
	assert_int_equal(geojson_from_json(value, &from_value, NULL), FQ_OK);
	assert_int_equal(from_value->polys[0].rings[0].n, 5);
	json_decref(value);
	geo_multipolygon_free(from_value);
	geo_multipolygon_free(mp);

	expect_error("{\"type\":\"Feature\",\"geometry\":null}", FQ_EINVAL,
		     "no geometry");
	expect_error("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
		     "\"coordinates\":[113,28]}}",
		     FQ_EINVAL, "\"Point\" is not supported");
}

static void test_bad_type(void **state)
{
	(void)state;
	expect_error("{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}",
		     FQ_EINVAL, "type \"LineString\" is not supported");
	expect_error("{\"coordinates\":[]}", FQ_EINVAL, "missing \"type\"");
	expect_error("{\"type\":7}", FQ_EINVAL, "missing \"type\"");
	expect_error("[1,2]", FQ_EINVAL, "expected a GeoJSON object");
	expect_error("{\"type\":\"FeatureCollection\",\"features\":[]}",
		     FQ_EINVAL, "not supported");
}

static void test_missing_coordinates(void **state)
{
	(void)state;
	expect_error("{\"type\":\"Polygon\"}", FQ_EINVAL,
		     "missing \"coordinates\"");
	expect_error("{\"type\":\"Polygon\",\"coordinates\":[]}", FQ_EINVAL,
		     "coordinates: a polygon must be a non-empty array");
	expect_error("{\"type\":\"Polygon\",\"coordinates\":[[]]}", FQ_EINVAL,
		     "coordinates[0]: a ring must be");
	expect_error("{\"type\":\"MultiPolygon\",\"coordinates\":{}}",
		     FQ_EINVAL, "non-empty array of polygons");
	expect_error("{\"type\":\"Polygon\",\"coordinates\":"
		     "[[[0,0],[1,0],[1],[0,0]]]}",
		     FQ_EINVAL, "coordinates[0][2]: a position must be");
	expect_error("{\"type\":\"MultiPolygon\",\"coordinates\":"
		     "[[[[0,0],[1,0],[1,1]]],[[[0,0],[1,\"0\"],[1,1]]]]}",
		     FQ_EINVAL, "coordinates[1][0][1]: lon and lat must be");
}

static void test_invalid_geometry(void **state)
{
	(void)state;
	expect_error("{\"type\":\"Polygon\",\"coordinates\":"
		     "[[[0,0],[1,0],[1,95],[0,0]]]}",
		     FQ_EINVAL, "ring 0, point 2: lat 95 is outside -90..90");
	expect_error("{\"type\":\"Polygon\",\"coordinates\":"
		     "[[[0,0],[1,0],[0,0]]]}",
		     FQ_EINVAL, "at least 4");
	expect_error("{\"type\":\"MultiPolygon\",\"coordinates\":"
		     "[[[[0,0],[1,0],[1,1]]],[[[0,0],[1,1],[2,2]]]]}",
		     FQ_EINVAL, "polygon 1, ring 0 has zero area");
}

static void test_bad_json(void **state)
{
	(void)state;
	expect_error("{\"type\":\"Polygon\",\n\"coordinates\":[[[0,0],]]}",
		     FQ_EBADREQ, "invalid JSON at line 2, column");
	expect_error("", FQ_EBADREQ, "invalid JSON at line");
	expect_error("{\"type\":\"Polygon\",\"type\":\"Polygon\"}", FQ_EBADREQ,
		     "duplicate");
}

static void test_too_many_points(void **state)
{
	(void)state;
	size_t n = GEO_MAX_POINTS + 1;
	size_t cap = n * POS_TEXT_MAX + 64;
	char *text = malloc(cap);
	size_t len;

	assert_non_null(text);
	len = (size_t)snprintf(text, cap,
			       "{\"type\":\"Polygon\",\"coordinates\":[[");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, cap - len, "%s[%zu.5,%zu]",
					i ? "," : "", i % 100, i % 7);
	snprintf(text + len, cap - len, "]]}");
	expect_error(text, FQ_ETOOBIG, "coordinates[0]: too many points");
	free(text);

	geo_multipolygon *mp = NULL;
	fq_err err = {{0}, {0}};
	assert_int_equal(geojson_parse("{}", GEOJSON_MAX_BYTES + 1, &mp, &err),
			 FQ_ETOOBIG);
	assert_string_equal(err.field, "boundary");
	assert_null(mp);
}

static void test_too_many_rings(void **state)
{
	(void)state;
	static const char ring[] = "[[0,0],[1,0],[1,1],[0,0]]";
	size_t cap = (GEO_MAX_RINGS + 1) * sizeof(ring) + 64;
	char *text = malloc(cap);
	size_t len;

	assert_non_null(text);
	len = (size_t)snprintf(text, cap,
			       "{\"type\":\"Polygon\",\"coordinates\":[");
	for (int i = 0; i <= GEO_MAX_RINGS; i++)
		len += (size_t)snprintf(text + len, cap - len, "%s%s",
					i ? "," : "", ring);
	snprintf(text + len, cap - len, "]}");
	expect_error(text, FQ_ETOOBIG, "rings, more than");
	free(text);
}

static void test_to_json_rejects_non_finite(void **state)
{
	(void)state;
	static const geo_point pts[] = {{0, 0}, {1, 0}, {NAN, 1}, {0, 0}};
	geo_polygon poly = {0};
	fq_err err = {{0}, {0}};
	char *text = NULL;

	assert_int_equal(geo_polygon_add_ring(&poly, pts, 4, &err), FQ_OK);
	assert_int_equal(geojson_polygon_dump(&poly, &text, &err), FQ_EINVAL);
	assert_null(text);
	assert_string_equal(err.field, "boundary");
	assert_non_null(strstr(err.message, "ring 0, point 2"));
	geo_polygon_clear(&poly);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_polygon),
		cmocka_unit_test(test_round_trip_multipolygon),
		cmocka_unit_test(test_feature_wrapper),
		cmocka_unit_test(test_bad_type),
		cmocka_unit_test(test_missing_coordinates),
		cmocka_unit_test(test_invalid_geometry),
		cmocka_unit_test(test_bad_json),
		cmocka_unit_test(test_too_many_points),
		cmocka_unit_test(test_too_many_rings),
		cmocka_unit_test(test_to_json_rejects_non_finite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
