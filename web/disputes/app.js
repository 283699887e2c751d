// app.js - the dispute page (矛盾纠纷调解): log in, then the case list with
// filters and a search by number or title (#list), the intake form (#new) and one case (#case/<id>) with
// its timeline, the parties' consent, mediators, sessions, the agreement
// editor, signatures, the printable agreement, the judicial window
// countdown, follow-ups and the case-file checklist. Every value is put
// in with textContent (ui.js h()), never as HTML.

import { api, me, logout } from '/common/api.js';
import { t, applyI18n, onLang, fmtTime, lang } from '/common/i18n.js';
import { h, clear, toast, langSwitch, confirmFinal, homeLink } from '/common/ui.js';
import { mountLogin } from '/common/login.js';
import { picker } from '/common/picker.js';
import { lookupAccounts } from '/common/roles.js';
import { TYPES, SOURCES, STATES } from './words.js';

const $ = (id) => document.getElementById(id);
const session = { account: null };
const SEARCH_WAIT_MS = 250;   // typing pauses this long before the list is asked again

function stateChip(state) {
  return h('span', { class: `dp-state dp-state-${state}`, 'data-state': state }, t(`dp.st.${state}`));
}

function options(values, prefix, all) {
  return [all ? h('option', { value: '' }, all) : null,
    ...values.map((v) => h('option', { value: v }, t(`${prefix}.${v}`)))];
}

async function run(fn, okText) {
  try {
    await fn();
    if (okText) toast(okText);
    await route();
  } catch (e) { toast(e.message, 'error'); }
}

// Ask first (confirmFinal with q), then run the post with the answer.
function asked(q, post) {
  return async () => {
    const answer = await confirmFinal(q);
    if (answer) await run(() => post(answer), t('dp.done'));
  };
}

// ---- the list -------------------------------------------------------------------

function listItem(d) {
  return h('li', { class: 'dp-item', 'data-id': d.id },
    h('a', { href: `#case/${d.id}` },
      h('h3', {}, d.title),
      h('div', { class: 'dp-meta' }, stateChip(d.state), t(`dp.type.${d.type}`), ' · ', d.number,
        ' · ', d.unit.name, ' · ', fmtTime(d.created_at))));
}

async function renderList(root) {
  const state = h('select', { id: 'f-state', 'aria-label': t('dp.all_states') }, options(STATES, 'dp.st', t('dp.all_states')));
  const type = h('select', { id: 'f-type', 'aria-label': t('dp.all_types') }, options(TYPES, 'dp.type', t('dp.all_types')));
  const text = h('input', { id: 'f-q', type: 'search', maxLength: 100, autocomplete: 'off',
    'aria-label': t('dp.search'), placeholder: t('dp.search') });
  const list = h('ul', { class: 'dp-list', id: 'dp-list' });
  let timer = null;
  const load = async () => {
    const q = new URLSearchParams({ limit: '50' });
    if (state.value) q.set('state', state.value);
    if (type.value) q.set('type', type.value);
    if (text.value.trim()) q.set('q', text.value.trim());
    const r = await api('GET', `/api/v1/disputes?${q}`);
    clear(list).append(...(r.items.length ? r.items.map(listItem) : [h('li', { class: 'dp-meta' }, t('dp.none'))]));
  };
  state.addEventListener('change', load);
  type.addEventListener('change', load);
  text.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, SEARCH_WAIT_MS); });
  root.append(h('div', { class: 'dp-filters' }, text, state, type), list);
  await load();
}

// ---- intake ----------------------------------------------------------------------

function partyRow(i, role) {
  const f = (name, label, attrs = {}) => h('label', {}, label,
    h('input', { name: `p${i}-${name}`, id: `p${i}-${name}`, ...attrs }));
  return h('div', { class: 'dp-party-row', 'data-party': i },
    f('name', t('dp.name'), { maxLength: 50 }),
    f('phone', t('dp.phone'), { inputMode: 'tel', maxLength: 20 }),
    h('label', {}, t('dp.role'), h('select', { name: `p${i}-role`, id: `p${i}-role` },
      options(['applicant', 'respondent', 'third_party'], 'dp.role').map((o) => {
        if (o && o.value === role) o.selected = true;
        return o;
      }))),
    f('address', t('dp.address'), { maxLength: 200 }));
}

