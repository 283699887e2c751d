// nearby.js - requests in the resident's grid that they may see. The API
// lets a resident see their own requests and those they are linked to (a
// 邻长's households, a building leader's building), not other residents'
// ones, so this is that list narrowed to the grid (GET
// /api/v1/requests?unit=<grid>), under the grid's map. The list shows no
// reporter, so anonymous reports stay anonymous.

import { t, addMessages } from '/common/i18n.js';
import { h } from '/common/ui.js';
import { fillList } from './list.js';
import { mountGridMap } from './map.js';

addMessages({
  zh: {
    'nearby.title': '附近的诉求', 'nearby.grid': '您所在的网格', 'nearby.note':
      '这里列出本网格里您能看到的诉求。别人的诉求只有办理人员能看到，保护大家的隐私。',
    'nearby.empty': '本网格里暂时没有您能看到的诉求。', 'nearby.map': '本网格地图',
  },
  en: {
    'nearby.title': 'Nearby requests', 'nearby.grid': 'Your grid', 'nearby.note':
      'These are the requests in your grid that you may see. Other residents\u2019 requests are seen only by the staff handling them, for everyone\u2019s privacy.',
    'nearby.empty': 'No request in your grid that you may see yet.', 'nearby.map': 'Map of your grid',
  },
});

export async function render(el, ctx) {
  ctx.title('nearby.title');
  const grid = ctx.me.household ? ctx.me.household.grid_id : (ctx.me.roles.find((r) => r.unit) || {}).unit?.id;
  const mapBox = h('div', { class: 'nearby-map', role: 'img', 'aria-label': t('nearby.map') });
  const ul = h('ul', { class: 'req-list', id: 'nearby-list' });
  el.append(h('h1', {}, t('nearby.title')), mapBox, h('p', { class: 'muted' }, t('nearby.note')), ul);
  let view = null;
  mountGridMap(mapBox, { focusId: grid }).then((v) => { view = v; }).catch(() => mapBox.remove());
  await fillList(ul, grid ? `/api/v1/requests?unit=${grid}` : '/api/v1/requests', t('nearby.empty'));
  return () => { if (view) view.destroy(); };
}
