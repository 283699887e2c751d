// staff.js - the councils' desk for staff (wide screen first, still
// usable on a phone): meetings and their setup (participants, agenda),
// the meeting in session (minutes, opinions, opening and closing votes,
// paper ballots, results, resolutions), the topics of their units, and
// resolutions with their task trees, progress and supervision (督办).

import { api, hasRole } from '/common/api.js';
import { t, fmtTime } from '/common/i18n.js';
import { h, clear, toast, confirmFinal } from '/common/ui.js';
import { picker } from '/common/picker.js';
import { lookupAccounts } from '/common/roles.js';
import { topicBadge, bar, voteResult, taskTree } from './words.js';

const STAFF = ['grid_worker', 'community_officer', 'dispatcher', 'supervisor', 'admin'];

// Milliseconds between two reads of an open vote's count on the desk.
const CAST_POLL_MS = 3000;

// The unit of the caller's first staff role (where new things go).
function myUnit(account) {
  const r = account.roles.find((x) => STAFF.includes(x.role));
  return r && r.unit ? r.unit : null;
}

// Run a write, toast its error, then redraw.
function act(fn, redraw) {
  return async (e) => {
    if (e && e.preventDefault) e.preventDefault();
    try { await fn(); toast(t('co.saved')); redraw(); } catch (err) { toast(err.message, 'error'); }
  };
}

// act() after a yes to the question q (confirmFinal), asked when clicked.
function actAsked(q, fn, redraw) {
  const run = act(fn, redraw);
  return async () => { if (await confirmFinal(typeof q === 'function' ? await q() : q)) await run(); };
}

// 结束表决: the count read afresh, and whether it closes as no_quorum.
async function closeVoteQuestion(id) {
  const v = await api('GET', `/api/v1/councils/votes/${id}`);
  const short = Math.max(0, v.quorum.needed - v.cast);
  return { title: t('co.q.close', { motion: v.motion }),
    what: `${t('co.q.close_what')} ${t('co.q.cast', { n: v.cast, m: v.eligible, need: v.quorum.needed })}`,
    missing: v.quorum_reached ? [] : [t('co.q.no_quorum', { k: short || 1 })], missingTitle: t('co.q.no_quorum_title'),
    okText: t(v.quorum_reached ? 'co.q.close_ok' : 'co.q.close_anyway') };
}

// Keep an open vote's 已投 count (el) current while it is on the page;
// redraw once someone else closed it.
function followCount(id, el, redraw) {
  const timer = setInterval(async () => {
    if (!el.isConnected) { clearInterval(timer); return; }
    try {
      const v = await api('GET', `/api/v1/councils/votes/${id}`);
      if (v.state !== 'open') { clearInterval(timer); redraw(); return; }
      el.textContent = t('co.cast', { n: v.cast, m: v.eligible });
    } catch { /* the next tick tries again */ }
  }, CAST_POLL_MS);
}

function field(id, label, input) {
  input.id = id;
  return h('div', {}, h('label', { for: id }, label), input);
}

function select(options, value) {
  const s = h('select', {}, options.map(([v, label]) => h('option', { value: v }, label)));
  if (value !== undefined) s.value = value;
  return s;
}

// ---- meetings ---------------------------------------------------------------

export async function meetings(el, { account, go }) {
  const list = await api('GET', '/api/v1/councils/meetings');
  const unit = myUnit(account);
  const title = h('input', { maxLength: 100, required: true });
  const kind = select([['round_table', t('meeting.round_table')], ['council', t('meeting.council')]]);
  const when = h('input', { type: 'datetime-local', required: true });
  const place = h('input', { maxLength: 100 });
  const form = h('form', { class: 'card co-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const m = await api('POST', '/api/v1/councils/meetings', { unit_id: unit.id, title: title.value.trim(),
        kind: kind.value, starts_at: `${when.value}:00+08:00`, place: place.value.trim() });
      go(`#meeting/${m.id}`);
    } catch (err) { toast(err.message, 'error'); }
  } },
  h('h2', {}, t('co.new_meeting'), unit ? ` · ${unit.name}` : ''),
  h('div', { class: 'row' }, field('m-title', t('co.m_title'), title), field('m-kind', t('co.m_kind'), kind)),
  h('div', { class: 'row' }, field('m-time', t('co.m_time'), when), field('m-place', t('co.m_place'), place)),
  h('div', { class: 'row end' }, h('button', { class: 'btn btn-primary', type: 'submit' }, t('co.create'))));
  clear(el).append(h('h1', {}, t('nav.meetings')),
    h('div', { class: 'co-desk' }, form,
      h('ul', { class: 'list card' }, list.items.map((m) => h('li', { 'data-meeting': String(m.id) },
        h('div', { class: 'co-item-head' }, h('a', { href: `#meeting/${m.id}` }, h('strong', {}, m.title)),
          h('span', { class: `badge mstate-${m.state}` }, t(`mstate.${m.state}`))),
        h('p', { class: 'co-meta' }, t(`meeting.${m.kind}`), ' · ', m.unit_name, ' · ',
          fmtTime(m.starts_at), ' · ', m.place))))));
}