function partiesOf(form) {
  return [...form.querySelectorAll('[data-party]')].map((row) => {
    const i = row.dataset.party;
    const v = (n) => form.elements[`p${i}-${n}`].value.trim();
    const p = { name: v('name'), role: v('role') };
    if (v('phone')) p.phone = v('phone');
    if (v('address')) p.address = v('address');
    return p;
  }).filter((p) => p.name);
}

async function renderNew(root) {
  const units = (await api('GET', '/api/v1/org/units?kind=grid&limit=200')).items;
  const rows = h('div', { class: 'dp-form', id: 'dp-parties' }, partyRow(0, 'applicant'), partyRow(1, 'respondent'));
  let n = 2;
  const form = h('form', { class: 'dp-form dp-sec', id: 'dp-new' },
    h('h2', {}, t('dp.new')),
    h('label', { for: 'n-unit' }, t('dp.unit')),
    h('select', { id: 'n-unit', name: 'unit' }, units.map((u) => h('option', { value: u.id }, u.name))),
    h('label', { for: 'n-type' }, t('dp.type')), h('select', { id: 'n-type', name: 'type' }, options(TYPES, 'dp.type')),
    h('label', { for: 'n-source' }, t('dp.source')), h('select', { id: 'n-source', name: 'source' }, options(SOURCES, 'dp.src')),
    h('label', { for: 'n-title' }, t('dp.case_title')), h('input', { id: 'n-title', name: 'title', required: true, maxLength: 100 }),
    h('label', { for: 'n-facts' }, t('dp.facts')), h('textarea', { id: 'n-facts', name: 'facts', required: true, maxLength: 4000 }),
    h('label', { for: 'n-claims' }, t('dp.claims')), h('textarea', { id: 'n-claims', name: 'claims', maxLength: 2000 }),
    h('h2', {}, t('dp.parties')), rows,
    h('button', { class: 'btn', type: 'button', onclick: () => rows.append(partyRow(n++, 'third_party')) }, t('dp.add_party')),
    h('button', { class: 'btn btn-primary btn-block', type: 'submit', id: 'dp-submit' }, t('dp.submit')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const e = form.elements;
    try {
      const d = await api('POST', '/api/v1/disputes', {
        unit_id: Number(e.unit.value), type: e.type.value, source: e.source.value,
        title: e.title.value.trim(), facts: e.facts.value.trim(), claims: e.claims.value.trim(),
        parties: partiesOf(form),
      });
      toast(t('dp.created', { n: d.number }));
      location.hash = `#case/${d.id}`;
    } catch (err) { toast(err.message, 'error'); }
  });
  root.append(form);
}

// ---- one case -----------------------------------------------------------------------

const post = (d, action, body) => api('POST', `/api/v1/disputes/${d.id}/${action}`, body);

function headSection(d) {
  const cloud = h('a', { class: 'btn', href: `/mediate/?case=${d.id}`, id: 'dp-cloud' }, t('dp.cloud'));
  const print = h('a', { class: 'btn', href: `/api/v1/disputes/${d.id}/agreement.html`, target: '_blank',
    rel: 'noopener', id: 'dp-print' }, t('dp.print'));
  return h('section', { class: 'dp-sec dp-head' },
    h('a', { href: '#list' }, t('dp.back')),
    h('h1', {}, d.title),
    h('div', { class: 'dp-meta' }, stateChip(d.state), d.number, ' · ', t(`dp.type.${d.type}`), ' · ',
      t(`dp.src.${d.source}`), ' · ', d.unit.name),
    h('div', { class: 'dp-meta', id: 'dp-level' }, t('dp.level', { l: d.level, label: d.level_label }),
      d.level_due ? ` · ${t('dp.level_due', { t: fmtTime(d.level_due) })}` : '',
      ` · ${t('dp.target', { t: fmtTime(d.target_due) })}`),
    h('h2', {}, t('dp.facts')), h('p', { class: 'dp-text' }, d.facts),
    d.claims ? h('h2', {}, t('dp.claims')) : null, d.claims ? h('p', { class: 'dp-text' }, d.claims) : null,
    d.routes ? h('div', { class: 'dp-routes', id: 'dp-routes' }, h('h2', {}, t('dp.routes')), h('p', {}, d.routes)) : null,
    h('div', { class: 'dp-actions' }, cloud, d.agreement ? print : null));
}

