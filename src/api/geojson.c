/*
 * geojson.c - GeoJSON Polygon / MultiPolygon / Feature to and from the
 * geometry structs of domain/geo.h.
 *
 * Reading checks every array length against the limits of domain/geo.h
 * before allocating for it, and counts points across all rings, so a
 * hostile boundary costs at most GEO_MAX_TOTAL_POINTS points of memory.
 * Error messages carry a path such as "coordinates[1][0][3]" so a client
 * can find the bad position.
 */
#include "api/geojson.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for a path like "coordinates[63][63]" in messages. */
#define JSON_PATH_LEN 48

/* A position is [lon, lat] or [lon, lat, altitude]; altitude is ignored. */
#define POS_MIN_LEN 2
#define POS_MAX_LEN 3

static fq_status bad(fq_err *err, fq_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Fill err with field "boundary" and a printf-style message. */
static fq_status bad(fq_err *err, fq_status st, const char *fmt, ...)
{
	char msg[FQ_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return fq_fail(err, st, GEOJSON_ERR_FIELD, "%s", msg);
}

/* Read one [lon, lat] position. */
static fq_status read_position(const json_t *pos, const char *path, size_t i,
			       geo_point *out, fq_err *err)
{
	size_t n = json_array_size(pos);

	if (!json_is_array(pos) || n < POS_MIN_LEN || n > POS_MAX_LEN)
		return bad(err, FQ_EINVAL,
			   "%s[%zu]: a position must be [lon, lat]", path, i);
	const json_t *lon = json_array_get(pos, 0);
	const json_t *lat = json_array_get(pos, 1);
	if (!json_is_number(lon) || !json_is_number(lat))
		return bad(err, FQ_EINVAL,
			   "%s[%zu]: lon and lat must be numbers", path, i);
	out->lon = json_number_value(lon);
	out->lat = json_number_value(lat);
	return FQ_OK;
}

/* Read a ring (array of positions) at path and append it to poly. *total
 * counts points over all rings read so far. */
static fq_status read_ring(const json_t *ring, const char *path,
			   size_t *total, geo_polygon *poly, fq_err *err)
{
	geo_point *pts = NULL;
	size_t n = json_array_size(ring);
	fq_status st = FQ_OK;

	if (!json_is_array(ring) || n == 0) {
		st = bad(err, FQ_EINVAL, "%s: a ring must be a non-empty "
			 "array of positions", path);
		goto out;
	}
	if (n > GEO_MAX_POINTS || *total + n > GEO_MAX_TOTAL_POINTS) {
		st = bad(err, FQ_ETOOBIG, "%s: too many points (at most %d "
			 "per ring, %d in all)", path, GEO_MAX_POINTS,
			 GEO_MAX_TOTAL_POINTS);
		goto out;
	}
	pts = malloc(n * sizeof(*pts));
	if (!pts) {
		st = bad(err, FQ_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n && st == FQ_OK; i++)
		st = read_position(json_array_get(ring, i), path, i, &pts[i],
				   err);
	if (st != FQ_OK)
		goto out;
	st = geo_polygon_add_ring(poly, pts, n, err);
	if (st != FQ_OK) {
		bad(err, st, "%s: %s", path, err ? err->message : "");
		goto out;
	}
	*total += n;
out:
	free(pts);
	return st;
}

/* Read a polygon's coordinates (array of rings) at path into poly. */
static fq_status read_polygon(const json_t *rings, const char *path,
			      size_t *total, geo_polygon *poly, fq_err *err)
{
	size_t n = json_array_size(rings);

	if (!json_is_array(rings) || n == 0)
		return bad(err, FQ_EINVAL, "%s: a polygon must be a non-empty "
			   "array of rings", path);
	if (n > GEO_MAX_RINGS)
		return bad(err, FQ_ETOOBIG, "%s: %zu rings, more than %d",
			   path, n, GEO_MAX_RINGS);
	for (size_t i = 0; i < n; i++) {
		char ring_path[JSON_PATH_LEN + 8];
		fq_status st;

		snprintf(ring_path, sizeof ring_path, "%s[%zu]", path, i);
		st = read_ring(json_array_get(rings, i), ring_path, total,
			       poly, err);
		if (st != FQ_OK)
			return st;
	}
	return FQ_OK;
}

/* Read one polygon's coordinates and move it into mp. */
static fq_status add_polygon(const json_t *rings, const char *path,
			     size_t *total, geo_multipolygon *mp, fq_err *err)
{
	geo_polygon poly = {0};
	fq_status st;

	st = read_polygon(rings, path, total, &poly, err);
	if (st != FQ_OK)
		goto out;
	st = geo_multipolygon_take_polygon(mp, &poly, err);
	if (st != FQ_OK)
		bad(err, st, "%s", err ? err->message : "");
out:
	geo_polygon_clear(&poly);
	return st;
}

static fq_status read_multipolygon(const json_t *coords, size_t *total,
				   geo_multipolygon *mp, fq_err *err)
{
	size_t n = json_array_size(coords);

	if (!json_is_array(coords) || n == 0)
		return bad(err, FQ_EINVAL, "coordinates: a MultiPolygon must "
			   "be a non-empty array of polygons");
	if (n > GEO_MAX_POLYGONS)
		return bad(err, FQ_ETOOBIG, "coordinates: %zu polygons, more "
			   "than %d", n, GEO_MAX_POLYGONS);
	for (size_t i = 0; i < n; i++) {
		char path[JSON_PATH_LEN];
		fq_status st;

		snprintf(path, sizeof path, "coordinates[%zu]", i);
		st = add_polygon(json_array_get(coords, i), path, total, mp,
				 err);
		if (st != FQ_OK)
			return st;
	}
	return FQ_OK;
}

/* Find the geometry: value itself, or the geometry of a Feature. Sets
 * *is_multi by its type. */
static fq_status find_geometry(const json_t *value, const json_t **geom,
			       int *is_multi, fq_err *err)
{
	const char *type;

	if (!json_is_object(value))
		return bad(err, FQ_EINVAL, "expected a GeoJSON object");
	type = json_string_value(json_object_get(value, "type"));
	if (!type)
		return bad(err, FQ_EINVAL, "missing \"type\"");
	if (strcmp(type, "Feature") == 0) {
		value = json_object_get(value, "geometry");
		if (!json_is_object(value))
			return bad(err, FQ_EINVAL,
				   "the Feature has no geometry object");
		type = json_string_value(json_object_get(value, "type"));
		if (!type)
			return bad(err, FQ_EINVAL, "geometry: missing \"type\"");
	}
	if (strcmp(type, "Polygon") != 0 && strcmp(type, "MultiPolygon") != 0)
		return bad(err, FQ_EINVAL, "type \"%.40s\" is not supported; "
			   "expected Polygon, MultiPolygon or a Feature "
			   "holding one", type);
	*geom = value;
	*is_multi = strcmp(type, "MultiPolygon") == 0;
	return FQ_OK;
}

fq_status geojson_from_json(const json_t *value, geo_multipolygon **out,
			    fq_err *err)
{
	geo_multipolygon *mp = NULL;
	const json_t *geom = NULL;
	const json_t *coords;
	int is_multi = 0;
	size_t total = 0;
	fq_status st;

	st = find_geometry(value, &geom, &is_multi, err);
	if (st != FQ_OK)
		goto out;
	coords = json_object_get(geom, "coordinates");
	if (!coords) {
		st = bad(err, FQ_EINVAL, "missing \"coordinates\"");
		goto out;
	}
	mp = geo_multipolygon_new();
	if (!mp) {
		st = bad(err, FQ_ENOMEM, "out of memory");
		goto out;
	}
	if (is_multi)
		st = read_multipolygon(coords, &total, mp, err);
	else
		st = add_polygon(coords, "coordinates", &total, mp, err);
	if (st != FQ_OK)
		goto out;
	/* A lone Polygon is validated as such, so messages need not name a
	 * polygon index the client never wrote. */
	if (is_multi)
		st = geo_multipolygon_validate(mp, err);
	else
		st = geo_polygon_validate(&mp->polys[0], err);
	if (st != FQ_OK) {
		bad(err, st, "%s", err ? err->message : "");
		goto out;
	}
	*out = mp;
	mp = NULL;
out:
	geo_multipolygon_free(mp);
	return st;
}

fq_status geojson_parse(const char *text, size_t len, geo_multipolygon **out,
			fq_err *err)
{
	json_t *root = NULL;
	json_error_t jerr;
	fq_status st;

	if (len > GEOJSON_MAX_BYTES)
		return bad(err, FQ_ETOOBIG, "%zu bytes, more than %u", len,
			   GEOJSON_MAX_BYTES);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		if (json_error_code(&jerr) == json_error_out_of_memory)
			return bad(err, FQ_ENOMEM, "out of memory");
		return bad(err, FQ_EBADREQ,
			   "invalid JSON at line %d, column %d: %s", jerr.line,
			   jerr.column, jerr.text);
	}
	st = geojson_from_json(root, out, err);
	json_decref(root);
	return st;
}

/* [lon, lat]; NULL when out of memory. */
static json_t *position_to_json(geo_point p)
{
	json_t *pos = json_array();

	if (pos && (json_array_append_new(pos, json_real(p.lon)) ||
		    json_array_append_new(pos, json_real(p.lat)))) {
		json_decref(pos);
		pos = NULL;
	}
	return pos;
}

/* [[lon, lat], ...] for one ring; NULL when out of memory. A failed
 * json_array_append_new() has already released the value it was given. */
static json_t *ring_to_json(const geo_ring *r)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < r->n; i++) {
		if (json_array_append_new(arr, position_to_json(r->pts[i]))) {
			json_decref(arr);
			arr = NULL;
		}
	}
	return arr;
}

