// map.js - the grid map (Leaflet, window.L): the grids' polygons from
// GET /api/v1/org/units?kind=grid on a plain background (the server has no
// tile URL to offer the resident, and none is needed to find one's own
// street), centred on one grid. A tap drops a pin and reports its place.

import { api } from '/common/api.js';

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
  const grids = await loadGrids();
  const L = window.L;
  const map = L.map(el, { zoomControl: true, attributionControl: false, tap: true });
  map.createPane('pin').style.zIndex = PIN_PANE_Z;
  let focus = null;
  const features = grids.filter((g) => g.boundary).map((g) => ({ type: 'Feature', geometry: g.boundary,
    properties: { focus: g.id === focusId, name: g.name } }));
  const layer = L.geoJSON({ type: 'FeatureCollection', features }, {
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
    if (marker) marker.setLatLng([lat, lon]);
    else marker = L.circleMarker([lat, lon], { pane: 'pin', radius: PIN_RADIUS, color: '#1557b0', weight: 4,
      fillColor: '#ffffff', fillOpacity: 1 }).addTo(map);
  };
  if (pin) setPin(pin.lat, pin.lon);
  map.on('click', (e) => { setPin(e.latlng.lat, e.latlng.lng); if (onPick) onPick({ lat: e.latlng.lat, lon: e.latlng.lng }); });
  return { map, setPin, destroy: () => map.remove() };
}
