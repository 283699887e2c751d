// inbox.js - the worker's inbox: six tabs with their counts, by role and
// scope. "Mine" tabs hold the requests at the ladder levels the account
// handles (a 邻长 level 1, a grid worker 2, a community officer 3, the
// dispatcher 4): 待签收 (dispatched), 办理中 (accepted), 即将超时 (either,
// due soon), 退单 (returned to me to route). 已超时 and 督办 cover the
// caller's whole reach (overdue=1, supervised=1); staff get those counts
// from /api/v1/stats/overview. Staff over several units may narrow it all
// to one of them. refresh() reloads it (the app calls it on live events).

import { api } from '/common/api.js';
import { t, addMessages, fmtTime } from '/common/i18n.js';
import { h, clear } from '/common/ui.js';
import { requestList, markOpen } from './list.js';
import { holdLevels, isStaff } from './roles.js';
import { unitChoices } from './units.js';

addMessages({
  zh: {
    'inbox.title': '收件箱', 'inbox.tabs': '收件箱分类',
    'tab.todo': '待签收', 'tab.due_soon': '即将超时', 'tab.overdue': '已超时', 'tab.supervised': '督办',
    'tab.returned': '退单', 'tab.doing': '办理中',
    'inbox.unit': '范围', 'inbox.unit_all': '我负责的全部', 'inbox.updated': '{time} 更新',
    'inbox.live': '实时', 'inbox.more': '只显示前 {n} 件，请用搜索缩小范围', 'inbox.failed': '收件箱没能加载：{msg}',
  },
  en: {
    'inbox.title': 'Inbox', 'inbox.tabs': 'Inbox sections',
    'tab.todo': 'To accept', 'tab.due_soon': 'Due soon', 'tab.overdue': 'Overdue', 'tab.supervised': 'Supervised',
    'tab.returned': 'Returned', 'tab.doing': 'In hand',
    'inbox.unit': 'Scope', 'inbox.unit_all': 'All my units', 'inbox.updated': 'updated {time}',
    'inbox.live': 'live', 'inbox.more': 'Only the first {n} are shown; use search to narrow down',
    'inbox.failed': 'The inbox did not load: {msg}',
  },
});

export const TABS = ['todo', 'due_soon', 'overdue', 'supervised', 'returned', 'doing'];
const PAGE = 200;            // requests fetched per list (the API's most)
const REFRESH_WAIT_MS = 1000;   // a busy street sends many events: one reload per second at most
const NEWEST_FIRST = ['supervised', 'returned'];

function query(params) {
  const q = new URLSearchParams({ limit: String(PAGE) });
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return `/api/v1/requests?${q}`;
}

function runningDue(r) {
  const d = r.state === 'dispatched' ? r.accept_due : r.resolve_due;
  return d ? new Date(d).getTime() : Infinity;
}