/* The coordinates array of one polygon; NULL when out of memory. */
static json_t *polygon_coords(const geo_polygon *poly)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < poly->nrings; i++) {
		if (json_array_append_new(arr, ring_to_json(&poly->rings[i]))) {
			json_decref(arr);
			arr = NULL;
		}
	}
	return arr;
}

/* The coordinates array of a multipolygon; NULL when out of memory. */
static json_t *multipolygon_coords(const geo_multipolygon *mp)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < mp->npolys; i++) {
		if (json_array_append_new(arr, polygon_coords(&mp->polys[i]))) {
			json_decref(arr);
			arr = NULL;
		}
	}
	return arr;
}

/* Reject non-finite coordinates, which JSON cannot carry. */
static fq_status check_finite(const geo_polygon *poly, fq_err *err)
{
	for (size_t i = 0; i < poly->nrings; i++) {
		const geo_ring *r = &poly->rings[i];

		for (size_t j = 0; j < r->n; j++) {
			if (!isfinite(r->pts[j].lon) || !isfinite(r->pts[j].lat))
				return bad(err, FQ_EINVAL, "ring %zu, point %zu "
					   "is not a finite number", i, j);
		}
	}
	return FQ_OK;
}

/* {"type": type, "coordinates": coords}, taking the reference coords
 * (which is NULL after a failed allocation). */
