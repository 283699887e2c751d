// crs.js - WGS 84 and GCJ-02, the same formula as src/domain/crs.c (the
// Krasovsky 1940 ellipsoid and two series of sines; docs/maps.md). The
// database keeps WGS 84; a map drawn on GCJ-02 tiles (commercial maps)
// converts what it draws with gcj02FromWgs84 and a point picked on it back
// with wgs84FromGcj02. Pure: no DOM, so node tests import it as it is.

const PI = Math.PI;
const KRASOVSKY_A = 6378245.0;                 // semi-major axis, metres
const KRASOVSKY_EE = 0.00669342162296594323;   // eccentricity squared
const CHINA = { lonMin: 72.004, lonMax: 137.8347, latMin: 0.8293, latMax: 55.8271 };
const INVERSE_STEPS = 30;                      // iterations of the inverse at most
const INVERSE_EPS = 1e-10;                     // degrees: the inverse's step to stop at

function inChina(lat, lon) {
  return lon >= CHINA.lonMin && lon <= CHINA.lonMax && lat >= CHINA.latMin && lat <= CHINA.latMax;
}

// The two sine series, of x = lon - 105 and y = lat - 35.
function shiftLat(x, y) {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
  r += (20.0 * Math.sin(y * PI) + 40.0 * Math.sin(y / 3.0 * PI)) * 2.0 / 3.0;
  r += (160.0 * Math.sin(y / 12.0 * PI) + 320.0 * Math.sin(y * PI / 30.0)) * 2.0 / 3.0;
  return r;
}

function shiftLon(x, y) {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
  r += (20.0 * Math.sin(x * PI) + 40.0 * Math.sin(x / 3.0 * PI)) * 2.0 / 3.0;
  r += (150.0 * Math.sin(x / 12.0 * PI) + 300.0 * Math.sin(x / 30.0 * PI)) * 2.0 / 3.0;
  return r;
}

// The GCJ-02 point {lat, lon} of a WGS 84 point; unchanged outside China.
export function gcj02FromWgs84(lat, lon) {
  if (!inChina(lat, lon)) return { lat, lon };
  const rad = lat / 180.0 * PI;
  const magic = 1.0 - KRASOVSKY_EE * Math.sin(rad) * Math.sin(rad);
  const sq = Math.sqrt(magic);
  const dlat = shiftLat(lon - 105.0, lat - 35.0) * 180.0 /
    ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sq) * PI);
  const dlon = shiftLon(lon - 105.0, lat - 35.0) * 180.0 / (KRASOVSKY_A / sq * Math.cos(rad) * PI);
  return { lat: lat + dlat, lon: lon + dlon };
}

// The WGS 84 point whose GCJ-02 point is (lat, lon): the forward formula
// inverted by iteration, to within 1e-9 degree.
export function wgs84FromGcj02(lat, lon) {
  let w = { lat, lon };
  for (let i = 0; i < INVERSE_STEPS; i++) {
    const g = gcj02FromWgs84(w.lat, w.lon);
    const elat = g.lat - lat;
    const elon = g.lon - lon;
    w = { lat: w.lat - elat, lon: w.lon - elon };
    if (Math.abs(elat) < INVERSE_EPS && Math.abs(elon) < INVERSE_EPS) break;
  }
  return w;
}
