// report.js - "report a problem", one question per screen:
//   #report/category  what kind of problem (big icon buttons of the classes)
//   #report/sub       which one exactly (the sub-categories)
//   #report/text      a few words (character counter and limit)
//   #report/photos    photos from the camera (photos.js)
//   #report/place     where (place.js): home building, a building, position, map pin
//   #report/check     look it over, anonymous or not, send
//   #report/done      the number, who has it, by when, similar requests
// #report?building=ID (the QR poster) starts a draft set to that building.
// A step whose earlier answers are missing sends the resident back to them.
// A category marked a danger to life (燃气泄漏, 消防隐患 …) puts a warning
// with its numbers to call (tap-to-call, from the category) above every
// step after it; the report still goes in.

import { api } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h, icon, categoryIcon } from '/common/ui.js';
import { draft, resetDraft, saveDraftSoon, TEXT_MAX, charCount, catName } from './draft.js';
import { STEPS, stepHeader, stepNav } from './steps.js';
import { put } from './dom.js';
import * as photos from './photos.js';
import * as place from './place.js';
import * as check from './check.js';
import * as done from './done.js';

addMessages({
  zh: {
    'report.title': '我要上报', 'report.step': '第 {n} 步，共 {total} 步',
    'report.q_class': '遇到了什么问题？', 'report.q_sub': '具体是哪一种？',
    'report.q_text': '简单说说情况', 'report.text_label': '情况说明（可以不写）',
    'report.text_ph': '比如：3单元2楼楼道灯坏了一周，晚上看不见路',
    'report.counter': '{n} / {max} 字', 'report.too_long': '最多 {max} 字，请删掉一些',
    'report.next': '下一步', 'report.prev': '上一步', 'report.cancel': '不报了',
    'report.other_class': '换一类', 'report.preset': '扫码上报：{name}',
    'report.cats_failed': '没能读取问题类别，请稍后重试。',
    'report.danger_title': '危险！请先确保安全', 'report.danger_call': '请立即拨打 {calls} 并离开现场。',
    'report.danger_then': '到了安全的地方，再继续上报：诉求仍会提交，处理人员会尽快联系您。',
  },
  en: {
    'report.title': 'Report a problem', 'report.step': 'Step {n} of {total}',
    'report.q_class': 'What is the problem?', 'report.q_sub': 'Which one exactly?',
    'report.q_text': 'Tell us briefly', 'report.text_label': 'What happened (optional)',
    'report.text_ph': 'For example: the stair light on floor 2 of entrance 3 has been out for a week',
    'report.counter': '{n} / {max} characters', 'report.too_long': 'At most {max} characters; please shorten it',
    'report.next': 'Next', 'report.prev': 'Back', 'report.cancel': 'Cancel',
    'report.other_class': 'Another kind', 'report.preset': 'From the QR code: {name}',
    'report.cats_failed': 'Could not load the kinds of problem; please try again later.',
    'report.danger_title': 'Danger! Get safe first', 'report.danger_call': 'Call {calls} now and leave the place.',
    'report.danger_then': 'Once you are safe, go on with the report: it is still sent, and someone will contact you soon.',
  },
});

let categories = null;

async function loadCategories() {
  if (!categories) {
    const r = await api('GET', '/api/v1/categories');
    categories = r.items.map((c) => ({ ...c, children: (c.children || []).filter((s) => s.active !== false) }))
      .filter((c) => c.children.length);
  }
  return categories;
}

// The first step whose answer is missing, or null.
function missing() {
  if (!draft.cls) return 'category';
  if (!draft.cat) return 'sub';
  if (charCount(draft.text) > TEXT_MAX) return 'text';
  return null;
}

function tile(code, label, onclick, selected, id) {
  return h('button', { class: `cat-tile${selected ? ' selected' : ''}`, type: 'button', onclick, id,
    'aria-pressed': selected ? 'true' : 'false' },
  h('span', { class: 'cat-icon', 'aria-hidden': 'true' }, categoryIcon(code)),
  h('span', { class: 'cat-name' }, label));
}

// The warning of a danger category: call now (tel: links with the
// category's numbers) and leave; null for other categories.
function dangerWarning(c) {
  const calls = c && c.danger ? c.danger_calls || [] : [];
  if (!calls.length) return null;
  const names = calls.map((x) => `${x.number} ${x.label}`).join(' / ');
  return h('section', { class: 'danger-warning', id: 'danger-warning', role: 'alert' },
    h('h2', {}, h('img', { src: '/common/icons/warning.svg', alt: '', class: 'danger-icon' }), t('report.danger_title')),
    h('p', { class: 'danger-call-text' }, t('report.danger_call', { calls: names })),
    h('div', { class: 'danger-calls' }, calls.map((x) => h('a', { class: 'btn btn-big danger-call', href: `tel:${x.number}`,
      'data-number': x.number }, h('img', { src: '/common/icons/phone.svg', alt: '', class: 'call-icon' }),
    h('span', { class: 'call-number' }, x.number), h('span', { class: 'call-label' }, x.label)))),
    h('p', {}, t('report.danger_then')));
}

