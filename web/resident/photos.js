// photos.js - the report's photo step: take photos with the camera or pick
// them from the album, up to 9, see them, remove one. Big photos are made
// smaller on the phone first (longest side PHOTO_SIDE_MAX, JPEG), so that
// nine of them go up quickly on a mobile connection; the server removes
// what is left of their metadata. They are uploaded once the request
// exists (check.js).

import { t, addMessages } from '/common/i18n.js';
import { h, icon, toast } from '/common/ui.js';
import { draft, saveDraftSoon, PHOTOS_MAX } from './draft.js';
import { stepHeader, stepNav } from './steps.js';

addMessages({
  zh: {
    'photos.q': '拍几张照片', 'photos.hint': '拍清楚问题所在，最多 {max} 张，也可以不拍。',
    'photos.camera': '拍照', 'photos.album': '从相册选', 'photos.count': '已选 {n} / {max} 张',
    'photos.remove': '删除第 {n} 张照片', 'photos.full': '最多 {max} 张照片',
    'photos.not_image': '只能选图片', 'photos.skip': '不拍了，下一步', 'photos.alt': '第 {n} 张照片',
  },
  en: {
    'photos.q': 'Take a few photos', 'photos.hint': 'Show the problem clearly; up to {max}, or none.',
    'photos.camera': 'Take a photo', 'photos.album': 'From the album', 'photos.count': '{n} of {max} chosen',
    'photos.remove': 'Remove photo {n}', 'photos.full': 'At most {max} photos',
    'photos.not_image': 'Please choose pictures only', 'photos.skip': 'No photo, next', 'photos.alt': 'Photo {n}',
  },
});

const PHOTO_SIDE_MAX = 1920;        // pixels of the longest side sent
const PHOTO_KEEP_BYTES = 1500000;   // a smaller JPEG or PNG is sent as it is
const PHOTO_QUALITY = 0.85;         // JPEG quality of a made-smaller photo

// The file, or a smaller JPEG of it; the file itself when the phone
// cannot decode it here (the server judges it then).
async function shrink(file) {
  if (file.size <= PHOTO_KEEP_BYTES && /^image\/(jpeg|png)$/.test(file.type)) return file;
  try {
    const bmp = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, PHOTO_SIDE_MAX / Math.max(bmp.width, bmp.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bmp.width * scale);
    canvas.height = Math.round(bmp.height * scale);
    canvas.getContext('2d').drawImage(bmp, 0, 0, canvas.width, canvas.height);
    bmp.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', PHOTO_QUALITY));
    return blob && blob.size < file.size ? blob : file;
  } catch {
    return file;
  }
}

async function addFiles(files, redraw) {
  const list = [...files];
  if (list.some((f) => !f.type.startsWith('image/'))) toast(t('photos.not_image'), 'error');
  for (const f of list.filter((x) => x.type.startsWith('image/'))) {
    if (draft.photos.length >= PHOTOS_MAX) { toast(t('photos.full', { max: PHOTOS_MAX }), 'error'); break; }
    const blob = await shrink(f);
    draft.photos.push({ blob, url: URL.createObjectURL(blob), name: f.name || 'photo.jpg' });
  }
  redraw();
  saveDraftSoon();
}

function picker(id, iconName, label, capture, redraw) {
  const input = h('input', { id, type: 'file', accept: 'image/*', multiple: true, class: 'sr-only' });
  if (capture) input.setAttribute('capture', 'environment');
  input.addEventListener('change', () => { addFiles(input.files, redraw); input.value = ''; });
  return h('label', { class: 'btn btn-big photo-add', for: id },
    input, icon(iconName), label);
}

export function render(el, ctx) {
  const previews = h('ul', { class: 'photo-grid', id: 'photo-list' });
  const count = h('p', { class: 'muted', id: 'photo-count', 'aria-live': 'polite' });
  const adders = h('div', { class: 'photo-adders' });
  const nav = stepNav(ctx, 'text', 'place');
  const redraw = () => {
    previews.replaceChildren(...draft.photos.map((p, i) => h('li', { class: 'photo-item' },
      h('img', { src: p.url, alt: t('photos.alt', { n: i + 1 }) }),
      h('button', { class: 'photo-remove', type: 'button', 'aria-label': t('photos.remove', { n: i + 1 }),
        onclick: () => { URL.revokeObjectURL(p.url); draft.photos.splice(i, 1); redraw(); } }, '✕'))));
    count.textContent = t('photos.count', { n: draft.photos.length, max: PHOTOS_MAX });
    const full = draft.photos.length >= PHOTOS_MAX;
    for (const inp of adders.querySelectorAll('input')) inp.disabled = full;
    adders.classList.toggle('full', full);
    nav.querySelector('#step-next').textContent = draft.photos.length ? t('report.next') : t('photos.skip');
  };
  adders.append(picker('photo-camera', 'camera', t('photos.camera'), true, redraw),
    picker('photo-album', 'image', t('photos.album'), false, redraw));
  el.append(stepHeader('photos', t('photos.q')), h('p', { class: 'muted' }, t('photos.hint', { max: PHOTOS_MAX })),
    adders, count, previews, nav);
  redraw();
}
