// list.js - one line per request, as the inbox, the search and the
// households show them: number, title, state, SLA and card badges, where
// (building or address, grid) and when, and the deadline that runs now
// ("还剩 3 小时" / "超时 2 天").
// Each line is a link to #request/ID; the open one is marked.

import { t, addMessages, fmtTime, fmtDue } from '/common/i18n.js';
import { h, stateBadge, slaBadge, levelLabel } from '/common/ui.js';
import { categoryName } from '/common/categories.js';

addMessages({
  zh: { 'list.due_accept': '签收', 'list.due_resolve': '办结', 'list.empty': '这里没有诉求',
    'list.created': '{time} 提交' },
  en: { 'list.due_accept': 'accept', 'list.due_resolve': 'resolve', 'list.empty': 'No requests here',
    'list.created': 'raised {time}' },
});

export function cardBadge(card) {
  if (!card || card === 'none') return null;
  return h('span', { class: `badge card-${card}` }, t(`card.${card}`));
}

// The deadline running now: accept while dispatched, resolve while accepted.
function dueLine(r) {
  const due = r.state === 'dispatched' ? r.accept_due : r.state === 'accepted' ? r.resolve_due : null;
  if (!due) return null;
  const which = r.state === 'dispatched' ? 'list.due_accept' : 'list.due_resolve';
  return h('span', { class: `due sla-text-${r.sla || 'on_time'}` }, `${t(which)} · ${fmtDue(due)}`);
}

export function requestItem(r, openId) {
  const open = String(r.id) === String(openId);
  return h('li', { class: `req-item row-${r.sla || 'none'}${open ? ' open' : ''}`, 'data-id': r.id },
    h('a', { class: 'req-link', href: `#request/${r.id}`, 'aria-current': open ? 'true' : null },
      h('span', { class: 'req-top' }, h('span', { class: 'req-number' }, r.number),
        stateBadge(r.state), slaBadge(r.sla), cardBadge(r.card)),
      h('span', { class: 'req-title' }, r.title),
      h('span', { class: 'req-meta muted' },
        [categoryName(r.category), (r.building && r.building.name) || r.address, r.grid && r.grid.name, levelLabel(r.level)]
          .filter(Boolean).join(' · ')),
      h('span', { class: 'req-meta' }, dueLine(r),
        h('span', { class: 'muted' }, t('list.created', { time: fmtTime(r.created_at) })))));
}

// The list element for items (or an empty note).
export function requestList(items, openId, id) {
  if (!items.length) return h('p', { class: 'empty muted', id }, t('list.empty'));
  return h('ul', { class: 'req-list', id }, items.map((r) => requestItem(r, openId)));
}

// Mark the open request in every list on the page.
export function markOpen(root, openId) {
  for (const li of root.querySelectorAll('.req-item')) {
    const open = li.dataset.id === String(openId);
    li.classList.toggle('open', open);
    const a = li.querySelector('a');
    if (open) a.setAttribute('aria-current', 'true');
    else a.removeAttribute('aria-current');
  }
}
