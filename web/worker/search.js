// search.js - find requests: words (q=, found in the title, description or
// address, two characters and up through the search index), and the list's
// filters (state, level, category, channel, unit, dates, overdue,
// supervised). The filters live in the hash (#search?q=…), so a search can
// be bookmarked and Back works; staff get the same filters as a CSV or
// Excel download (GET /api/v1/requests/export).

import { api } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h, stateLabel, levelLabel, channelLabel } from '/common/ui.js';
import { requestItem, markOpen } from './list.js';
import { isStaff } from './roles.js';
import { unitChoices } from './units.js';
import { errorText } from './forms.js';
import { categoryName } from '/common/categories.js';

addMessages({
  zh: {
    'search.title': '查询诉求', 'search.q': '关键词或编号', 'search.q_hint': '标题、内容或地址里的字词，如 漏水、井盖；或诉求编号及其末几位，如 FQ20261207000001、000001',
    'search.more': '更多条件', 'search.state': '状态', 'search.level': '层级', 'search.category': '分类',
    'search.channel': '渠道', 'search.unit': '范围', 'search.from': '从', 'search.to': '到',
    'search.overdue': '只看已超时', 'search.supervised': '只看督办', 'search.any': '不限', 'search.go': '查询',
    'search.reset': '清空', 'search.count': '找到 {n} 件', 'search.count_more': '已显示 {n} 件，还有更多',
    'search.load_more': '加载更多', 'search.export': '导出当前结果', 'search.csv': 'CSV', 'search.xlsx': 'Excel',
    'search.export_hint': '最多 10 万条；导出包含上面的全部条件。',
  },
  en: {
    'search.title': 'Find requests', 'search.q': 'Words or number', 'search.q_hint': 'Words in the title, text or address, such as 漏水 (leak); or a request number or its last digits, such as FQ20261207000001 or 000001',
    'search.more': 'More filters', 'search.state': 'State', 'search.level': 'Level', 'search.category': 'Category',
    'search.channel': 'Channel', 'search.unit': 'Scope', 'search.from': 'From', 'search.to': 'To',
    'search.overdue': 'Overdue only', 'search.supervised': 'Supervised only', 'search.any': 'Any', 'search.go': 'Search',
    'search.reset': 'Clear', 'search.count': '{n} found', 'search.count_more': '{n} shown, more to come',
    'search.load_more': 'Load more', 'search.export': 'Export these results', 'search.csv': 'CSV', 'search.xlsx': 'Excel',
    'search.export_hint': 'At most 100,000 rows; the export uses all the filters above.',
  },
});

const STATES = ['submitted', 'dispatched', 'accepted', 'resolved', 'closed', 'returned', 'rejected', 'merged'];
const CHANNELS = ['self', 'proxy', 'hotline', 'visit', 'inspection', 'open311'];
const FILTERS = ['q', 'state', 'level', 'category', 'channel', 'unit', 'from', 'to', 'overdue', 'supervised'];
const PAGE = 50;

let categories = null;
export function loadCategories() {
  if (!categories) categories = api('GET', '/api/v1/categories').then((r) => r.items).catch((e) => { categories = null; throw e; });
  return categories;
}

function select(id, options, value) {
  return h('select', { id }, h('option', { value: '' }, t('search.any')),
    options.map((o) => h('option', { value: String(o.value), selected: String(o.value) === value }, o.label)));
}

// The filters of params as a query string for the list or the export.
export function filterQuery(params) {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (params.get(k)) q.set(k, params.get(k));
  return q;
}

