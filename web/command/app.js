// app.js - the command centre's big screen (1920×1080): the login gate,
// then the panels (KPI tiles, grid map, charts, ticker, lists, 邻长
// lookup), kept live by the event stream without reloading: every event
// adds a ticker row, lights its grid and asks again, debounced, for the
// figures it may have moved.
//
// The map takes its tiles from the server's settings (tile_url,
// tile_label_url, tile_crs: /common/tiles.js); without them the grids are
// drawn on a plain background.

import { me, logout, events, hasRole } from '/common/api.js';
import { t, applyI18n, onLang } from '/common/i18n.js';
import { h, clear, langSwitch } from '/common/ui.js';
import { mountLogin } from '/common/login.js';
import { mapConfig } from '/common/tiles.js';
import './words.js';
import * as data from './data.js';
import { mountKpis, updateRates, updateOverview } from './kpi.js';
import { mountMap, renderLegend } from './map.js';
import { drawTrend, drawCategories, drawRanking, rankRows, gridRankRows, resizeCharts } from './charts.js';
import { mountTicker, addEvent, addOlder, setGrid, relabelTicker } from './ticker.js';
import { drawList } from './lists.js';
import { mountLeaders, relabelLeaders } from './leaders.js';
import { later } from './later.js';
import { mountDisputeTile, refreshDisputes } from './disputes.js';

const STAFF = ['grid_worker', 'community_officer', 'dispatcher', 'supervisor', 'admin'];
const FAST_MS = 1200;          // wait after an event before asking for the figures
const FAST_MAX_MS = 5000;      // ... but never longer than this while events keep coming
const SLOW_MS = 15000;         // the same for categories and ranking
const SLOW_MAX_MS = 60000;
const GRID_MS = 1500;          // the same for one grid's load
const TICK_FIGURES_MS = 60000; // figures asked again without events (deadlines pass)
const TICK_ALL_MS = 300000;    // everything asked again, all grids included
const ROTATE_MS = 20000;       // the ranking switches between communities and grids
const HOLD_MS = 60000;         // ... unless someone chose one this long ago
const RECENT_ROWS = 12;        // ticker rows filled from the newest requests at start

const $ = (id) => document.getElementById(id);
const state = {
  home: null, tree: null, grids: [], map: null, names: null,
  day: null, overview: null, cats: null, rankUnits: null, rankGrids: null,
  overdue: [], supervised: [], rankView: 'communities', heldAt: 0,
};

function setLive(kind, text) {
  $('cmd-live').dataset.state = kind;
  $('cmd-live-text').textContent = text;
}

// ---- figures -----------------------------------------------------------

async function refreshFigures() {
  const id = state.home.id;
  const [o, day, overdue, supervised] = await Promise.all([data.overview(id), data.statsBy('day', id),
    data.requestList('overdue', id), data.requestList('supervised', id)]);
  Object.assign(state, { overview: o, day, overdue, supervised });
  updateOverview(o);
  updateRates(day.rates);
  drawTrend($('chart-trend'), day.series);
  drawLists();
}

function drawLists() {
  const o = state.overview;
  drawList($('overdue-list'), $('overdue-count'), state.overdue, o && o.overdue, 'overdue');
  drawList($('supervised-list'), $('supervised-count'), state.supervised, o && o.supervised, 'supervised');
}

async function refreshSlow() {
  const id = state.home.id;
  const [cats, units] = await Promise.all([data.statsBy('category', id), data.statsBy('unit', id)]);
  state.cats = cats.series;
  Object.assign(state, await rankings(units.series));
  drawSlow();
}

// The two rankings: the home unit's children, and the grids below them
// (the children themselves when they are grids; none for a wider tree).
async function rankings(children) {
  const parents = children.filter((u) => u.kind === 'community' || u.kind === 'village');
  if (parents.length) {
    const lists = await Promise.all(parents.map((u) => data.statsBy('unit', u.id)));
    return { rankUnits: children, rankGrids: lists.flatMap((l) => l.series) };
  }
  if (children.some((u) => u.kind === 'grid')) return { rankUnits: null, rankGrids: children };
  return { rankUnits: children, rankGrids: null };
}

