// activity.js - the activities near a volunteer on the 志愿 screen
// (volunteer.js), one card each: when, where, the places by role and the
// resident's own sign-up. Signing up is two taps (报名, then the role); the
// answer says whether the place is confirmed or on the waiting list. A
// confirmed volunteer checks in and later out by typing the organiser's
// six-digit code (the camera scanner is not built yet).

import { api } from '/common/api.js';
import { t, addMessages, fmtTime } from '/common/i18n.js';
import { h, icon, toast, confirmDialog } from '/common/ui.js';
import { put } from './dom.js';

addMessages({
  zh: {
    'act.title': '附近的活动', 'act.empty': '附近暂时没有活动。', 'act.signup': '报名', 'act.pick': '选一个岗位：',
    'act.places': '{role}：{n}/{max} 人', 'act.full': '{role}：已满，可候补', 'act.confirmed': '已报名，名额已确认',
    'act.waiting': '已报名，在候补名单上', 'act.withdraw': '取消报名', 'act.withdraw_q': '确定取消报名“{title}”吗？',
    'act.withdrawn': '已取消报名', 'act.code': '签到码（6 位数字）', 'act.checkin': '签到', 'act.checkout': '签退',
    'act.in_at': '{time} 已签到', 'act.out_at': '{time} 已签退', 'act.code_bad': '请输入组织者给的 6 位数字签到码',
    'act.in_ok': '签到成功', 'act.out_ok': '签退成功，记入 {m} 分钟',
    'kind.activity': '活动', 'kind.course': '课程', 'kind.patrol': '巡逻', 'kind.callout': '召集',
  },
  en: {
    'act.title': 'Activities near me', 'act.empty': 'No activities nearby for now.', 'act.signup': 'Sign up',
    'act.pick': 'Choose a role:', 'act.places': '{role}: {n}/{max}', 'act.full': '{role}: full, join the waiting list',
    'act.confirmed': 'Signed up: your place is confirmed', 'act.waiting': 'Signed up: on the waiting list',
    'act.withdraw': 'Withdraw', 'act.withdraw_q': 'Withdraw from “{title}”?', 'act.withdrawn': 'Withdrawn',
    'act.code': 'Check-in code (6 digits)', 'act.checkin': 'Check in', 'act.checkout': 'Check out',
    'act.in_at': 'Checked in at {time}', 'act.out_at': 'Checked out at {time}',
    'act.code_bad': 'Please type the 6-digit code the organiser shows', 'act.in_ok': 'Checked in',
    'act.out_ok': 'Checked out: {m} minutes credited',
    'kind.activity': 'Activity', 'kind.course': 'Course', 'kind.patrol': 'Patrol', 'kind.callout': 'Call-out',
  },
});

const LIMIT = 20; // activities shown; each is read once more for its places and the sign-up
const EARLY_MS = 3600 * 1000; // the code box shows from an hour before the start

// Whether the code box is shown: from an hour before the start (the server takes a code any
// time, but credits only the minutes inside the span).
const checkable = (a, m) => m.state === 'confirmed' && !m.checkout_at
  && (m.checkin_at || Date.now() >= Date.parse(a.starts_at) - EARLY_MS);

const post = (a, what, body = {}) => api('POST', `/api/v1/activities/${a.id}/${what}`, body);

function slotLine(s) {
  const full = s.confirmed >= s.capacity;
  return full ? t('act.full', { role: s.role }) : t('act.places', { role: s.role, n: s.confirmed, max: s.capacity });
}

// 报名 opens the roles; a role's button signs up for it.
function signupBox(a, err, refresh) {
  const roles = h('div', { class: 'act-roles hidden' }, h('p', { class: 'muted' }, t('act.pick')),
    ...a.slots.map((s) => h('button', { class: 'btn btn-block act-role', type: 'button', 'data-slot': String(s.id),
      onclick: () => act(err, () => post(a, 'signup', { slot_id: s.id }), (r) => t(`act.${r.mine.state}`), refresh) },
    slotLine(s))));
  const open = h('button', { class: 'btn btn-primary btn-big btn-block act-signup', type: 'button',
    onclick: () => {
      roles.classList.remove('hidden');
      open.classList.add('hidden');
      open.closest('.act-card').querySelector('.act-places').classList.add('hidden'); // the roles say it now
    } }, icon('plus'), ' ', t('act.signup'));
  return [open, roles];
}