function participantsCard(m, redraw) {
  const kind = select(['talent', 'resident_rep', 'department', 'property_company', 'staff']
    .map((k) => [k, t(`pkind.${k}`)]), 'resident_rep');
  const name = h('input', { maxLength: 40 });
  const account = picker({ id: 'p-account', placeholder: t('co.p_account_ph'), search: lookupAccounts });
  const vote = h('input', { type: 'checkbox', checked: true, id: 'p-vote' });
  const add = act(() => {
    const who = account.picked();
    return api('POST', `/api/v1/councils/meetings/${m.id}/participants`, {
      kind: kind.value, ...(name.value.trim() ? { name: name.value.trim() } : {}),
      ...(who ? { account_id: who.id } : {}), can_vote: vote.checked });
  }, redraw);
  return h('section', { class: 'card', id: 'participants' }, h('h2', {}, t('co.participants')),
    h('ul', { class: 'list' }, m.participants.map((p) => h('li', {}, h('strong', {}, p.name), ' · ',
      t(`pkind.${p.kind}`), p.can_vote ? '' : ` · ${t('co.no_vote_right')}`,
      p.has_account || !p.can_vote ? '' : ` · ${t('co.paper')}`))),
    m.state === 'closed' ? null : h('form', { class: 'co-form', onsubmit: add },
      h('div', { class: 'row' }, field('p-kind', t('co.p_kind'), kind), field('p-name', t('co.p_name'), name),
        h('div', {}, h('label', { for: 'p-account' }, t('co.p_account')), account.el)),
      h('label', { class: 'check', for: 'p-vote' }, vote, t('co.p_vote')),
      h('div', { class: 'row end' }, h('button', { class: 'btn', type: 'submit' }, t('co.add')))));
}

async function agendaForm(m, redraw) {
  const topics = await api('GET', `/api/v1/councils/topics?unit=${m.unit_id}`);
  const open = topics.items.filter((x) => ['proposed', 'supporting', 'on_agenda', 'deliberated'].includes(x.state)
    && !m.items.some((i) => i.topic_id === x.id));
  const pick = select(open.map((x) => [String(x.id), `${x.title}（${t(`topic.${x.state}`)}）`]));
  pick.id = 'agenda-topic';
  return h('form', { class: 'row co-form', onsubmit: act(() => api('POST',
    `/api/v1/councils/meetings/${m.id}/agenda`, { topic_id: Number(pick.value) }), redraw) },
  h('label', { for: 'agenda-topic', class: 'sr-only' }, t('co.pick_topic')), pick,
  h('button', { class: 'btn', type: 'submit', disabled: !open.length }, t('co.add_topic')));
}

function voteBlock(m, v, redraw) {
  const paper = m.participants.filter((p) => !p.has_account && p.can_vote);
  const count = voteResult(v);
  const res = h('div', { class: 'vote', 'data-vote': String(v.id) },
    h('p', {}, h('strong', {}, v.motion), ' · ', v.secret ? t('co.secret') : t('co.open_ballot'),
      ' · ', t(`maj.${v.majority}`), ` · ${t('co.quorum')} ${v.quorum.num}/${v.quorum.den}`),
    count);
  if (v.state === 'open') {
    count.classList.add('cast-count');
    followCount(v.id, count, redraw);
    if (!v.secret && paper.length) {
      const who = select(paper.map((p) => [String(p.id), p.name]));
      const choice = select(['yes', 'no', 'abstain'].map((c) => [c, t(`co.${c}`)]));
      res.append(h('form', { class: 'row', onsubmit: act(() => api('POST', `/api/v1/councils/votes/${v.id}/ballots`,
        { choice: choice.value, participant_id: Number(who.value) }), redraw) },
      who, choice, h('button', { class: 'btn', type: 'submit' }, t('co.record_paper'))));
    }
    res.append(h('button', { class: 'btn btn-primary close-vote', type: 'button',
      onclick: actAsked(() => closeVoteQuestion(v.id), () => api('POST', `/api/v1/councils/votes/${v.id}/close`), redraw) },
    t('co.close_vote')));
  } else if (v.result && v.result.passed && !v.resolution_id) {
    const text = h('textarea', { maxLength: 4000, class: 'co-minutes', 'aria-label': t('co.res_text') });
    res.append(h('form', { class: 'stack', onsubmit: act(() => api('POST',
      `/api/v1/councils/votes/${v.id}/resolution`, { text: text.value.trim() }), redraw) },
    text, h('button', { class: 'btn', type: 'submit' }, t('co.resolution'))));
  }
  return res;
}

