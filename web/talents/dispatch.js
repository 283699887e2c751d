// dispatch.js - 点将派单 on the talent page: pick a subject (a request or
// a dispute by its number, its last digits or words of its title, a topic
// by its title, from a pick list the server fills), see the ranked
// suggestions with their reasons and the members left out, send the task;
// the coordinator's tasks with their ratings; a member's own offers
// (accept, decline) and tasks (mark done).

import { api } from '/common/api.js';
import { t, fmtTime } from '/common/i18n.js';
import { h, clear, toast, confirmFinal } from '/common/ui.js';
import { picker } from '/common/picker.js';
import { chips, stateChip, tagLabel } from './chips.js';

// Minutes to answer an offer, by default (the server's default is 2 h).
const WINDOW_DEFAULT_MIN = 120;
const PICK_LIMIT = 10;        // subjects a pick list shows

const qArg = (q) => (q ? `&q=${encodeURIComponent(q)}` : '');
const where = (...parts) => parts.filter(Boolean).join(' · ');

// What each kind of subject is searched by: the server matches numbers and
// titles of requests and disputes; a unit's topics are few, so their
// titles are matched here.
const SEARCH = {
  request: async (q) => (await api('GET', `/api/v1/requests?limit=${PICK_LIMIT}${qArg(q)}`)).items
    .map((r) => ({ id: r.id, label: `${r.number} ${r.title}`,
      detail: where(r.building && r.building.name, r.address, r.grid && r.grid.name) })),
  dispute: async (q) => (await api('GET', `/api/v1/disputes?limit=${PICK_LIMIT}${qArg(q)}`)).items
    .map((d) => ({ id: d.id, label: `${d.number} ${d.title}`, detail: where(d.unit && d.unit.name, d.state_label) })),
  topic: async (q) => (await api('GET', '/api/v1/councils/topics')).items
    .filter((x) => !q || x.title.includes(q)).slice(0, PICK_LIMIT)
    .map((x) => ({ id: x.id, label: x.title, detail: x.unit_name || '' })),
};

function field(id, label, input) {
  return [h('label', { for: id }, label), input];
}

// ---- 点将 -----------------------------------------------------------------------

function suggestionCard(s, subject, title, onSent) {
  const m = s.talent;
  const send = async () => {
    const note = document.getElementById('f-note').value.trim();
    const minutes = Number(document.getElementById('f-window').value) || WINDOW_DEFAULT_MIN;
    const ok = await confirmFinal({ title: t('tl.q.send', { name: m.name, subject: title }),
      lead: t('tl.q.lead'), what: t('tl.q.send_what', { name: m.name, min: minutes }), okText: t('tl.send'), danger: false });
    if (!ok) return;
    try {
      await api('POST', '/api/v1/talents/tasks', { subject, talent_id: m.id,
        note: note || undefined, answer_within_s: Math.round(minutes * 60) });
      toast(t('tl.sent', { name: m.name }));
      onSent();
    } catch (e) { toast(e.message, 'error'); }
  };
  return h('li', { class: 'tl-card', 'data-id': m.id },
    h('h3', {}, h('span', { class: 'tl-rank' }, String(s.rank)), m.name,
      h('span', { class: 'tl-title' }, m.title), h('span', { class: 'tl-score' }, s.score.toFixed(1))),
    h('ul', { class: 'tl-chips' }, s.reasons.map((r) =>
      h('li', { class: `tl-chip reason reason-${r.code}`, 'data-code': r.code }, r.text))),
    chips(m.skills, 'skill'),
    h('div', { class: 'tl-meta' }, m.pool_name, ' · ', t(`tl.state.${m.availability}`)),
    h('div', { class: 'tl-actions' },
      h('button', { class: 'btn btn-primary', type: 'button', 'data-act': 'send', onclick: send }, t('tl.send'))));
}

function chainList(items) {
  return h('ul', { class: 'tl-cards', id: 'chain' }, items.map((k) => h('li', { class: 'tl-card', 'data-id': k.id },
    h('div', {}, t('tl.to', { name: k.talent_name }), ' ', stateChip(k.state), ' ',
      h('span', { class: 'tl-meta' }, t('tl.chain', { n: k.chain }))),
    k.answer_note ? h('div', { class: 'tl-meta' }, k.answer_note) : null)));
}

