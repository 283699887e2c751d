// mine.js - "my requests": what the resident raised, newest first, each
// with its state; a tap opens it (detail.js).

import { t, addMessages } from '/common/i18n.js';
import { h, icon } from '/common/ui.js';
import { fillList } from './list.js';

addMessages({
  zh: { 'mine.title': '我的诉求', 'mine.empty': '您还没有提交过诉求。', 'mine.report': '我要上报' },
  en: { 'mine.title': 'My requests', 'mine.empty': 'You have not sent any request yet.', 'mine.report': 'Report a problem' },
});

export async function render(el, ctx) {
  ctx.title('mine.title');
  const ul = h('ul', { class: 'req-list', id: 'mine-list' });
  el.append(h('h1', {}, t('mine.title')), ul,
    h('a', { class: 'btn btn-primary btn-big btn-block mine-report', href: '#report' }, icon('edit'), ' ', t('mine.report')));
  await fillList(ul, '/api/v1/requests', t('mine.empty'));
}
