// lists.js - the overdue and the supervised requests, newest first: the
// number, the title, the building (else the address) and grid, and how late
// it is or which card it carries.
// The count in the heading is the overview's, which covers every one of
// them (the list shows the first rows only).

import { t, fmtDue } from '/common/i18n.js';
import { h, clear, cardLabel, stateLabel } from '/common/ui.js';

// The deadline the request is late against: accept while dispatched,
// resolve while accepted.
function due(r) {
  return r.state === 'dispatched' ? r.accept_due : r.resolve_due;
}

function item(r, kind) {
  const tail = kind === 'overdue'
    ? h('span', { class: 'req-late' }, fmtDue(due(r)))
    : h('span', { class: `badge card-${r.card}` }, cardLabel(r.card));
  const meta = [r.number, (r.building && r.building.name) || r.address, r.grid ? r.grid.name : '', stateLabel(r.state)]
    .filter(Boolean).join(' · ');
  return h('li', { class: 'req', 'data-request': r.id },
    h('span', { class: 'req-title' }, r.title), tail,
    h('span', { class: 'req-meta' }, meta));
}

// Draw rows (GET /api/v1/requests items) into el; count from the overview.
export function drawList(el, countEl, rows, count, kind) {
  clear(el);
  countEl.textContent = typeof count === 'number' ? String(count) : '';
  if (!rows.length) {
    el.append(h('li', { class: 'req-empty' }, t(`list.none.${kind}`)));
    return;
  }
  for (const r of rows) el.append(item(r, kind));
}