// Run a write, then say so and draw the list again; a refusal stays on the card.
async function act(err, call, said, refresh) {
  err.textContent = '';
  try {
    toast(said(await call()));
    refresh();
  } catch (ex) {
    err.textContent = t('ui.error', { msg: ex.message });
  }
}

// The code box: six digits typed, checked here before the server is asked.
function codeForm(a, what, err, refresh) {
  const input = h('input', { id: `act-code-${a.id}`, class: 'act-code', inputmode: 'numeric', autocomplete: 'one-time-code',
    maxlength: 6 });
  const form = h('form', { class: 'act-check', novalidate: true },
    h('label', { for: input.id }, t('act.code')), input,
    h('button', { class: 'btn btn-primary btn-big btn-block', type: 'submit', id: `act-${what}-${a.id}` }, t(`act.${what}`)));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const code = input.value.trim();
    if (!/^\d{6}$/.test(code)) { err.textContent = t('act.code_bad'); input.focus(); return; }
    act(err, () => post(a, what, { code }), (r) => (what === 'checkin' ? t('act.in_ok') : t('act.out_ok', { m: r.minutes || 0 })), refresh);
  });
  return form;
}

// What the resident can do with their own sign-up m.
function mineBox(a, m, err, refresh) {
  const withdraw = () => confirmDialog(t('act.withdraw_q', { title: a.title }), t('act.withdraw')).then((yes) => yes
    && act(err, () => post(a, 'withdraw'), () => t('act.withdrawn'), refresh));
  return [
    h('p', { class: `act-state act-${m.state}` }, icon(m.state === 'confirmed' ? 'check' : 'list'), ' ', t(`act.${m.state}`)),
    m.checkin_at ? h('p', { class: 'act-in' }, t('act.in_at', { time: fmtTime(m.checkin_at) })) : null,
    m.checkout_at ? h('p', { class: 'act-out' }, t('act.out_at', { time: fmtTime(m.checkout_at) })) : null,
    checkable(a, m) ? codeForm(a, m.checkin_at ? 'checkout' : 'checkin', err, refresh) : null,
    !m.checkin_at ? h('button', { class: 'btn btn-block act-withdraw', type: 'button', onclick: withdraw }, t('act.withdraw')) : null,
  ];
}

function card(a, refresh) {
  const err = h('p', { class: 'form-error', role: 'alert' });
  const mine = a.mine && a.mine.state !== 'withdrawn' ? a.mine : null;
  return put(h('li', { class: 'card act-card', 'data-id': String(a.id), 'data-state': mine ? mine.state : 'open' }),
    h('h3', {}, h('span', { class: 'badge' }, t(`kind.${a.kind}`)), ' ', a.title),
    h('p', { class: 'muted' }, icon('bell'), ' ', `${fmtTime(a.starts_at)} – ${fmtTime(a.ends_at)}`),
    h('p', { class: 'muted' }, icon('pin'), ' ', a.address),
    mine ? null : h('p', { class: 'act-places' }, a.slots.map(slotLine).join('；')),
    mine ? mineBox(a, mine, err, refresh) : signupBox(a, err, refresh), err);
}

// The section of activities near the volunteer; refresh draws the screen again.
export async function activityList(refresh) {
  const list = await api('GET', `/api/v1/activities?limit=${LIMIT}`);
  const now = Date.now();
  const shown = await Promise.all(list.items.filter((a) => Date.parse(a.ends_at) > now)
    .map((a) => api('GET', `/api/v1/activities/${a.id}`)));
  const ul = h('ul', { class: 'act-list', id: 'act-list' }, ...shown.map((a) => card(a, refresh)));
  return h('section', { class: 'vol-acts' }, h('h2', {}, t('act.title')),
    shown.length ? ul : h('p', { class: 'muted', id: 'act-empty' }, t('act.empty')));
}