static fq_status geometry(const char *type, json_t *coords, json_t **out,
			  fq_err *err)
{
	json_t *geom = json_object();
	fq_status st = FQ_ENOMEM;

	if (!geom || !coords ||
	    json_object_set_new(geom, "type", json_string(type)))
		goto out;
	/* json_object_set_new() takes coords even when it fails. */
	if (json_object_set_new(geom, "coordinates", coords) == 0)
		st = FQ_OK;
	coords = NULL;
	if (st == FQ_OK) {
		*out = geom;
		geom = NULL;
	}
out:
	json_decref(coords);
	json_decref(geom);
	if (st != FQ_OK)
		bad(err, st, "out of memory");
	return st;
}

fq_status geojson_polygon_to_json(const geo_polygon *poly, json_t **out,
				  fq_err *err)
{
	fq_status st = check_finite(poly, err);

	if (st != FQ_OK)
		return st;
	return geometry("Polygon", polygon_coords(poly), out, err);
}

fq_status geojson_multipolygon_to_json(const geo_multipolygon *mp,
				       json_t **out, fq_err *err)
{
	for (size_t i = 0; i < mp->npolys; i++) {
		fq_status st = check_finite(&mp->polys[i], err);

		if (st != FQ_OK)
			return bad(err, st, "polygon %zu, %s", i,
				   err ? err->message : "");
	}
	return geometry("MultiPolygon", multipolygon_coords(mp), out, err);
}

/* Serialise geom (a reference this function releases) into *out. */
static fq_status dump(json_t *geom, char **out, fq_err *err)
{
	char *text = json_dumps(geom, JSON_COMPACT |
				      JSON_REAL_PRECISION(GEOJSON_REAL_DIGITS));

	json_decref(geom);
	if (!text)
		return bad(err, FQ_ENOMEM, "out of memory");
	*out = text;
	return FQ_OK;
}

fq_status geojson_polygon_dump(const geo_polygon *poly, char **out,
			       fq_err *err)
{
	json_t *geom = NULL;
	fq_status st = geojson_polygon_to_json(poly, &geom, err);

	if (st != FQ_OK)
		return st;
	return dump(geom, out, err);
}

fq_status geojson_multipolygon_dump(const geo_multipolygon *mp, char **out,
				    fq_err *err)
{
	json_t *geom = NULL;
	fq_status st = geojson_multipolygon_to_json(mp, &geom, err);

	if (st != FQ_OK)
		return st;
	return dump(geom, out, err);
}