function consentSection(d) {
  const open = d.state === 'registered';
  return h('section', { class: 'dp-sec', id: 'dp-consent' }, h('h2', {}, t('dp.consent')),
    h('ul', { class: 'dp-rows' }, d.parties.map((p) => h('li', { 'data-party': p.id },
      h('strong', {}, p.name), ` ${t(`dp.role.${p.role}`)} · ${p.phone || ''} · `,
      h('span', { class: p.consent === 'agreed' ? 'dp-ok' : p.consent === 'refused' ? 'dp-missing' : '' },
        t(`dp.${p.consent}`)),
      open && p.consent === 'pending' ? h('div', { class: 'dp-actions' },
        h('button', { class: 'btn btn-primary', type: 'button', 'data-act': 'agree',
          onclick: () => run(() => post(d, 'agree', { party_id: p.id }), t('dp.done')) }, t('dp.agree')),
        h('button', { class: 'btn btn-danger', type: 'button', 'data-act': 'refuse',
          onclick: asked({ title: t('dp.q.refuse', { name: p.name }), what: t('dp.q.refuse_what'), okText: t('dp.refuse') },
            () => post(d, 'refuse', { party_id: p.id })) }, t('dp.refuse'))) : null))));
}

function mediatorSection(d) {
  const open = ['registered', 'consent', 'mediating'].includes(d.state);
  const pick = picker({ id: 'dp-mediator', placeholder: t('dp.mediator_ph'), search: lookupAccounts });
  const missing = h('p', { class: 'form-error', role: 'alert', id: 'dp-mediator-error' });
  pick.input.addEventListener('input', () => { missing.textContent = ''; });
  const assign = () => {
    const who = pick.picked();
    missing.textContent = who ? '' : t('picker.pick');
    if (who) run(() => post(d, 'mediators', { mediators: [who.id] }), t('dp.done'));
  };
  return h('section', { class: 'dp-sec', id: 'dp-mediators' }, h('h2', {}, t('dp.mediators')),
    h('ul', { class: 'dp-rows' }, d.mediators.map((m) => h('li', {}, m.name, m.lead ? ' ★' : ''))),
    open ? h('div', { class: 'dp-actions' },
      h('button', { class: 'btn btn-primary', type: 'button', id: 'dp-assign-me',
        onclick: () => run(() => post(d, 'mediators', { mediators: [session.account.id] }), t('dp.done')) }, t('dp.assign_me'))) : null,
    open ? h('div', { class: 'dp-pick' }, h('label', { for: 'dp-mediator' }, t('dp.mediator_pick')), pick.el, missing,
      h('button', { class: 'btn', type: 'button', id: 'dp-assign', onclick: assign }, t('dp.assign'))) : null);
}

function field(id, label, tag = 'input', attrs = {}) {
  return [h('label', { for: id }, label), h(tag, { id, name: id, ...attrs })];
}