async function showSuggestions(box, subject) {
  const [s, chain] = await Promise.all([
    api('GET', `/api/v1/talents/suggestions?subject=${encodeURIComponent(subject)}&limit=20`),
    api('GET', `/api/v1/talents/tasks?subject=${encodeURIComponent(subject)}`)]);
  const reload = () => showSuggestions(box, subject);
  const need = s.subject.need;
  const names = (tags, kind) => (tags.length ? tags.map((x) => tagLabel(x, kind)).join('、') : t('tl.none'));
  clear(box).append(
    h('div', { class: 'tl-need', id: 'need' },
      h('strong', {}, `${t(`tl.kind.${s.subject.kind}`)} #${s.subject.id} ${s.subject.title}`),
      h('div', {}, t('tl.need', { skills: names(need.skills, 'skill') }), ' · ',
        t('tl.need_role', { roles: names(need.roles, 'role') })),
      h('div', { class: 'tl-meta' }, t('tl.counts', { c: s.candidates, e: s.eligible, a: s.away, f: s.full }))),
    chain.items.length ? chainList(chain.items) : '',
    s.items.length ? h('ol', { class: 'tl-cards', id: 'suggestions' },
      s.items.map((x) => suggestionCard(x, subject, s.subject.title, reload)))
      : h('p', { class: 'tl-empty' }, t('tl.no_suggestions')),
    s.excluded.length ? h('section', { id: 'excluded' }, h('h3', {}, t('tl.excluded')),
      h('ul', { class: 'tl-chips' }, s.excluded.map((x) =>
        h('li', { class: 'tl-chip excl', 'data-code': x.code }, `${x.talent.name}：${x.text}`)))) : '');
}

export async function renderDispatch(root, arg) {
  const kind = h('select', { id: 'f-kind' }, ['request', 'dispute', 'topic'].map((k) =>
    h('option', { value: k }, t(`tl.kind.${k}`))));
  const box = h('div', { id: 'dispatch-result' });
  const go = async (subject) => {
    history.replaceState(null, '', `#dispatch/${subject}`); // no hashchange: keep the form
    try { await showSuggestions(box, subject); } catch (e) { clear(box).append(h('p', { class: 'form-error', role: 'alert' }, e.message)); }
  };
  const missing = h('p', { class: 'form-error', role: 'alert', id: 'f-subject-error' });
  const pick = picker({ id: 'f-subject', placeholder: t('tl.subject_ph'),
    search: (q) => SEARCH[kind.value](q),
    onPick: (item) => go(`${kind.value}:${item.id}`) });
  pick.input.addEventListener('input', () => { missing.textContent = ''; });
  const note = h('input', { id: 'f-note', maxLength: 500, placeholder: t('tl.note_default') });
  const win = h('input', { id: 'f-window', type: 'number', min: '1', value: String(WINDOW_DEFAULT_MIN) });
  const form = h('form', { class: 'tl-form card', id: 'form-subject', noValidate: true, onsubmit: (e) => {
    e.preventDefault();
    const item = pick.picked();
    missing.textContent = item ? '' : t('picker.pick');
    if (item) go(`${kind.value}:${item.id}`);
  } },
  h('label', { for: 'f-subject' }, t('tl.subject')),
  h('div', { class: 'tl-subject' }, kind, pick.el), missing,
  ...field('f-note', t('tl.note'), note),
  ...field('f-window', t('tl.window'), win),
  h('button', { class: 'btn btn-primary btn-block', type: 'submit' }, t('tl.suggest')));
  kind.addEventListener('change', () => { pick.clear(); pick.refresh(); });
  clear(root).append(form, box);
  pick.refresh(); // an empty box lists the most recent
  if (arg && arg.includes(':')) {
    kind.value = arg.split(':')[0];
    await go(arg);
  }
}

// ---- the coordinator's tasks ------------------------------------------------------