function openVoteForm(m, item, redraw) {
  const secret = h('input', { type: 'checkbox', id: `secret-${item.id}` });
  const maj = select([['simple', t('maj.simple')], ['absolute', t('maj.absolute')]]);
  return h('form', { class: 'row co-form open-vote', onsubmit: act(() => api('POST',
    `/api/v1/councils/meetings/${m.id}/votes`, { item_id: item.id, secret: secret.checked,
      majority: maj.value }), redraw) },
  h('label', { class: 'check', for: `secret-${item.id}` }, secret, t('co.secret')), maj,
  h('button', { class: 'btn btn-primary', type: 'submit' }, t('co.open_vote')));
}

function itemCard(m, item, redraw) {
  const minutes = h('textarea', { class: 'co-minutes', maxLength: 20000, value: item.minutes,
    'aria-label': t('co.minutes') });
  const speaker = select(m.participants.map((p) => [String(p.id), p.name]));
  const said = h('input', { maxLength: 2000, 'aria-label': t('co.add_opinion'), placeholder: t('co.opinions') });
  const votes = m.votes.filter((v) => v.item_id === item.id);
  return h('section', { class: 'card stack', 'data-item': String(item.id) },
    h('div', { class: 'co-item-head' }, h('h3', {}, `${item.position}. ${item.topic_title}`),
      topicBadge(item.topic_state)),
    m.state === 'scheduled' ? null : h('form', { class: 'stack', onsubmit: act(() => api('PUT',
      `/api/v1/councils/meetings/${m.id}/items/${item.id}/minutes`, { minutes: minutes.value }), redraw) },
    h('strong', {}, t('co.minutes')), minutes,
    h('button', { class: 'btn', type: 'submit' }, t('co.save_minutes'))),
    item.opinions.length ? h('div', {}, h('strong', {}, t('co.opinions')), item.opinions.map((o) =>
      h('p', { class: 'co-opinion' }, h('strong', {}, o.name), '：', o.text))) : null,
    m.state !== 'open' ? null : h('form', { class: 'row co-form', onsubmit: act(() => api('POST',
      `/api/v1/councils/meetings/${m.id}/items/${item.id}/opinions`,
      { participant_id: Number(speaker.value), text: said.value.trim() }), redraw) },
    speaker, said, h('button', { class: 'btn', type: 'submit' }, t('co.add_opinion'))),
    votes.map((v) => voteBlock(m, v, redraw)),
    m.state === 'open' && !votes.some((v) => v.state === 'open') ? openVoteForm(m, item, redraw) : null);
}

export async function meeting(el, { arg }) {
  const m = await api('GET', `/api/v1/councils/meetings/${arg}`);
  const redraw = () => meeting(el, { arg });
  const next = m.state === 'scheduled' ? 'open' : m.state === 'open' ? 'close' : null;
  const head = h('div', { class: 'card' },
    h('div', { class: 'co-item-head' }, h('h1', {}, m.title),
      h('span', { class: `badge mstate-${m.state}`, id: 'meeting-state' }, t(`mstate.${m.state}`))),
    h('p', { class: 'co-meta' }, t(`meeting.${m.kind}`), ' · ', m.unit_name, ' · ', fmtTime(m.starts_at),
      ' · ', m.place),
    next && m.can_manage ? h('button', { class: 'btn btn-primary', type: 'button', id: `meeting-${next}`,
      onclick: next === 'open' ? act(() => api('POST', `/api/v1/councils/meetings/${m.id}/open`), redraw)
        : actAsked({ title: t('co.q.meeting_close', { title: m.title }), what: t('co.q.meeting_close_what'),
          okText: t('co.close_meeting') }, () => api('POST', `/api/v1/councils/meetings/${m.id}/close`), redraw) },
    t(next === 'open' ? 'co.open_meeting' : 'co.close_meeting')) : null);
  const agenda = h('section', { class: 'stack', id: 'agenda' }, h('h2', {}, t('co.agenda')),
    m.items.map((i) => itemCard(m, i, redraw)),
    m.state !== 'closed' && m.can_manage ? await agendaForm(m, redraw) : null);
  clear(el).append(head, h('div', { class: 'co-desk' }, participantsCard(m, redraw), agenda));
}

