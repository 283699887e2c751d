// ticker.js - the live ticker: one row per event, newest first, with the
// time, the event in words, the request's number and title and its grid.
// The grid comes later than the event (the event does not carry it), so a
// row is drawn at once and its grid filled in when known.

import { t } from '/common/i18n.js';
import { h, clear, eventLabel } from '/common/ui.js';

const ROWS_MAX = 40;          // rows kept (the panel shows what fits)
const NEW_MS = 6000;          // how long a new row stays highlighted

// The colour group of each event, for its badge.
const TONE = {
  submitted: 'info', dispatched: 'info', reassigned: 'info', accepted: 'warn',
  resolved: 'ok', rated: 'ok', rated_final: 'ok', auto_closed: 'ok',
  escalated: 'danger', returned: 'danger', rated_redo: 'danger', redone: 'danger',
  rejected: 'muted', merged: 'muted', supervised: 'alarm', reminded: 'alarm',
};

const rows = [];   // {key, ev, grid} newest first
let list = null;
let counter = null;
let seen = 0;

export function mountTicker(listEl, countEl) {
  list = listEl;
  counter = countEl;
  redraw();
}

const pad = (n) => String(n).padStart(2, '0');

// "14:05:09" today, "11/22 14:05" another day (Asia/Shanghai).
function when(rfc3339) {
  if (!rfc3339) return '';
  const d = new Date(new Date(rfc3339).getTime() + 8 * 3600 * 1000);
  const now = new Date(Date.now() + 8 * 3600 * 1000);
  if (d.toISOString().slice(0, 10) === now.toISOString().slice(0, 10))
    return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function rowEl(r, fresh) {
  const ev = r.ev;
  const li = h('li', { class: `tick${fresh ? ' tick-new' : ''}`, 'data-event': ev.event,
    'data-request': ev.request_id },
  h('span', { class: 'tick-time' }, when(ev.at)),
  h('span', { class: `tick-event tone-${TONE[ev.event] || 'info'}` }, eventLabel(ev.event)),
  h('span', { class: 'tick-number' }, ev.number || ''),
  h('span', { class: 'tick-grid' }, r.grid ? r.grid.name : (r.grid === null ? '' : '…')),
  h('span', { class: 'tick-title' }, ev.title || ''));
  if (fresh) setTimeout(() => li.classList.remove('tick-new'), NEW_MS);
  r.el = li;
  return li;
}

function redraw() {
  if (!list) return;
  clear(list);
  if (!rows.length) list.append(h('li', { class: 'tick-empty muted' }, t('ticker.waiting')));
  for (const r of rows) list.append(rowEl(r, false));
  counter.textContent = seen ? t('ticker.count', { n: seen }) : '';
}

// Add an event {request_id, number, event, title, at} at the top; returns
// the row, whose grid setGrid() fills in.
export function addEvent(ev, { live = true } = {}) {
  const r = { ev, grid: undefined };
  if (live) seen++;
  rows.unshift(r);
  while (rows.length > ROWS_MAX) rows.pop();
  if (!list) return r;
  const empty = list.querySelector('.tick-empty');
  if (empty) empty.remove();
  list.prepend(rowEl(r, live));
  while (list.children.length > ROWS_MAX) list.lastChild.remove();
  counter.textContent = seen ? t('ticker.count', { n: seen }) : '';
  return r;
}

// Older rows go below the newer ones (the ticker's first fill).
export function addOlder(ev) {
  const r = { ev, grid: undefined };
  rows.push(r);
  if (list) {
    const empty = list.querySelector('.tick-empty');
    if (empty) empty.remove();
    list.append(rowEl(r, false));
  }
  return r;
}

export function setGrid(r, grid) {
  r.grid = grid;
  const span = r.el && r.el.querySelector('.tick-grid');
  if (span) span.textContent = grid ? grid.name : '';
}

// Redraw in the language now chosen.
export function relabelTicker() { redraw(); }