function rateBox(k, reload) {
  if (k.state !== 'done') return null;
  if (k.rating) return h('div', { class: 'tl-meta' }, t('tl.rated', { r: k.rating }));
  return h('div', { class: 'tl-stars', 'aria-label': t('tl.rate') }, [1, 2, 3, 4, 5].map((n) =>
    h('button', { class: 'btn', type: 'button', 'data-rate': n, 'aria-label': `${t('tl.rate')} ${n}`,
      onclick: async () => {
        try { await api('POST', `/api/v1/talents/tasks/${k.id}/rate`, { rating: n }); reload(); } catch (e) { toast(e.message, 'error'); }
      } }, '★'.repeat(n))));
}

// A task: what it is about (kind and title), where, who sent it and to whom.
function taskCard(k, extra) {
  const s = k.subject;
  return h('li', { class: 'tl-card', 'data-id': k.id, 'data-state': k.state },
    h('h3', {}, h('span', { class: 'tl-kind' }, t(`tl.kind.${s.kind}`)),
      h('span', { class: 'tl-subject' }, s.title || `#${s.id}`), stateChip(k.state)),
    s.place ? h('div', { class: 'tl-place' }, t('tl.place', { place: s.place })) : null,
    h('div', { class: 'tl-meta' }, k.coordinator && k.coordinator.name
      ? [t('tl.from', { name: k.coordinator.name }), ' · '] : null,
    t('tl.to', { name: k.talent_name }), ' · ', t('tl.chain', { n: k.chain }),
      k.state === 'offered' ? ` · ${t('tl.answer_by', { t: fmtTime(k.answer_by) })}` : ''),
    k.note ? h('div', {}, k.note) : null,
    k.outcome ? h('div', { class: 'tl-meta' }, `${t('tl.outcome')}：${k.outcome}`) : null,
    extra);
}

export async function renderTasks(root) {
  const items = (await api('GET', '/api/v1/talents/tasks?limit=100')).items;
  const reload = () => renderTasks(root);
  clear(root).append(items.length ? h('ul', { class: 'tl-cards', id: 'tasks' },
    items.map((k) => taskCard(k, rateBox(k, reload)))) : h('p', { class: 'tl-empty' }, t('tl.no_tasks')));
}

// ---- a member's own -------------------------------------------------------------------

function textForm(id, label, button, onSubmit) {
  const input = h('textarea', { id: `${id}-text`, rows: 3, maxLength: 2000 });
  return h('form', { class: 'tl-form hidden', id, onsubmit: async (e) => {
    e.preventDefault();
    await onSubmit(input.value.trim());
  } }, h('label', { for: `${id}-text` }, label), input,
  h('button', { class: 'btn btn-primary', type: 'submit' }, button));
}

function mineActions(k, reload) {
  const act = async (verb, body) => {
    try { await api('POST', `/api/v1/talents/tasks/${k.id}/${verb}`, body); reload(); } catch (e) { toast(e.message, 'error'); }
  };
  if (k.state === 'offered') {
    const decline = textForm(`decline-${k.id}`, t('tl.decline_reason'), t('tl.decline'),
      (text) => act('decline', text ? { reason: text } : {}));
    return h('div', {}, h('div', { class: 'tl-actions' },
      h('button', { class: 'btn btn-primary', type: 'button', 'data-act': 'accept', onclick: () => act('accept', {}) }, t('tl.accept')),
      h('button', { class: 'btn', type: 'button', 'data-act': 'decline', onclick: () => decline.classList.toggle('hidden') }, t('tl.decline'))),
    decline);
  }
  if (k.state === 'accepted') {
    const done = textForm(`done-${k.id}`, t('tl.outcome'), t('tl.submit'), (text) => act('done', { outcome: text }));
    return h('div', {}, h('div', { class: 'tl-actions' },
      h('button', { class: 'btn btn-primary', type: 'button', 'data-act': 'done', onclick: () => done.classList.toggle('hidden') }, t('tl.mark_done'))),
    done);
  }
  return k.rating ? h('div', { class: 'tl-meta' }, t('tl.rated', { r: k.rating })) : null;
}

export async function renderMine(root) {
  const items = (await api('GET', '/api/v1/talents/tasks?mine=1&limit=100')).items;
  const reload = () => renderMine(root);
  clear(root).append(items.length ? h('ul', { class: 'tl-cards', id: 'mine' },
    items.map((k) => taskCard(k, mineActions(k, reload)))) : h('p', { class: 'tl-empty' }, t('tl.no_tasks')));
}
