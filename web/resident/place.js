// place.js - the report's "where" step. Big choices, one picked at a time:
// the building on the QR poster, the resident's own building (the
// default), the phone's position (which grid that is comes from
// GET /api/v1/org/locate), a pin on the grid map, or another building
// found by name.

import { api } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h, clear, icon } from '/common/ui.js';
import { draft, saveDraftSoon } from './draft.js';
import { stepHeader, stepNav } from './steps.js';
import { mountGridMap } from './map.js';
import { put, reput } from './dom.js';

addMessages({
  zh: {
    'place.q': '问题在哪里？', 'place.preset': '扫码的这栋楼', 'place.home': '我住的这栋楼',
    'place.gps': '用我现在的位置', 'place.gps_sub': '站在问题旁边时用这个', 'place.map': '在地图上点一下',
    'place.map_sub': '点一下问题所在的地方', 'place.other': '选别的楼', 'place.other_sub': '输入楼名或门牌地址找一找',
    'place.locating': '正在定位…', 'place.gps_denied': '没能拿到位置。请允许定位，或换一种方式。',
    'place.in_grid': '在 {grid}', 'place.outside': '这个位置不在本街道的网格里，请换一个地方。',
    'place.map_label': '网格地图，点一下选位置', 'place.search': '楼名或地址', 'place.search_ph': '比如：翠竹小区2栋、嗣同路148号',
    'place.none': '没有找到，换个名字试试', 'place.chosen': '已选：{label}', 'place.need': '请先选一个位置',
    'place.pin': '地图上的点',
  },
  en: {
    'place.q': 'Where is it?', 'place.preset': 'The building on the QR code', 'place.home': 'My building',
    'place.gps': 'Where I am now', 'place.gps_sub': 'Use this when you stand next to it', 'place.map': 'Tap it on the map',
    'place.map_sub': 'Tap the spot where the problem is', 'place.other': 'Another building',
    'place.other_sub': 'Find it by name or street address', 'place.locating': 'Finding where you are…',
    'place.gps_denied': 'Could not get your position. Allow location, or choose another way.',
    'place.in_grid': 'In {grid}', 'place.outside': 'This spot is outside every grid of the street; choose another.',
    'place.map_label': 'Grid map: tap to choose the place', 'place.search': 'Building name or address',
    'place.search_ph': 'e.g. 翠竹小区2栋, 嗣同路148号', 'place.none': 'Nothing found; try another name',
    'place.chosen': 'Chosen: {label}', 'place.need': 'Please choose a place first', 'place.pin': 'Point on the map',
  },
});

const GPS_TIMEOUT_MS = 15000;     // wait for the phone's position at most
const GPS_MAX_AGE_MS = 60000;     // a position this recent will do
const SEARCH_LIMIT = 30;          // buildings listed at once
const SEARCH_DELAY_MS = 300;      // typing pause before searching

let homeBuilding = null;          // {id, name, grid} of the resident's building, once read

async function loadHome(me) {
  if (!me.household) return null;
  if (homeBuilding && homeBuilding.id === me.household.building_id) return homeBuilding;
  const u = await api('GET', `/api/v1/org/units/${me.household.building_id}`);
  const grid = (u.ancestors || []).find((a) => a.kind === 'grid');
  homeBuilding = { id: u.id, name: u.name, grid: grid ? grid.name : '' };
  return homeBuilding;
}

