// app.js - the resident's phone app: the header (back, title, language),
// the login gate, and a hash router that shows one screen at a time.
//
// Routes: #home, #report[/step][?building=ID] (the QR poster's link),
// #mine, #request/ID, #nearby, #volunteer. A screen module exports
// render(el, ctx) and may return a function that tidies up when the screen
// is left. ctx = {me, arg, params, go(hash), title(key), signOut(),
// setBack(hash): where the header's back arrow goes (default #home)}.

import { me, logout } from '/common/api.js';
import { t, addMessages, applyI18n, onLang } from '/common/i18n.js';
import { h, clear, langSwitch } from '/common/ui.js';
import { mountLogin } from '/common/login.js';
import * as home from './home.js';
import * as report from './report.js';
import * as mine from './mine.js';
import * as detail from './detail.js';
import * as nearby from './nearby.js';
import * as volunteer from './volunteer.js';
import { loadCategoryNames } from '/common/categories.js';
import { restoreDraft, saveDraft } from './draft.js';

addMessages({
  zh: {
    'app.title': '枫桥 · 居民', 'nav.back': '返回', 'app.login_title': '居民登录',
    'app.login_hint': '用社区给您的用户名和密码登录。', 'app.not_resident':
      '这个账号不是居民账号。工作人员请用工作台。', 'app.to_staff': '去工作台',
    'app.load_failed': '没能打开，请检查网络后重试。',
  },
  en: {
    'app.title': 'Fengqiao · Residents', 'nav.back': 'Back', 'app.login_title': 'Resident log in',
    'app.login_hint': 'Use the username and password your community gave you.',
    'app.not_resident': 'This is not a resident account. Staff, please use the console.',
    'app.to_staff': 'Open the console', 'app.load_failed': 'Could not open this; check the network and try again.',
  },
});

const screens = { home, report, mine, request: detail, nearby, volunteer };
const app = document.getElementById('app');
const back = document.getElementById('back');
let account = null;
let leave = null;
let visit = 0; // counts screens shown, so a late cleanup is not kept for the wrong one

// "#request/12?x=1" → {name: 'request', arg: '12', params: URLSearchParams}
function parseHash(hash) {
  const raw = (hash || '').replace(/^#/, '');
  const [path, query] = raw.split('?');
  const [name, ...rest] = path.split('/');
  return { name: screens[name] ? name : 'home', arg: rest.join('/'), params: new URLSearchParams(query || '') };
}

function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function setTitle(key) {
  const el = document.getElementById('title');
  el.dataset.i18n = key;
  el.textContent = t(key);
  document.title = `${t(key)} · ${t('app.title')}`;
}

function route() {
  if (!account) return;
  if (leave) { leave(); leave = null; }
  const r = parseHash(location.hash);
  back.classList.toggle('hidden', r.name === 'home');
  back.setAttribute('href', r.name === 'request' ? '#mine' : '#home');
  // each screen draws into its own box, so a screen still loading when the
  // resident moves on draws into a box that is no longer shown
  const box = h('div', { class: `screen screen-${r.name}` });
  clear(app).append(box);
  window.scrollTo(0, 0);
  const ctx = { me: account, arg: r.arg, params: r.params, go, title: setTitle, signOut,
    setBack: (hash) => back.setAttribute('href', hash) };
  const mine = ++visit;
  Promise.resolve(screens[r.name].render(box, ctx)).then((f) => {
    if (typeof f !== 'function') return;
    if (mine === visit) leave = f;
    else f();
  }).catch((e) => {
    if (mine !== visit) return;
    clear(box).append(h('p', { class: 'form-error', role: 'alert' }, t('app.load_failed')),
      h('p', { class: 'muted' }, e.message || String(e)),
      h('button', { class: 'btn btn-big btn-block', type: 'button', onclick: route }, t('ui.retry')));
  });
  app.focus({ preventScroll: true });
}

function showLogin() {
  setTitle('app.login_title');
  back.classList.add('hidden');
  const box = h('div', { class: 'res-login' });
  clear(app).append(box);
  mountLogin(box, { title: t('app.login_title'),
    onDone: () => { start(); } });
  box.querySelector('form').append(h('p', { class: 'muted' }, t('app.login_hint')));
}

function notResident() {
  clear(app).append(h('div', { class: 'card stack' },
    h('p', {}, t('app.not_resident')),
    h('a', { class: 'btn btn-primary btn-big btn-block', href: '/worker/' }, t('app.to_staff')),
    h('button', { class: 'btn btn-block', type: 'button',
      onclick: async () => { await logout(); showLogin(); } },
    t('ui.logout'))));
}

async function start() {
  account = await me(); // asks the server only when this browser holds a session (api.js)
  if (!account) { showLogin(); return; }
  const resident = account.roles.some((r) => ['resident', 'leader', 'building_leader'].includes(r.role));
  if (!resident && !account.household) { account = null; notResident(); return; }
  await loadCategoryNames();
  await restoreDraft(account.id); // a report left half done on this phone
  route();
}

async function signOut() {
  await logout();
  account = null;
  location.hash = '#home';
  showLogin();
}

home.applyBigText();
document.getElementById('lang-slot').append(langSwitch());
onLang(() => { applyI18n(document); if (account) route(); });
window.addEventListener('hashchange', route);
window.addEventListener('pagehide', () => { saveDraft(); });
applyI18n(document);
start().catch(() => {
  clear(app).append(h('p', { class: 'form-error', role: 'alert' }, t('app.load_failed')));
});
