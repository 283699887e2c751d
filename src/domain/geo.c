/*
 * geo.c - polygons for grid boundaries: building, validating, bounding
 * boxes and the exact point-in-polygon test.
 *
 * The point-in-polygon test casts a ray east from the point and counts the
 * edges it crosses (even-odd rule). Whether the point lies left of, right
 * of or on an edge is decided by the sign of a 2x2 determinant; a quick
 * floating-point evaluation settles almost every case, and when its error
 * bound cannot rule out a wrong sign the determinant is summed exactly as
 * a floating-point expansion (Shewchuk, "Adaptive Precision Floating-Point
 * Arithmetic and Fast Robust Geometric Predicates", 1997). So a point
 * exactly on an edge is always found there, however the edge is sloped.
 */
#include "domain/geo.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Terms of the exact determinant: two products of two-term differences,
 * each product four two-term partial products. */
#define ORIENT_TERMS 16

/* Relative error bound of the quick determinant: (3 + 16e) e with e the
 * unit roundoff 2^-53 (Shewchuk's ccwerrboundA). */
#define ORIENT_ERRBOUND ((3.0 + 16.0 * 0x1p-53) * 0x1p-53)

enum ring_loc {
	LOC_OUTSIDE,
	LOC_INSIDE,
	LOC_BOUNDARY,
};

/* a + b = *s + *e exactly, *s the rounded sum. */
static void two_sum(double a, double b, double *s, double *e)
{
	double x = a + b;
	double bv = x - a;
	double av = x - bv;

	*e = (a - av) + (b - bv);
	*s = x;
}

/* a * b = *p + *e exactly (barring underflow), *p the rounded product. */
static void two_product(double a, double b, double *p, double *e)
{
	*p = a * b;
	*e = fma(a, b, -*p);
}

/* Add b to the nonoverlapping expansion h of *n components, keeping it
 * nonoverlapping and ordered by increasing magnitude. */
static void grow_expansion(double *h, size_t *n, double b)
{
	double q = b;

	for (size_t i = 0; i < *n; i++)
		two_sum(q, h[i], &q, &h[i]);
	h[(*n)++] = q;
}

/* Sign of an expansion: that of its largest nonzero component. */
static int expansion_sign(const double *h, size_t n)
{
	for (size_t i = n; i > 0; i--) {
		if (h[i - 1] != 0.0)
			return h[i - 1] > 0.0 ? 1 : -1;
	}
	return 0;
}

/* Exact sign of (ax - cx)(by - cy) - (ay - cy)(bx - cx). */
static int orient_exact(geo_point a, geo_point b, geo_point c)
{
	double d[4][2]; /* acx, bcy, acy, bcx as (rounded, error) pairs */
	double h[ORIENT_TERMS];
	size_t n = 0;

	two_sum(a.lon, -c.lon, &d[0][0], &d[0][1]);
	two_sum(b.lat, -c.lat, &d[1][0], &d[1][1]);
	two_sum(a.lat, -c.lat, &d[2][0], &d[2][1]);
	two_sum(b.lon, -c.lon, &d[3][0], &d[3][1]);
	for (int i = 0; i < 2; i++) {
		for (int j = 0; j < 2; j++) {
			double p, e;

			two_product(d[0][i], d[1][j], &p, &e);
			grow_expansion(h, &n, p);
			grow_expansion(h, &n, e);
			two_product(d[2][i], d[3][j], &p, &e);
			grow_expansion(h, &n, -p);
			grow_expansion(h, &n, -e);
		}
	}
	assert(n == ORIENT_TERMS);
	return expansion_sign(h, n);
}

/* +1 when c lies left of the directed line a->b, -1 when right, 0 when
 * on it. Exact. */
static int orient(geo_point a, geo_point b, geo_point c)
{
	double left = (a.lon - c.lon) * (b.lat - c.lat);
	double right = (a.lat - c.lat) * (b.lon - c.lon);
	double det = left - right;
	double bound = ORIENT_ERRBOUND * (fabs(left) + fabs(right));

	if (det > bound)
		return 1;
	if (-det > bound)
		return -1;
	return orient_exact(a, b, c);
}