function filterForm(ctx, params, catOpts, unitOpts) {
  const val = (k) => params.get(k) || '';
  const q = h('input', { id: 'search-q', type: 'search', value: val('q'), maxLength: 100, autocomplete: 'off' });
  const fields = {
    state: select('search-state', STATES.map((s) => ({ value: s, label: stateLabel(s) })), val('state')),
    level: select('search-level', [1, 2, 3, 4].map((l) => ({ value: l, label: levelLabel(l) })), val('level')),
    category: select('search-category', catOpts, val('category')),
    channel: select('search-channel', CHANNELS.map((c) => ({ value: c, label: channelLabel(c) })), val('channel')),
    unit: unitOpts.length > 1 ? select('search-unit', unitOpts, val('unit')) : null,
    from: h('input', { id: 'search-from', type: 'date', value: val('from') }),
    to: h('input', { id: 'search-to', type: 'date', value: val('to') }),
  };
  const overdue = h('input', { id: 'search-overdue', type: 'checkbox', checked: val('overdue') === '1' });
  const supervised = h('input', { id: 'search-supervised', type: 'checkbox', checked: val('supervised') === '1' });
  const anyMore = FILTERS.some((k) => k !== 'q' && val(k));
  const more = h('details', { class: 'search-more', open: anyMore },
    h('summary', {}, t('search.more')),
    h('div', { class: 'search-grid' }, Object.entries(fields).filter(([, el]) => el).map(([k, el]) =>
      h('div', {}, h('label', { for: el.id }, t(`search.${k}`)), el))),
    h('div', { class: 'row' }, h('label', { class: 'check', for: overdue.id }, overdue, t('search.overdue')),
      h('label', { class: 'check', for: supervised.id }, supervised, t('search.supervised'))));
  const form = h('form', { class: 'search-form', role: 'search', id: 'search-form' },
    h('label', { for: q.id }, t('search.q')), h('div', { class: 'row search-row' }, q,
      h('button', { class: 'btn btn-primary', type: 'submit' }, t('search.go'))),
    h('p', { class: 'hint muted small' }, t('search.q_hint')), more,
    h('p', {}, h('a', { href: '#search', class: 'small' }, t('search.reset'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const out = new URLSearchParams();
    if (q.value.trim()) out.set('q', q.value.trim());
    for (const [k, el] of Object.entries(fields)) if (el && el.value) out.set(k, el.value);
    if (overdue.checked) out.set('overdue', '1');
    if (supervised.checked) out.set('supervised', '1');
    ctx.go(`#search${out.toString() ? `?${out}` : ''}`);
  });
  return form;
}

function exportLinks(params) {
  const q = filterQuery(params);
  const link = (fmt) => {
    const p = new URLSearchParams(q);
    p.set('format', fmt);
    return h('a', { class: 'btn', href: `/api/v1/requests/export?${p}`, download: '', id: `export-${fmt}` }, t(`search.${fmt}`));
  };
  return h('div', { class: 'export-box' }, h('span', {}, t('search.export')), link('csv'), link('xlsx'),
    h('p', { class: 'muted small' }, t('search.export_hint')));
}

export function mountSearch(pane, ctx, params) {
  const me = ctx.me;
  const results = h('ul', { class: 'req-list', id: 'search-list' });
  const status = h('p', { class: 'muted', 'aria-live': 'polite', id: 'search-status' });
  const moreBtn = h('button', { class: 'btn btn-block hidden', type: 'button', id: 'search-more' }, t('search.load_more'));
  const formBox = h('div', {});
  let cursor = null;
  let count = 0;
  let openId = null;
  pane.append(h('div', { class: 'search' }, h('h1', {}, t('search.title')), formBox,
    isStaff(me) ? exportLinks(params) : null, status, results, moreBtn));

  Promise.all([loadCategories().catch(() => []), isStaff(me) ? unitChoices(me).catch(() => []) : []]).then(([cats, units]) => {
    const catOpts = cats.flatMap((c) => [{ value: c.code, label: categoryName(c) }, ...c.children.map((s) => ({ value: s.code, label: `· ${categoryName(s)}` }))]);
    formBox.append(filterForm(ctx, params, catOpts, units.map((u) => ({ value: u.id, label: u.child ? `· ${u.name}` : u.name }))));
  });

  async function page() {
    const q = filterQuery(params);
    q.set('limit', String(PAGE));
    if (cursor) q.set('cursor', cursor);
    moreBtn.disabled = true;
    try {
      const r = await api('GET', `/api/v1/requests?${q}`);
      results.append(...r.items.map((x) => requestItem(x, openId)));
      count += r.items.length;
      cursor = r.next_cursor;
      status.textContent = cursor ? t('search.count_more', { n: count }) : t('search.count', { n: count });
      moreBtn.classList.toggle('hidden', !cursor);
    } catch (e) {
      status.textContent = e.status === 422 && e.field ? `${t(`search.${e.field}`)}: ${e.message}` : errorText(e);
    } finally {
      moreBtn.disabled = false;
    }
  }
  moreBtn.addEventListener('click', page);
  page();
  return {
    // live events do not move search results while someone reads them
    refresh() {},
    markOpen(id) { openId = id; markOpen(results, id); },
  };
}
