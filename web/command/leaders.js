// leaders.js - the 邻长 lookup ("准确查找每位邻长的联户信息和诉求处理情况"):
// a name typed in the header (GET /api/v1/leaders?q=) opens a drawer over
// the map with the leaders found; choosing one (at once when only one is
// found) shows their linked households with each one's recent requests
// (GET /api/v1/leaders/{id}/households). Phones arrive masked and stay so.
// A request number, or its last digits, typed in the same box shows the
// requests it stands for instead, each with its building, address, point
// and the links that open it in a map app.

import { t } from '/common/i18n.js';
import { h, clear, stateBadge, slaBadge } from '/common/ui.js';
import { placeText, pointLine } from '/common/place.js';
import { findLeaders, findRequests, leaderHouseholds } from './data.js';

const REQUESTS_SHOWN = 3;   // requests shown per household
const OPEN_STATES = ['submitted', 'dispatched', 'accepted', 'resolved', 'returned'];
// what the server takes for a request number: FQ and its 14 digits, or 4 to 14 last digits
const NUMBER = /^\s*(FQ\d{14}|\d{4,14})\s*$/i;

let els = null;
// what the drawer shows, redrawn on a language change
// message: [key, vars] of the line under the head, or null
const view = { q: '', found: null, chosen: null, detail: null, requests: null, message: null };

export function mountLeaders({ form, input, drawer }) {
  els = { form, input, drawer };
  form.addEventListener('submit', (e) => { e.preventDefault(); search(input.value.trim()); });
  drawer.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeDrawer(); });
}

async function search(q) {
  Object.assign(view, { q, found: null, chosen: null, detail: null, requests: null,
    message: q ? ['ui.loading'] : ['leaders.enter'] });
  draw();
  if (!q) return;
  if (NUMBER.test(q)) return searchRequests(q);
  try {
    view.found = await findLeaders(q);
    view.message = view.found.length ? null : ['leaders.none', { q }];
    if (view.found.length === 1) await choose(view.found[0].id);
    else draw();
  } catch (e) {
    view.message = ['ui.error', { msg: e.message }];
    draw();
  }
}

async function searchRequests(q) {
  try {
    view.requests = await findRequests(q.trim());
    view.message = view.requests.length ? null : ['leaders.no_request', { q }];
  } catch (e) {
    view.message = ['ui.error', { msg: e.message }];
  }
  draw();
}

async function choose(id) {
  Object.assign(view, { chosen: id, detail: null, message: ['ui.loading'] });
  draw();
  try {
    view.detail = await leaderHouseholds(id);
    view.message = null;
  } catch (e) {
    view.message = ['ui.error', { msg: e.message }];
  }
  draw();
}

function closeDrawer() {
  els.drawer.classList.add('hidden');
  Object.assign(view, { q: '', found: null, chosen: null, detail: null, requests: null, message: null });
  els.input.focus();
}

function draw() {
  const d = els.drawer;
  const close = h('button', { class: 'btn drawer-close', type: 'button', onclick: closeDrawer }, t('leaders.close'));
  const title = view.detail ? t('leaders.title', { name: view.detail.leader.name })
    : t(view.requests ? 'leaders.requests' : 'leaders.results', { q: view.q });
  clear(d).append(h('div', { class: 'drawer-head' },
    h('h2', { id: 'leader-drawer-title' }, title), close));
  if (view.found && view.found.length > 1)
    d.append(h('div', { class: 'leader-chips', role: 'group', 'aria-label': t('leaders.found', { n: view.found.length }) },
      ...view.found.map(chip)));
  if (view.message) d.append(h('p', { class: 'leader-note', role: 'status' }, t(...view.message)));
  if (view.detail) d.append(...households(view.detail));
  if (view.requests && view.requests.length)
    d.append(h('ul', { class: 'found-requests' }, ...view.requests.map(foundRequest)));
  d.classList.remove('hidden');
  (d.querySelector('.leader-chip[aria-pressed=true]') || close).focus();
}

function chip(l) {
  return h('button', { class: 'leader-chip', type: 'button', 'data-leader': l.id,
    'aria-pressed': String(view.chosen === l.id), onclick: () => choose(l.id) },
  h('span', { class: 'leader-name' }, l.name),
  h('span', { class: 'leader-grid' }, l.grid ? l.grid.name : ''),
  h('span', { class: 'leader-hh' }, t('leaders.households', { n: l.households })));
}

// A request found by its number: what, where, and the links to a map app.
function foundRequest(r) {
  const loc = { address: r.address, building: r.building, grid: r.grid, lat: r.lat, lon: r.lon };
  return h('li', { class: 'found-request', 'data-request': r.id },
    h('div', { class: 'hh-req' }, stateBadge(r.state), slaBadge(r.sla),
      h('span', { class: 'hh-req-title' }, r.title), h('span', { class: 'hh-req-number' }, r.number)),
    h('div', { class: 'found-place' }, placeText(loc)),
    pointLine(loc, r.title));
}

const isOpen = (r) => OPEN_STATES.includes(r.state);

function households({ leader, households: list }) {
  const unfinished = list.reduce((n, hh) => n + hh.requests.filter(isOpen).length, 0);
  const total = list.reduce((n, hh) => n + hh.requests.length, 0);
  const meta = [leader.grid ? leader.grid.name : '', leader.phone || ''].filter(Boolean).join(' · ');
  return [
    h('p', { class: 'drawer-meta' }, h('span', {}, meta),
      h('span', { class: 'drawer-sum' }, t('leaders.summary', { h: list.length, r: total, o: unfinished }))),
    h('table', { class: 'hh-table' },
      h('thead', {}, h('tr', {}, ...['hh.address', 'hh.head', 'hh.members', 'hh.requests']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, ...list.map(householdRow))),
  ];
}

function householdRow(hh) {
  const reqs = hh.requests.slice(0, REQUESTS_SHOWN).map((r) => h('div', { class: 'hh-req' },
    stateBadge(r.state), slaBadge(r.sla), h('span', { class: 'hh-req-title' }, r.title),
    h('span', { class: 'hh-req-number' }, r.number)));
  if (hh.requests.length > REQUESTS_SHOWN)
    reqs.push(h('div', { class: 'muted' }, t('hh.more', { n: hh.requests.length - REQUESTS_SHOWN })));
  return h('tr', { 'data-household': hh.id },
    h('td', { class: 'hh-address' }, hh.address),
    h('td', {}, hh.head ? `${hh.head.name} ${hh.head.phone || ''}` : '—'),
    h('td', { class: 'hh-members' }, String(hh.members)),
    h('td', { class: 'hh-reqs' }, reqs.length ? reqs : h('span', { class: 'muted' }, t('hh.no_requests'))));
}

// Redraw the open drawer in the language now chosen.
export function relabelLeaders() {
  if (els && !els.drawer.classList.contains('hidden')) draw();
}