/* True when p lies on the closed segment a-b. */
static bool on_segment(geo_point a, geo_point b, geo_point p)
{
	if (p.lon < fmin(a.lon, b.lon) || p.lon > fmax(a.lon, b.lon))
		return false;
	if (p.lat < fmin(a.lat, b.lat) || p.lat > fmax(a.lat, b.lat))
		return false;
	return orient(a, b, p) == 0;
}

/* Where p lies relative to one ring, counting crossings of a ray cast
 * east from p. An edge straddles the ray when exactly one end lies
 * strictly north of p (the half-open rule counts a vertex on the ray
 * once). */
static enum ring_loc ring_locate(const geo_ring *r, geo_point p)
{
	bool inside = false;

	for (size_t i = 0; i < r->n; i++) {
		geo_point a = r->pts[i];
		geo_point b = r->pts[(i + 1) % r->n];
		bool a_north = a.lat > p.lat;
		bool b_north = b.lat > p.lat;

		if (a_north == b_north) {
			if (on_segment(a, b, p))
				return LOC_BOUNDARY;
			continue;
		}
		int o = orient(a, b, p);
		if (o == 0)
			return LOC_BOUNDARY;
		if ((o > 0) == b_north)
			inside = !inside;
	}
	return inside ? LOC_INSIDE : LOC_OUTSIDE;
}

bool geo_contains(const geo_polygon *poly, geo_point pt)
{
	if (!poly || poly->nrings == 0)
		return false;
	if (!isfinite(pt.lon) || !isfinite(pt.lat))
		return false;
	enum ring_loc outer = ring_locate(&poly->rings[0], pt);
	if (outer != LOC_INSIDE)
		return outer == LOC_BOUNDARY;
	for (size_t i = 1; i < poly->nrings; i++) {
		enum ring_loc hole = ring_locate(&poly->rings[i], pt);
		if (hole == LOC_BOUNDARY)
			return true;
		if (hole == LOC_INSIDE)
			return false;
	}
	return true;
}

bool geo_bbox_contains(const geo_bbox *box, geo_point pt)
{
	return pt.lon >= box->min_lon && pt.lon <= box->max_lon &&
	       pt.lat >= box->min_lat && pt.lat <= box->max_lat;
}

geo_polygon *geo_polygon_new(void)
{
	return calloc(1, sizeof(geo_polygon));
}

void geo_polygon_clear(geo_polygon *poly)
{
	if (!poly)
		return;
	for (size_t i = 0; i < poly->nrings; i++)
		free(poly->rings[i].pts);
	free(poly->rings);
	poly->rings = NULL;
	poly->nrings = 0;
}

void geo_polygon_free(geo_polygon *poly)
{
	geo_polygon_clear(poly);
	free(poly);
}

fq_status geo_polygon_add_ring(geo_polygon *poly, const geo_point *pts,
			       size_t n, fq_err *err)
{
	geo_point *copy = NULL;
	geo_ring *rings;

	if (poly->nrings >= GEO_MAX_RINGS)
		return fq_fail(err, FQ_ETOOBIG, "rings",
			       "a polygon may have at most %d rings",
			       GEO_MAX_RINGS);
	if (n > GEO_MAX_POINTS)
		return fq_fail(err, FQ_ETOOBIG, "points",
			       "ring %zu has %zu points, more than %d",
			       poly->nrings, n, GEO_MAX_POINTS);
	if (n == 0)
		return fq_fail(err, FQ_EINVAL, "ring", "ring %zu has no points",
			       poly->nrings);
	copy = malloc(n * sizeof(*copy));
	if (!copy)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	rings = realloc(poly->rings, (poly->nrings + 1) * sizeof(*rings));
	if (!rings) {
		free(copy);
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	}
	memcpy(copy, pts, n * sizeof(*copy));
	rings[poly->nrings].pts = copy;
	rings[poly->nrings].n = n;
	poly->rings = rings;
	poly->nrings++;
	return FQ_OK;
}