function presetNote() {
  return draft.preset ? h('p', { class: 'preset-note' }, icon('building'), ' ', t('report.preset', { name: draft.preset.label })) : null;
}

async function stepCategory(el, ctx) {
  const cats = await loadCategories();
  const grid = h('div', { class: 'cat-grid' });
  for (const c of cats) {
    grid.append(tile(c.code, catName(c), () => {
      if (draft.cls !== c) draft.cat = null;
      draft.cls = c;
      ctx.go('#report/sub');
    }, draft.cls && draft.cls.id === c.id, `cat-${c.code}`));
  }
  put(el, stepHeader('category', t('report.q_class')), presetNote(), grid,
    stepNav(ctx, null, null));
}

function stepSub(el, ctx) {
  const grid = h('div', { class: 'cat-grid' });
  for (const c of draft.cls.children) {
    grid.append(tile(c.code, catName(c), () => { draft.cat = c; ctx.go('#report/text'); },
      draft.cat && draft.cat.id === c.id, `cat-${c.code}`));
  }
  el.append(stepHeader('sub', t('report.q_sub')),
    h('p', { class: 'chosen' }, categoryIcon(draft.cls.code), ' ', catName(draft.cls)),
    grid, stepNav(ctx, 'category', null));
}

function stepText(el, ctx) {
  const counter = h('p', { class: 'counter', id: 'text-counter', 'aria-live': 'polite' });
  const err = h('p', { class: 'field-error', role: 'alert' });
  const area = h('textarea', { id: 'report-text', name: 'description', rows: 6,
    placeholder: t('report.text_ph'), value: draft.text, 'aria-describedby': 'text-counter' });
  const nav = stepNav(ctx, 'sub', 'photos');
  const next = nav.querySelector('#step-next');
  const update = () => {
    draft.text = area.value;
    const n = charCount(area.value);
    counter.textContent = t('report.counter', { n, max: TEXT_MAX });
    const over = n > TEXT_MAX;
    counter.classList.toggle('over', over);
    err.textContent = over ? t('report.too_long', { max: TEXT_MAX }) : '';
    next.disabled = over;
  };
  area.addEventListener('input', update);
  update();
  el.append(stepHeader('text', t('report.q_text')),
    h('p', { class: 'chosen' }, categoryIcon(draft.cat.code), ' ', catName(draft.cat)),
    h('label', { for: 'report-text' }, t('report.text_label')), area, counter, err, nav);
}

// #report?building=ID: a new draft set to that building.
async function takePreset(ctx) {
  const id = Number(ctx.params.get('building'));
  if (!Number.isInteger(id) || id <= 0) return;
  if (draft.preset && draft.preset.building_id === id) return;
  const u = await api('GET', `/api/v1/org/units/${id}`).catch(() => null);
  if (!u || u.kind !== 'building') return;
  const grid = (u.ancestors || []).find((a) => a.kind === 'grid');
  draft.preset = { building_id: id, label: u.name, grid: grid ? grid.name : '' };
  draft.place = { kind: 'building', building_id: id, label: u.name, grid: draft.preset.grid };
}

export async function render(el, ctx) {
  ctx.title('report.title');
  let step = ctx.arg || 'category';
  if (step === 'done') return done.render(el, ctx);
  if (draft.created) resetDraft();
  await takePreset(ctx);
  // every answer is kept on the phone a moment after it is given
  saveDraftSoon();
  for (const ev of ['input', 'change', 'click']) el.addEventListener(ev, saveDraftSoon);
  if (!STEPS.includes(step)) step = 'category';
  const need = missing();
  if (need && STEPS.indexOf(need) < STEPS.indexOf(step)) { ctx.go(`#report/${need}`); return undefined; }
  const at = STEPS.indexOf(step);
  ctx.setBack(at > 0 ? `#report/${STEPS[at - 1]}` : '#home');
  if (at > STEPS.indexOf('sub')) put(el, dangerWarning(draft.cat));
  switch (step) {
    case 'category': return stepCategory(el, ctx).catch(() => {
      el.append(h('p', { class: 'form-error', role: 'alert' }, t('report.cats_failed')));
    });
    case 'sub': return stepSub(el, ctx);
    case 'text': return stepText(el, ctx);
    case 'photos': return photos.render(el, ctx);
    case 'place': return place.render(el, ctx);
    default: return check.render(el, ctx);
  }
}
