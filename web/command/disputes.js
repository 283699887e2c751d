// disputes.js - the 化解率 tile of the command centre: the share of the
// disputes closed in the last DISPUTE_DAYS that ended with an agreement or
// a reconciliation (GET /api/v1/disputes/stats of the screen's unit), with
// the cases still being mediated under it. It sits at the end of the KPI
// row and is refreshed with the slow figures.

import { api } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h, clear } from '/common/ui.js';

const DISPUTE_DAYS = 90;

addMessages({
  zh: { 'kpi.dispute_rate': '纠纷化解率', 'kpi.dispute_sub': '近{d}天 · 在调{n}件' },
  // short enough for one line of a tile a tenth of the screen wide
  en: { 'kpi.dispute_rate': 'Dispute rate', 'kpi.dispute_sub': '{d} days · {n} open' },
});

let last = null;

function day(ms) {
  return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function draw() {
  const value = document.getElementById('kpi-dispute_rate-value');
  const sub = document.getElementById('kpi-dispute_rate-sub');
  if (!value || !sub) return;
  clear(value);
  const rate = last && last.totals.resolution_rate;
  if (rate === null || rate === undefined) value.textContent = last ? '—' : '…';
  else value.append((rate * 100).toFixed(1), h('span', { class: 'kpi-unit' }, '%'));
  sub.textContent = t('kpi.dispute_sub', { d: DISPUTE_DAYS, n: last ? last.open : '…' });
}

// Add the tile to the KPI row el (after mountKpis, which empties it).
export function mountDisputeTile(el) {
  el.append(h('div', { class: 'kpi kpi-rate', id: 'kpi-dispute_rate' },
    h('span', { class: 'kpi-label' }, t('kpi.dispute_rate')),
    h('span', { class: 'kpi-value', id: 'kpi-dispute_rate-value' }),
    h('span', { class: 'kpi-sub', id: 'kpi-dispute_rate-sub' })));
  draw();
}

// Fetch the figures of unit (0: the caller's own) and show them.
export async function refreshDisputes(unitId) {
  const now = Date.now();
  const q = new URLSearchParams({ period: 'month', from: day(now - DISPUTE_DAYS * 86400000), to: day(now) });
  if (unitId) q.set('unit_id', String(unitId));
  last = await api('GET', `/api/v1/disputes/stats?${q}`);
  draw();
}
