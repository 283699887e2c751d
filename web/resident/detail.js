// detail.js - one request for its reporter: where it stands in one plain
// sentence, what was reported (photos included), the result, the rating
// form once it is resolved (rate.js), a reminder button while it is open,
// and the history in plain words.

import { api } from '/common/api.js';
import { t, addMessages, fmtTime } from '/common/i18n.js';
import { h, icon, stateBadge, toast } from '/common/ui.js';
import { headline, eventSentence } from './words.js';
import { rateForm } from './rate.js';
import { reput } from './dom.js';
import { categoryName } from '/common/categories.js';

addMessages({
  zh: {
    'detail.title': '诉求详情', 'detail.number': '编号 {number}', 'detail.now': '现在的情况',
    'detail.what': '您反映的问题', 'detail.place': '位置', 'detail.photos': '照片',
    'detail.result': '办理结果', 'detail.history': '办理经过', 'detail.rating': '您的评价',
    'detail.rating_yes': '已解决', 'detail.rating_no': '没解决', 'detail.stars': '{n} 星',
    'detail.remind': '催一催', 'detail.reminded': '已经帮您催办了', 'detail.not_found':
      '找不到这件诉求。它可能不是您提交的。', 'detail.anon': '匿名上报', 'detail.photo_open': '看大图',
  },
  en: {
    'detail.title': 'Request', 'detail.number': 'Number {number}', 'detail.now': 'Where it stands',
    'detail.what': 'What you reported', 'detail.place': 'Place', 'detail.photos': 'Photos',
    'detail.result': 'Result', 'detail.history': 'What has happened', 'detail.rating': 'Your rating',
    'detail.rating_yes': 'Solved', 'detail.rating_no': 'Not solved', 'detail.stars': '{n} stars',
    'detail.remind': 'Send a reminder', 'detail.reminded': 'A reminder has been sent',
    'detail.not_found': 'This request cannot be found. It may not be one of yours.',
    'detail.anon': 'Sent anonymously', 'detail.photo_open': 'Open the photo',
  },
});

function photos(list, kind) {
  const mine = (list || []).filter((p) => p.kind === kind);
  if (!mine.length) return null;
  return h('ul', { class: 'detail-photos' }, mine.map((p, i) => h('li', {},
    h('a', { href: p.url, target: '_blank', rel: 'noopener', 'aria-label': `${t('detail.photo_open')} ${i + 1}` },
      h('img', { src: p.thumb_url, alt: t('photos.alt', { n: i + 1 }), loading: 'lazy' })))));
}

function history(r, me) {
  return h('ol', { class: 'timeline', id: 'timeline' }, r.timeline.map((ev) => h('li', {},
    h('div', { class: 'tl-say' }, eventSentence(ev, me)),
    ev.note && ev.event !== 'resolved' ? h('div', { class: 'tl-note' }, ev.note) : null,
    h('div', { class: 'tl-time muted' }, fmtTime(ev.at)))));
}

function ratingShown(r) {
  if (!r.rating) return null;
  const stars = r.rating.satisfaction || 0;
  return h('section', { class: 'card' }, h('h2', {}, t('detail.rating')),
    h('p', {}, r.rating.resolved ? t('detail.rating_yes') : t('detail.rating_no'), ' · ',
      h('span', { class: 'stars-shown', 'aria-label': t('detail.stars', { n: stars }) },
        '★'.repeat(stars) + '☆'.repeat(5 - stars))),
    r.rating.comment ? h('p', { class: 'muted' }, r.rating.comment) : null);
}

// 催一催, at most once per request in the server's span (remind_span_min):
// a second one too soon is told under the button when it may be sent.
function remindButton(r, reload) {
  if (!(r.actions || []).includes('remind')) return null;
  const b = h('button', { class: 'btn btn-big btn-block', type: 'button', id: 'detail-remind' }, icon('bell'), ' ', t('detail.remind'));
  const note = h('p', { class: 'remind-note', id: 'detail-remind-note', role: 'status' });
  b.addEventListener('click', async () => {
    b.disabled = true;
    note.textContent = '';
    try {
      await api('POST', `/api/v1/requests/${r.id}/remind`, {});
      toast(t('detail.reminded'));
      reload();
    } catch (e) {
      if (e.status === 429) note.textContent = e.message;
      else toast(t('ui.error', { msg: e.message }), 'error');
      b.disabled = false;
    }
  });
  return h('div', { class: 'remind-box' }, b, note);
}

function draw(el, r, ctx, reload, building) {
  const place = [building, r.location.address, r.location.grid ? r.location.grid.name : '']
    .filter(Boolean).join(' · ');
  reput(el,
    h('div', { class: 'detail-head' },
      h('p', { class: 'row' }, stateBadge(r.state), h('span', { class: 'muted', id: 'detail-number' },
        t('detail.number', { number: r.number }))),
      h('h1', { id: 'detail-title' }, r.title)),
    h('section', { class: 'card now', 'aria-labelledby': 'now-title' },
      h('h2', { id: 'now-title' }, t('detail.now')),
      h('p', { class: 'now-say', id: 'detail-now' }, headline(r))),
    (r.actions || []).includes('rate') ? rateForm(r, reload) : null,
    ratingShown(r),
    r.result ? h('section', { class: 'card' }, h('h2', {}, t('detail.result')), h('p', {}, r.result),
      photos(r.photos, 'result')) : null,
    h('section', { class: 'card' }, h('h2', {}, t('detail.what')),
      h('p', { class: 'muted' }, categoryName(r.category), r.anonymous ? ` · ${t('detail.anon')}` : ''),
      r.description ? h('p', { class: 'detail-desc' }, r.description) : null,
      place ? h('p', {}, icon('pin'), ' ', place) : null,
      photos(r.photos, 'report')),
    remindButton(r, reload),
    h('section', { class: 'card' }, h('h2', {}, t('detail.history')), history(r, ctx.me)));
}

export async function render(el, ctx) {
  ctx.title('detail.title');
  const id = Number(ctx.arg);
  const box = h('div', { class: 'detail stack' });
  el.append(box);
  const load = async () => {
    try {
      const r = await api('GET', `/api/v1/requests/${id}`);
      const b = r.location.building_id
        ? await api('GET', `/api/v1/org/units/${r.location.building_id}`).catch(() => null) : null;
      draw(box, r, ctx, load, b ? b.name : '');
    } catch (e) {
      if (e.status !== 404 && e.status !== 422) throw e;
      box.replaceChildren(h('p', { class: 'card' }, t('detail.not_found')),
        h('a', { class: 'btn btn-big btn-block', href: '#mine' }, t('home.mine')));
    }
  };
  if (!Number.isInteger(id) || id <= 0) {
    box.append(h('p', { class: 'card' }, t('detail.not_found')));
    return;
  }
  await load();
}
