// home.js - the first screen: who is logged in, and big buttons (report
// a problem, my requests, nearby requests, volunteering, ideas and
// councils, my mediations). A resident with a
// request waiting for their rating sees it here first.

import { api } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h, icon } from '/common/ui.js';
import { put } from './dom.js';

addMessages({
  zh: {
    'home.title': '枫桥 · 居民', 'home.hello': '您好，{name}', 'home.report': '我要上报',
    'home.report_sub': '拍张照，说一句，一分钟办好', 'home.mine': '我的诉求',
    'home.mine_sub': '看看办到哪一步了', 'home.mine_open': '{n} 件正在办', 'home.mine_rate': '{n} 件已办结，等你评价',
    'home.nearby': '附近的诉求', 'home.nearby_sub': '本网格里的诉求',
    'home.rate_now': '有 {n} 件已办结，请您确认并评价', 'home.logout': '退出登录',
    'home.big_text': '字大一点', 'home.councils': '金点子与议事',
    'home.councils_sub': '提建议、附议、参加表决', 'home.mediate': '我的调解',
    'home.mediate_sub': '纠纷调解的留言和进展', 'home.volunteer': '志愿服务',
    'home.volunteer_sub': '报名活动、签到、看服务时长',
  },
  en: {
    'home.title': 'Fengqiao · Residents', 'home.hello': 'Hello, {name}', 'home.report': 'Report a problem',
    'home.report_sub': 'A photo and a few words: done in a minute', 'home.mine': 'My requests',
    'home.mine_sub': 'See how far they have got', 'home.mine_open': '{n} in progress', 'home.mine_rate': '{n} resolved, waiting for your rating',
    'home.nearby': 'Nearby requests', 'home.nearby_sub': 'Requests in this grid',
    'home.rate_now': '{n} resolved: please confirm and rate', 'home.logout': 'Log out',
    'home.big_text': 'Larger text', 'home.councils': 'Ideas and councils',
    'home.councils_sub': 'Propose, support, vote', 'home.mediate': 'My mediations',
    'home.mediate_sub': 'Messages and progress of your disputes', 'home.volunteer': 'Volunteering',
    'home.volunteer_sub': 'Sign up, check in, see your hours',
  },
});

const BIG_TEXT = 'fq.big_text'; // localStorage: '1' when the resident chose larger text

// Apply the resident's choice of larger text (at start and when changed).
export function applyBigText() {
  document.documentElement.classList.toggle('big-text', localStorage.getItem(BIG_TEXT) === '1');
}

// The switch for larger text: a toggle button, remembered in the browser.
function bigTextSwitch() {
  const on = () => localStorage.getItem(BIG_TEXT) === '1';
  const b = h('button', { class: 'btn btn-block home-big-text', type: 'button', id: 'big-text',
    'aria-pressed': on() ? 'true' : 'false', onclick: () => {
      if (on()) localStorage.removeItem(BIG_TEXT); else localStorage.setItem(BIG_TEXT, '1');
      b.setAttribute('aria-pressed', on() ? 'true' : 'false');
      applyBigText();
    } },
  icon('text-size'), t('home.big_text'));
  return b;
}

// Still being handled; a resolved request waits for the resident's rating
// instead and is counted apart.
const OPEN = ['submitted', 'dispatched', 'accepted', 'returned'];

function bigButton(href, iconName, label, sub, id) {
  return h('a', { class: 'home-btn', href, id },
    h('span', { class: 'home-icon', 'aria-hidden': 'true' }, icon(iconName)),
    h('span', { class: 'home-text' }, h('strong', {}, label), h('span', { class: 'home-sub' }, sub)));
}

export async function render(el, ctx) {
  ctx.title('home.title');
  const mineSub = h('span', { class: 'home-sub' }, t('home.mine_sub'));
  const rateBox = h('div');
  const mineBtn = bigButton('#mine', 'list', t('home.mine'), '', 'home-mine');
  mineBtn.querySelector('.home-sub').replaceWith(mineSub);
  put(el,
    h('p', { class: 'home-hello' }, t('home.hello', { name: ctx.me.display_name || ctx.me.username })),
    ctx.me.household ? h('p', { class: 'muted home-addr' }, ctx.me.household.address) : null,
    rateBox,
    h('nav', { class: 'home-nav', 'aria-label': t('home.title') },
      bigButton('#report', 'edit', t('home.report'), t('home.report_sub'), 'home-report'),
      mineBtn,
      bigButton('#nearby', 'pin', t('home.nearby'), t('home.nearby_sub'), 'home-nearby'),
      bigButton('#volunteer', 'heart', t('home.volunteer'), t('home.volunteer_sub'), 'home-volunteer'),
      bigButton('/councils/', 'bulb', t('home.councils'), t('home.councils_sub'), 'home-councils'),
      bigButton('/mediate/', 'chat', t('home.mediate'), t('home.mediate_sub'), 'home-mediate')),
    bigTextSwitch(),
    h('button', { class: 'btn btn-block home-logout', type: 'button', onclick: ctx.signOut },
      t('home.logout')));
  const list = await api('GET', '/api/v1/requests?limit=50');
  const mineOnly = list.items;
  const open = mineOnly.filter((r) => OPEN.includes(r.state));
  const toRate = mineOnly.filter((r) => r.state === 'resolved');
  if (open.length) mineSub.textContent = t('home.mine_open', { n: open.length });
  else if (toRate.length) mineSub.textContent = t('home.mine_rate', { n: toRate.length });
  if (toRate.length) {
    rateBox.append(h('a', { class: 'card home-rate', href: `#request/${toRate[0].id}` },
      icon('star'), ' ', t('home.rate_now', { n: toRate.length })));
  }
}
