/*
 * geo.h - planar geometry for grid boundaries: points, rings, polygons with
 * holes and multipolygons in WGS 84 longitude/latitude, their bounding
 * boxes, validation, and an exact point-in-polygon test used to assign a
 * location to the grid that holds it.
 *
 * Coordinates are treated as plane coordinates (longitude as x, latitude
 * as y); a grid is a few hundred metres across, so the curvature of the
 * earth does not matter. Points on the boundary of a polygon, including
 * the edges of its holes, count as inside: a location on the line between
 * two grids belongs to both and the caller decides.
 *
 * Memory: a geo_polygon or geo_multipolygon may live on the stack
 * (initialised with {0}) and be emptied with geo_polygon_clear() /
 * geo_multipolygon_clear(), or be allocated with geo_polygon_new() /
 * geo_multipolygon_new() and released with the matching _free().
 */
#ifndef FQ_DOMAIN_GEO_H
#define FQ_DOMAIN_GEO_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

/* Most points one ring may hold, closing point included. */
#define GEO_MAX_POINTS 10000
/* Fewest points of a closed ring: a triangle plus its closing point. */
#define GEO_MIN_POINTS 4
/* Most rings per polygon: the outer ring plus up to 63 holes. */
#define GEO_MAX_RINGS 64
/* Most polygons per multipolygon. */
#define GEO_MAX_POLYGONS 64
/* Most points in all rings of one multipolygon together. */
#define GEO_MAX_TOTAL_POINTS 100000

/* Valid coordinate ranges, in degrees. */
#define GEO_LON_MIN (-180.0)
#define GEO_LON_MAX 180.0
#define GEO_LAT_MIN (-90.0)
#define GEO_LAT_MAX 90.0

typedef struct geo_point {
	double lon; /* degrees east, -180..180 */
	double lat; /* degrees north, -90..90 */
} geo_point;

typedef struct geo_ring {
	geo_point *pts; /* owned; closed (first == last) once validated */
	size_t n;       /* points in use */
} geo_ring;

typedef struct geo_polygon {
	geo_ring *rings; /* owned; rings[0] is the outer ring, the rest holes */
	size_t nrings;   /* rings in use */
} geo_polygon;

typedef struct geo_multipolygon {
	geo_polygon *polys; /* owned array of polygons */
	size_t npolys;      /* polygons in use */
} geo_multipolygon;

typedef struct geo_bbox {
	double min_lon; /* west edge */
	double min_lat; /* south edge */
	double max_lon; /* east edge */
	double max_lat; /* north edge */
} geo_bbox;

/* Allocate an empty polygon. Returns NULL when out of memory; the caller
 * releases it with geo_polygon_free(). */
geo_polygon *geo_polygon_new(void);

/* Release a polygon from geo_polygon_new() and everything it holds.
 * Accepts NULL. */
void geo_polygon_free(geo_polygon *poly);

/* Release what a polygon holds and leave it empty ({0}), for polygons that
 * live on the stack or inside another struct. Accepts NULL. */
void geo_polygon_clear(geo_polygon *poly);

/* Append a copy of the n points pts as the polygon's next ring: the first
 * ring added is the outer ring, later ones are holes. The ring need not be
 * closed yet (geo_polygon_validate closes it).
 * Errors: FQ_EINVAL (field "ring") when n is 0; FQ_ETOOBIG (field
 * "rings" or "points") when the polygon already has GEO_MAX_RINGS rings or
 * n exceeds GEO_MAX_POINTS; FQ_ENOMEM. On error the polygon is unchanged.
 * pts is only read. */
fq_status geo_polygon_add_ring(geo_polygon *poly, const geo_point *pts,
			       size_t n, fq_err *err);

/* Check a polygon and close its rings: a ring whose last point differs from
 * its first gets the first point appended. Every coordinate must be finite
 * and within GEO_LON_MIN..GEO_LON_MAX and GEO_LAT_MIN..GEO_LAT_MAX, and
 * every closed ring must have at least GEO_MIN_POINTS points, not all on
 * one line. Self-intersection, and whether holes lie inside the outer
 * ring, are not checked.
 * Errors: FQ_EINVAL with field "rings", "ring", "lon" or "lat" and a
 * message naming the ring and point; FQ_ETOOBIG (field "points") when
 * closing a ring would exceed GEO_MAX_POINTS; FQ_ENOMEM. Rings checked
 * before the failing one may already have been closed. */
fq_status geo_polygon_validate(geo_polygon *poly, fq_err *err);

/* Bounding box of the polygon's outer ring (holes lie inside it).
 * Errors: FQ_EINVAL when the polygon has no points; *out is then not
 * written. */
fq_status geo_polygon_bbox(const geo_polygon *poly, geo_bbox *out);

/* True when pt lies inside the polygon or on its boundary (an edge or
 * vertex of the outer ring or of a hole); false when it lies outside the
 * outer ring or strictly inside a hole, or the polygon has no rings. The
 * test is exact: the orientation of a point against an edge is computed
 * without rounding error, so a point exactly on an edge is never
 * misplaced (the one limit: coordinate differences below about 1e-150
 * degrees would underflow). Rings need not be closed; a non-finite pt is
 * outside. */
bool geo_contains(const geo_polygon *poly, geo_point pt);

/* True when pt lies inside box or on its edges. */
bool geo_bbox_contains(const geo_bbox *box, geo_point pt);

/* Allocate an empty multipolygon. Returns NULL when out of memory; the
 * caller releases it with geo_multipolygon_free(). */
geo_multipolygon *geo_multipolygon_new(void);

/* Release a multipolygon from geo_multipolygon_new() and everything it
 * holds. Accepts NULL. */
void geo_multipolygon_free(geo_multipolygon *mp);

/* Release what a multipolygon holds and leave it empty. Accepts NULL. */
void geo_multipolygon_clear(geo_multipolygon *mp);

/* Move the contents of *poly into the multipolygon as its next polygon; on
 * success *poly is left empty ({0}) and owns nothing.
 * Errors: FQ_ETOOBIG (field "polygons") when it already holds
 * GEO_MAX_POLYGONS; FQ_ENOMEM. On error both are unchanged. */
fq_status geo_multipolygon_take_polygon(geo_multipolygon *mp,
					geo_polygon *poly, fq_err *err);

/* Validate every polygon as geo_polygon_validate() does, and check that
 * there is at least one polygon and that all rings together hold at most
 * GEO_MAX_TOTAL_POINTS points.
 * Errors: FQ_EINVAL (field "polygons" when empty, else as
 * geo_polygon_validate, the message naming the polygon); FQ_ETOOBIG
 * (field "points"); FQ_ENOMEM. */
fq_status geo_multipolygon_validate(geo_multipolygon *mp, fq_err *err);

/* Bounding box of all polygons together.
 * Errors: FQ_EINVAL when there are no points; *out is then not written. */
fq_status geo_multipolygon_bbox(const geo_multipolygon *mp, geo_bbox *out);

/* True when pt lies inside, or on the boundary of, any of the polygons. */
bool geo_multipolygon_contains(const geo_multipolygon *mp, geo_point pt);

#endif
