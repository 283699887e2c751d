// app.js - the talent pool page (群英库, 点将派单): log in, then tabs by
// role: coordinators see the pools and their members (approve, reject, a
// member's profile and workload), the 点将 screen and the tasks they
// sent; a member with an account sees their offers and tasks. Hash
// routes: #pools, #member/<id>, #dispatch, #tasks, #mine.

import { api, me, logout, hasRole } from '/common/api.js';
import { t, addMessages, applyI18n, onLang } from '/common/i18n.js';
import { h, clear, toast, langSwitch, homeLink } from '/common/ui.js';
import { mountLogin } from '/common/login.js';
import './words.js';
import { renderDispatch, renderTasks, renderMine } from './dispatch.js';
import { tagLabel, stateChip, chips } from './chips.js';

addMessages({
  en: {
    'tl.skill.law': 'Law', 'tl.skill.psychology': 'Psychology', 'tl.skill.construction': 'Construction',
    'tl.skill.finance': 'Finance', 'tl.skill.elder_care': 'Elder care', 'tl.skill.education': 'Education',
    'tl.skill.medicine': 'Medicine', 'tl.skill.agriculture': 'Agriculture', 'tl.skill.property': 'Property',
    'tl.skill.labour': 'Labour', 'tl.skill.environment': 'Environment', 'tl.skill.culture': 'Culture',
    'tl.role.publicist': 'Publicist', 'tl.role.informant': 'Informant', 'tl.role.mediator': 'Mediator',
    'tl.role.promoter': 'Promoter', 'tl.role.supervisor': 'Supervisor',
  },
});

const COORDINATORS = ['dispatcher', 'community_officer', 'mediator', 'admin'];
const STAFF = [...COORDINATORS, 'grid_worker', 'supervisor'];
const $ = (id) => document.getElementById(id);

// The signed-in account and its member record (null when not a member).
export const session = { account: null, member: null };

export function ratingText(m) {
  return m.rating === null || m.rating === undefined
    ? t('tl.no_rating') : t('tl.rating', { r: m.rating.toFixed(1), n: m.rating_count });
}

export function isCoordinator() { return hasRole(session.account, ...COORDINATORS); }

// ---- pools and members -------------------------------------------------------

function memberCard(m, canApprove, reload) {
  const act = async (verb) => {
    try {
      await api('POST', `/api/v1/talents/${m.id}/${verb}`, {});
      toast(t(verb === 'approve' ? 'tl.approved' : 'tl.rejected'));
      reload();
    } catch (e) { toast(e.message, 'error'); }
  };
  const actions = canApprove && m.status === 'pending' ? h('div', { class: 'tl-actions' },
    h('button', { class: 'btn btn-primary', type: 'button', 'data-act': 'approve', onclick: () => act('approve') }, t('tl.approve')),
    h('button', { class: 'btn', type: 'button', 'data-act': 'reject', onclick: () => act('reject') }, t('tl.reject'))) : null;
  return h('li', { class: 'tl-card', 'data-id': m.id, 'data-status': m.status },
    h('h3', {}, h('a', { href: `#member/${m.id}` }, m.name), h('span', { class: 'tl-title' }, m.title),
      stateChip(m.status)),
    chips(m.skills, 'skill'), chips(m.roles, 'role'),
    h('div', { class: 'tl-meta' }, t(`tl.enrol.${m.enrolment}`), ' · ', t(`tl.state.${m.availability}`), ' · ',
      t('tl.load', { open: m.open_tasks, cap: m.capacity }), ' · ', ratingText(m)),
    actions);
}

async function renderPools(root) {
  const pools = (await api('GET', '/api/v1/talents/pools')).items;
  const select = h('select', { id: 'pool-select' },
    pools.map((p) => h('option', { value: p.id }, `${p.name}（${p.approved}）`)));
  const status = h('select', { id: 'status-select' },
    ['', 'pending', 'approved', 'rejected', 'withdrawn'].map((s) =>
      h('option', { value: s }, s ? t(`tl.state.${s}`) : t('tl.all'))));
  const list = h('ul', { class: 'tl-cards', id: 'members' });
  const count = h('p', { class: 'tl-meta', id: 'members-count' });
  const canApprove = hasRole(session.account, 'community_officer', 'admin');
  const load = async () => {
    const q = new URLSearchParams({ pool: select.value, limit: '200' });
    if (status.value) q.set('status', status.value);
    const items = (await api('GET', `/api/v1/talents?${q}`)).items;
    count.textContent = t('tl.members', { n: items.length });
    clear(list).append(...items.map((m) => memberCard(m, canApprove, load)));
  };
  select.addEventListener('change', load);
  status.addEventListener('change', load);
  clear(root).append(h('div', { class: 'tl-form' },
    h('label', { for: 'pool-select' }, t('tl.pool')), select,
    h('label', { for: 'status-select' }, t('tl.status')), status), count, list);
  if (pools.length) await load();
}

