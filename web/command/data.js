// data.js - what the command centre reads from the API, and nothing else:
// the org tree (grids with boundaries), the figures (stats, overview), the
// per-grid load, the overdue and supervised lists, a request's grid, and
// the 邻长 lookup. Every function returns plain data; the panels draw it.
//
// The per-grid load (open, overdue) has no endpoint of its own: it is one
// GET /api/v1/stats/overview?unit=<grid> per grid, a few at a time, and
// after an event only the grid the event is in is asked again.

import { api } from '/common/api.js';

const UNITS_PAGE = 500;        // units asked for per page (the API's most)
const UNITS_PAGES_MAX = 40;    // pages followed at most for one kind
const LIST_LIMIT = 12;         // rows of the overdue and supervised lists
const LOAD_PARALLEL = 4;       // overview requests in flight at once
const GRID_CACHE_MAX = 2000;   // request → grid entries kept
const TREND_DAYS = 30;         // the trend's days, today included
const LEADERS_LIMIT = 8;       // leaders shown for a name

const COUNTED_KINDS = ['street', 'community', 'village', 'grid'];

async function allUnits(kind) {
  const out = [];
  let cursor = '';
  for (let i = 0; i < UNITS_PAGES_MAX; i++) {
    const q = `kind=${kind}&limit=${UNITS_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await api('GET', `/api/v1/org/units?${q}`);
    out.push(...r.items);
    if (!r.next_cursor) break;
    cursor = r.next_cursor;
  }
  return out;
}

// The tree of units that keep counters: {byId: Map, grids: [...]}; each
// unit gets `children` (ids) filled in.
export async function loadTree() {
  const lists = await Promise.all(COUNTED_KINDS.map(allUnits));
  const byId = new Map();
  for (const u of lists.flat()) byId.set(u.id, { ...u, children: [] });
  for (const u of byId.values()) {
    const p = byId.get(u.parent_id);
    if (p) p.children.push(u.id);
  }
  return { byId, grids: lists[COUNTED_KINDS.indexOf('grid')].map((g) => byId.get(g.id)) };
}

// The grids at or below unit id (all grids for the whole deployment, 0).
export function gridsUnder(tree, id) {
  if (!id) return tree.grids;
  const out = [];
  const walk = (u) => {
    if (!u) return;
    if (u.kind === 'grid') out.push(u);
    for (const c of u.children) walk(tree.byId.get(c));
  };
  walk(tree.byId.get(id));
  return out;
}

// ?unit=id, or nothing for the caller's widest unit (id null).
const unitArg = (id) => (id === null || id === undefined ? '' : `&unit=${id}`);

// GET /api/v1/stats/overview: today's intake and closures, open, overdue
// and supervised now.
export function overview(id = null) {
  return api('GET', `/api/v1/stats/overview?${unitArg(id).slice(1)}`);
}

// GET /api/v1/stats?by= over the last TREND_DAYS days: the period's counts
// and rates, and the series by day, category or child unit.
export function statsBy(by, id) {
  return api('GET', `/api/v1/stats?by=${by}&from=${daysAgo(TREND_DAYS - 1)}${unitArg(id)}`);
}

// YYYY-MM-DD of n days before today in Asia/Shanghai.
function daysAgo(n) {
  const d = new Date(Date.now() + 8 * 3600 * 1000 - n * 86400 * 1000);
  return d.toISOString().slice(0, 10);
}

// Run f over items with at most LOAD_PARALLEL calls in flight.
async function pool(items, f) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await f(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOAD_PARALLEL, items.length) }, worker));
}

// The load of each grid: Map id → {open, overdue, supervised, intake}.
// A grid the caller may not see (404) is left out.
export async function gridLoads(grids, into = new Map()) {
  await pool(grids, async (g) => {
    const load = await gridLoad(g.id);
    if (load) into.set(g.id, load);
  });
  return into;
}

export async function gridLoad(id) {
  try {
    const o = await overview(id);
    return { open: o.open, overdue: o.overdue, supervised: o.supervised, intake: o.today.intake };
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
}

// The rows of the overdue (kind 'overdue') or supervised list.
export async function requestList(kind, id) {
  const r = await api('GET', `/api/v1/requests?${kind}=1&limit=${LIST_LIMIT}${id ? unitArg(id) : ''}`);
  return r.items;
}

const gridOf = new Map();

// The grid {id, name} of request id (the live events do not carry it);
// remembered, since a request never changes grid.
export async function requestGrid(id) {
  if (gridOf.has(id)) return gridOf.get(id);
  let grid = null;
  try {
    const r = await api('GET', `/api/v1/requests/${id}`);
    grid = r.location && r.location.grid ? r.location.grid : null;
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  if (gridOf.size >= GRID_CACHE_MAX) gridOf.delete(gridOf.keys().next().value);
  gridOf.set(id, grid);
  return grid;
}

// The most recent requests: the ticker's first rows before any live event.
export async function recentRequests(n) {
  return (await api('GET', `/api/v1/requests?limit=${n}`)).items;
}

// Category code → {name, name_en}, for the English labels of the chart.
export async function categoryNames() {
  const out = new Map();
  const r = await api('GET', '/api/v1/categories');
  const walk = (c) => { out.set(c.code, { name: c.name, name_en: c.name_en }); (c.children || []).forEach(walk); };
  r.items.forEach(walk);
  return out;
}

// The requests a number or its last digits stand for (the server matches
// them; see docs/search.md), newest first.
export async function findRequests(q) {
  return (await api('GET', `/api/v1/requests?q=${encodeURIComponent(q)}&limit=${LEADERS_LIMIT}`)).items;
}

export async function findLeaders(q) {
  return (await api('GET', `/api/v1/leaders?q=${encodeURIComponent(q)}&limit=${LEADERS_LIMIT}`)).items;
}

export function leaderHouseholds(id) {
  return api('GET', `/api/v1/leaders/${id}/households`);
}