function drawSlow() {
  if (state.cats) drawCategories($('chart-cats'), state.cats, state.names);
  drawRank();
}

function drawRank() {
  const grids = !!state.rankGrids && (state.rankView === 'grids' || !state.rankUnits);
  $('rank-communities').classList.toggle('hidden', !state.rankUnits || !state.rankGrids);
  $('rank-grids').classList.toggle('hidden', !state.rankUnits || !state.rankGrids);
  $('rank-communities').setAttribute('aria-pressed', String(!grids));
  $('rank-grids').setAttribute('aria-pressed', String(grids));
  if (grids && state.rankGrids) drawRanking($('chart-rank'), gridRankRows(state.rankGrids));
  else if (state.rankUnits) drawRanking($('chart-rank'), rankRows(state.rankUnits));
}

function chooseRank(view, byHand) {
  state.rankView = view;
  if (byHand) state.heldAt = Date.now();
  drawRank();
}

async function refreshGrids() {
  state.map.setLoads(await data.gridLoads(state.grids));
}

// ---- live ------------------------------------------------------------------

// f, with its failure shown in the header (and a lost session sent back
// to the login), and the header live again after a success.
function guard(f) {
  return () => f().then(recovered, failed);
}

function recovered() {
  if ($('cmd-live').dataset.state === 'down') setLive('live', t('cmd.live'));
}

const fast = later(guard(refreshFigures), FAST_MS, FAST_MAX_MS);
const slow = later(guard(refreshSlow), SLOW_MS, SLOW_MAX_MS);
const gridTimers = new Map();

function refreshGridSoon(id) {
  if (!gridTimers.has(id))
    gridTimers.set(id, later(guard(async () => state.map.setLoad(id, await data.gridLoad(id))), GRID_MS, GRID_MS));
  gridTimers.get(id)();
}

async function onEvent(e) {
  const ev = e.data;
  if (!ev || typeof ev !== 'object' || !ev.request_id) return;
  setLive('live', t('cmd.live_at', { time: hms(Date.now()) }));
  const row = addEvent({ ...ev, event: ev.event || e.type });
  fast();
  slow();
  const grid = await data.requestGrid(ev.request_id).catch(() => null);
  setGrid(row, grid);
  if (grid) {
    state.map.pulse(grid.id);
    refreshGridSoon(grid.id);
  }
}

function failed(e) {
  if (e && e.status === 401) { location.reload(); return; } // api.js forgot the session
  setLive('down', t('cmd.offline'));
}

// The ticker's first rows: the newest requests, as their intake.
async function fillTicker() {
  const items = await data.recentRequests(RECENT_ROWS);
  for (const r of items) {
    const row = addOlder({ request_id: r.id, number: r.number, event: 'submitted', title: r.title,
      at: r.created_at });
    setGrid(row, r.grid);
  }
}

// ---- frame -----------------------------------------------------------------

const pad = (n) => String(n).padStart(2, '0');