export function mountInbox(pane, ctx) {
  const me = ctx.me;
  const levels = holdLevels(me);
  const staff = isStaff(me);
  const state = { tab: 'todo', unit: '', lists: {}, counts: {}, capped: {}, openId: null, timer: null, seq: 0 };
  const tabBar = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('inbox.tabs') });
  const body = h('div', { class: 'tab-body', role: 'tabpanel', id: 'inbox-panel' });
  const status = h('p', { class: 'inbox-status muted', 'aria-live': 'polite' });
  const unitBox = h('div', { class: 'inbox-unit hidden' });
  pane.append(h('div', { class: 'inbox', id: 'inbox' },
    h('div', { class: 'row inbox-head' }, h('h1', {}, t('inbox.title')),
      h('span', { class: 'live-dot', 'aria-hidden': 'true' }), h('span', { class: 'muted' }, t('inbox.live'))),
    unitBox, tabBar, status, body));

  const mine = (items) => (levels.length > 1 ? items.filter((r) => levels.includes(r.level)) : items);

  async function load() {
    const my = ++state.seq;
    const lv = levels.length === 1 ? { level: levels[0] } : {};
    const unit = state.unit ? { unit: state.unit } : {};
    const get = (p) => api('GET', query({ ...p, ...unit }));
    const [disp, acc, ret, over, sup, ov] = await Promise.all([
      get({ ...lv, state: 'dispatched' }), get({ ...lv, state: 'accepted' }), get({ ...lv, state: 'returned' }),
      get({ overdue: 1 }), get({ supervised: 1 }),
      staff ? api('GET', `/api/v1/stats/overview${state.unit ? `?unit=${state.unit}` : ''}`).catch(() => null) : null]);
    if (my !== state.seq) return;
    const d = mine(disp.items), a = mine(acc.items);
    state.lists = { todo: d, doing: a, due_soon: [...d, ...a].filter((r) => r.sla === 'due_soon'),
      returned: mine(ret.items), overdue: over.items, supervised: sup.items };
    for (const k of TABS) if (!NEWEST_FIRST.includes(k)) state.lists[k].sort((x, y) => runningDue(x) - runningDue(y));
    state.capped = { todo: !!disp.next_cursor, doing: !!acc.next_cursor, due_soon: !!(disp.next_cursor || acc.next_cursor),
      returned: !!ret.next_cursor, overdue: !!over.next_cursor, supervised: !!sup.next_cursor };
    for (const k of TABS) state.counts[k] = state.lists[k].length;
    if (ov) { state.counts.overdue = ov.overdue; state.counts.supervised = ov.supervised;
      state.capped.overdue = false; state.capped.supervised = false; }
    draw();
    status.textContent = t('inbox.updated', { time: fmtTime(new Date().toISOString()) });
  }

  function countText(k) {
    const n = state.counts[k];
    if (n === undefined) return '…';
    return state.capped[k] ? `${n}+` : String(n);
  }

  function drawTabs() {
    clear(tabBar).append(...TABS.map((k) => {
      const sel = k === state.tab;
      const n = state.counts[k] || 0;
      return h('button', { class: `tab tab-${k}${n ? ' has' : ''}`, type: 'button', role: 'tab', id: `tab-${k}`,
        'aria-selected': sel ? 'true' : 'false', 'aria-controls': 'inbox-panel', tabIndex: sel ? 0 : -1,
        onclick: () => ctx.go(`#inbox/${k}`), onkeydown: (e) => tabKey(e, k) },
      h('span', { class: 'tab-count', id: `count-${k}` }, countText(k)),
      h('span', { class: 'tab-name' }, t(`tab.${k}`)));
    }));
  }

  // Left and right arrows move between tabs, as in every tab list.
  function tabKey(e, k) {
    const i = TABS.indexOf(k);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = TABS[(i + step + TABS.length) % TABS.length];
    ctx.go(`#inbox/${next}`);
    setTimeout(() => { const b = document.getElementById(`tab-${next}`); if (b) b.focus(); }, 0);
  }

  function draw() {
    drawTabs();
    body.setAttribute('aria-labelledby', `tab-${state.tab}`);
    const items = state.lists[state.tab] || [];
    clear(body).append(requestList(items, state.openId, 'inbox-list'));
    if (state.capped[state.tab] && items.length >= PAGE) body.append(h('p', { class: 'muted' }, t('inbox.more', { n: PAGE })));
  }

  async function drawUnits() {
    if (!staff) return;
    const opts = await unitChoices(me).catch(() => []);
    if (opts.length < 2) return;
    const sel = h('select', { id: 'inbox-unit', onchange: () => { state.unit = sel.value; refresh(true); } },
      h('option', { value: '' }, t('inbox.unit_all')),
      opts.map((o) => h('option', { value: String(o.id) }, o.child ? `· ${o.name}` : o.name)));
    unitBox.append(h('label', { for: 'inbox-unit' }, t('inbox.unit')), sel);
    unitBox.classList.remove('hidden');
  }

  // Reload now, or (on live events) once within the next second however
  // many events come meanwhile.
  function refresh(now) {
    const go = () => load().catch((e) => { status.textContent = t('inbox.failed', { msg: e.message }); });
    if (now) return go();
    if (!state.timer) state.timer = setTimeout(() => { state.timer = null; go(); }, REFRESH_WAIT_MS);
    return null;
  }

  drawTabs();
  drawUnits();
  return {
    refresh,
    setTab(tab) {
      state.tab = TABS.includes(tab) ? tab : 'todo';
      if (state.lists.todo) draw(); else drawTabs();
    },
    markOpen(id) { state.openId = id; markOpen(body, id); },
    ready: refresh(true),
  };
}
