// thread.js - one case's thread: the case's basic facts, the messages
// (the other side on the left, oneself on the right, mediators marked),
// photos and PDFs, retracting one's own message, and the writing box.
// New messages arrive by polling every POLL_MS with ?after=<last id>.

import { t, fmtTime, onLang } from '/common/i18n.js';
import { h, clear, icon, toast, confirmDialog } from '/common/ui.js';
import { label } from './words.js';

export const POLL_MS = 4000;
const FILES_MAX = 4; // MED_FILES_PER_POST_MAX

function summary(v) {
  const k = v.case;
  return h('section', { class: 'card med-summary', 'aria-labelledby': 'med-case-title' },
    h('h1', { id: 'med-case-title' }, k.title || k.number),
    h('dl', {},
      h('dt', {}, t('med.case')), h('dd', { 'data-testid': 'case-number' }, k.number),
      h('dt', {}, t('med.type')), h('dd', {}, label('type', k.type)),
      h('dt', {}, t('med.state')), h('dd', {}, label('state', k.state)),
      h('dt', {}, t('med.mediators')), h('dd', {}, v.mediators.map((m) => m.display_name).join('、') || '—'),
      h('dt', {}, t('med.parties')),
      h('dd', {}, v.parties.map((p) => `${p.name}（${label('role', p.role)}）`).join('、'))));
}

function fileView(a) {
  if (a.thumb_url)
    return h('a', { href: a.url, target: '_blank', rel: 'noopener' },
      h('img', { src: a.thumb_url, alt: a.file_name, loading: 'lazy' }));
  return h('a', { class: 'med-file', href: a.url, download: a.file_name }, icon('file'), ' ', a.file_name);
}

function messageView(m, source, refresh) {
  const who = m.mine ? t('med.you')
    : `${m.author.name} · ${m.author.kind === 'party' ? t('med.party') : t('med.mediator')}`;
  const cls = ['med-msg', m.mine ? 'mine' : '', m.author.kind === 'mediator' ? 'by-mediator' : '',
    m.retracted_at ? 'med-retracted' : ''].join(' ');
  const retract = m.mine && !m.retracted_at
    ? h('button', { class: 'btn btn-ghost med-retract', onclick: async () => {
      if (!(await confirmDialog(t('med.retract_q')))) return;
      try { await source.retract(m.id); refresh(); } catch (e) { toast(e.message, 'error'); }
    } }, t('med.retract'))
    : null;
  return h('li', { class: cls, 'data-id': m.id },
    h('div', { class: 'med-who' }, who, ' · ', fmtTime(m.created_at),
      m.retracted_at ? h('span', { class: 'med-tag' }, t('med.retracted')) : null),
    h('div', { class: 'med-bubble' },
      m.body ? h('div', { class: 'med-body' }, m.body) : null,
      m.attachments.length ? h('div', { class: 'med-files' }, m.attachments.map(fileView)) : null),
    retract);
}

// A refusal that means the visit is over (the link withdrawn or expired).
const isGone = (err) => err.status === 401 || err.status === 404;

function composer(source, onSent, onGone) {
  const text = h('textarea', { id: 'med-text', 'aria-label': t('med.write'), placeholder: t('med.write_ph'),
    maxLength: 2000 });
  const picked = h('span', { class: 'med-picked' });
  const files = h('input', { id: 'med-files', type: 'file', accept: 'image/jpeg,image/png,image/webp,application/pdf',
    multiple: true, class: 'sr-only',
    onchange: () => { picked.textContent = files.files.length ? t('med.picked', { n: files.files.length }) : ''; } });
  const attach = h('label', { class: 'btn', for: 'med-files' }, icon('clip'), ' ', t('med.attach'));
  const send = h('button', { class: 'btn btn-primary', type: 'submit' }, t('med.send'));
  const form = h('form', { class: 'med-compose', onsubmit: async (e) => {
    e.preventDefault();
    const body = text.value.trim();
    const chosen = [...files.files].slice(0, FILES_MAX);
    if (!body && !chosen.length) { text.focus(); return; }
    send.disabled = true;
    try {
      if (chosen.length) {
        const fd = new FormData();
        for (const f of chosen) fd.append('file', f, f.name);
        if (body) fd.append('body', body);
        await source.upload(fd);
      } else {
        await source.post(body);
      }
      text.value = '';
      files.value = '';
      picked.textContent = '';
      toast(t('med.sent'));
      onSent();
    } catch (err) {
      // one message only: the visit is over (with the text kept), or why it failed
      if (isGone(err)) onGone(err);
      else toast(t('med.send_failed', { msg: err.message }), 'error');
    } finally {
      send.disabled = false;
    }
  } },
  h('div', { class: 'med-compose-inner' }, text, h('div', { class: 'row' }, files, attach, picked, send)));
  return form;
}

// Show the thread of source in el; extra(v) may return nodes shown under
// the summary (the mediator's invite panel). Returns a function that stops
// the polling.
export async function renderThread(el, source, { extra, onGone } = {}) {
  let v = await source.get(0);
  let last = v.last_id;
  const list = h('ol', { class: 'med-thread', 'aria-live': 'polite', 'aria-label': t('med.title') });
  const empty = h('p', { class: 'med-empty' }, t('med.empty'));
  const messages = [...v.messages];
  const draw = () => {
    clear(list).append(...messages.map((m) => messageView(m, source, reload)));
    empty.classList.toggle('hidden', messages.length > 0);
  };
  async function reload() {
    v = await source.get(0);
    messages.splice(0, messages.length, ...v.messages);
    last = v.last_id;
    draw();
  }
  async function poll() {
    try {
      const p = await source.get(last);
      if (p.messages.length) {
        messages.push(...p.messages);
        last = p.last_id;
        draw();
        window.scrollTo(0, document.body.scrollHeight);
      }
    } catch (err) {
      if (isGone(err)) gone(err);
    }
  }
  // Once: stop polling and hand the words not yet sent to onGone, so that
  // the party can copy them (the page that follows has no composer).
  let ended = false;
  function gone(err) {
    if (ended) return;
    ended = true;
    stop();
    const box = el.querySelector('#med-text');
    if (onGone) onGone(err, box ? box.value.trim() : '');
  }
  const page = () => {
    clear(el).append(summary(v), ...(extra ? extra(v) : []),
      h('p', { class: 'card med-notice' }, v.open ? t('med.kept') : t('med.read_only')),
      list, empty, v.open ? composer(source, poll, gone) : null);
    draw();
  };
  page();
  onLang(page);
  if (messages.length) window.scrollTo(0, document.body.scrollHeight);
  const timer = setInterval(poll, POLL_MS);
  function stop() { clearInterval(timer); }
  return stop;
}
