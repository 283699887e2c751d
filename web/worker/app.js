// app.js - the worker console: login gate, header (title, who, language,
// log out), the navigation for the account's roles, and a hash router.
// On a phone one thing is shown at a time; from 1280 px the list (inbox or
// search) and the open request sit side by side. Live events from
// /api/v1/events refresh the inbox and the open request.
//
// Routes: #inbox[/tab], #search[?filters], #request/ID, #households[/unit],
// #new[?channel=&household=] (newreq.js),
// #admin/org|accounts|categories|calendar|data. A page module exports
// render(el, ctx) and may return a function that tidies up.

import { me, logout, events } from '/common/api.js';
import { t, addMessages, applyI18n, onLang } from '/common/i18n.js';
import { h, clear, icon, langSwitch } from '/common/ui.js';
import { mountLogin } from '/common/login.js';
import { mountInbox } from './inbox.js';
import { mountSearch } from './search.js';
import { mountDetail, placeholder } from './detail.js';
import { isWorker, isAdmin, isStaff, has, mayBrowseHouseholds } from './roles.js';

// Roles that register and mediate disputes and send talents.
const MEDIATION_ROLES = ['grid_worker', 'community_officer', 'dispatcher', 'supervisor', 'mediator', 'admin'];
import * as households from './households.js';
import * as newreq from './newreq.js';
import * as adminOrg from './admin_org.js';
import * as adminAccounts from './admin_accounts.js';
import * as adminCategories from './admin_categories.js';
import * as adminCalendar from './admin_calendar.js';
import * as adminData from './admin_data.js';
import { loadCategoryNames } from '/common/categories.js';

addMessages({
  zh: {
    'app.title': '枫桥 · 工作台', 'app.skip': '跳到主要内容', 'app.login_title': '工作人员登录',
    'app.not_worker': '这个账号不是工作人员账号。居民请用居民端。', 'app.to_resident': '去居民端',
    'app.load_failed': '没能打开：{msg}', 'nav.label': '工作台导航', 'nav.back': '返回', 'nav.list': '列表',
    'nav.detail': '详情', 'nav.inbox': '收件箱', 'nav.households': '住户', 'nav.search': '查询',
    'nav.admin': '管理', 'nav.new': '新建诉求', 'nav.proxy': '代报', 'nav.disputes': '纠纷调解', 'nav.talents': '群英点将', 'nav.councils': '议事会',
    'admin.org': '组织架构', 'admin.accounts': '账号', 'admin.categories': '分类与时限',
    'admin.calendar': '工作日历', 'admin.data': '导入导出', 'admin.nav': '管理功能',
  },
  en: {
    'app.title': 'Fengqiao · Console', 'app.skip': 'Skip to the main content', 'app.login_title': 'Staff log in',
    'app.not_worker': 'This is not a staff account. Residents, please use the resident app.',
    'app.to_resident': 'Open the resident app', 'app.load_failed': 'Could not open this: {msg}',
    'nav.label': 'Console navigation', 'nav.back': 'Back', 'nav.list': 'List', 'nav.detail': 'Details',
    'nav.inbox': 'Inbox', 'nav.households': 'Households', 'nav.search': 'Search', 'nav.admin': 'Admin', 'nav.new': 'New request', 'nav.proxy': 'Report for',
    'nav.disputes': 'Disputes', 'nav.talents': 'Talents', 'nav.councils': 'Councils',
    'admin.org': 'Org tree', 'admin.accounts': 'Accounts', 'admin.categories': 'Categories and limits',
    'admin.calendar': 'Calendar', 'admin.data': 'Import and export', 'admin.nav': 'Administration',
  },
});

const ADMIN = { org: adminOrg, accounts: adminAccounts, categories: adminCategories, calendar: adminCalendar, data: adminData };
const $ = (id) => document.getElementById(id);

let account = null;
let list = null;          // {kind, key, refresh(), markOpen(id), setTab?()}
let detail = null;        // {id, reload(), destroy()}
let leavePage = null;
let lastList = '#inbox';
let stopEvents = null;
let gate = null;          // what shows while nobody works here: 'login', 'not_worker'

