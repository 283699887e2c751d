// done.js - after sending: the request's number, who has it and by when,
// in plain words, and the similar open requests the server found nearby
// (the create answer's `duplicates`: the API offers no look-up before
// sending, so they are shown here, with a clear note).

import { t, addMessages, fmtTime } from '/common/i18n.js';
import { h, icon, stateBadge } from '/common/ui.js';
import { draft, resetDraft } from './draft.js';
import { whoLabel } from './words.js';
import { put } from './dom.js';

addMessages({
  zh: {
    'done.title': '提交成功', 'done.number': '编号 {number}',
    'done.who': '已交给 {who}，{due} 前会联系您。', 'done.dups': '我们发现附近有相似的诉求',
    'done.dups_sub': '可能已经有人在办了。您的诉求也会照常办理。', 'done.distance': '约 {m} 米',
    'done.follow': '查看办理进度', 'done.again': '再报一件', 'done.home': '回到首页',
    'done.none': '没有找到刚才的诉求，请到“我的诉求”里查看。',
  },
  en: {
    'done.title': 'Sent', 'done.number': 'Number {number}',
    'done.who': 'Given to {who}, who will contact you by {due}.', 'done.dups': 'We found similar requests nearby',
    'done.dups_sub': 'Someone may already be on it. Yours will be handled as usual.', 'done.distance': 'about {m} m',
    'done.follow': 'Follow its progress', 'done.again': 'Report another', 'done.home': 'Home',
    'done.none': 'The request just sent is not here; see My requests.',
  },
});

function duplicates(list) {
  if (!list || !list.length) return null;
  return h('section', { class: 'card dups', 'aria-labelledby': 'dups-title' },
    h('h2', { id: 'dups-title' }, icon('repeat'), ' ', t('done.dups')),
    h('p', { class: 'muted' }, t('done.dups_sub')),
    h('ul', { class: 'list' }, list.map((d) => h('li', { class: 'dup' },
      h('div', { class: 'dup-title' }, d.title),
      h('div', { class: 'row' }, stateBadge(d.state), h('span', { class: 'muted' }, d.number),
        d.distance_m !== null && d.distance_m !== undefined
          ? h('span', { class: 'muted' }, t('done.distance', { m: Math.round(d.distance_m) })) : null)))));
}

export function render(el, ctx) {
  ctx.title('done.title');
  const c = draft.created;
  if (!c) {
    el.append(h('p', {}, t('done.none')), h('a', { class: 'btn btn-big btn-block', href: '#mine' }, t('home.mine')));
    return;
  }
  put(el, h('div', { class: 'done-head' },
    h('div', { class: 'done-check', 'aria-hidden': 'true' }, '✓'),
    h('h1', { id: 'done-title' }, t('done.title')),
    h('p', { class: 'done-number', id: 'done-number' }, t('done.number', { number: c.number }))),
  h('p', { class: 'done-who' }, t('done.who', { who: whoLabel(c.assignee), due: fmtTime(c.accept_due) })),
  draft.photoError ? h('p', { class: 'form-error', role: 'alert' }, t('check.photo_failed', { msg: draft.photoError })) : null,
  duplicates(c.duplicates),
  h('div', { class: 'stack done-actions' },
    h('a', { class: 'btn btn-primary btn-big btn-block', href: `#request/${c.id}`, id: 'done-follow' }, t('done.follow')),
    h('button', { class: 'btn btn-big btn-block', type: 'button', onclick: () => { resetDraft(); ctx.go('#report'); } },
      t('done.again')),
    h('a', { class: 'btn btn-big btn-block', href: '#home' }, t('done.home'))));
}
