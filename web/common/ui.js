// ui.js - small DOM helpers shared by the three faces. Everything is built
// with createElement and textContent: no HTML strings, so nothing a user
// typed can ever run as markup.

import { t, addMessages, setLang, lang } from './i18n.js';

// A blank required control of form, or null (white space alone is blank,
// as on the server; a required checkbox must be ticked).
function blankRequired(form) {
  return [...form.elements].find((c) => c.required && !c.disabled
    && (c.type === 'checkbox' ? !c.checked : String(c.value).replace(/[\s\u3000]/g, '') === '')) || null;
}

// Say msg under the control (once) until it is changed, and focus it.
export function controlNote(control, msg) {
  let note = control.nextElementSibling;
  if (!note || !note.classList.contains('control-note')) {
    note = document.createElement('p');
    note.className = 'field-error control-note';
    note.setAttribute('role', 'alert');
    control.after(note);
    control.addEventListener('input', () => { note.remove(); control.removeAttribute('aria-invalid'); }, { once: true });
  }
  note.textContent = msg;
  control.setAttribute('aria-invalid', 'true');
  control.focus();
}

// Forms never show the browser's own validation bubbles (they speak the
// browser's language, not the page's): a form built by h() checks its
// required controls itself, before any submit handler runs, and says what
// is missing in the page's language under the control.
function ownValidation(form) {
  form.noValidate = true;
  form.addEventListener('submit', (e) => {
    const blank = blankRequired(form);
    if (!blank) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    controlNote(blank, t('ui.required'));
  }, true);
}

// h('button', {class: 'btn', onclick: f, 'aria-label': 'x'}, 'text', child…)
// Attributes whose value is a function become event listeners; `class`,
// `for`, `data-*` and `aria-*` become attributes; others are set as properties.
// A form checks its required fields itself (ownValidation).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (tag === 'form') ownValidation(el);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (k === 'class' || k === 'for' || k === 'role' || k.startsWith('data-') || k.startsWith('aria-'))
      el.setAttribute(k, v === true ? '' : String(v));
    else el[k] = v;
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// An SVG icon of common/icons/ in the colour of the text (icons.css):
// never an emoji, which a phone without an emoji font shows as a box.
export function icon(name, cls = '') {
  return h('span', { class: `icon icon-${name}${cls ? ` ${cls}` : ''}`, 'aria-hidden': 'true' });
}

// The icon of a request category by its code: its top class decides.
const CLASS_ICONS = { dispute: 'scales', safety: 'shield', service: 'heart', environment: 'leaf',
  property: 'building', traffic: 'car', facility: 'wrench', neighbour: 'houses' };
const CATEGORY_ICONS = { 'safety.gas': 'flame', 'safety.fire': 'flame' };
export function categoryIcon(code, cls = '') {
  const c = code || '';
  return icon(CATEGORY_ICONS[c] || CLASS_ICONS[c.split('.')[0]] || 'question', cls);
}

// The roles whose home is the console (/worker/); anyone else's home is
// the resident's app.
const CONSOLE_ROLES = ['grid_worker', 'community_officer', 'dispatcher', 'department_officer', 'supervisor',
  'mediator', 'admin'];

// The way back home for the pages a face opens in a page of their own
// (群英, 纠纷, 云调解): "← 工作台" for staff, "← 首页" for residents.
export function homeLink(account) {
  const staff = (account.roles || []).some((r) => CONSOLE_ROLES.includes(r.role));
  const key = staff ? 'ui.to_console' : 'ui.to_home';
  return h('a', { class: 'btn btn-ghost topbar-home', id: 'to-home', href: staff ? '/worker/' : '/resident/' },
    h('span', { 'aria-hidden': 'true' }, '← '), h('span', { 'data-i18n': key }, t(key)));
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

let toastTimer = null;
// A short message at the bottom of the screen, read out by screen readers.
export function toast(msg, kind = 'info') {
  let box = document.getElementById('fq-toast');
  if (!box) {
    box = h('div', { id: 'fq-toast', class: 'toast', role: 'status', 'aria-live': 'polite' });
    document.body.append(box);
  }
  box.textContent = msg;
  box.className = `toast toast-${kind} show`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => box.classList.remove('show'), 3500);
}

const FOCUSABLE = 'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), '
  + 'textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

// Keep Tab and Shift+Tab inside box (a modal dialog): from the last
// control Tab goes to the first, and back.
export function trapFocus(box) {
  box.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab') return;
    const all = [...box.querySelectorAll(FOCUSABLE)].filter((el) => el.getClientRects().length);
    if (!all.length) return;
    const first = all[0];
    const last = all[all.length - 1];
    if (e.shiftKey && (document.activeElement === first || !box.contains(document.activeElement))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  });
}