/* Check that a point is finite and within the coordinate ranges. */
static fq_status point_check(geo_point p, size_t ring, size_t idx,
			     fq_err *err)
{
	if (!isfinite(p.lon))
		return fq_fail(err, FQ_EINVAL, "lon",
			       "ring %zu, point %zu: lon is not a finite number",
			       ring, idx);
	if (!isfinite(p.lat))
		return fq_fail(err, FQ_EINVAL, "lat",
			       "ring %zu, point %zu: lat is not a finite number",
			       ring, idx);
	if (p.lon < GEO_LON_MIN || p.lon > GEO_LON_MAX)
		return fq_fail(err, FQ_EINVAL, "lon",
			       "ring %zu, point %zu: lon %g is outside -180..180",
			       ring, idx, p.lon);
	if (p.lat < GEO_LAT_MIN || p.lat > GEO_LAT_MAX)
		return fq_fail(err, FQ_EINVAL, "lat",
			       "ring %zu, point %zu: lat %g is outside -90..90",
			       ring, idx, p.lat);
	return FQ_OK;
}

/* Append the first point when the ring does not end where it starts. */
static fq_status ring_close(geo_ring *r, size_t ring, fq_err *err)
{
	geo_point first = r->pts[0];
	geo_point last = r->pts[r->n - 1];
	geo_point *pts;

	if (first.lon == last.lon && first.lat == last.lat)
		return FQ_OK;
	if (r->n + 1 > GEO_MAX_POINTS)
		return fq_fail(err, FQ_ETOOBIG, "points",
			       "ring %zu would have more than %d points once "
			       "closed",
			       ring, GEO_MAX_POINTS);
	pts = realloc(r->pts, (r->n + 1) * sizeof(*pts));
	if (!pts)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	pts[r->n] = first;
	r->pts = pts;
	r->n++;
	return FQ_OK;
}

/* True when all points of the ring lie on one line (zero area). */
static bool ring_collinear(const geo_ring *r)
{
	geo_point a = r->pts[0];
	size_t j = 1;

	while (j < r->n && r->pts[j].lon == a.lon && r->pts[j].lat == a.lat)
		j++;
	for (size_t k = j + 1; k < r->n; k++) {
		if (orient(a, r->pts[j], r->pts[k]) != 0)
			return false;
	}
	return true;
}

/* Check one ring (index ring within its polygon) and close it. */
static fq_status ring_validate(geo_ring *r, size_t ring, fq_err *err)
{
	fq_status st;

	if (r->n == 0 || !r->pts)
		return fq_fail(err, FQ_EINVAL, "ring", "ring %zu has no points",
			       ring);
	if (r->n > GEO_MAX_POINTS)
		return fq_fail(err, FQ_ETOOBIG, "points",
			       "ring %zu has %zu points, more than %d", ring,
			       r->n, GEO_MAX_POINTS);
	for (size_t i = 0; i < r->n; i++) {
		st = point_check(r->pts[i], ring, i, err);
		if (st != FQ_OK)
			return st;
	}
	st = ring_close(r, ring, err);
	if (st != FQ_OK)
		return st;
	if (r->n < GEO_MIN_POINTS)
		return fq_fail(err, FQ_EINVAL, "ring",
			       "ring %zu has %zu points once closed; at least "
			       "%d are needed",
			       ring, r->n, GEO_MIN_POINTS);
	if (ring_collinear(r))
		return fq_fail(err, FQ_EINVAL, "ring",
			       "ring %zu has zero area: its points lie on one "
			       "line",
			       ring);
	return FQ_OK;
}

fq_status geo_polygon_validate(geo_polygon *poly, fq_err *err)
{
	if (poly->nrings == 0)
		return fq_fail(err, FQ_EINVAL, "rings", "polygon has no rings");
	if (poly->nrings > GEO_MAX_RINGS)
		return fq_fail(err, FQ_ETOOBIG, "rings",
			       "polygon has %zu rings, more than %d",
			       poly->nrings, GEO_MAX_RINGS);
	for (size_t i = 0; i < poly->nrings; i++) {
		fq_status st = ring_validate(&poly->rings[i], i, err);
		if (st != FQ_OK)
			return st;
	}
	return FQ_OK;
}