function sessionSection(d) {
  const list = h('ul', { class: 'dp-rows' }, d.sessions.map((s) => h('li', {},
    h('strong', {}, `${fmtTime(s.at)} · ${s.place}`), h('p', { class: 'dp-text' }, s.record),
    s.attendees ? h('div', { class: 'dp-meta' }, s.attendees) : null)));
  const can = ['consent', 'mediating'].includes(d.state);
  const form = can ? h('form', { class: 'dp-form', id: 'dp-session-form' },
    ...field('s-place', t('dp.place'), 'input', { required: true, maxLength: 100 }),
    ...field('s-attendees', t('dp.attendees'), 'input', { maxLength: 500 }),
    ...field('s-record', t('dp.record'), 'textarea', { required: true, maxLength: 8000 }),
    h('button', { class: 'btn btn-primary', type: 'submit' }, t('dp.add_session'))) : null;
  if (form) form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const e = form.elements;
    run(() => post(d, 'sessions', { place: e['s-place'].value.trim(), attendees: e['s-attendees'].value.trim(),
      record: e['s-record'].value.trim() }), t('dp.done'));
  });
  return h('section', { class: 'dp-sec', id: 'dp-sessions' }, h('h2', {}, t('dp.sessions')), list, form);
}

function termsText(ag) {
  return ag ? ag.terms.map((x) => (x.deadline ? `${x.text}|${x.deadline}` : x.text)).join('\n') : '';
}

function parseTerms(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [txt, deadline] = l.split('|').map((s) => s.trim());
    return deadline ? { text: txt, deadline } : { text: txt };
  });
}

function agreementEditor(d) {
  const ag = d.agreement || {};
  const form = h('form', { class: 'dp-form', id: 'dp-agreement-form' },
    ...field('a-facts', t('dp.ag_facts'), 'textarea', { required: true, value: ag.facts || d.facts }),
    ...field('a-points', t('dp.ag_points'), 'textarea', { required: true, value: ag.points || '' }),
    ...field('a-resp', t('dp.ag_resp'), 'textarea', { required: true, value: ag.responsibilities || '' }),
    ...field('a-terms', t('dp.terms'), 'textarea', { required: true, value: termsText(d.agreement) }),
    h('button', { class: 'btn btn-primary', type: 'submit' }, t('dp.save_agreement')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const e = form.elements;
    run(() => post(d, 'agreement', { facts: e['a-facts'].value.trim(), points: e['a-points'].value.trim(),
      responsibilities: e['a-resp'].value.trim(), terms: parseTerms(e['a-terms'].value) }), t('dp.done'));
  });
  return form;
}

const signQ = (name) => ({ title: t('dp.q.sign', { name }), what: t('dp.q.sign_what'), okText: t('dp.sign'), danger: false });

function signButtons(d) {
  const method = h('select', { id: 'dp-method', 'aria-label': t('dp.sign') },
    options(['sign', 'thumbprint', 'seal'], 'dp.method'));
  const signed = (pid) => d.signatures.some((s) => s.signer === 'party' && s.party_id === pid);
  const medSigned = d.signatures.some((s) => s.signer === 'mediator');
  return h('div', { class: 'dp-actions', id: 'dp-sign' }, method,
    ...d.parties.filter((p) => !signed(p.id)).map((p) => h('button', { class: 'btn', type: 'button',
      'data-sign': p.id, onclick: asked(signQ(p.name), () => post(d, 'sign', { signer: 'party', party_id: p.id, method: method.value })) },
    t('dp.sign_as', { name: p.name }))),
    medSigned ? null : h('button', { class: 'btn btn-primary', type: 'button', 'data-sign': 'mediator',
      onclick: asked(signQ(t('dp.sign_mediator')), () => post(d, 'sign', { signer: 'mediator', method: 'sign' })) }, t('dp.sign_mediator')));
}

