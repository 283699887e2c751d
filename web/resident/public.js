// public.js - other residents' requests as the public may see them: the
// street's Open311 feed (GET /open311/v2/requests.json, docs/open311.md),
// which names no person, shows anonymous requests only by their grid and
// carries no text a resident wrote. Used before sending (possible
// duplicates of the report being written) and on the nearby screen (the
// open requests inside the resident's grid).

import { t, addMessages, fmtTime } from '/common/i18n.js';
import { h } from '/common/ui.js';

addMessages({
  zh: { 'public.at': '{address} · {time} 提交', 'public.holder': '办理：{unit}' },
  en: { 'public.at': '{address} · sent {time}', 'public.holder': 'Handled by {unit}' },
});

const FEED = '/open311/v2/requests.json';
const SIMILAR_DAYS = 7;        // the server's window for similar requests (docs/requests.md)
const SIMILAR_METRES = 200;    // ... and its distance
const FEED_PAGE = 200;         // requests asked for at most
const EARTH_M = 6371000;
const DAY_MS = 86400000;

function daysAgo(n) {
  return new Date(Date.now() + 8 * 3600 * 1000 - n * DAY_MS).toISOString().slice(0, 10);
}

// The open public requests of the last `days` days (without days, the
// feed's own window: the last 90 days), of one service or all.
async function openRequests(days, service) {
  const q = new URLSearchParams({ status: 'open', page_size: String(FEED_PAGE) });
  if (days) q.set('start_date', daysAgo(days));
  if (service) q.set('service_code', service);
  const res = await fetch(`${FEED}?${q}`, { headers: { Accept: 'application/json' } });
  if (!res.ok) return [];
  const body = await res.json();
  return Array.isArray(body) ? body : [];
}

function metres(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.sqrt(s));
}

// Open requests of the same category in the last week at the same building
// or within SIMILAR_METRES of the point: place is the draft's place.
export async function similarTo(category, place) {
  const items = await openRequests(SIMILAR_DAYS, category);
  return items.filter((r) => (place.building_id && Number(r.address_id) === place.building_id)
    || (place.lat !== undefined && typeof r.lat === 'number'
      && metres({ lat: place.lat, lon: place.lon }, { lat: r.lat, lon: r.long }) <= SIMILAR_METRES));
}

// Whether the point [lon, lat] lies inside a GeoJSON Polygon or MultiPolygon.
function inside(geometry, lon, lat) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates]
    : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  const inRing = (ring) => {
    let hit = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) hit = !hit;
    }
    return hit;
  };
  return polys.some((rings) => inRing(rings[0]) && !rings.slice(1).some(inRing));
}

// The open public requests of the last 90 days inside the grid (a unit
// with its GeoJSON boundary), or those placed in it by name.
export async function openInGrid(grid) {
  const items = await openRequests(0);
  return items.filter((r) => (typeof r.lat === 'number' && grid.boundary && inside(grid.boundary, r.long, r.lat))
    || (r.lat === null && r.address === grid.name));
}

// A line for one public request: what, its standing, where and when.
export function publicCard(r) {
  return h('li', { class: 'req-card public-card', 'data-public': r.service_request_id },
    h('strong', { class: 'req-title' }, r.service_name || ''),
    r.status_notes ? h('span', { class: 'public-notes' }, r.status_notes) : null,
    h('span', { class: 'req-meta muted' }, t('public.at', { address: r.address || '', time: fmtTime(r.requested_datetime) })),
    r.agency_responsible ? h('span', { class: 'req-meta muted' }, t('public.holder', { unit: r.agency_responsible })) : null);
}
