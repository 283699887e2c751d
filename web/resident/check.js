// check.js - the last report step: the whole report on one screen, the
// anonymous switch, and Send. The request is created with the draft's
// Idempotency-Key, so a double tap or a retry after a lost answer makes
// one request; the photos go up after it exists (POST .../photos), once.

import { api, upload } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h, icon, categoryIcon } from '/common/ui.js';
import { draft, makeTitle, catName, newKey, forgetDraft } from './draft.js';
import { stepHeader, stepNav } from './steps.js';
import { similarTo, publicCard } from './public.js';

const SIMILAR_SHOWN = 5; // possible duplicates listed before sending

addMessages({
  zh: {
    'check.q': '看一下，没问题就提交', 'check.what': '问题', 'check.text': '情况说明',
    'check.no_text': '（没有写）', 'check.photos': '照片', 'check.no_photos': '（没有拍）',
    'check.where': '位置', 'check.change': '修改', 'check.anon': '匿名上报',
    'check.anon_sub': '办理的工作人员看不到您的姓名和电话', 'check.send': '提交',
    'check.sending': '正在提交…', 'check.uploading': '正在上传照片…',
    'check.failed': '没有提交成功：{msg}', 'check.photo_failed': '诉求已提交，但照片没传上去：{msg}',
    'check.retry': '再试一次', 'check.err_location': '请重新选择位置',
    'check.err_outside': '这个位置不在本街道的网格里', 'check.err_network': '网络不通，请稍后再试',
    'check.err_busy': '提交太频繁，请稍等再试',
    'check.similar': '附近可能已经有人报过', 'check.similar_sub':
      '这些是同一类、还没办完的诉求。如果是同一件事，可以不用再报；您要报也照常办理。',
  },
  en: {
    'check.q': 'Check it, then send', 'check.what': 'Problem', 'check.text': 'What happened',
    'check.no_text': '(nothing written)', 'check.photos': 'Photos', 'check.no_photos': '(no photo)',
    'check.where': 'Place', 'check.change': 'Change', 'check.anon': 'Report anonymously',
    'check.anon_sub': 'The staff handling it will not see your name or phone', 'check.send': 'Send',
    'check.sending': 'Sending…', 'check.uploading': 'Uploading the photos…',
    'check.failed': 'Not sent: {msg}', 'check.photo_failed': 'The request was sent, but the photos were not: {msg}',
    'check.retry': 'Try again', 'check.err_location': 'Please choose the place again',
    'check.err_outside': 'This place is outside every grid of the street', 'check.err_network': 'No connection; please try again later',
    'check.err_busy': 'Too many tries; please wait a moment',
    'check.similar': 'Someone nearby may have reported this already', 'check.similar_sub':
      'Open requests of the same kind. If it is the same problem you need not report it again; if you do, it is handled as usual.',
  },
});

// The body of POST /api/v1/requests for the draft.
function body() {
  const b = { title: makeTitle(draft.cat, draft.text), category: draft.cat.code, channel: 'self',
    anonymous: draft.anonymous };
  if (draft.text.trim()) b.description = draft.text.trim();
  const p = draft.place;
  if (p.building_id) b.building_id = p.building_id;
  else { b.lat = p.lat; b.lon = p.lon; }
  return b;
}

// A message the resident can act on, from an ApiError.
function explain(e) {
  if (!e.status) return t('check.err_network');
  if (e.field === 'location' || e.field === 'building_id') return t('check.err_location');
  if (e.field === 'lat' || e.field === 'lon') return t('check.err_outside');
  if (e.status === 429) return t('check.err_busy');
  return e.message;
}

