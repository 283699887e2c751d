// map.js - where a request is: its grid's polygon (GeoJSON from
// GET /api/v1/org/units/{id}) and a pin at the reported point when the
// request has one, on the server's map tiles when it has them (on GCJ-02
// tiles both are moved to GCJ-02: /common/tiles.js), else on a plain
// background, since no tile server is needed to see the shape of one's
// own grid. Leaflet is loaded as window.L.

import { api } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h } from '/common/ui.js';
import { placePoint } from '/common/place.js';
import { mapConfig, mapFrame, addTiles } from '/common/tiles.js';

addMessages({
  zh: { 'map.label': '{grid} 的网格地图', 'map.point': '上报位置', 'map.no_point': '未标注具体位置，图中为所在网格' },
  en: { 'map.label': 'Map of {grid}', 'map.point': 'Reported place', 'map.no_point': 'No exact point given; the grid is shown' },
});

const PIN_RADIUS = 10;       // pixels
const FIT_PADDING = 12;      // pixels around the grid
const GRID_STYLE = { color: '#b3261e', weight: 3, fillColor: '#f6d2cf', fillOpacity: 0.45 };
const units = new Map();     // unit id → promise of the unit (with boundary)

function unit(id) {
  if (!units.has(id)) units.set(id, api('GET', `/api/v1/org/units/${id}`).catch((e) => { units.delete(id); throw e; }));
  return units.get(id);
}

// Draw the map of request r into el; returns a function that removes it.
export async function requestMap(el, r) {
  const loc = r.location || {};
  const point = placePoint(loc);
  const [grid, tiles] = await Promise.all([loc.grid && loc.grid.id ? unit(loc.grid.id) : null,
    mapConfig()]);
  const L = window.L;
  if (!L || !el.isConnected) return () => {};
  const box = h('div', { class: 'map-box', id: 'detail-map', role: 'img',
    'aria-label': t('map.label', { grid: grid ? grid.name : '' }) });
  el.append(box);
  if (!point) el.append(h('p', { class: 'muted small' }, t('map.no_point')));
  const map = L.map(box, { attributionControl: !!tiles.tile_url, zoomControl: true,
    scrollWheelZoom: false });
  addTiles(map, tiles);
  const frame = mapFrame(tiles);
  const layers = [];
  let bounds = null;
  if (grid && grid.boundary) {
    const shape = L.geoJSON(grid.boundary, { ...frame.geoJsonOptions, style: GRID_STYLE });
    layers.push(shape);
    bounds = shape.getBounds();
  }
  if (point) {
    const at = frame.toMap(point.lat, point.lon);
    layers.push(L.circleMarker(at, { radius: PIN_RADIUS, color: '#1557b0', weight: 4,
      fillColor: '#fff', fillOpacity: 1, className: 'request-pin' }).bindTooltip(t('map.point')));
    if (!bounds) bounds = L.latLngBounds([at, at]);
    else bounds.extend(at);
  }
  // the view first: Leaflet draws vector layers only on a map that has one
  if (bounds && bounds.isValid()) map.fitBounds(bounds, { padding: [FIT_PADDING, FIT_PADDING], maxZoom: 17 });
  else map.setView([0, 0], 1);
  for (const l of layers) l.addTo(map);
  return () => map.remove();
}