// The grid holding a point, or null when it lies outside every grid.
async function locate(lat, lon) {
  try {
    const r = await api('GET', `/api/v1/org/locate?lat=${lat}&lon=${lon}`);
    return r.grid;
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
}

function option(id, iconName, label, sub, selected, onclick) {
  return h('button', { class: `place-opt${selected ? ' selected' : ''}`, type: 'button', id, onclick,
    'aria-pressed': selected ? 'true' : 'false' },
  h('span', { class: 'place-icon', 'aria-hidden': 'true' }, icon(iconName)),
  h('span', { class: 'place-text' }, h('strong', {}, label), sub ? h('span', { class: 'place-sub' }, sub) : null));
}

export async function render(el, ctx) {
  const home = await loadHome(ctx.me).catch(() => null);
  if (!draft.place && home) draft.place = { kind: 'home', building_id: home.id, label: home.name, grid: home.grid };
  const opts = h('div', { class: 'place-opts' });
  const panel = h('div', { class: 'place-panel' });
  const status = h('p', { class: 'place-status', role: 'status', 'aria-live': 'polite' });
  const nav = stepNav(ctx, 'photos', 'check');
  const next = nav.querySelector('#step-next');
  let mapView = null;
  let mode = draft.place ? draft.place.kind : null;

  const showChosen = () => {
    const p = draft.place;
    next.disabled = !p;
    status.classList.remove('form-error');
    status.textContent = p ? t('place.chosen', { label: p.grid && p.kind !== 'gps' && p.kind !== 'pin'
      ? `${p.label}（${p.grid}）` : p.label }) : t('place.need');
  };
  const fail = (key) => { status.classList.add('form-error'); status.textContent = t(key); };
  const closeMap = () => { if (mapView) { mapView.destroy(); mapView = null; } };
  const choose = (kind) => { mode = kind; closeMap(); clear(panel); draw(); };

  const usePoint = async (kind, lat, lon) => {
    const grid = await locate(lat, lon);
    if (!grid) { draft.place = null; showChosen(); fail('place.outside'); return; }
    const label = kind === 'gps' ? t('place.in_grid', { grid: grid.name }) : `${t('place.pin')} · ${grid.name}`;
    draft.place = { kind, lat, lon, label, grid: grid.name };
    saveDraftSoon();
    showChosen();
    status.scrollIntoView({ block: 'nearest' });
  };

  const gps = () => {
    draft.place = null;
    choose('gps');
    showChosen();
    if (!navigator.geolocation) { fail('place.gps_denied'); return; }
    status.textContent = t('place.locating');
    navigator.geolocation.getCurrentPosition(
      (pos) => usePoint('gps', pos.coords.latitude, pos.coords.longitude).catch(() => fail('place.gps_denied')),
      () => fail('place.gps_denied'),
      { enableHighAccuracy: true, timeout: GPS_TIMEOUT_MS, maximumAge: GPS_MAX_AGE_MS });
  };

  const openMap = async () => {
    if (draft.place && draft.place.kind !== 'pin') draft.place = null;
    choose('pin');
    showChosen();
    const box = h('div', { class: 'place-map', id: 'place-map', role: 'application', 'aria-label': t('place.map_label') });
    panel.append(box);
    const focusId = ctx.me.household ? ctx.me.household.grid_id : null;
    const pin = draft.place && draft.place.kind === 'pin' ? draft.place : null;
    mapView = await mountGridMap(box, { focusId, pin, onPick: (p) => usePoint('pin', p.lat, p.lon) });
  };

  const openSearch = () => {
    choose('search');
    const input = h('input', { id: 'place-search', type: 'search', placeholder: t('place.search_ph'), autocomplete: 'off' });
    const results = h('ul', { class: 'list place-results', id: 'place-results' });
    let timer = null;
    const search = async () => {
      const q = input.value.trim();
      const grid = ctx.me.household ? ctx.me.household.grid_id : null;
      const path = q ? `/api/v1/org/units?kind=building&limit=${SEARCH_LIMIT}&q=${encodeURIComponent(q)}`
        : `/api/v1/org/units?kind=building&limit=${SEARCH_LIMIT}${grid ? `&parent=${grid}` : ''}`;
      const r = await api('GET', path);
      results.replaceChildren(...(r.items.length ? r.items.map((b) => h('li', {},
        h('button', { class: 'btn btn-block place-building', type: 'button', onclick: () => {
          draft.place = { kind: 'building', building_id: b.id, label: b.address || b.name, grid: '' };
          draw(); showChosen();
        } }, h('strong', {}, b.name),
        // the address (road and number) tells two buildings of one name apart
        b.address ? h('span', { class: 'place-sub place-address' }, b.address) : null)))
        : [h('li', { class: 'muted' }, t('place.none'))]));
    };
    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, SEARCH_DELAY_MS); });
    panel.append(h('label', { for: 'place-search' }, t('place.search')), input, results);
    search();
    input.focus();
  };

  // Only the card of the place chosen is highlighted; while none is
  // chosen, the card whose panel is open.
  const draw = () => {
    const p = draft.place;
    const is = (kind, id) => p && p.kind === kind && (id === undefined || p.building_id === id);
    const open = (kind) => (p ? is(kind) : mode === kind);
    reput(opts,
      draft.preset ? option('place-preset', 'building', t('place.preset'), draft.preset.label,
        is('building', draft.preset.building_id), () => {
          draft.place = { kind: 'building', building_id: draft.preset.building_id, label: draft.preset.label,
            grid: draft.preset.grid };
          choose('building'); showChosen();
        }) : null,
      home && (!draft.preset || draft.preset.building_id !== home.id)
        ? option('place-home', 'home', t('place.home'), home.name, is('home'), () => {
          draft.place = { kind: 'home', building_id: home.id, label: home.name, grid: home.grid };
          choose('home'); showChosen();
        }) : null,
      option('place-gps', 'pin', t('place.gps'), t('place.gps_sub'), open('gps'), gps),
      option('place-map-btn', 'map', t('place.map'), t('place.map_sub'), open('pin'), openMap),
      option('place-other', 'search', t('place.other'), t('place.other_sub'), p
        ? p.kind === 'building' && (!draft.preset || p.building_id !== draft.preset.building_id)
        : mode === 'search', openSearch));
  };

  draw();
  showChosen();
  put(el, stepHeader('place', t('place.q')), opts, panel, status, nav);
  return closeMap;
}