async function renderMember(root, id) {
  const [m, w] = await Promise.all([api('GET', `/api/v1/talents/${id}`),
    api('GET', `/api/v1/talents/${id}/workload`)]);
  const recent = w.recent.map((k) => h('li', { class: 'tl-card' },
    h('div', {}, `${t(`tl.kind.${k.subject.kind}`)} #${k.subject.id} `, stateChip(k.state),
      k.rating ? ` ★${k.rating}` : ''),
    k.outcome ? h('div', { class: 'tl-meta' }, k.outcome) : null));
  clear(root).append(
    h('a', { href: '#pools', class: 'btn btn-ghost' }, t('tl.back')),
    h('section', { class: 'tl-card', id: 'member', 'data-id': m.id },
      h('h2', {}, m.name, ' ', h('span', { class: 'tl-title' }, m.title), ' ', stateChip(m.status)),
      h('div', { class: 'tl-meta' }, m.pool_name, ' · ', m.phone || '', ' · ', t(`tl.enrol.${m.enrolment}`)),
      chips(m.skills, 'skill'), chips(m.roles, 'role'),
      h('div', { class: 'tl-meta' }, t(`tl.state.${m.availability}`))),
    h('h3', {}, t('tl.workload')),
    h('div', { class: 'tl-stats', id: 'workload' },
      h('div', {}, h('strong', {}, `${w.open_tasks}/${w.capacity}`), t('tl.open')),
      h('div', {}, h('strong', {}, String(w.done_tasks)), t('tl.done')),
      h('div', {}, h('strong', {}, w.rating === null ? '—' : w.rating.toFixed(1)), t('tl.avg'))),
    h('h3', {}, t('tl.recent')),
    recent.length ? h('ul', { class: 'tl-cards' }, recent) : h('p', { class: 'tl-empty' }, t('tl.no_tasks')));
}

// ---- routing -------------------------------------------------------------------

const screens = {
  pools: (root) => renderPools(root),
  member: (root, arg) => renderMember(root, arg),
  dispatch: (root, arg) => renderDispatch(root, arg),
  tasks: (root) => renderTasks(root),
  mine: (root) => renderMine(root),
};

async function route() {
  const [name, arg] = (location.hash.slice(1) || '').split('/');
  const fallback = isCoordinator() || hasRole(session.account, ...STAFF) ? 'pools' : 'mine';
  const screen = screens[name] ? name : fallback;
  for (const tab of document.querySelectorAll('.tl-tab'))
    tab.classList.toggle('active', tab.id === `tab-${screen === 'member' ? 'pools' : screen}`);
  const root = $('app');
  try {
    await screens[screen](root, arg);
  } catch (e) {
    clear(root).append(h('p', { class: 'form-error', role: 'alert' }, e.message));
  }
}

async function start(account) {
  session.account = account;
  try { session.member = await api('GET', '/api/v1/talents/me'); } catch { session.member = null; }
  const staff = hasRole(account, ...STAFF);
  $('tab-pools').classList.toggle('hidden', !staff);
  $('tab-dispatch').classList.toggle('hidden', !isCoordinator());
  $('tab-tasks').classList.toggle('hidden', !staff);
  $('tab-mine').classList.toggle('hidden', !session.member);
  $('nav').classList.remove('hidden');
  $('logout').classList.remove('hidden');
  if (!document.getElementById('to-home')) $('title').before(homeLink(account));
  window.addEventListener('hashchange', route);
  await route();
}

async function main() {
  $('lang-slot').append(langSwitch());
  applyI18n(document);
  onLang(() => { if (session.account) route(); });
  $('logout').addEventListener('click', async () => { await logout(); location.hash = ''; location.reload(); });
  const account = await me();
  if (account) return start(account);
  mountLogin($('app'), { title: t('tl.login'), onDone: async () => start(await me()) });
}

main();
