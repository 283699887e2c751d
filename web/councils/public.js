// public.js - the councils' public results page (no login): decided
// topics, the meetings held with their participants' names and roles and
// their votes' totals, and the resolutions with the progress of their
// follow-up tasks. ?unit=<id> narrows it to one community or village.

import { api } from '/common/api.js';
import { t, applyI18n, onLang, fmtTime } from '/common/i18n.js';
import { h, clear, langSwitch } from '/common/ui.js';
import { topicBadge, bar, voteResult, taskTree } from './words.js';

const app = document.getElementById('app');

function meetingCard(m) {
  return h('section', { class: 'card stack', 'data-meeting': String(m.id) },
    h('div', { class: 'co-item-head' }, h('h3', {}, m.title),
      h('span', { class: 'co-meta' }, t(`meeting.${m.kind}`), ' · ', m.unit_name, ' · ', fmtTime(m.starts_at))),
    h('p', { class: 'co-meta' }, m.participants.map((p) => `${p.name}（${t(`pkind.${p.kind}`)}）`).join('、')),
    m.votes.map((v) => h('div', { class: 'vote', 'data-vote': String(v.id) }, h('strong', {}, v.motion),
      voteResult(v))));
}

function taskLine(x) {
  return h('div', {}, h('div', { class: 'co-item-head' }, h('span', {}, x.title),
    h('span', { class: 'row' }, x.overdue ? h('span', { class: 'badge overdue' }, t('co.overdue')) : null,
      x.card !== 'none' ? h('span', { class: `badge card-${x.card}` }, t(`card.${x.card}`)) : null,
      h('span', { class: 'co-meta' }, `${x.progress}%`))),
  bar(x.progress), h('p', { class: 'co-meta' }, x.owner_unit_name || '', ' · ',
    t('co.due', { d: fmtTime(x.deadline) })));
}

async function draw() {
  const unit = new URLSearchParams(location.search).get('unit');
  const page = await api('GET', `/api/v1/public/councils${unit ? `?unit=${encodeURIComponent(unit)}` : ''}`);
  clear(app).append(
    h('h1', {}, t('pub.title'), page.unit_name ? ` · ${page.unit_name}` : ''),
    h('h2', {}, t('co.resolutions')),
    ...(page.resolutions.length ? page.resolutions.map((r) => h('section', { class: 'card stack', 'data-resolution': String(r.id) },
      h('p', { class: 'co-meta' }, r.meeting_title, r.topic_title ? ` · ${r.topic_title}` : ''),
      h('h3', {}, r.text), taskTree(r.tasks, null, taskLine))) : [h('p', { class: 'muted' }, t('co.none'))]),
    h('h2', {}, t('co.meetings_done')),
    ...(page.meetings.length ? page.meetings.map(meetingCard) : [h('p', { class: 'muted' }, t('co.none'))]),
    h('h2', {}, t('co.decided_topics')),
    h('ul', { class: 'list card' }, page.decided_topics.map((x) => h('li', {},
      h('div', { class: 'co-item-head' }, h('span', {}, x.title), topicBadge('decided')),
      h('p', { class: 'co-meta' }, x.unit_name, ' · ', t(`source.${x.source}`), ' · ', fmtTime(x.decided_at))))));
}

document.getElementById('lang-slot').append(langSwitch());
onLang(() => { applyI18n(document); draw(); });
applyI18n(document);
draw().catch((e) => clear(app).append(h('p', { class: 'form-error', role: 'alert' }, e.message)));
