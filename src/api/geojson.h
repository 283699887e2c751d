/*
 * geojson.h - reading and writing grid boundaries as GeoJSON (RFC 7946).
 *
 * Reading accepts a Polygon or MultiPolygon geometry, or a Feature whose
 * geometry is one, and always yields a validated geo_multipolygon (a
 * Polygon becomes a multipolygon of one). Every problem is reported in the
 * caller's fq_err with field GEOJSON_ERR_FIELD ("boundary") and a message
 * that points at the offending member, e.g. "coordinates[0][3]: a position
 * must be [lon, lat]". Writing produces a bare geometry object.
 *
 * This is the only place that knows GeoJSON; the domain works on the
 * structs of domain/geo.h.
 */
#ifndef FQ_API_GEOJSON_H
#define FQ_API_GEOJSON_H

#include <stddef.h>

#include <jansson.h>

#include "core/status.h"
#include "domain/geo.h"

/* Largest GeoJSON text geojson_parse() accepts: room for
 * GEO_MAX_TOTAL_POINTS positions written with full precision. */
#define GEOJSON_MAX_BYTES (8u * 1024u * 1024u)

/* Significant digits of each coordinate when writing: reproduces exactly
 * any coordinate read from decimal text of up to 15 digits, and stays
 * within 1e-12 degrees of any other. Pass JSON_REAL_PRECISION of this to
 * json_dumps() when a geometry from geojson_*_to_json() is written as
 * part of a larger document. */
#define GEOJSON_REAL_DIGITS 15

/* The field named in every fq_err this module fills. */
#define GEOJSON_ERR_FIELD "boundary"

/* Parse len bytes of GeoJSON text (need not be NUL-terminated) into a new
 * validated multipolygon; on success *out owns it and the caller releases
 * it with geo_multipolygon_free().
 * Errors (field "boundary", *out untouched): FQ_ETOOBIG when the text is
 * longer than GEOJSON_MAX_BYTES or holds more polygons, rings or points
 * than domain/geo.h allows; FQ_EBADREQ when the text is not JSON (the
 * message gives line and column); FQ_EINVAL when it is JSON but not a
 * usable Polygon / MultiPolygon / Feature, or the polygon fails
 * geo_multipolygon_validate(); FQ_ENOMEM. */
fq_status geojson_parse(const char *text, size_t len, geo_multipolygon **out,
			fq_err *err);

/* As geojson_parse(), from an already parsed JSON value (for instance the
 * "boundary" member of a request body). value is only read; the caller
 * keeps its reference. Errors as geojson_parse(), except FQ_EBADREQ. */
fq_status geojson_from_json(const json_t *value, geo_multipolygon **out,
			    fq_err *err);

/* Build a GeoJSON Polygon geometry {"type": "Polygon", "coordinates":
 * [...]} from poly, rings in order (outer first), points as [lon, lat].
 * On success *out holds a new reference the caller releases with
 * json_decref(). Errors: FQ_EINVAL (field "boundary") when a coordinate
 * is not finite; FQ_ENOMEM. */
fq_status geojson_polygon_to_json(const geo_polygon *poly, json_t **out,
				  fq_err *err);

/* As geojson_polygon_to_json(), always a MultiPolygon geometry, even for a
 * single polygon (pass mp->polys[0] to geojson_polygon_to_json() for the
 * simpler form). */
fq_status geojson_multipolygon_to_json(const geo_multipolygon *mp,
				       json_t **out, fq_err *err);

/* Write poly as compact GeoJSON Polygon text with GEOJSON_REAL_DIGITS
 * digits per coordinate. On success *out is a NUL-terminated string the
 * caller releases with free(). Errors as geojson_polygon_to_json(). */
fq_status geojson_polygon_dump(const geo_polygon *poly, char **out,
			       fq_err *err);

/* Write mp as compact GeoJSON MultiPolygon text; as
 * geojson_polygon_dump(). */
fq_status geojson_multipolygon_dump(const geo_multipolygon *mp, char **out,
				    fq_err *err);

#endif
