// invite.js - the mediator's side panel of a thread: "邀请当事人" makes a
// private link for one party (shown once, with its QR code and a copy
// button), and the list of links sent, each of which can be withdrawn.

import { api } from '/common/api.js';
import { t, fmtTime } from '/common/i18n.js';
import { h, clear, toast, confirmDialog } from '/common/ui.js';

const EXPIRY_DAYS = [1, 3, 7, 14, 30]; // 7 is the server's default, 30 its most
const DEFAULT_DAYS = 7;
const DAY_S = 86400;

function linkState(l) {
  if (l.state === 'revoked') return t('med.link_revoked');
  if (l.state === 'expired') return t('med.link_expired');
  return t('med.link_active', { at: fmtTime(l.expires_at) });
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    toast(t('med.copied'));
  } catch {
    toast(t('med.copy_failed'), 'error');
  }
}

function result(made) {
  const qr = URL.createObjectURL(new Blob([made.qr_svg], { type: 'image/svg+xml' }));
  return h('div', { class: 'stack', 'data-testid': 'invite-result' },
    h('p', {}, t('med.link_ready', { name: made.party_name })),
    h('img', { class: 'qr', src: qr, alt: 'QR' }),
    h('p', { class: 'url', 'data-testid': 'invite-url' }, made.url),
    h('button', { class: 'btn btn-primary btn-block', type: 'button', onclick: () => copy(made.url) },
      t('med.copy')));
}

function linksList(caseId, links, refresh) {
  if (!links.length) return h('p', { class: 'muted' }, t('med.no_links'));
  return h('ul', { class: 'list' }, links.map((l) => h('li', {},
    h('span', {}, h('strong', {}, l.party_name), ' ',
      h('span', { class: 'med-link-state muted' }, linkState(l),
        l.last_used_at ? ` · ${t('med.link_used', { at: fmtTime(l.last_used_at) })}` : '')),
    l.state === 'active' ? h('button', { class: 'btn btn-danger', onclick: async () => {
      if (!(await confirmDialog(t('med.revoke_q')))) return;
      try {
        await api('POST', `/api/v1/mediation/links/${l.id}/revoke`);
        toast(t('med.revoked'));
        refresh();
      } catch (e) { toast(e.message, 'error'); }
    } }, t('med.revoke')) : null)));
}

// The invite panel for the view v of case caseId.
export function invitePanel(caseId, v) {
  const out = h('div', { class: 'med-invite-out' });
  const links = h('div', {});
  const refresh = async () => {
    const r = await api('GET', `/api/v1/mediation/cases/${caseId}/links`);
    clear(links).append(linksList(caseId, r.items, refresh));
  };
  const party = h('select', { id: 'med-party' },
    v.parties.map((p) => h('option', { value: String(p.id) }, p.name)));
  const days = h('select', { id: 'med-days' },
    EXPIRY_DAYS.map((d) => h('option', { value: String(d), selected: d === DEFAULT_DAYS }, t('med.days', { n: d }))));
  const form = h('form', { class: 'hidden', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const made = await api('POST', `/api/v1/mediation/cases/${caseId}/links`,
        { party_id: Number(party.value), expires_in_s: Number(days.value) * DAY_S });
      clear(out).append(result(made));
      refresh();
    } catch (err) { toast(err.message, 'error'); }
  } },
  h('label', { for: 'med-party' }, t('med.invite_for')), party,
  h('label', { for: 'med-days' }, t('med.expires')), days,
  h('button', { class: 'btn btn-primary btn-block', type: 'submit' }, t('med.create_link')));
  const open = h('button', { class: 'btn btn-primary btn-block', type: 'button', onclick: () => {
    form.classList.toggle('hidden');
    clear(out);
  } }, t('med.invite'));
  refresh().catch(() => {});
  return [h('section', { class: 'card med-invite stack' }, open, form, out),
    h('section', { class: 'card med-links' }, h('h2', {}, t('med.links')), links)];
}
