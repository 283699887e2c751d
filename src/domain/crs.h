/*
 * crs.h - the coordinate systems of maps in China. Fengqiao stores WGS 84
 * longitude/latitude (CGCS2000, the national system of 天地图, agrees with
 * it within a metre or so, far less than a building). Commercial maps and
 * WeChat's location draw and report GCJ-02, the obfuscated system of the
 * national surveying rules, which moves a point by a few hundred metres
 * within China and not at all outside it. These functions move a point
 * between the two: a GCJ-02 point is converted to WGS 84 on its way in,
 * and a page drawing on GCJ-02 tiles converts the other way
 * (web/common/crs.js holds the same formula). docs/maps.md.
 */
#ifndef FQ_DOMAIN_CRS_H
#define FQ_DOMAIN_CRS_H

#include <stdbool.h>

/* A coordinate system a point may come in or be drawn in. */
typedef enum geo_crs {
	CRS_WGS84 = 0, /* "wgs84": WGS 84 or CGCS2000, as stored */
	CRS_GCJ02,     /* "gcj02": commercial maps, WeChat */
} geo_crs;

/* The system named name ("wgs84" or "gcj02"); false for anything else. */
bool crs_parse(const char *name, geo_crs *out);

/* The GCJ-02 point of the WGS 84 point (lat, lon), in degrees. Outside
 * China's box the point is returned unchanged, as GCJ-02 leaves it. */
void crs_gcj02_from_wgs84(double lat, double lon, double *out_lat, double *out_lon);

/* The WGS 84 point whose GCJ-02 point is (lat, lon): the forward formula
 * inverted by iteration, to within 1e-9 degree (a tenth of a millimetre). */
void crs_wgs84_from_gcj02(double lat, double lon, double *out_lat, double *out_lon);

#endif
