// nearby.js - the open requests of the resident's grid from the public
// Open311 feed (public.js: kind, place, progress, never who), then the
// requests in the grid that they may see in full. The API
// lets a resident see their own requests and those they are linked to (a
// 邻长's households, a building leader's building), not other residents'
// ones, so this is that list narrowed to the grid (GET
// /api/v1/requests?unit=<grid>), under the grid's map. The list shows no
// reporter, so anonymous reports stay anonymous.

import { t, addMessages } from '/common/i18n.js';
import { h } from '/common/ui.js';
import { fillList } from './list.js';
import { mountGridMap, loadGrids } from './map.js';
import { openInGrid, publicCard } from './public.js';

addMessages({
  zh: {
    'nearby.title': '附近的诉求', 'nearby.grid': '您所在的网格', 'nearby.note':
      '这里列出本网格里您能看到的诉求。别人的诉求只有办理人员能看到，保护大家的隐私。',
    'nearby.empty': '本网格里暂时没有您能看到的诉求。', 'nearby.map': '本网格地图',
    'nearby.mine': '您和您家的诉求', 'nearby.public': '本网格正在办的诉求（公开信息）',
    'nearby.public_note': '只显示类别、位置和办理情况，不显示是谁报的。',
    'nearby.public_empty': '本网格暂时没有正在办的公开诉求。',
  },
  en: {
    'nearby.title': 'Nearby requests', 'nearby.grid': 'Your grid', 'nearby.note':
      'These are the requests in your grid that you may see. Other residents\u2019 requests are seen only by the staff handling them, for everyone\u2019s privacy.',
    'nearby.empty': 'No request in your grid that you may see yet.', 'nearby.map': 'Map of your grid',
    'nearby.mine': 'Yours and your household\u2019s', 'nearby.public': 'Open in your grid (public)',
    'nearby.public_note': 'Only the kind, the place and the progress are shown, never who reported it.',
    'nearby.public_empty': 'No open public request in your grid at the moment.',
  },
});

export async function render(el, ctx) {
  ctx.title('nearby.title');
  const grid = ctx.me.household ? ctx.me.household.grid_id : (ctx.me.roles.find((r) => r.unit) || {}).unit?.id;
  const mapBox = h('div', { class: 'nearby-map', role: 'img', 'aria-label': t('nearby.map') });
  const ul = h('ul', { class: 'req-list', id: 'nearby-list' });
  const pub = h('ul', { class: 'req-list', id: 'nearby-public' });
  el.append(h('h1', {}, t('nearby.title')), mapBox,
    h('h2', {}, t('nearby.public')), h('p', { class: 'muted' }, t('nearby.public_note')), pub,
    h('h2', {}, t('nearby.mine')), h('p', { class: 'muted' }, t('nearby.note')), ul);
  let view = null;
  mountGridMap(mapBox, { focusId: grid }).then((v) => { view = v; }).catch(() => mapBox.remove());
  const publicList = loadGrids().then((all) => all.find((g) => g.id === grid))
    .then((g) => (g ? openInGrid(g) : [])).catch(() => [])
    .then((items) => {
      if (items.length) pub.append(...items.map(publicCard));
      else pub.append(h('li', { class: 'muted empty' }, t('nearby.public_empty')));
    });
  await Promise.all([publicList,
    fillList(ul, grid ? `/api/v1/requests?unit=${grid}` : '/api/v1/requests', t('nearby.empty'))]);
  return () => { if (view) view.destroy(); };
}