function agreementSection(d) {
  const ag = d.agreement;
  const view = ag ? h('div', {},
    h('ol', { class: 'dp-rows' }, ag.terms.map((x) => h('li', {}, x.text, x.deadline ? ` (${x.deadline})` : '',
      x.performed ? ' ✓' : ''))),
    d.signatures.length ? h('h3', { class: 'dp-sub' }, t('dp.signed')) : null,
    h('ul', { class: 'dp-rows', id: 'dp-signatures' }, d.signatures.map((s) => h('li', {},
      `${s.name} · ${t(`dp.method.${s.method}`)} · ${fmtTime(s.at)}`)))) : h('p', { class: 'dp-meta' }, t('dp.no_agreement'));
  const editing = d.state === 'mediating' && d.signatures.length === 0;
  return h('section', { class: 'dp-sec', id: 'dp-agreement' }, h('h2', {}, t('dp.agreement')), view,
    editing ? agreementEditor(d) : null,
    d.state === 'mediating' && ag ? signButtons(d) : null);
}

function judicialSection(d) {
  const j = d.judicial;
  if (!j.end) return null;
  const can = ['agreement_signed', 'closed'].includes(d.state);
  return h('section', { class: 'dp-sec', id: 'dp-judicial' }, h('h2', {}, t('dp.judicial')),
    j.state === 'none' && j.days_left >= 0 ? h('div', {}, t('dp.judicial_left'), ' ',
      h('span', { class: 'dp-countdown', id: 'dp-countdown' }, String(j.days_left)), ` ${t('dp.days')} `) : null,
    h('div', { class: 'dp-meta' }, t('dp.judicial_end', { d: j.end }), ' · ', t(`dp.jud.${j.state}`)),
    can && j.state === 'none' && j.days_left >= 0 ? h('button', { class: 'btn', type: 'button', id: 'dp-jud-apply',
      onclick: asked({ title: t('dp.judicial_apply'), what: t('dp.q.judicial_apply_what'), okText: t('dp.judicial_apply'),
        danger: false }, () => post(d, 'judicial_apply', {})) }, t('dp.judicial_apply')) : null,
    can && j.state === 'applied' ? h('div', { class: 'dp-actions' }, ['confirmed', 'refused'].map((r) => {
      const label = t(r === 'confirmed' ? 'dp.confirmed' : 'dp.jud_refused');
      return h('button', { class: `btn${r === 'confirmed' ? ' btn-primary' : ''}`, type: 'button', 'data-judicial': r,
        onclick: asked({ title: t('dp.q.judicial', { r: label }), what: t('dp.q.judicial_what'), okText: label, danger: false },
          () => post(d, 'judicial_result', { result: r })) }, label);
    })) : null);
}

function followupSection(d) {
  const can = ['agreement_signed', 'reconciled', 'closed'].includes(d.state);
  if (!can && d.followups.length === 0) return null;
  const perf = h('select', { id: 'dp-perf', 'aria-label': t('dp.followups') }, options(['full', 'partial', 'none'], 'dp.perf'));
  const note = h('input', { id: 'dp-fu-note', maxLength: 500, placeholder: t('dp.note'), 'aria-label': t('dp.note') });
  return h('section', { class: 'dp-sec', id: 'dp-followups' }, h('h2', {}, t('dp.followups')),
    h('ul', { class: 'dp-rows' }, d.followups.map((f) => h('li', {}, `${fmtTime(f.at)} · ${t(`dp.perf.${f.performance}`)} · ${f.note}`))),
    can ? h('div', { class: 'dp-actions' }, perf, note, h('button', { class: 'btn', type: 'button',
      onclick: () => run(() => post(d, 'followups', { performance: perf.value, note: note.value.trim() }), t('dp.done')) }, t('dp.add_followup'))) : null);
}

function checklistSection(d) {
  return h('section', { class: 'dp-sec', id: 'dp-checklist' }, h('h2', {}, t('dp.checklist')),
    d.incomplete_reason ? h('p', { class: 'dp-incomplete', id: 'dp-incomplete' },
      h('strong', {}, t('dp.incomplete')), '：', d.incomplete_reason) : null,
    h('ul', { class: 'dp-rows' }, d.documents.map((x) => {
      const box = h('input', { type: 'checkbox', id: `doc-${x.code}`, checked: x.present,
        onchange: () => run(() => post(d, 'documents', { code: x.code, present: box.checked })) });
      return h('li', { class: 'dp-check' }, box, h('label', { for: `doc-${x.code}` }, x.label),
        x.required ? h('span', { class: x.present ? 'dp-ok' : 'dp-missing' }, `(${t('dp.required')})`) : null);
    })));
}

