// households.js - the people a worker looks after. A 邻长 sees the
// households linked to them (GET /api/v1/leaders/{id}/households), each
// with its recent requests. Staff and 楼栋长 browse their units: the path
// from the street down, the children (a community's grids, a grid's
// buildings), and the households below the unit shown, searchable by
// address, code or name (GET /api/v1/org/units/{id}/households). A
// household opens to its members; a phone number is shown on tap, and
// logged (reveal.js).

import { api } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h, clear } from '/common/ui.js';
import { requestList } from './list.js';
import { revealButton } from './reveal.js';
import { mayBrowseHouseholds, browseUnits } from './roles.js';
import { errorText } from './forms.js';

addMessages({
  zh: {
    'hh.mine': '我联系的住户', 'hh.mine_count': '{name} 联系 {n} 户', 'hh.units': '辖区住户',
    'hh.members': '{n} 人', 'hh.head': '户主：', 'hh.show_members': '看成员', 'hh.hide_members': '收起成员',
    'hh.requests': '近期诉求', 'hh.no_requests': '没有诉求', 'hh.search': '查找住户',
    'hh.search_hint': '地址、户号或姓名', 'hh.go': '查找', 'hh.more': '加载更多', 'hh.count': '{n} 户',
    'hh.count_more': '已显示 {n} 户，还有更多', 'hh.children': '下级', 'hh.households': '住户',
    'hh.path': '位置', 'hh.empty': '没有住户', 'kind.street': '街道', 'kind.community': '社区', 'kind.village': '村',
    'kind.grid': '网格', 'kind.building': '楼栋', 'kind.department': '部门', 'hh.relation': '关系',
    'hh.room': '{entrance}单元 {room}', 'hh.proxy': '为这户代报',
  },
  en: {
    'hh.mine': 'My linked households', 'hh.mine_count': '{name} looks after {n} households', 'hh.units': 'Households in my units',
    'hh.members': '{n} people', 'hh.head': 'Head: ', 'hh.show_members': 'Members', 'hh.hide_members': 'Hide members',
    'hh.requests': 'Recent requests', 'hh.no_requests': 'No requests', 'hh.search': 'Find a household',
    'hh.search_hint': 'Address, household code or name', 'hh.go': 'Find', 'hh.more': 'Load more', 'hh.count': '{n} households',
    'hh.count_more': '{n} shown, more to come', 'hh.children': 'Below', 'hh.households': 'Households',
    'hh.path': 'Where', 'hh.empty': 'No households', 'kind.street': 'Street', 'kind.community': 'Community',
    'kind.village': 'Village', 'kind.grid': 'Grid', 'kind.building': 'Building', 'kind.department': 'Department',
    'hh.relation': 'Relation', 'hh.room': 'entrance {entrance}, {room}', 'hh.proxy': 'Report for them',
  },
});

const PAGE = 50;
const CHILDREN_PAGE = 500;

function members(me, hh) {
  const box = h('div', { class: 'hh-members hidden', id: `hh-members-${hh.id}` });
  let loaded = false;
  const btn = h('button', { class: 'btn btn-small', type: 'button', 'aria-expanded': 'false',
    'aria-controls': box.id, onclick: async () => {
      const open = box.classList.toggle('hidden') === false;
      btn.setAttribute('aria-expanded', String(open));
      btn.textContent = open ? t('hh.hide_members') : t('hh.show_members');
      if (!open || loaded) return;
      loaded = true;
      try {
        const d = await api('GET', `/api/v1/households/${hh.id}`);
        box.append(h('ul', { class: 'plain' }, d.persons.map((p) => h('li', {},
          h('strong', {}, p.name), ` · ${p.relation || ''} `, p.phone || '', ' ', p.phone ? revealButton(me, p.id) : null))));
      } catch (e) {
        loaded = false;
        box.append(h('p', { class: 'form-error' }, errorText(e)));
      }
    } }, t('hh.show_members'));
  return [btn, box];
}

function householdCard(me, hh, withRequests) {
  const head = hh.head;
  return h('li', { class: 'hh card', 'data-id': hh.id },
    h('h3', {}, hh.address),
    h('p', { class: 'muted small' }, [hh.building && hh.building.name, hh.grid && hh.grid.name,
      t('hh.members', { n: hh.members })].filter(Boolean).join(' · ')),
    head ? h('p', { class: 'hh-head' }, h('span', {}, t('hh.head')), h('strong', {}, head.name), ' ',
      head.phone || '', ' ', head.phone ? revealButton(me, head.id) : null) : null,
    h('div', { class: 'row' }, ...members(me, hh), withRequests && (me.request_channels || []).includes('proxy') ? h('a', { class: 'btn btn-small',
      href: `#new?channel=proxy&household=${hh.id}`, 'data-proxy': hh.id }, t('hh.proxy')) : null),
    withRequests ? h('div', { class: 'hh-requests' }, h('h4', {}, t('hh.requests')),
      hh.requests && hh.requests.length ? requestList(hh.requests, null) : h('p', { class: 'muted small' }, t('hh.no_requests'))) : null);
}

