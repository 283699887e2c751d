// list.js - a list of requests as big cards: what, state, when, and a
// warning when it is late. Shared by "my requests" and "nearby".

import { api } from '/common/api.js';
import { t, addMessages, fmtTime } from '/common/i18n.js';
import { h, stateBadge } from '/common/ui.js';
import { categoryName } from '/common/categories.js';

addMessages({
  zh: { 'list.raised': '{time} 提交', 'list.late': '已超时，正在催办', 'list.more': '看更多' },
  en: { 'list.raised': 'Sent {time}', 'list.late': 'Late: being chased', 'list.more': 'Show more' },
});

const PAGE = 20; // requests per page

// A card for one item of GET /api/v1/requests.
export function requestCard(r) {
  return h('li', {},
    h('a', { class: 'req-card', href: `#request/${r.id}`, 'data-id': r.id },
      h('span', { class: 'req-top' }, stateBadge(r.state),
        r.sla === 'overdue' ? h('span', { class: 'badge sla-overdue' }, t('list.late')) : null),
      h('strong', { class: 'req-title' }, r.title),
      h('span', { class: 'req-meta muted' },
        `${categoryName(r.category)} · ${t('list.raised', { time: fmtTime(r.created_at) })}`)));
}

// Fill ul with the pages of path (a list route with its query), with a
// "more" button while there is a next page. Returns the first page.
export async function fillList(ul, path, emptyText) {
  const more = h('button', { class: 'btn btn-big btn-block list-more', type: 'button' }, t('list.more'));
  let cursor = null;
  const page = async () => {
    const c = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const r = await api('GET', `${path}${path.includes('?') ? '&' : '?'}limit=${PAGE}${c}`);
    more.remove();
    ul.append(...r.items.map(requestCard));
    cursor = r.next_cursor;
    if (cursor) ul.after(more);
    return r.items;
  };
  more.addEventListener('click', () => { more.disabled = true; page().finally(() => { more.disabled = false; }); });
  const first = await page();
  if (!first.length) ul.append(h('li', { class: 'muted empty' }, emptyText));
  return first;
}
