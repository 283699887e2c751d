// kpi.js - the KPI tiles: the four rates of the last 30 days (响应率,
// 解决率, 满意率, 按期办结率) and the figures of now (today's intake and
// closures, open, overdue, supervised). A tile whose number changes
// flashes, so that a visitor sees the screen is live.

import { t } from '/common/i18n.js';
import { h, clear } from '/common/ui.js';

const FLASH_MS = 2400;  // how long a changed tile stays lit

// key, where the number comes from, how it is shown, its colour when > 0
const TILES = [
  { key: 'response', rate: true },
  { key: 'resolution', rate: true },
  { key: 'satisfaction', rate: true },
  { key: 'on_time', rate: true },
  { key: 'intake', from: (o) => o.today.intake },
  { key: 'closed', from: (o) => o.today.closed },
  { key: 'open', from: (o) => o.open },
  { key: 'overdue', from: (o) => o.overdue, alarm: 'danger' },
  { key: 'supervised', from: (o) => o.supervised, alarm: 'warn' },
];

const values = new Map();   // key → the number shown (null: no data)
const cells = new Map();    // key → {tile, value, sub}

// Build the tiles into el (once; again after a language change).
export function mountKpis(el) {
  clear(el);
  for (const d of TILES) {
    const value = h('span', { class: 'kpi-value', id: `kpi-${d.key}-value` });
    const sub = h('span', { class: 'kpi-sub' }, t(d.rate ? 'kpi.period' : `kpi.sub.${d.key}`));
    const tile = h('div', { class: `kpi kpi-${d.rate ? 'rate' : 'count'}`, id: `kpi-${d.key}` },
      h('span', { class: 'kpi-label' }, t(`kpi.${d.key}`)), value, sub);
    cells.set(d.key, { tile, value, sub });
    el.append(tile);
    show(d, values.has(d.key) ? values.get(d.key) : undefined, false);
  }
}

function show(d, v, flash) {
  const c = cells.get(d.key);
  if (!c) return;
  clear(c.value);
  if (v === undefined) {
    c.value.textContent = '…';
  } else if (v === null) {
    c.value.textContent = '—';
    c.sub.textContent = t('kpi.no_data');
  } else if (d.rate) {
    c.value.append(v.toFixed(1), h('span', { class: 'kpi-unit' }, '%'));
    c.sub.textContent = t('kpi.period');
  } else {
    c.value.textContent = String(v);
  }
  if (d.alarm) c.tile.classList.toggle(`kpi-${d.alarm}`, typeof v === 'number' && v > 0);
  if (d.rate) c.tile.classList.toggle('kpi-low', typeof v === 'number' && v < 80);
  if (flash) {
    c.tile.classList.remove('kpi-flash');
    void c.tile.offsetWidth; // restart the animation
    c.tile.classList.add('kpi-flash');
    setTimeout(() => c.tile.classList.remove('kpi-flash'), FLASH_MS);
  }
}

function set(d, v) {
  const had = values.has(d.key);
  const old = values.get(d.key);
  values.set(d.key, v);
  show(d, v, had && old !== v);
}

// rates: the `rates` object of GET /api/v1/stats.
export function updateRates(rates) {
  for (const d of TILES) if (d.rate) set(d, rates[d.key] ?? null);
}

// o: GET /api/v1/stats/overview.
export function updateOverview(o) {
  for (const d of TILES) if (d.from) set(d, d.from(o));
}
