// map.js - the grid map (Leaflet, window.L): every grid's polygon coloured
// by its load (open requests; red when any is overdue), the community and
// village names over their grids, a tooltip per grid, and a pulse on the
// grid an event just happened in. Without the server's tile_url the map is
// drawn on the plain dark background; with it the tiles (and their
// annotation layer) go underneath, and on GCJ-02 tiles the grids are moved
// to GCJ-02 (/common/tiles.js).

import { t } from '/common/i18n.js';
import { h, clear } from '/common/ui.js';
import { addTiles, mapFrame } from '/common/tiles.js';

const PADDING = 18;            // pixels around the grids in view
const PULSE_MS = 4000;         // how long a grid stays lit after an event
const BUSY = 3;                // open requests from which a grid is "busy"

// The colour bands: [stroke, fill, fill opacity].
const BANDS = {
  none: ['#3f6f9f', '#16324f', 0.55],
  some: ['#3fb6a8', '#1e6f68', 0.7],
  busy: ['#f2b233', '#8a6412', 0.75],
  overdue: ['#ff5c4d', '#a3281e', 0.82],
  unknown: ['#3a4a60', '#111c2c', 0.4],
};
const BAND_ORDER = ['none', 'some', 'busy', 'overdue'];

function band(load) {
  if (!load) return 'unknown';
  if (load.overdue > 0) return 'overdue';
  if (load.open >= BUSY) return 'busy';
  return load.open > 0 ? 'some' : 'none';
}

function style(load, lit) {
  const [stroke, fill, opacity] = BANDS[band(load)];
  return { color: lit ? '#ffffff' : stroke, weight: lit ? 4 : 1.2, fillColor: fill,
    fillOpacity: lit ? 0.95 : opacity, className: 'grid' };
}

// Draw the grids (tree units with `boundary`) into el, on the tiles of
// the map settings `tiles` (mapConfig). Returns {setLoads(Map id → load),
// setLoad(id, load), pulse(id), relabel(), invalidate(), count()}.
export function mountMap(el, { grids, tree, tiles }) {
  const L = window.L;
  const map = L.map(el, { zoomControl: false, attributionControl: !!(tiles && tiles.tile_url),
    zoomSnap: 0.1, preferCanvas: false });
  if (addTiles(map, tiles)) el.classList.add('map-tiled');
  const frame = mapFrame(tiles);
  let loads = new Map();
  const lit = new Map(); // grid id → timer
  const layers = new Map();
  const group = L.featureGroup().addTo(map);
  for (const g of grids) {
    if (!g.boundary) continue;
    const layer = L.geoJSON(g.boundary, { ...frame.geoJsonOptions, style: () => style(null, false) });
    layer.bindTooltip(() => tip(g, tree, loads.get(g.id)), { sticky: true, className: 'grid-tip' });
    layer.addTo(group);
    layers.set(g.id, layer);
  }
  const labels = L.layerGroup().addTo(map);
  const fit = () => {
    const b = group.getBounds();
    if (b.isValid()) map.fitBounds(b, { padding: [PADDING, PADDING] });
    else map.setView([0, 0], 2);
  };
  fit();
  const relabel = () => { labels.clearLayers(); communityLabels(L, tree, grids, layers, labels); };
  relabel();
  const restyle = (id) => {
    const layer = layers.get(id);
    if (!layer) return;
    layer.setStyle(style(loads.get(id), lit.has(id)));
    layer.eachLayer((l) => {
      const e = l.getElement && l.getElement();
      if (e) { e.dataset.grid = id; e.dataset.band = band(loads.get(id)); }
    });
  };
  for (const id of layers.keys()) restyle(id);
  return {
    setLoads(m) { loads = new Map(m); for (const id of layers.keys()) restyle(id); },
    setLoad(id, load) { if (load) loads.set(id, load); restyle(id); },
    pulse(id) {
      if (!layers.has(id)) return;
      clearTimeout(lit.get(id));
      lit.set(id, setTimeout(() => { lit.delete(id); restyle(id); }, PULSE_MS));
      restyle(id);
      layers.get(id).bringToFront();
    },
    relabel,
    invalidate() { map.invalidateSize(); fit(); },
    count: () => layers.size,
  };
}

// The tooltip: the grid, its community, and its figures (an element, never
// HTML text: Leaflet would put a string in as markup).
function tip(g, tree, load) {
  const parent = tree.byId.get(g.parent_id);
  const box = h('div', {}, h('strong', {}, g.name), parent ? h('span', { class: 'tip-sub' }, ` · ${parent.name}`) : null);
  if (!load) {
    box.append(h('div', {}, t('map.no_load')));
    return box;
  }
  for (const k of ['open', 'overdue', 'supervised', 'intake'])
    box.append(h('div', { class: `tip-row tip-${k}` }, `${t(`map.${k}`)}：${load[k]}`));
  return box;
}

// One label per community or village, at the middle of its grids.
function communityLabels(L, tree, grids, layers, into) {
  const boxes = new Map();
  for (const g of grids) {
    const layer = layers.get(g.id);
    if (!layer) continue;
    const b = boxes.get(g.parent_id);
    if (b) b.extend(layer.getBounds());
    else boxes.set(g.parent_id, L.latLngBounds(layer.getBounds().getSouthWest(), layer.getBounds().getNorthEast()));
  }
  for (const [id, b] of boxes) {
    const u = tree.byId.get(id);
    if (!u) continue;
    const icon = L.divIcon({ className: 'community-label', html: h('span', {}, u.name), iconSize: null });
    L.marker(b.getCenter(), { icon, interactive: false, keyboard: false }).addTo(into);
  }
}

// The legend: the bands' colours and their meaning.
export function renderLegend(el) {
  clear(el);
  for (const name of BAND_ORDER) {
    const sw = h('span', { class: 'legend-swatch' });
    sw.style.background = BANDS[name][1];
    sw.style.borderColor = BANDS[name][0];
    el.append(h('span', { class: 'legend-item' }, sw, t(`map.band.${name}`, { n: BUSY })));
  }
}
