// tiles.js - what every map (worker, resident, command centre) takes from
// the server's map settings (GET /api/v1/ui/config, docs/maps.md): the
// base tiles and their annotation layer under what it draws, and the
// coordinate system those tiles are in. Points are kept in WGS 84; on
// GCJ-02 tiles what is drawn is moved to GCJ-02 (toMap, geoJsonOptions)
// and a point picked on the map is moved back (fromMap) before it is sent.
// Without tile_url the maps draw on a plain background, as offline.

import { gcj02FromWgs84, wgs84FromGcj02 } from './crs.js';

const TILE_MAX_ZOOM = 19;
const NONE = { tile_url: '', tile_label_url: '', tile_crs: 'wgs84' };
let pending = null;

// The server's map settings (asked once per page; none when it fails).
export function mapConfig() {
  if (!pending) {
    pending = fetch('/api/v1/ui/config', { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : NONE))
      .then((c) => ({ ...NONE, ...c }))
      .catch(() => NONE);
  }
  return pending;
}

// The frame of a map drawn with settings cfg: toMap(lat, lon) → [lat, lon]
// to draw, fromMap(lat, lng) → {lat, lon} in WGS 84, and the options that
// make L.geoJSON draw WGS 84 GeoJSON in it.
export function mapFrame(cfg) {
  const gcj = cfg && cfg.tile_crs === 'gcj02';
  const toMap = (lat, lon) => {
    const p = gcj ? gcj02FromWgs84(lat, lon) : { lat, lon };
    return [p.lat, p.lon];
  };
  const fromMap = (lat, lng) => (gcj ? wgs84FromGcj02(lat, lng) : { lat, lon: lng });
  const L = window.L;
  return {
    toMap,
    fromMap,
    geoJsonOptions: { coordsToLatLng: (c) => L.latLng(...toMap(c[1], c[0])) },
  };
}

function attribution(url) {
  try { return new URL(url.replace(/[{}]/g, '')).host; } catch { return ''; }
}

// Put the base tiles and their annotation layer under what map draws;
// returns whether there are tiles.
export function addTiles(map, cfg) {
  if (!cfg || !cfg.tile_url) return false;
  const L = window.L;
  L.tileLayer(cfg.tile_url, { maxZoom: TILE_MAX_ZOOM, attribution: attribution(cfg.tile_url),
    className: 'tiles-base' }).addTo(map);
  if (cfg.tile_label_url) {
    L.tileLayer(cfg.tile_label_url, { maxZoom: TILE_MAX_ZOOM, className: 'tiles-label' }).addTo(map);
  }
  if (map.attributionControl) map.attributionControl.setPrefix(false);
  return true;
}
