// volunteer.js - the 志愿 screen (issue 14): a resident who is not yet a
// volunteer registers (skills, parts of the week); a volunteer sees their
// verified hours and stars (with the hours to the next star) and the
// activities near them (activity.js): sign up, withdraw, check in and out by
// typing the organiser's six-digit code. API: /api/v1/volunteers/me,
// POST /api/v1/volunteers, /api/v1/activities (docs/volunteers.md).

import { api } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h, icon, toast } from '/common/ui.js';
import { put } from './dom.js';
import { activityList } from './activity.js';

addMessages({
  zh: {
    'vol.title': '志愿服务', 'vol.join': '成为志愿者', 'vol.join_lead': '登记一下您会什么、什么时候有空，社区有活动时就能报名。',
    'vol.skills': '我会的', 'vol.when': '我有空的时间', 'vol.send': '登记', 'vol.joined': '登记好了，欢迎加入！',
    'vol.hours': '{h} 小时', 'vol.hours_label': '已认证服务时长', 'vol.stars': '{n} 星志愿者',
    'vol.no_star': '还没有星级', 'vol.next': '再服务 {h} 小时升到 {n} 星', 'vol.top': '已是最高星级',
    'vol.morning': '上午', 'vol.afternoon': '下午', 'vol.evening': '晚上',
    'vol.mon': '一', 'vol.tue': '二', 'vol.wed': '三', 'vol.thu': '四', 'vol.fri': '五', 'vol.sat': '六', 'vol.sun': '日',
  },
  en: {
    'vol.title': 'Volunteering', 'vol.join': 'Become a volunteer', 'vol.join_lead': 'Tell us what you can do and when you are free; you can then sign up for activities.',
    'vol.skills': 'What I can do', 'vol.when': 'When I am free', 'vol.send': 'Register', 'vol.joined': 'Registered: welcome!',
    'vol.hours': '{h} h', 'vol.hours_label': 'Verified hours', 'vol.stars': '{n}-star volunteer',
    'vol.no_star': 'No star yet', 'vol.next': '{h} more hours to {n} stars', 'vol.top': 'The highest star',
    'vol.morning': 'Morning', 'vol.afternoon': 'Afternoon', 'vol.evening': 'Evening',
    'vol.mon': 'Mo', 'vol.tue': 'Tu', 'vol.wed': 'We', 'vol.thu': 'Th', 'vol.fri': 'Fr', 'vol.sat': 'Sa', 'vol.sun': 'Su',
  },
});

// The server's skills (docs/volunteers.md), in Chinese and English, in the order offered.
const SKILLS = {
  first_aid: ['急救', 'First aid'], patrol: ['巡逻', 'Patrol'], tutoring: ['辅导', 'Tutoring'],
  driving: ['驾驶', 'Driving'], photography: ['摄影', 'Photography'], law: ['法律', 'Law'],
  psychology: ['心理', 'Psychology'], construction: ['建筑', 'Building'], finance: ['财务', 'Finance'],
  elder_care: ['养老', 'Elder care'], education: ['教育', 'Education'], medicine: ['医疗', 'Medicine'],
  agriculture: ['农业', 'Farming'], property: ['物业', 'Property'], labour: ['劳动', 'Labour'],
  environment: ['环保', 'Environment'], culture: ['文化', 'Culture'],
};
const skillWords = (i) => Object.fromEntries(Object.entries(SKILLS).map(([k, w]) => [`skill.${k}`, w[i]]));
addMessages({ zh: skillWords(0), en: skillWords(1) });

// The parts of the week.
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const PARTS = ['morning', 'afternoon', 'evening'];

// A checkbox drawn as a chip (the box itself is hidden but focusable).
function chip(name, value, label) {
  const id = `${name}-${value.replace('.', '-')}`;
  return h('label', { class: 'vol-chip', for: id },
    h('input', { type: 'checkbox', name, id, value, class: 'sr-only' }), h('span', {}, label));
}

function weekGrid() {
  const grid = h('div', { class: 'vol-week', role: 'group', 'aria-labelledby': 'vol-when' },
    h('span'), ...DAYS.map((d) => h('span', { class: 'vol-day' }, t(`vol.${d}`))));
  for (const p of PARTS) {
    grid.append(h('span', { class: 'vol-part' }, t(`vol.${p}`)),
      ...DAYS.map((d) => chip('availability', `${d}.${p}`, h('span', { class: 'sr-only' }, `${t(`vol.${d}`)} ${t(`vol.${p}`)}`))));
  }
  return grid;
}

const checked = (form, name) => [...form.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value);

function joinForm(done) {
  const err = h('p', { class: 'form-error', role: 'alert' });
  const send = h('button', { class: 'btn btn-primary btn-big btn-block', type: 'submit', id: 'vol-send' }, t('vol.send'));
  const form = h('form', { class: 'card stack', id: 'vol-join', novalidate: true },
    h('h2', {}, icon('heart'), ' ', t('vol.join')), h('p', { class: 'muted' }, t('vol.join_lead')),
    h('p', { class: 'rate-q' }, t('vol.skills')),
    h('div', { class: 'vol-chips', role: 'group' }, ...Object.keys(SKILLS).map((s) => chip('skills', s, t(`skill.${s}`)))),
    h('p', { class: 'rate-q', id: 'vol-when' }, t('vol.when')), weekGrid(), err, send);
  form.addEventListener('change', () => {
    for (const l of form.querySelectorAll('.vol-chip')) l.classList.toggle('on', l.querySelector('input').checked);
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.textContent = '';
    send.disabled = true;
    try {
      await api('POST', '/api/v1/volunteers', { skills: checked(form, 'skills'), availability: checked(form, 'availability') });
      toast(t('vol.joined'));
      done();
    } catch (ex) {
      err.textContent = t('ui.error', { msg: ex.message });
      send.disabled = false;
    }
  });
  return form;
}

// Hours and stars of the volunteer v (the /me record).
function standing(v) {
  const stars = h('span', { class: 'vol-stars', 'aria-hidden': 'true' });
  for (let i = 0; i < 5; i++) stars.append(icon('star', i < v.stars ? 'on' : ''));
  const next = v.next_star_hours > 0 ? t('vol.next', { h: Math.ceil(v.next_star_hours), n: v.stars + 1 }) : t('vol.top');
  return h('section', { class: 'card vol-standing', id: 'vol-standing', 'data-hours': String(v.hours), 'data-stars': String(v.stars) },
    h('p', { class: 'muted' }, t('vol.hours_label')),
    h('p', { class: 'vol-hours' }, t('vol.hours', { h: Math.round(v.hours * 10) / 10 })),
    stars, h('p', {}, v.stars ? t('vol.stars', { n: v.stars }) : t('vol.no_star')),
    h('p', { class: 'muted', id: 'vol-next' }, next));
}

// The volunteer record of the caller, or null when they are not one.
async function myRecord() {
  try {
    return await api('GET', '/api/v1/volunteers/me');
  } catch (ex) {
    if (ex.status === 404) return null;
    throw ex;
  }
}

export async function render(el, ctx) {
  ctx.title('vol.title');
  const v = await myRecord();
  const again = () => ctx.go('#volunteer');
  if (!v) {
    put(el, joinForm(again));
    return;
  }
  put(el, standing(v), await activityList(again));
}