// 结案归档: what filing now needs and the case file lacks is listed, and
// then a reason for filing without it is asked (the server refuses a
// filing with items missing and no reason).
function closeQuestion(d) {
  const missing = d.documents.filter((x) => x.needed && !x.present).map((x) => x.label);
  return { title: t('dp.q.close'), what: t('dp.q.close_what'), missing, missingTitle: t('dp.q.close_missing'),
    reason: missing.length ? { label: t('dp.q.incomplete'), required: true } : null,
    okText: t(missing.length ? 'dp.q.close_anyway' : 'dp.q.close_ok') };
}

function moveSection(d) {
  const open = ['registered', 'consent', 'mediating'].includes(d.state);
  const ended = ['agreement_signed', 'reconciled', 'failed', 'refused'].includes(d.state);
  const withReason = (key, action, body) => asked({ title: t(`dp.q.${key}`), what: t(`dp.q.${key}_what`),
    reason: { label: t('dp.reason'), required: true }, okText: t(`dp.${key}`) },
  ({ reason }) => post(d, action, { ...body, reason }));
  if (!open && !ended) return null;
  return h('section', { class: 'dp-sec', id: 'dp-moves' }, h('div', { class: 'dp-actions' },
    open && d.level < 4 ? h('button', { class: 'btn', type: 'button', id: 'dp-escalate', onclick: withReason('escalate', 'escalate', {}) }, t('dp.escalate')) : null,
    open && d.state !== 'registered' ? h('button', { class: 'btn', type: 'button', id: 'dp-reconcile', onclick: withReason('reconcile', 'close', { outcome: 'reconciled' }) }, t('dp.reconcile')) : null,
    open ? h('button', { class: 'btn btn-danger', type: 'button', id: 'dp-fail', onclick: withReason('fail', 'close', { outcome: 'failed' }) }, t('dp.fail')) : null,
    ended ? h('button', { class: 'btn btn-primary', type: 'button', id: 'dp-close',
      onclick: asked(closeQuestion(d), ({ reason }) => post(d, 'close', reason ? { incomplete_reason: reason } : {})) }, t('dp.close')) : null));
}

function timelineSection(d) {
  return h('section', { class: 'dp-sec', id: 'dp-timeline' }, h('h2', {}, t('dp.timeline')),
    h('ol', { class: 'dp-rows dp-timeline' }, d.timeline.map((e) => h('li', { 'data-event': e.event },
      h('span', { class: 'dp-meta' }, `${fmtTime(e.at)} · ${e.actor ? e.actor.name : t('dp.system')} · `),
      t(`dp.st.${e.new_state}`), e.note ? ` — ${e.note}` : ''))));
}

async function renderCase(root, id) {
  const d = await api('GET', `/api/v1/disputes/${id}`);
  root.append(headSection(d), h('div', { class: 'dp-grid' },
    consentSection(d), mediatorSection(d), sessionSection(d), agreementSection(d),
    judicialSection(d), followupSection(d), checklistSection(d), timelineSection(d)), moveSection(d));
}

// ---- routing -------------------------------------------------------------------------

async function route() {
  const root = clear($('app'));
  const hash = location.hash || '#list';
  for (const tab of ['list', 'new']) $(`tab-${tab}`).classList.toggle('active', hash === `#${tab}`);
  try {
    if (hash.startsWith('#case/')) await renderCase(root, Number(hash.slice(6)));
    else if (hash === '#new') await renderNew(root);
    else await renderList(root);
  } catch (e) { root.append(h('p', { class: 'form-error' }, e.message)); }
  document.documentElement.dataset.ready = lang();
}

async function start(account) {
  session.account = account;
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
  mountLogin($('app'), { title: t('dp.login'), onDone: async () => start(await me()) });
}

main();