async function send(status) {
  if (!draft.created) {
    status.textContent = t('check.sending');
    // the same key for the same report only: one changed after a failed try
    // is another request, and the server would refuse its old key (409)
    const b = body();
    const sig = JSON.stringify(b);
    if (draft.sentBody && draft.sentBody !== sig) draft.key = newKey();
    draft.sentBody = sig;
    draft.created = await api('POST', '/api/v1/requests', b, { headers: { 'Idempotency-Key': draft.key } });
    forgetDraft(); // sent: nothing is left to keep on the phone
  }
  if (draft.photos.length && !draft.uploaded) {
    status.textContent = t('check.uploading');
    const form = new FormData();
    form.append('kind', 'report');
    for (const p of draft.photos) form.append('photo', p.blob, p.name);
    try {
      await upload(`/api/v1/requests/${draft.created.id}/photos`, form);
    } catch (e) {
      draft.photoError = explain(e);
    }
    draft.uploaded = true;
  }
}

function row(label, value, step) {
  return h('div', { class: 'check-row' },
    h('div', { class: 'check-label' }, label),
    h('div', { class: 'check-value' }, value),
    h('a', { class: 'btn check-change', href: `#report/${step}`, 'aria-label': `${t('check.change')} ${label}` },
      t('check.change')));
}

export function render(el, ctx) {
  if (!draft.place) { ctx.go('#report/place'); return; }
  const status = h('p', { class: 'check-status', role: 'status', 'aria-live': 'polite', id: 'check-status' });
  const anon = h('input', { id: 'check-anon', type: 'checkbox', checked: draft.anonymous,
    onchange: () => { draft.anonymous = anon.checked; } });
  const sendBtn = h('button', { class: 'btn btn-primary btn-big btn-block', type: 'button', id: 'check-send' },
    t('check.send'));
  sendBtn.addEventListener('click', async () => {
    if (sendBtn.disabled) return;
    sendBtn.disabled = true;
    status.classList.remove('form-error');
    try {
      await send(status);
      ctx.go('#report/done');
    } catch (e) {
      status.classList.add('form-error');
      status.textContent = t('check.failed', { msg: explain(e) });
      sendBtn.textContent = t('check.retry');
      sendBtn.disabled = false;
    }
  });
  const thumbs = draft.photos.length
    ? h('div', { class: 'check-thumbs' }, draft.photos.map((p, i) => h('img', { src: p.url, alt: t('photos.alt', { n: i + 1 }) })))
    : t('check.no_photos');
  const where = draft.place.grid && draft.place.building_id ? `${draft.place.label}（${draft.place.grid}）` : draft.place.label;
  el.append(stepHeader('check', t('check.q')), similarBox(),
    h('div', { class: 'card check-card' },
      row(t('check.what'), h('span', {}, categoryIcon(draft.cat.code), ' ', catName(draft.cat)), 'sub'),
      row(t('check.text'), draft.text.trim() || t('check.no_text'), 'text'),
      row(t('check.photos'), thumbs, 'photos'),
      row(t('check.where'), where, 'place')),
    h('label', { class: 'check anon-toggle', for: 'check-anon' }, anon,
      h('span', {}, h('strong', {}, t('check.anon')), h('span', { class: 'place-sub' }, t('check.anon_sub')))),
    stepNav(ctx, 'place', null),
    h('div', { class: 'send-bar' }, status, sendBtn));
}

// Possible duplicates, shown before sending once the public feed answers
// (nothing is shown when it has none or does not answer).
function similarBox() {
  const box = h('section', { class: 'card similar-before hidden', id: 'similar-before',
    'aria-labelledby': 'similar-before-title' });
  if (draft.created) return box;
  similarTo(draft.cat.code, draft.place).then((items) => {
    if (!items.length) return;
    box.append(h('h2', { id: 'similar-before-title' }, icon('repeat'), ' ', t('check.similar')),
      h('p', { class: 'muted' }, t('check.similar_sub')),
      h('ul', { class: 'req-list' }, items.slice(0, SIMILAR_SHOWN).map(publicCard)));
    box.classList.remove('hidden');
  }).catch(() => {});
  return box;
}