// A modal question: body (nodes, the first labels the dialog), a cancel
// and an ok button. onOk(done) decides when to close (done(value));
// cancel and Escape resolve null. The focus stays in the dialog while it
// is open and goes back where it was after.
function askModal(body, { okText, cancelText = t('ui.cancel'), okClass = 'btn-primary', onOk, focus }) {
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const done = (v) => {
      back.remove();
      if (opener && opener.isConnected && opener.focus) opener.focus();
      resolve(v);
    };
    const ok = h('button', { class: `btn ${okClass}`, type: 'button', id: 'fq-confirm-ok', onclick: () => onOk(done) }, okText);
    const back = h('div', { class: 'modal-back' },
      h('div', { class: 'modal', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'fq-confirm-text' },
      body, h('div', { class: 'row end' },
        h('button', { class: 'btn', type: 'button', id: 'fq-confirm-cancel', onclick: () => done(null) }, cancelText), ok)));
    back.addEventListener('keydown', (e) => { if (e.key === 'Escape') done(null); });
    trapFocus(back);
    document.body.append(back);
    (focus || ok).focus();
  });
}

// A modal yes/no question; resolves true or false.
export async function confirmDialog(message, okText = t('ui.ok'), cancelText = t('ui.cancel')) {
  const v = await askModal([h('p', { id: 'fq-confirm-text' }, message)],
    { okText, cancelText, onOk: (done) => done(true) });
  return v === true;
}

// The question before a move that cannot be undone, in the page (never
// the browser's own dialogs): title, what cannot be undone (`what`, text
// or nodes, after `lead`, by default 此操作不能撤销：), what is still
// missing (a list under missingTitle), and, when
// `reason` ({label, required, max}) is given, a reason to write (a
// required one blank: said in the dialog, which stays open). Resolves
// {reason} (the trimmed text, '' when none) on yes, null on no.
export function confirmFinal({ title, what, lead, missing = [], missingTitle, reason, okText, danger = true }) {
  const err = h('p', { class: 'field-error', id: 'fq-confirm-error', 'aria-live': 'polite' });
  const area = reason ? h('textarea', { id: 'fq-confirm-reason', rows: 3, maxLength: reason.max || 500 }) : null;
  const body = [h('h2', { id: 'fq-confirm-text', class: 'confirm-title' }, title),
    h('p', { class: 'confirm-final' }, h('strong', {}, lead || t('ui.final')), ' ', what),
    missing.length ? h('div', { class: 'confirm-missing', id: 'fq-confirm-missing' },
      h('p', {}, missingTitle || t('ui.missing')), h('ul', {}, missing.map((m) => h('li', {}, m)))) : null,
    area ? h('label', { for: 'fq-confirm-reason' }, reason.label) : null, area, err];
  return askModal(body.filter(Boolean), {
    okText: okText || t('ui.ok'), okClass: danger ? 'btn-danger' : 'btn-primary', focus: area || undefined,
    onOk: (done) => {
      const text = area ? area.value.trim() : '';
      if (reason && reason.required && !text) { err.textContent = t('ui.reason_needed'); area.focus(); return; }
      done({ reason: text });
    },
  });
}

// The language switch button for a header.
export function langSwitch() {
  const b = h('button', { class: 'btn btn-ghost lang-switch', 'aria-label': t('lang.label'),
    onclick: () => { setLang(lang() === 'zh' ? 'en' : 'zh'); b.textContent = t('lang.switch'); } },
  t('lang.switch'));
  return b;
}

// Labels of states, levels, channels, SLA, cards and events.
export const stateLabel = (s) => t(`state.${s}`);
export const levelLabel = (l) => t(`level.${l}`);
export const channelLabel = (c) => t(`channel.${c}`);
export const eventLabel = (e) => t(`event.${e}`);
export const cardLabel = (c) => t(`card.${c}`);

export function stateBadge(state) {
  return h('span', { class: `badge state-${state}` }, stateLabel(state));
}

export function slaBadge(sla) {
  if (!sla || sla === 'on_time') return null;
  return h('span', { class: `badge sla-${sla}` }, t(`sla.${sla}`));
}

