// app.js - the councils page (议事会): login gate, header navigation and
// the hash router. Residents get the phone views (resident.js): ideas
// (金点子) with their supports, proposing one, and their votes. Staff get
// the desk views (staff.js): meetings, topics, resolutions and tasks.

import { me, logout, hasRole } from '/common/api.js';
import { t, applyI18n, onLang } from '/common/i18n.js';
import { h, clear, langSwitch } from '/common/ui.js';
import { mountLogin } from '/common/login.js';
import './words.js';
import * as resident from './resident.js';
import * as staff from './staff.js';

const app = document.getElementById('app');
const nav = document.getElementById('nav');
const STAFF = ['grid_worker', 'community_officer', 'dispatcher', 'supervisor', 'admin'];
let account = null;

const RESIDENT_VIEWS = { proposals: resident.proposals, propose: resident.propose, votes: resident.votes };
const STAFF_VIEWS = {
  meetings: staff.meetings, meeting: staff.meeting, topics: staff.topics,
  resolutions: staff.resolutions, votes: resident.votes,
};

function isStaff() { return hasRole(account, ...STAFF); }

function views() { return isStaff() ? STAFF_VIEWS : RESIDENT_VIEWS; }

function drawNav(current) {
  const items = isStaff() ? ['meetings', 'topics', 'resolutions'] : ['proposals', 'propose', 'votes'];
  clear(nav).append(...items.map((k) => h('a', { href: `#${k}`,
    'aria-current': k === current ? 'page' : null }, t(`nav.${k}`))),
  h('a', { href: '/councils/public.html' }, t('nav.public')));
}

async function route() {
  if (!account) return;
  const [name, arg] = location.hash.replace(/^#/, '').split('/');
  const all = views();
  const key = all[name] ? name : Object.keys(all)[0];
  drawNav(key);
  clear(app).append(h('p', { class: 'muted' }, t('co.loading')));
  try {
    await all[key](app, { account, arg, go: (hash) => { location.hash = hash; route(); } });
  } catch (e) {
    clear(app).append(h('p', { class: 'form-error', role: 'alert' }, e.message));
  }
  // focus for screen readers, but a new page starts at its top: focusing
  // scrolled the page's top under the sticky header
  app.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

function showLogin() {
  clear(nav);
  mountLogin(clear(app), { title: t('co.title'), onDone: async () => { account = await me(); route(); } });
}

async function start() {
  account = await me();
  if (!account) { showLogin(); return; }
  route();
}

document.getElementById('lang-slot').append(langSwitch(),
  h('button', { class: 'btn btn-ghost', type: 'button', id: 'logout',
    onclick: async () => { await logout(); account = null; showLogin(); } }, t('ui.logout')));
onLang(() => { applyI18n(document); if (account) route(); });
window.addEventListener('hashchange', route);
applyI18n(document);
start().catch((e) => clear(app).append(h('p', { class: 'form-error', role: 'alert' }, e.message)));
