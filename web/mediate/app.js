// app.js - the cloud-mediation page (/mediate/). Three ways in:
//   /mediate/#t=<token>   a party opens the private link: the token is
//                         traded for a party session and removed from the
//                         address bar at once;
//   /mediate/?case=<id>   a signed-in mediator (or a resident who is a
//                         party) opens one case's thread;
//   /mediate/             the party's open session, else the signed-in
//                         account's cases (log in first).

import { api, me, logout } from '/common/api.js';
import { t, applyI18n } from '/common/i18n.js';
import { h, clear, langSwitch, homeLink } from '/common/ui.js';
import { mountLogin } from '/common/login.js';
import './words.js';
import { join, maybeParty, partySource, caseSource } from './source.js';
import { renderThread } from './thread.js';
import { invitePanel } from './invite.js';

const app = document.getElementById('app');

function message(kind, title, text) {
  clear(app).append(h('section', { class: `card ${kind}`, role: 'alert' }, h('h1', {}, title), h('p', {}, text)));
}

function linkGone() {
  message('med-error', t('med.link_bad'), t('med.link_bad_hint'));
}

// The visit is over: say so once, and keep what the party had written
// but not sent, to copy.
function partyGone(unsent) {
  message('med-error', t('med.link_bad'), t('med.session_over'));
  if (!unsent) return;
  const keep = h('textarea', { id: 'med-unsent', rows: 4, readOnly: true, value: unsent });
  app.append(h('section', { class: 'card med-unsent' }, h('label', { for: 'med-unsent' }, t('med.unsent')), keep));
}

async function showParty() {
  await renderThread(app, partySource(), { onGone: (err, unsent) => partyGone(unsent) });
}

async function showCase(id, account) {
  const source = caseSource(id);
  const staffLike = account.roles.some((r) => r.role !== 'resident');
  try {
    await renderThread(app, source, {
      extra: (v) => [h('p', {}, h('a', { href: '/mediate/' }, t('med.back_list'))),
        ...(staffLike && v.you.kind === 'mediator' ? invitePanel(id, v) : [])],
    });
  } catch (err) {
    if (err.status === 404) message('med-error', t('med.not_found'), '');
    else throw err;
  }
}

function caseItem(k) {
  return h('li', {}, h('a', { href: `/mediate/?case=${k.id}` },
    h('div', { class: 'row' }, h('strong', {}, k.number),
      k.unread ? h('span', { class: 'unread' }, t('med.unread', { n: k.unread })) : null),
    h('div', {}, k.title), h('div', { class: 'muted' }, k.unit.name)));
}

async function showLists() {
  const [cases, mine] = await Promise.all([api('GET', '/api/v1/mediation/cases'),
    api('GET', '/api/v1/mediation/mine')]);
  const parts = [];
  if (cases.items.length || !mine.items.length)
    parts.push(h('section', { class: 'card med-cases' }, h('h1', {}, t('med.cases')),
      cases.items.length ? h('ul', { class: 'list' }, cases.items.map(caseItem))
        : h('p', { class: 'muted' }, t('med.no_cases'))));
  if (mine.items.length)
    parts.push(h('section', { class: 'card med-cases' }, h('h1', {}, t('med.mine')),
      h('ul', { class: 'list' }, mine.items.map(caseItem))));
  clear(app).append(...parts);
}

// A signed-in mediator or party: the way home and 退出 in the header.
function showAccount(account) {
  const out = document.getElementById('logout');
  out.classList.remove('hidden');
  out.onclick = async () => { await logout(); location.href = '/mediate/'; };
  if (!document.getElementById('to-home')) document.getElementById('title').before(homeLink(account));
}

async function signedIn(next) {
  const account = await me();
  if (account) { showAccount(account); return next(account); }
  mountLogin(app, { title: t('med.login_title'), onDone: () => location.reload() });
  return null;
}

async function start() {
  document.getElementById('lang-slot').append(langSwitch());
  applyI18n(document);
  clear(app).append(h('p', { class: 'med-empty' }, t('med.loading')));
  const token = new URLSearchParams(location.hash.slice(1)).get('t');
  if (token) {
    history.replaceState(null, '', location.pathname);
    try { await join(token); } catch { linkGone(); return; }
    return showParty();
  }
  const caseId = Number(new URLSearchParams(location.search).get('case'));
  if (caseId > 0) return signedIn((account) => showCase(caseId, account));
  if (maybeParty()) {
    try {
      return await showParty();
    } catch (err) {
      if (err.status !== 401) throw err;
    }
  }
  return signedIn(() => showLists());
}

start().catch(() => message('med-error', t('med.load_failed'), ''));