/* Widen box to hold every point of r. */
static void bbox_grow(geo_bbox *box, const geo_ring *r)
{
	for (size_t i = 0; i < r->n; i++) {
		box->min_lon = fmin(box->min_lon, r->pts[i].lon);
		box->min_lat = fmin(box->min_lat, r->pts[i].lat);
		box->max_lon = fmax(box->max_lon, r->pts[i].lon);
		box->max_lat = fmax(box->max_lat, r->pts[i].lat);
	}
}

static const geo_bbox bbox_empty = {
	.min_lon = INFINITY,
	.min_lat = INFINITY,
	.max_lon = -INFINITY,
	.max_lat = -INFINITY,
};

fq_status geo_polygon_bbox(const geo_polygon *poly, geo_bbox *out)
{
	geo_bbox box = bbox_empty;

	if (poly->nrings == 0 || poly->rings[0].n == 0)
		return FQ_EINVAL;
	bbox_grow(&box, &poly->rings[0]);
	*out = box;
	return FQ_OK;
}

geo_multipolygon *geo_multipolygon_new(void)
{
	return calloc(1, sizeof(geo_multipolygon));
}

void geo_multipolygon_clear(geo_multipolygon *mp)
{
	if (!mp)
		return;
	for (size_t i = 0; i < mp->npolys; i++)
		geo_polygon_clear(&mp->polys[i]);
	free(mp->polys);
	mp->polys = NULL;
	mp->npolys = 0;
}

void geo_multipolygon_free(geo_multipolygon *mp)
{
	geo_multipolygon_clear(mp);
	free(mp);
}

fq_status geo_multipolygon_take_polygon(geo_multipolygon *mp,
					geo_polygon *poly, fq_err *err)
{
	geo_polygon *polys;

	if (mp->npolys >= GEO_MAX_POLYGONS)
		return fq_fail(err, FQ_ETOOBIG, "polygons",
			       "a multipolygon may have at most %d polygons",
			       GEO_MAX_POLYGONS);
	polys = realloc(mp->polys, (mp->npolys + 1) * sizeof(*polys));
	if (!polys)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	polys[mp->npolys] = *poly;
	mp->polys = polys;
	mp->npolys++;
	poly->rings = NULL;
	poly->nrings = 0;
	return FQ_OK;
}

/* Points in all rings of a polygon. */
static size_t polygon_points(const geo_polygon *poly)
{
	size_t n = 0;

	for (size_t i = 0; i < poly->nrings; i++)
		n += poly->rings[i].n;
	return n;
}

fq_status geo_multipolygon_validate(geo_multipolygon *mp, fq_err *err)
{
	size_t total = 0;

	if (mp->npolys == 0)
		return fq_fail(err, FQ_EINVAL, "polygons",
			       "multipolygon has no polygons");
	if (mp->npolys > GEO_MAX_POLYGONS)
		return fq_fail(err, FQ_ETOOBIG, "polygons",
			       "multipolygon has %zu polygons, more than %d",
			       mp->npolys, GEO_MAX_POLYGONS);
	for (size_t i = 0; i < mp->npolys; i++) {
		fq_err e = {{0}, {0}};
		fq_status st = geo_polygon_validate(&mp->polys[i], &e);

		if (st != FQ_OK)
			return fq_fail(err, st, e.field, "polygon %zu, %s", i,
				       e.message);
		total += polygon_points(&mp->polys[i]);
	}
	if (total > GEO_MAX_TOTAL_POINTS)
		return fq_fail(err, FQ_ETOOBIG, "points",
			       "multipolygon has %zu points, more than %d",
			       total, GEO_MAX_TOTAL_POINTS);
	return FQ_OK;
}

fq_status geo_multipolygon_bbox(const geo_multipolygon *mp, geo_bbox *out)
{
	geo_bbox box = bbox_empty;

	for (size_t i = 0; i < mp->npolys; i++) {
		if (mp->polys[i].nrings > 0)
			bbox_grow(&box, &mp->polys[i].rings[0]);
	}
	if (box.min_lon > box.max_lon)
		return FQ_EINVAL;
	*out = box;
	return FQ_OK;
}

bool geo_multipolygon_contains(const geo_multipolygon *mp, geo_point pt)
{
	if (!mp)
		return false;
	for (size_t i = 0; i < mp->npolys; i++) {
		if (geo_contains(&mp->polys[i], pt))
			return true;
	}
	return false;
}