// "15:31:05" of a moment (ms), in Asia/Shanghai.
function hms(ms) {
  const d = new Date(ms + 8 * 3600 * 1000);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function tickClock() {
  const now = Date.now();
  const d = new Date(now + 8 * 3600 * 1000);
  $('cmd-clock').textContent = t('cmd.clock', { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1,
    d: d.getUTCDate(), wd: t(`cmd.weekday.${d.getUTCDay()}`), time: hms(now) });
}

function rotateRank() {
  if (!state.rankUnits || !state.rankGrids || Date.now() - state.heldAt < HOLD_MS) return;
  chooseRank(state.rankView === 'grids' ? 'communities' : 'grids', false);
}

function relabel() {
  mountKpis($('kpis'));
  mountDisputeTile($('kpis'));
  if (state.overview) updateOverview(state.overview);
  if (state.day) { updateRates(state.day.rates); drawTrend($('chart-trend'), state.day.series); }
  renderLegend($('map-legend'));
  drawLists();
  drawSlow();
  relabelTicker();
  relabelLeaders();
  tickClock();
  document.title = `${t('cmd.title')} · ${t('cmd.brand')}`;
  if (state.home && state.home.kind === 'deployment') state.home.name = t('cmd.deployment');
  $('cmd-unit').textContent = state.home ? `${state.home.name || ''} ` : '';
}

// The unit the screen is about: the caller's widest; for a role over the
// whole deployment with one street, that street.
function homeUnit(o, tree) {
  if (o.unit.id !== 0) return o.unit;
  const streets = [...tree.byId.values()].filter((u) => u.kind === 'street');
  return streets.length === 1 ? streets[0] : { id: 0, name: t('cmd.deployment'), kind: 'deployment' };
}

async function start() {
  $('cmd-gate').classList.add('hidden');
  $('cmd-main').classList.remove('hidden');
  $('cmd-logout').classList.remove('hidden');
  $('cmd-live').classList.remove('hidden');
  mountKpis($('kpis'));
  mountDisputeTile($('kpis'));
  renderLegend($('map-legend'));
  mountTicker($('ticker'), $('ticker-count'));
  $('leader-search').classList.remove('hidden');
  mountLeaders({ form: $('leader-search'), input: $('leader-q'), drawer: $('leader-drawer') });
  const [o, tree, names, tiles] = await Promise.all([data.overview(), data.loadTree(),
    data.categoryNames(), mapConfig()]);
  state.tree = tree;
  state.names = names;
  state.home = homeUnit(o, tree);
  $('cmd-unit').textContent = `${state.home.name || ''} `;
  state.grids = data.gridsUnder(tree, state.home.id);
  state.map = mountMap($('map'), { grids: state.grids, tree, tiles });
  events(onEvent);
  await Promise.all([refreshFigures(), fillTicker(), refreshSlow(), refreshGrids(),
    refreshDisputes(state.home.id)]);
  document.body.dataset.ready = '1';
  setInterval(guard(refreshFigures), TICK_FIGURES_MS);
  setInterval(guard(async () => { await refreshSlow(); await refreshGrids(); await refreshDisputes(state.home.id); }), TICK_ALL_MS);
  setInterval(rotateRank, ROTATE_MS);
}

function gate(message) {
  const box = $('cmd-gate');
  clear(box);
  box.classList.remove('hidden');
  $('cmd-main').classList.add('hidden');
  if (message) {
    box.append(h('div', { class: 'card gate-card' }, h('p', {}, message),
      h('button', { class: 'btn btn-primary', type: 'button', onclick: signOut }, t('cmd.switch_account'))));
    return;
  }
  const form = h('div', {});
  box.append(form);
  mountLogin(form, { title: t('cmd.login_title'),
    onDone: () => { location.reload(); } });
}

async function signOut() {
  await logout();
  location.reload();
}

async function boot() {
  $('lang-slot').append(langSwitch());
  applyI18n(document);
  tickClock();
  setInterval(tickClock, 1000);
  onLang(relabel);
  document.title = `${t('cmd.title')} · ${t('cmd.brand')}`;
  $('cmd-logout').addEventListener('click', signOut);
  $('rank-communities').addEventListener('click', () => chooseRank('communities', true));
  $('rank-grids').addEventListener('click', () => chooseRank('grids', true));
  window.addEventListener('resize', () => { resizeCharts(); if (state.map) state.map.invalidate(); });
  const account = await me(); // asks the server only when this browser holds a session (api.js)
  if (!account) return gate();
  if (!hasRole(account, ...STAFF)) return gate(t('cmd.staff_only'));
  await start();
}

boot().catch((e) => {
  setLive('down', t('cmd.offline'));
  gate(t('ui.error', { msg: e.message }));
});
