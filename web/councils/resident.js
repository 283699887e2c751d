// resident.js - the councils on a resident's phone: the ideas (金点子) of
// their community with a support button and a bar up to the threshold,
// proposing an idea, and their votes with three big buttons.

import { api } from '/common/api.js';
import { t, fmtTime } from '/common/i18n.js';
import { h, clear, toast, confirmDialog } from '/common/ui.js';
import { topicBadge, bar, voteResult } from './words.js';

function ideaCard(topic, refresh) {
  const pct = topic.threshold ? (100 * topic.supports) / topic.threshold : 0;
  const canSupport = !topic.supported && ['proposed', 'supporting'].includes(topic.state);
  const btn = h('button', { class: 'btn btn-primary', type: 'button', 'data-topic': String(topic.id),
    disabled: !canSupport,
    onclick: async () => {
      btn.disabled = true;
      try {
        const after = await api('POST', `/api/v1/councils/topics/${topic.id}/support`);
        toast(after.state === 'on_agenda' ? t('co.on_agenda_now') : t('co.support_done'));
        refresh();
      } catch (e) { toast(e.message, 'error'); btn.disabled = false; }
    } }, topic.supported ? t('co.supported') : t('co.support'));
  return h('li', { class: 'card', 'data-idea': String(topic.id) },
    h('div', { class: 'co-item-head' }, h('h3', {}, topic.title), topicBadge(topic.state)),
    topic.body ? h('p', {}, topic.body) : null,
    bar(pct, 'bar-support'),
    h('div', { class: 'row' },
      h('span', { class: 'co-meta supports' }, t('co.supports', { n: topic.supports, m: topic.threshold })),
      h('span', { class: 'co-meta' }, topic.proposer || ''),
      h('span', { class: 'co-meta' }, fmtTime(topic.created_at))),
    h('div', { class: 'row end' }, btn));
}

export async function proposals(el) {
  const list = await api('GET', '/api/v1/councils/topics?source=proposal');
  const refresh = () => proposals(el);
  clear(el).append(h('h1', {}, t('nav.proposals')),
    list.items.length ? h('ul', { class: 'list co-list stack' }, list.items.map((x) => ideaCard(x, refresh)))
      : h('p', { class: 'muted' }, t('co.none')),
    h('a', { class: 'btn btn-big btn-block', href: '#propose' }, t('nav.propose')));
}

// The community above the resident's grid: the unit a proposal goes to.
async function myCommunity(account) {
  const role = account.roles.find((r) => r.role === 'resident');
  if (!role || !role.unit) return null;
  const grid = await api('GET', `/api/v1/org/units/${role.unit.id}`);
  if (!grid.parent_id) return null;
  return api('GET', `/api/v1/org/units/${grid.parent_id}`);
}

export async function propose(el, { account, go }) {
  const unit = await myCommunity(account);
  const title = h('input', { id: 'idea-title', maxLength: 100, required: true });
  const body = h('textarea', { id: 'idea-body', maxLength: 4000 });
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'card stack', onsubmit: async (e) => {
    e.preventDefault();
    msg.textContent = '';
    try {
      await api('POST', '/api/v1/councils/topics', { unit_id: unit.id, title: title.value.trim(),
        body: body.value.trim() });
      toast(t('co.proposed_ok'));
      go('#proposals');
    } catch (err) { msg.textContent = err.message; }
  } },
  h('p', {}, t('co.f_unit'), '：', h('strong', {}, unit ? unit.name : '—')),
  h('label', { for: 'idea-title' }, t('co.f_title')), title,
  h('label', { for: 'idea-body' }, t('co.f_body')), body, msg,
  h('button', { class: 'btn btn-primary btn-big btn-block', type: 'submit', disabled: !unit }, t('co.submit')));
  clear(el).append(h('h1', {}, t('co.propose_title')), form);
}

function voteCard(v, refresh) {
  const cast = (choice) => async () => {
    if (!(await confirmDialog(t('co.confirm_vote', { c: t(`co.${choice}`) })))) return;
    try {
      await api('POST', `/api/v1/councils/votes/${v.id}/ballots`, { choice });
      toast(t('co.cast_ok'));
      refresh();
    } catch (e) { toast(e.message, 'error'); }
  };
  let action;
  if (v.state !== 'open') action = voteResult(v);
  else if (v.has_voted) action = h('p', { class: 'badge outcome-passed' }, t('co.voted'));
  else if (!v.can_vote) action = h('p', { class: 'muted' }, t('co.no_right'));
  else action = h('div', { class: 'votes3' },
    h('button', { class: 'btn btn-yes', type: 'button', onclick: cast('yes') }, t('co.yes')),
    h('button', { class: 'btn btn-no', type: 'button', onclick: cast('no') }, t('co.no')),
    h('button', { class: 'btn', type: 'button', onclick: cast('abstain') }, t('co.abstain')));
  return h('li', { class: 'card', 'data-vote': String(v.id) },
    h('p', { class: 'co-meta' }, v.meeting_title, ' · ', v.secret ? t('co.secret') : t('co.open_ballot')),
    h('h3', {}, v.motion), action);
}

export async function votes(el) {
  const list = await api('GET', '/api/v1/councils/my/votes');
  const refresh = () => votes(el);
  clear(el).append(h('h1', {}, t('nav.votes')),
    list.items.length ? h('ul', { class: 'list co-list stack' }, list.items.map((v) => voteCard(v, refresh)))
      : h('p', { class: 'muted' }, t('co.no_votes')));
}