addMessages({
  zh: {
    'ui.ok': '确定', 'ui.cancel': '取消', 'ui.loading': '加载中…', 'ui.retry': '重试',
    'ui.final': '此操作不能撤销：', 'ui.missing': '还缺：', 'ui.reason_needed': '请写明理由。',
    'ui.logout': '退出登录', 'ui.to_console': '工作台', 'ui.to_home': '首页', 'ui.back': '返回', 'ui.empty': '暂无内容', 'ui.save': '保存',
    'ui.error': '出错了：{msg}', 'ui.required': '请填写这一项。',
    'state.submitted': '已受理', 'state.dispatched': '待签收', 'state.accepted': '办理中',
    'state.resolved': '已办结', 'state.closed': '已结案', 'state.returned': '已退单',
    'state.rejected': '不予受理', 'state.merged': '已合并',
    'level.1': '邻里', 'level.2': '网格', 'level.3': '社区/村', 'level.4': '街道',
    'channel.self': '居民自报', 'channel.proxy': '邻长代报', 'channel.hotline': '热线',
    'channel.visit': '走访', 'channel.inspection': '隐患排查', 'channel.open311': 'Open311',
    'sla.on_time': '正常', 'sla.due_soon': '即将超时', 'sla.overdue': '已超时',
    'card.none': '未督办', 'card.normal': '普通督办', 'card.yellow': '黄牌督办', 'card.red': '红牌督办',
    'event.submitted': '受理', 'event.dispatched': '派单', 'event.accepted': '签收',
    'event.returned': '退单', 'event.escalated': '上报', 'event.resolved': '办结',
    'event.rated': '评价', 'event.rated_redo': '不满意重办', 'event.rated_final': '评价结案',
    'event.extension_requested': '申请延期', 'event.extension_approved': '批准延期',
    'event.extension_refused': '驳回延期', 'event.extension_lapsed': '延期失效',
    'event.supervised': '督办', 'event.reminded': '催办', 'event.rejected': '不予受理',
    'event.merged': '合并', 'event.redone': '重办', 'event.auto_closed': '自动结案',
    'event.reassigned': '改派', 'event.cohandlers_set': '设置联办', 'event.talent_outcome': '群英反馈结果',
  },
  en: {
    'ui.ok': 'OK', 'ui.cancel': 'Cancel', 'ui.loading': 'Loading…', 'ui.retry': 'Retry',
    'ui.final': 'This cannot be undone:', 'ui.missing': 'Still missing:', 'ui.reason_needed': 'Please give the reason.',
    'ui.logout': 'Log out', 'ui.to_console': 'Console', 'ui.to_home': 'Home', 'ui.back': 'Back', 'ui.empty': 'Nothing here yet', 'ui.save': 'Save',
    'ui.error': 'Something went wrong: {msg}', 'ui.required': 'Please fill this in.',
    'state.submitted': 'Received', 'state.dispatched': 'To accept', 'state.accepted': 'In hand',
    'state.resolved': 'Resolved', 'state.closed': 'Closed', 'state.returned': 'Returned',
    'state.rejected': 'Rejected', 'state.merged': 'Merged',
    'level.1': 'Neighbourhood', 'level.2': 'Grid', 'level.3': 'Community', 'level.4': 'Street',
    'channel.self': 'Self-reported', 'channel.proxy': 'By neighbour leader', 'channel.hotline': 'Hotline',
    'channel.visit': 'Visit', 'channel.inspection': 'Inspection', 'channel.open311': 'Open311',
    'sla.on_time': 'On time', 'sla.due_soon': 'Due soon', 'sla.overdue': 'Overdue',
    'card.none': 'Not supervised', 'card.normal': 'Supervised', 'card.yellow': 'Yellow card', 'card.red': 'Red card',
    'event.submitted': 'Received', 'event.dispatched': 'Dispatched', 'event.accepted': 'Accepted',
    'event.returned': 'Returned', 'event.escalated': 'Escalated', 'event.resolved': 'Resolved',
    'event.rated': 'Rated', 'event.rated_redo': 'Unsatisfied, redo', 'event.rated_final': 'Rated, closed',
    'event.extension_requested': 'Extension asked', 'event.extension_approved': 'Extension approved',
    'event.extension_refused': 'Extension refused', 'event.extension_lapsed': 'Extension lapsed',
    'event.supervised': 'Supervised', 'event.reminded': 'Reminder', 'event.rejected': 'Rejected',
    'event.merged': 'Merged', 'event.redone': 'Redo', 'event.auto_closed': 'Auto-closed',
    'event.reassigned': 'Reassigned', 'event.cohandlers_set': 'Co-handlers set', 'event.talent_outcome': 'Talent\'s outcome',
  },
});