// ---- topics -------------------------------------------------------------------

export async function topics(el) {
  const list = await api('GET', '/api/v1/councils/topics');
  const redraw = () => topics(el);
  clear(el).append(h('h1', {}, t('co.topics_all')), h('ul', { class: 'list card' }, list.items.map((x) =>
    h('li', { 'data-topic': String(x.id) },
      h('div', { class: 'co-item-head' }, h('strong', {}, x.title), topicBadge(x.state)),
      h('p', { class: 'co-meta' }, t(`source.${x.source}`), ' · ', x.unit_name,
        x.source === 'proposal' ? ` · ${t('co.supports', { n: x.supports, m: x.threshold })}` : ''),
      ['decided', 'dropped'].includes(x.state) ? null : h('div', { class: 'row end' },
        h('button', { class: 'btn', type: 'button', onclick: actAsked({ title: t('co.q.drop', { title: x.title }),
          what: t('co.q.drop_what'), okText: t('co.drop') }, () => api('POST',
          `/api/v1/councils/topics/${x.id}/drop`, {}), redraw) }, t('co.drop')))))));
}

// ---- resolutions and tasks ---------------------------------------------------------

function taskLine(task, account, redraw) {
  const pct = h('input', { type: 'number', min: 0, max: 100, value: task.progress, 'aria-label': t('co.progress') });
  const supervisor = hasRole(account, 'supervisor', 'dispatcher', 'admin');
  const card = select(['normal', 'yellow', 'red'].map((c) => [c, t(`card.${c}`)]), 'yellow');
  const due = h('input', { type: 'date', 'aria-label': t('co.card_due') });
  return h('div', { 'data-task': String(task.id) },
    h('div', { class: 'co-item-head' }, h('strong', {}, task.title),
      h('span', { class: 'row' },
        task.overdue ? h('span', { class: 'badge overdue' }, t('co.overdue')) : null,
        task.card !== 'none' ? h('span', { class: `badge card-${task.card}` }, t(`card.${task.card}`)) : null,
        h('span', { class: 'co-meta' }, `${task.progress}%`))),
    bar(task.progress),
    h('p', { class: 'co-meta' }, task.owner_unit_name || task.owner_name || '', ' · ',
      t('co.due', { d: fmtTime(task.deadline) })),
    task.has_children || task.state === 'done' && task.progress === 100 ? null : h('form', { class: 'row',
      onsubmit: act(() => api('POST', `/api/v1/councils/tasks/${task.id}/progress`,
        { progress: Number(pct.value) }), redraw) },
    pct, h('button', { class: 'btn', type: 'submit' }, t('co.update'))),
    supervisor && task.state === 'open' ? h('form', { class: 'row', onsubmit: act(() => api('POST',
      `/api/v1/councils/tasks/${task.id}/supervise`, { card: card.value, due: due.value }), redraw) },
    card, due, h('button', { class: 'btn', type: 'submit' }, t('co.supervise'))) : null);
}

export async function resolutions(el, { account }) {
  const list = await api('GET', '/api/v1/councils/resolutions');
  const redraw = () => resolutions(el, { account });
  const addTask = (r) => {
    const title = h('input', { maxLength: 100, required: true, 'aria-label': t('co.t_title'),
      placeholder: t('co.add_task') });
    const deadline = h('input', { type: 'date', required: true, 'aria-label': t('co.t_deadline') });
    const parent = select([['', '—'], ...r.tasks.filter((x) => !x.parent_id).map((x) => [String(x.id), x.title])]);
    parent.setAttribute('aria-label', t('co.t_parent'));
    const unit = myUnit(account);
    return h('form', { class: 'row co-form', onsubmit: act(() => api('POST',
      `/api/v1/councils/resolutions/${r.id}/tasks`, { title: title.value.trim(), deadline: deadline.value,
        owner_unit_id: unit.id, ...(parent.value ? { parent_id: Number(parent.value) } : {}) }), redraw) },
    title, deadline, parent, h('button', { class: 'btn', type: 'submit' }, t('co.add_task')));
  };
  clear(el).append(h('h1', {}, t('co.resolutions')),
    ...(list.items.length ? [] : [h('p', { class: 'muted' }, t('co.none'))]),
    ...list.items.map((r) => h('section', { class: 'card stack', 'data-resolution': String(r.id) },
      h('p', { class: 'co-meta' }, r.meeting_title, r.topic_title ? ` · ${r.topic_title}` : ''),
      h('h2', {}, r.text),
      taskTree(r.tasks, null, (x) => taskLine(x, account, redraw)),
      addTask(r))));
}
