// photos.js - a request's photos as thumbnails (thumb_url) that open the
// full picture (url) in a lightbox on tap, with the keyboard too (Escape
// closes, arrows page); and the upload of result photos (kind=result) for
// the resolve form.

import { upload } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h, trapFocus } from '/common/ui.js';

addMessages({
  zh: {
    'photos.report': '上报照片', 'photos.result': '办结照片', 'photos.open': '查看第 {n} 张大图',
    'photos.alt': '第 {n} 张照片', 'photos.close': '关闭', 'photos.prev': '上一张', 'photos.next': '下一张',
    'photos.of': '{n} / {total}', 'photos.chosen': '已选 {n} 张', 'photos.max': '最多 {n} 张',
  },
  en: {
    'photos.report': 'Reported photos', 'photos.result': 'Result photos', 'photos.open': 'Open photo {n}',
    'photos.alt': 'Photo {n}', 'photos.close': 'Close', 'photos.prev': 'Previous', 'photos.next': 'Next',
    'photos.of': '{n} of {total}', 'photos.chosen': '{n} chosen', 'photos.max': 'At most {n}',
  },
});

export const PHOTOS_MAX = 9;   // photos of one kind on a request (REQ_PHOTOS_MAX)

function lightbox(list, start) {
  let i = start;
  const opener = document.activeElement;
  const img = h('img', { class: 'lightbox-img', id: 'lightbox-img' });
  const count = h('p', { class: 'lightbox-count' });
  const show = () => {
    img.src = list[i].url;
    img.alt = t('photos.alt', { n: i + 1 });
    count.textContent = t('photos.of', { n: i + 1, total: list.length });
  };
  const close = () => { back.remove(); if (opener && opener.focus) opener.focus(); };
  const step = (d) => { i = (i + d + list.length) % list.length; show(); };
  const closeBtn = h('button', { class: 'btn lightbox-close', type: 'button', id: 'lightbox-close', onclick: close },
    '✕ ', t('photos.close'));
  const nav = list.length > 1 ? h('div', { class: 'row lightbox-nav' },
    h('button', { class: 'btn', type: 'button', onclick: () => step(-1) }, '‹ ', t('photos.prev')),
    count,
    h('button', { class: 'btn', type: 'button', onclick: () => step(1) }, t('photos.next'), ' ›')) : null;
  const back = h('div', { class: 'modal-back lightbox', role: 'dialog', 'aria-modal': 'true',
    'aria-label': t('photos.alt', { n: i + 1 }),
    onclick: (e) => { if (e.target === back) close(); },
    onkeydown: (e) => {
      if (e.key === 'Escape') close();
      else if (e.key === 'ArrowRight' && list.length > 1) step(1);
      else if (e.key === 'ArrowLeft' && list.length > 1) step(-1);
    } },
  h('div', { class: 'lightbox-frame' }, closeBtn, img, nav));
  show();
  trapFocus(back);
  document.body.append(back);
  closeBtn.focus();
}

// The thumbnails of the photos of one kind, or null when there are none.
export function gallery(photos, kind) {
  const list = (photos || []).filter((p) => p.kind === kind);
  if (!list.length) return null;
  return h('div', { class: 'gallery-box' }, h('h3', {}, t(`photos.${kind}`)),
    h('ul', { class: 'gallery', id: `photos-${kind}` }, list.map((p, i) => h('li', {},
      h('button', { class: 'thumb', type: 'button', 'aria-label': t('photos.open', { n: i + 1 }),
        onclick: () => lightbox(list, i) },
      h('img', { src: p.thumb_url, alt: t('photos.alt', { n: i + 1 }), loading: 'lazy',
        width: 96, height: 96 }))))));
}

// A file input for up to PHOTOS_MAX pictures with a line saying how many.
export function photoPicker(id) {
  const note = h('p', { class: 'muted small', 'aria-live': 'polite' });
  const input = h('input', { id, type: 'file', accept: 'image/jpeg,image/png,image/webp', multiple: true,
    onchange: () => {
      const n = input.files.length;
      note.textContent = n > PHOTOS_MAX ? t('photos.max', { n: PHOTOS_MAX }) : n ? t('photos.chosen', { n }) : '';
    } });
  return { input, note };
}

// Upload the files as result photos of request id (one multipart body).
export async function uploadResult(id, files) {
  if (!files.length) return null;
  const fd = new FormData();
  fd.append('kind', 'result');
  for (const f of files) fd.append('photo', f, f.name || 'photo.jpg');
  return upload(`/api/v1/requests/${id}/photos`, fd);
}