async function leaderSection(el, me) {
  const d = await api('GET', `/api/v1/leaders/${me.leader_id}/households`);
  el.append(h('section', { class: 'hh-section', id: 'hh-leader' },
    h('h1', {}, t('hh.mine')),
    h('p', { class: 'muted' }, t('hh.mine_count', { name: d.leader.name, n: d.households.length })),
    d.households.length ? h('ul', { class: 'hh-list' }, d.households.map((hh) => householdCard(me, hh, true)))
      : h('p', { class: 'muted' }, t('hh.empty'))));
}

// The unit to start from: the one in the hash, else the caller's first.
async function startUnit(me, arg) {
  if (Number(arg) > 0) return Number(arg);
  const first = browseUnits(me)[0];
  if (!first) return null;
  if (!first.whole) return first.id;
  const streets = await api('GET', '/api/v1/org/units?kind=street&limit=1');
  return streets.items.length ? streets.items[0].id : null;
}

function unitBrowser(el, ctx, unitId) {
  const me = ctx.me;
  const list = h('ul', { class: 'hh-list', id: 'hh-list' });
  const status = h('p', { class: 'muted', 'aria-live': 'polite' });
  const more = h('button', { class: 'btn btn-block hidden', type: 'button' }, t('hh.more'));
  const q = h('input', { id: 'hh-q', type: 'search', maxLength: 100, placeholder: t('hh.search_hint') });
  const pathBox = h('nav', { class: 'crumbs', 'aria-label': t('hh.path') });
  const kids = h('div', { class: 'hh-children' });
  let cursor = null;
  let count = 0;

  async function page(reset) {
    if (reset) { clear(list); cursor = null; count = 0; }
    const p = new URLSearchParams({ limit: String(PAGE) });
    if (q.value.trim()) p.set('q', q.value.trim());
    if (cursor) p.set('cursor', cursor);
    const r = await api('GET', `/api/v1/org/units/${unitId}/households?${p}`);
    list.append(...r.items.map((hh) => householdCard(me, hh, false)));
    count += r.items.length;
    cursor = r.next_cursor;
    status.textContent = !count ? t('hh.empty') : cursor ? t('hh.count_more', { n: count }) : t('hh.count', { n: count });
    more.classList.toggle('hidden', !cursor);
  }

  async function frame() {
    const [u, c] = await Promise.all([api('GET', `/api/v1/org/units/${unitId}`),
      api('GET', `/api/v1/org/units?parent=${unitId}&limit=${CHILDREN_PAGE}`)]);
    pathBox.append(h('ol', {}, [...(u.ancestors || []), u].map((a) => h('li', {},
      a.id === u.id ? h('strong', { 'aria-current': 'page' }, a.name) : h('a', { href: `#households/${a.id}` }, a.name)))));
    const below = c.items.filter((x) => x.kind !== 'department');
    if (below.length) kids.append(h('h2', {}, t('hh.children')), h('ul', { class: 'chips' }, below.map((x) =>
      h('li', {}, h('a', { class: 'chip', href: `#households/${x.id}` }, h('span', { class: 'muted small' }, t(`kind.${x.kind}`)), ' ', x.name)))));
    return u;
  }

  el.append(h('section', { class: 'hh-section', id: 'hh-units' }, h('h1', {}, t('hh.units')), pathBox, kids,
    h('h2', {}, t('hh.households')),
    h('form', { class: 'row search-row', role: 'search', onsubmit: (e) => { e.preventDefault(); page(true).catch(fail); } },
      h('label', { class: 'sr-only', for: 'hh-q' }, t('hh.search')), q,
      h('button', { class: 'btn btn-primary', type: 'submit' }, t('hh.go'))),
    status, list, more));
  const fail = (e) => { status.textContent = errorText(e); };
  more.addEventListener('click', () => page(false).catch(fail));
  return Promise.all([frame(), page(true)]).catch(fail);
}

export async function render(el, ctx) {
  const me = ctx.me;
  if (me.leader_id && !Number(ctx.arg)) await leaderSection(el, me);
  if (!mayBrowseHouseholds(me)) return;
  const unitId = await startUnit(me, ctx.arg);
  if (unitId) await unitBrowser(el, ctx, unitId);
}
