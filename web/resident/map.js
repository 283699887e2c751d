// map.js - the grid map (Leaflet, window.L): the grids' polygons from
// GET /api/v1/org/units?kind=grid, centred on one grid, on the server's
// map tiles when it has them, else on a plain background (none is needed
// to find one's own street). A tap drops a pin and reports its place in
// WGS 84: on GCJ-02 tiles what is drawn is moved to GCJ-02 and the tapped
// point moved back (/common/tiles.js).

import { api } from '/common/api.js';
import { mapConfig, mapFrame, addTiles } from '/common/tiles.js';

const GRIDS_PAGE = 500;        // grids asked for per page (the API's most)
const GRIDS_PAGES_MAX = 20;    // pages followed at most
const PIN_RADIUS = 12;         // pixels of the pin's circle
const FOCUS_PADDING = 16;      // pixels around the grid in view
const PIN_PANE_Z = 700;        // the pin above the grid's name (Leaflet's tooltips are at 650)

let gridsCache = null;

// Every grid with its boundary (cached for the page's life).
export async function loadGrids() {
  if (gridsCache) return gridsCache;
  const all = [];
  let cursor = '';
  for (let i = 0; i < GRIDS_PAGES_MAX; i++) {
    const r = await api('GET', `/api/v1/org/units?kind=grid&limit=${GRIDS_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    all.push(...r.items);
    if (!r.next_cursor) break;
    cursor = r.next_cursor;
  }
  gridsCache = all;
  return all;
}

// Draw the grids in el and centre on focusId (or on them all). onPick({lat,
// lon}) after a tap. Returns {map, setPin(lat, lon), destroy()}.
export async function mountGridMap(el, { focusId, onPick, pin } = {}) {
  const [grids, tiles] = await Promise.all([loadGrids(), mapConfig()]);
  const L = window.L;
  const map = L.map(el, { zoomControl: true, attributionControl: !!tiles.tile_url, tap: true });
  addTiles(map, tiles);
  const frame = mapFrame(tiles);
  map.createPane('pin').style.zIndex = PIN_PANE_Z;
  let focus = null;
  const features = grids.filter((g) => g.boundary).map((g) => ({ type: 'Feature', geometry: g.boundary,
    properties: { focus: g.id === focusId, name: g.name } }));
  const layer = L.geoJSON({ type: 'FeatureCollection', features }, {
    ...frame.geoJsonOptions,
    style: (f) => ({ color: f.properties.focus ? '#b3261e' : '#4a4f57',
      weight: f.properties.focus ? 3 : 1, fillColor: f.properties.focus ? '#f6d2cf' : '#ffffff',
      fillOpacity: 0.6 }),
    onEachFeature: (f, l) => {
      if (!f.properties.focus) return;
      focus = l;
      l.bindTooltip(f.properties.name, { permanent: true, direction: 'center', className: 'grid-label' });
    },
  }).addTo(map);
  const bounds = focus ? focus.getBounds() : layer.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [FOCUS_PADDING, FOCUS_PADDING] });
  else map.setView([0, 0], 2);
  let marker = null;
  const setPin = (lat, lon) => {
    const at = frame.toMap(lat, lon);
    if (marker) marker.setLatLng(at);
    else marker = L.circleMarker(at, { pane: 'pin', radius: PIN_RADIUS, color: '#1557b0', weight: 4,
      fillColor: '#ffffff', fillOpacity: 1 }).addTo(map);
  };
  if (pin) setPin(pin.lat, pin.lon);
  map.on('click', (e) => {
    const p = frame.fromMap(e.latlng.lat, e.latlng.lng);
    setPin(p.lat, p.lon);
    if (onPick) onPick(p);
  });
  return { map, setPin, destroy: () => map.remove() };
}
