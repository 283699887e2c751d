/*
 * crs.c - WGS 84 and GCJ-02 (see crs.h). The forward formula is the one
 * every Chinese map SDK reproduces (Krasovsky 1940 ellipsoid, two series of
 * sines); docs/maps.md cites the reference points the tests hold it to.
 */
#include "domain/crs.h"

#include <math.h>
#include <string.h>

/* π, as the formula is always written. */
#define PI 3.14159265358979323846
/* The Krasovsky 1940 ellipsoid: semi-major axis (m) and eccentricity². */
#define KRASOVSKY_A 6378245.0
#define KRASOVSKY_EE 0.00669342162296594323
/* China's box, where GCJ-02 moves points (degrees). */
#define CHINA_LON_MIN 72.004
#define CHINA_LON_MAX 137.8347
#define CHINA_LAT_MIN 0.8293
#define CHINA_LAT_MAX 55.8271
/* The inverse's iterations and the step below which it stops. */
#define INVERSE_STEPS 30
#define INVERSE_EPS 1e-10

bool crs_parse(const char *name, geo_crs *out)
{
	if (name && strcmp(name, "wgs84") == 0)
		*out = CRS_WGS84;
	else if (name && strcmp(name, "gcj02") == 0)
		*out = CRS_GCJ02;
	else
		return false;
	return true;
}

static bool in_china(double lat, double lon)
{
	return lon >= CHINA_LON_MIN && lon <= CHINA_LON_MAX && lat >= CHINA_LAT_MIN &&
	       lat <= CHINA_LAT_MAX;
}

/* The two sine series, of x = lon - 105 and y = lat - 35. */
static double shift_lat(double x, double y)
{
	double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(fabs(x));
	r += (20.0 * sin(6.0 * x * PI) + 20.0 * sin(2.0 * x * PI)) * 2.0 / 3.0;
	r += (20.0 * sin(y * PI) + 40.0 * sin(y / 3.0 * PI)) * 2.0 / 3.0;
	r += (160.0 * sin(y / 12.0 * PI) + 320.0 * sin(y * PI / 30.0)) * 2.0 / 3.0;
	return r;
}

static double shift_lon(double x, double y)
{
	double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(fabs(x));
	r += (20.0 * sin(6.0 * x * PI) + 20.0 * sin(2.0 * x * PI)) * 2.0 / 3.0;
	r += (20.0 * sin(x * PI) + 40.0 * sin(x / 3.0 * PI)) * 2.0 / 3.0;
	r += (150.0 * sin(x / 12.0 * PI) + 300.0 * sin(x / 30.0 * PI)) * 2.0 / 3.0;
	return r;
}

void crs_gcj02_from_wgs84(double lat, double lon, double *out_lat, double *out_lon)
{
	*out_lat = lat;
	*out_lon = lon;
	if (!in_china(lat, lon))
		return;
	double rad = lat / 180.0 * PI;
	double magic = 1.0 - KRASOVSKY_EE * sin(rad) * sin(rad);
	double sq = sqrt(magic);
	double dlat = shift_lat(lon - 105.0, lat - 35.0) * 180.0 /
		      ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sq) * PI);
	double dlon = shift_lon(lon - 105.0, lat - 35.0) * 180.0 / (KRASOVSKY_A / sq * cos(rad) * PI);
	*out_lat = lat + dlat;
	*out_lon = lon + dlon;
}

void crs_wgs84_from_gcj02(double lat, double lon, double *out_lat, double *out_lon)
{
	double wlat = lat, wlon = lon;
	for (int i = 0; i < INVERSE_STEPS; i++) {
		double glat, glon;
		crs_gcj02_from_wgs84(wlat, wlon, &glat, &glon);
		double elat = glat - lat, elon = glon - lon;
		wlat -= elat;
		wlon -= elon;
		if (fabs(elat) < INVERSE_EPS && fabs(elon) < INVERSE_EPS)
			break;
	}
	*out_lat = wlat;
	*out_lon = wlon;
}