function parseHash() {
  const raw = location.hash.replace(/^#/, '');
  const [path, query] = raw.split('?');
  const [name, ...rest] = path.split('/');
  return { name: name || 'inbox', arg: rest.join('/'), params: new URLSearchParams(query || ''), raw };
}

function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function setTitle(key) {
  $('title').textContent = t(key);
  document.title = `${t(key)} · ${t('app.title')}`;
}

function show(view) {
  $('login').classList.toggle('hidden', view !== 'login');
  $('split').classList.toggle('hidden', view !== 'split');
  $('page').classList.toggle('hidden', view !== 'page');
  document.body.classList.toggle('view-split', view === 'split');
}

const ctx = {
  get me() { return account; },
  go,
  title: setTitle,
  listHash: () => lastList,
  // after an action: the inbox counts move at once, not only on the event
  changed: () => { if (list) list.refresh(true); },
};

function navItems() {
  const items = [{ hash: '#inbox', key: 'nav.inbox', icon: 'inbox', match: ['inbox', 'request'] }];
  if (mayBrowseHouseholds(account) || account.leader_id)
    items.push({ hash: '#households', key: 'nav.households', icon: 'home', match: ['households'] });
  items.push({ hash: '#search', key: 'nav.search', icon: 'search', match: ['search'] });
  const channels = newreq.staffChannels(account);
  if (channels.length) items.push({ hash: '#new', key: channels.join() === 'proxy' ? 'nav.proxy' : 'nav.new',
    icon: 'plus', match: ['new'] });
  if (isAdmin(account)) items.push({ hash: '#admin/org', key: 'nav.admin', icon: 'gear', match: ['admin'] });
  // 群英断是非: the pages of their own, for the roles that work there
  if (has(account, ...MEDIATION_ROLES))
    items.push({ hash: '/disputes/', key: 'nav.disputes', icon: 'scales', match: [] });
  if (has(account, ...MEDIATION_ROLES, 'talent'))
    items.push({ hash: '/talents/', key: 'nav.talents', icon: 'award', match: [] });
  if (isStaff(account)) items.push({ hash: '/councils/', key: 'nav.councils', icon: 'people', match: [] });
  return items;
}

function drawNav(name) {
  const nav = $('nav');
  clear(nav).append(h('ul', { class: 'wk-nav-list' }, navItems().map((it) => h('li', {},
    h('a', { class: `wk-nav-link${it.match.includes(name) ? ' on' : ''}`, href: it.hash, id: `nav-${it.key.slice(4)}`,
      'aria-current': it.match.includes(name) ? 'page' : null },
    h('span', { class: 'nav-icon', 'aria-hidden': 'true' }, icon(it.icon)), h('span', {}, t(it.key)))))));
  nav.classList.remove('hidden');
}

// The list pane: the inbox (one per session) or a search (per query).
function ensureList(kind, r) {
  const key = kind === 'search' ? r.params.toString() : 'inbox';
  if (list && list.kind === kind && list.key === key) return list;
  const pane = clear($('list-pane'));
  const mounted = kind === 'search' ? mountSearch(pane, ctx, r.params) : mountInbox(pane, ctx);
  list = { kind, key, ...mounted };
  return list;
}

function closeDetail() {
  if (detail) detail.destroy();
  detail = null;
}

function routeSplit(r) {
  if (r.name === 'request') {
    if (!list) ensureList('inbox', r);
    const id = Number(r.arg);
    if (!detail || detail.id !== id) {
      closeDetail();
      const el = clear($('detail-pane'));
      detail = { id, ...mountDetail(el, ctx, id) };
    }
    list.markOpen(id);
    document.body.classList.add('show-detail');
    setTitle('detail.title');
    return;
  }
  lastList = `#${r.raw}`;
  ensureList(r.name === 'search' ? 'search' : 'inbox', r);
  if (list.setTab) list.setTab(r.arg || 'todo');
  closeDetail();
  placeholder($('detail-pane'));
  list.markOpen(null);
  document.body.classList.remove('show-detail');
  setTitle(r.name === 'search' ? 'nav.search' : 'inbox.title');
}

function adminNav(current) {
  return h('nav', { class: 'admin-nav', 'aria-label': t('admin.nav') }, h('ul', {},
    Object.keys(ADMIN).map((k) => h('li', {}, h('a', { href: `#admin/${k}`, id: `admin-nav-${k}`,
      class: k === current ? 'on' : '', 'aria-current': k === current ? 'page' : null }, t(`admin.${k}`))))));
}

function routePage(r) {
  closeDetail();
  document.body.classList.remove('show-detail');
  const page = clear($('page'));
  const box = h('div', { class: `screen screen-${r.name}` });
  let mod = households;
  if (r.name === 'admin') {
    const which = ADMIN[r.arg] ? r.arg : 'org';
    mod = ADMIN[which];
    page.append(adminNav(which), adminCalendar.nextYearWarning());
    setTitle(`admin.${which}`);
  } else if (r.name === 'new') mod = newreq;
  else setTitle('nav.households');
  page.append(box);
  const mine = box;
  Promise.resolve(mod.render(box, { ...ctx, me: account, arg: r.arg, params: r.params })).then((f) => {
    if (typeof f !== 'function') return;
    if (mine.isConnected) leavePage = f; else f();
  }).catch((e) => {
    if (!mine.isConnected) return;
    box.append(h('p', { class: 'form-error', role: 'alert' }, t('app.load_failed', { msg: e.message || String(e) })));
  });
}

function route() {
  if (!account) return;
  if (leavePage) { leavePage(); leavePage = null; }
  const r = parseHash();
  if (r.name === 'admin' && !isAdmin(account)) { go('#inbox'); return; }
  drawNav(r.name);
  const split = ['inbox', 'search', 'request'].includes(r.name);
  const known = split || ['households', 'admin', 'new'].includes(r.name);
  if (!known) { go('#inbox'); return; }
  show(split ? 'split' : 'page');
  $('back').classList.toggle('hidden', r.name !== 'request');
  $('back').setAttribute('href', lastList);
  if (split) routeSplit(r); else routePage(r);
  $('main').focus({ preventScroll: true });
}

function onEvent(ev) {
  if (list) list.refresh();
  const id = ev.data && ev.data.request_id;
  if (detail && id === detail.id) detail.reload();
}

function showLogin() {
  gate = 'login';
  show('login');
  $('nav').classList.add('hidden');
  $('who').classList.add('hidden');
  $('logout').classList.add('hidden');
  setTitle('app.login_title');
  mountLogin($('login'), { title: t('app.login_title'),
    onDone: () => { start(); } });
}

function notWorker() {
  gate = 'not_worker';
  show('login');
  clear($('login')).append(h('div', { class: 'card stack login' },
    h('p', {}, t('app.not_worker')),
    h('a', { class: 'btn btn-primary btn-block', href: '/resident/' }, t('app.to_resident')),
    h('button', { class: 'btn btn-block', type: 'button', onclick: signOut }, t('ui.logout'))));
}

async function start() {
  account = await me(); // asks the server only when this browser holds a session (api.js)
  if (!account) { showLogin(); return; }
  gate = null;
  if (!isWorker(account)) { account = null; notWorker(); return; }
  $('who').textContent = account.display_name || account.username;
  $('who').classList.remove('hidden');
  $('logout').classList.remove('hidden');
  if (!location.hash && isAdmin(account) && account.roles.every((x) => x.role === 'admin')) location.replace('#admin/org');
  stopEvents = events(onEvent);
  await loadCategoryNames();
  route();
}

async function signOut() {
  if (stopEvents) { stopEvents(); stopEvents = null; }
  await logout();
  account = null;
  list = null;
  closeDetail();
  clear($('list-pane'));
  clear($('page'));
  location.hash = '';
  showLogin();
}

// A new language: everything is drawn again in it.
function redraw() {
  applyI18n(document);
  if (!account) {
    if (gate === 'login') showLogin();
    else if (gate === 'not_worker') notWorker();
    return;
  }
  list = null;
  closeDetail();
  route();
}

// The skip link moves the focus; following its href would change the route.
document.querySelector('.skip-link').addEventListener('click', (e) => { e.preventDefault(); $('main').focus(); });
$('lang-slot').append(langSwitch());
$('logout').addEventListener('click', signOut);
onLang(redraw);
window.addEventListener('hashchange', route);
applyI18n(document);
start().catch((e) => {
  show('login');
  clear($('login')).append(h('p', { class: 'form-error', role: 'alert' }, t('app.load_failed', { msg: e.message })));
});
