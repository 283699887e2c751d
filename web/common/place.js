// place.js - where a request is, the same on every screen: its building,
// address and grid as words, its point as coordinates, and links that open
// the point in a map app. The point is the request's own (a pin, or the
// building's door the server copied at intake), else its building's.
//
// Two links, both in WGS 84 / CGCS2000 as the database keeps them
// (docs/ui-worker.md explains the choice): a geo: URI (RFC 5870), which a
// phone hands to whatever map app it has, and the 高德 (AMap) marker page
// told coordinate=wgs84, which opens the AMap app when installed and its
// web map otherwise, converting to AMap's own GCJ-02 itself.

import { api } from './api.js';
import { t, addMessages } from './i18n.js';
import { h } from './ui.js';

addMessages({
  zh: {
    'place.building': '楼栋', 'place.address': '地址', 'place.point': '坐标',
    'place.open_app': '用地图应用打开', 'place.open_amap': '高德地图',
    'place.from_building': '（楼栋位置）',
  },
  en: {
    'place.building': 'Building', 'place.address': 'Address', 'place.point': 'Coordinates',
    'place.open_app': 'Open in a map app', 'place.open_amap': 'AMap',
    'place.from_building': ' (the building)',
  },
});

const DECIMALS = 6;                 // about 0.1 m
const AMAP_MARKER = 'https://uri.amap.com/marker';

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

// The point of a request's location: {lat, lon, building} (building true
// when it is the building's door), or null.
export function placePoint(loc) {
  if (!loc) return null;
  if (isNum(loc.lat) && isNum(loc.lon)) return { lat: loc.lat, lon: loc.lon, building: false };
  const b = loc.building;
  if (b && isNum(b.lat) && isNum(b.lon)) return { lat: b.lat, lon: b.lon, building: true };
  return null;
}

// The building, address and grid of a location as one line ('' when none).
export function placeText(loc) {
  if (!loc) return '';
  const building = loc.building && loc.building.name;
  const address = loc.address || (loc.building && loc.building.address) || '';
  const parts = [building, address && address !== building ? address : '', loc.grid && loc.grid.name];
  return parts.filter(Boolean).join(' · ');
}

// "28.164544, 113.601411"
export function pointText(p) {
  return `${p.lat.toFixed(DECIMALS)}, ${p.lon.toFixed(DECIMALS)}`;
}

// The links that open point p (named label) in a map app.
export function mapLinks(p, label) {
  const lat = p.lat.toFixed(DECIMALS);
  const lon = p.lon.toFixed(DECIMALS);
  const name = label || `${lat},${lon}`;
  const geo = `geo:${lat},${lon}?q=${lat},${lon}(${encodeURIComponent(name)})`;
  const amap = `${AMAP_MARKER}?${new URLSearchParams({ position: `${lon},${lat}`, name,
    coordinate: 'wgs84', callnative: '1' })}`;
  return h('span', { class: 'map-links' },
    h('a', { class: 'btn map-app', href: geo, 'data-map': 'geo' }, t('place.open_app')),
    h('a', { class: 'btn map-web', href: amap, target: '_blank', rel: 'noopener noreferrer',
      'data-map': 'amap' }, t('place.open_amap')));
}

// The coordinates of a location with its map links, or null without a point.
export function pointLine(loc, label) {
  const p = placePoint(loc);
  if (!p) return null;
  return h('span', { class: 'place-point' },
    h('span', { class: 'place-coords' }, pointText(p), p.building ? t('place.from_building') : ''),
    ' ', mapLinks(p, label));
}

// The grid holding a point (GET /api/v1/org/locate), or null when it lies
// outside every grid.
export async function locateGrid(lat, lon) {
  try {
    return (await api('GET', `/api/v1/org/locate?lat=${lat}&lon=${lon}`)).grid;
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
}
