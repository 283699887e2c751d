// detail.js - one request for the worker: head (number, state, SLA, card,
// level), the actions allowed now (actions.js), its deadlines coloured by
// where they stand, what was reported and by whom (a phone number shown on
// tap, which the server logs), photos, the map of its grid, co-handlers,
// the result and the rating, and the whole timeline. reload() is called
// by the app when a live event names this request.

import { api } from '/common/api.js';
import { t, addMessages, fmtTime, fmtDue } from '/common/i18n.js';
import { h, clear, stateBadge, levelLabel, channelLabel, eventLabel, cardLabel } from '/common/ui.js';
import { actionPanel } from './actions.js';
import { gallery } from './photos.js';
import { requestMap } from './map.js';
import { placePoint, pointLine } from '/common/place.js';
import { cardBadge } from './list.js';
import { reporterRevealButton } from './reveal.js';
import { categoryName } from '/common/categories.js';

addMessages({
  zh: {
    'detail.title': '诉求详情', 'detail.pick': '从左侧选一件诉求查看。', 'detail.not_found': '找不到这件诉求，或者它不在您的范围内。',
    'detail.deadlines': '时限', 'dl.accept': '签收时限', 'dl.resolve': '办结时限', 'dl.followup': '回访时限',
    'dl.supervision': '督办期限', 'dl.met': '按时', 'dl.missed': '超时',
    'detail.info': '诉求内容', 'detail.category': '分类', 'detail.channel': '渠道', 'detail.level': '层级',
    'detail.place': '位置', 'detail.reporter': '反映人', 'detail.assignee': '当前承办', 'detail.priority': '紧急程度',
    'priority.1': '紧急', 'priority.2': '一般', 'priority.3': '不急', 'detail.anonymous': '匿名',
    'detail.cohandlers': '联办部门', 'detail.lead': '牵头', 'detail.extension': '延期',
    'ext.none': '未申请', 'ext.pending': '待审批', 'ext.approved': '已批准', 'ext.refused': '已驳回', 'ext.lapsed': '已失效',
    'detail.result': '办理结果', 'detail.rating': '回访评价', 'detail.rating_yes': '已解决', 'detail.rating_no': '未解决',
    'detail.stars': '满意度 {n}/5', 'detail.photos': '照片', 'detail.map': '地图', 'detail.timeline': '办理经过',
    'detail.system': '系统', 'detail.redo': '重办 {n} 次', 'detail.merged_into': '已并入 #{id}',
    'detail.changed': '这件诉求刚有更新。', 'detail.reload': '刷新',
    'tl.level': '{from} → {to}', 'tl.reason': '原因：{r}', 'tl.card': '{card}，期限 {due}',
    'tl.amount': '延长 {amount} {unit}', 'tl.departments': '联办部门 {n} 个', 'tl.rating': '满意度 {n}/5',
    'tl.talent': '群英：{name}',
  },
  en: {
    'detail.title': 'Request', 'detail.pick': 'Choose a request on the left.', 'detail.not_found': 'This request cannot be found, or it is outside your units.',
    'detail.deadlines': 'Deadlines', 'dl.accept': 'Accept by', 'dl.resolve': 'Resolve by', 'dl.followup': 'Follow-up by',
    'dl.supervision': 'Supervision deadline', 'dl.met': 'met', 'dl.missed': 'missed',
    'detail.info': 'What was reported', 'detail.category': 'Category', 'detail.channel': 'Channel', 'detail.level': 'Level',
    'detail.place': 'Place', 'detail.reporter': 'Reported by', 'detail.assignee': 'Handled by', 'detail.priority': 'Priority',
    'priority.1': 'Urgent', 'priority.2': 'Normal', 'priority.3': 'Low', 'detail.anonymous': 'Anonymous',
    'detail.cohandlers': 'Co-handling departments', 'detail.lead': 'lead', 'detail.extension': 'Extension',
    'ext.none': 'none', 'ext.pending': 'pending', 'ext.approved': 'approved', 'ext.refused': 'refused', 'ext.lapsed': 'lapsed',
    'detail.result': 'Result', 'detail.rating': 'Follow-up', 'detail.rating_yes': 'Solved', 'detail.rating_no': 'Not solved',
    'detail.stars': 'Satisfaction {n}/5', 'detail.photos': 'Photos', 'detail.map': 'Map', 'detail.timeline': 'Timeline',
    'detail.system': 'System', 'detail.redo': 'redone {n} times', 'detail.merged_into': 'Merged into #{id}',
    'detail.changed': 'This request has just changed.', 'detail.reload': 'Reload',
    'tl.level': '{from} → {to}', 'tl.reason': 'Reason: {r}', 'tl.card': '{card}, due {due}',
    'tl.amount': '{amount} more {unit}', 'tl.departments': '{n} co-handling departments', 'tl.rating': 'Satisfaction {n}/5',
    'tl.talent': 'Talent: {name}',
  },
});

const DEADLINES = ['accept', 'resolve', 'supervision', 'followup'];

function deadlineRow(key, d) {
  if (!d || !d.due) return null;
  const standing = d.running ? t(`sla.${d.state}`) : d.state === 'overdue' ? t('dl.missed') : t('dl.met');
  return h('li', { class: `dl dl-${d.state}${d.running ? ' running' : ''}`, id: `dl-${key}` },
    h('span', { class: 'dl-name' }, t(`dl.${key}`)),
    h('span', { class: 'dl-time' }, fmtTime(d.due)),
    h('span', { class: `badge dl-badge sla-${d.state}` }, d.running ? `${standing} · ${fmtDue(d.due)}` : standing));
}

function deadlines(r) {
  const rows = DEADLINES.map((k) => deadlineRow(k, r.deadlines && r.deadlines[k])).filter(Boolean);
  if (!rows.length) return null;
  return h('section', { class: 'card', 'aria-labelledby': 'dl-title' },
    h('h2', { id: 'dl-title' }, t('detail.deadlines')), h('ul', { class: 'dl-list' }, rows));
}

function pair(label, ...value) {
  return [h('dt', {}, label), h('dd', {}, ...value)];
}

// Who raised a request with no resident behind it: anonymous, or the
// worker who typed it (an inspection, a visit).
function noReporter(r) {
  if (r.anonymous) return t('detail.anonymous');
  const first = (r.timeline || []).find((ev) => ev.event === 'submitted');
  return first && first.actor ? `${first.actor.name} (${channelLabel(r.channel)})` : '—';
}

function info(r, ctx) {
  const loc = r.location || {};
  const b = loc.building;
  const address = loc.address || (b && b.address) || '';
  const rep = r.reporter;
  const ext = r.extension || {};
  return h('section', { class: 'card', 'aria-labelledby': 'info-title' },
    h('h2', { id: 'info-title' }, t('detail.info')),
    r.description ? h('p', { class: 'desc', id: 'detail-desc' }, r.description) : null,
    h('dl', { class: 'facts' },
      pair(t('detail.category'), categoryName(r.category)),
      pair(t('detail.channel'), channelLabel(r.channel)),
      pair(t('detail.priority'), t(`priority.${r.priority}`)),
      pair(t('detail.level'), levelLabel(r.level), r.redo_count ? ` · ${t('detail.redo', { n: r.redo_count })}` : ''),
      b ? pair(t('place.building'), h('span', { id: 'detail-building' }, b.name)) : [],
      address ? pair(t('place.address'), h('span', { id: 'detail-address' }, address)) : [],
      loc.grid ? pair(t('detail.place'), loc.grid.name) : [],
      placePoint(loc) ? pair(t('place.point'), h('span', { id: 'detail-point' }, pointLine(loc, r.title))) : [],
      pair(t('detail.reporter'), rep ? [rep.name, rep.phone ? ` ${rep.phone} ` : '',
        rep.phone && rep.phone.includes('*') ? reporterRevealButton(ctx.me, r.id) : null] : noReporter(r)),
      r.assignee ? pair(t('detail.assignee'), [r.assignee.name, r.assignee.unit ? ` · ${r.assignee.unit.name}` : '']) : [],
      (r.cohandlers || []).length ? pair(t('detail.cohandlers'), h('ul', { class: 'inline-list', id: 'detail-cohandlers' },
        r.cohandlers.map((c) => h('li', {}, c.name, c.lead ? h('span', { class: 'badge lead' }, t('detail.lead')) : null)))) : [],
      ext.state && ext.state !== 'none' ? pair(t('detail.extension'), t(`ext.${ext.state}`),
        ext.amount ? ` · ${t('tl.amount', { amount: ext.amount, unit: t(`unit.${ext.unit}`) })}` : '') : [],
      r.merged_into ? pair(t('state.merged'), h('a', { href: `#request/${r.merged_into}` }, t('detail.merged_into', { id: r.merged_into }))) : []));
}

function resultBlock(r) {
  if (!r.result && !r.rating && !(r.photos || []).some((p) => p.kind === 'result')) return null;
  const rt = r.rating;
  return h('section', { class: 'card', 'aria-labelledby': 'result-title' },
    h('h2', { id: 'result-title' }, t('detail.result')),
    r.result ? h('p', { class: 'desc', id: 'detail-result' }, r.result) : null,
    gallery(r.photos, 'result'),
    rt ? h('p', { id: 'detail-rating' }, h('strong', {}, t('detail.rating')), ' ',
      rt.resolved ? t('detail.rating_yes') : t('detail.rating_no'),
      rt.satisfaction ? ` · ${t('detail.stars', { n: rt.satisfaction })}` : '', rt.comment ? ` · ${rt.comment}` : '') : null);
}

// The words under a timeline event: level change, reason, card, …
function eventDetail(ev) {
  const d = ev.detail || {};
  const bits = [];
  if (ev.old_level && ev.new_level && ev.old_level !== ev.new_level)
    bits.push(t('tl.level', { from: levelLabel(ev.old_level), to: levelLabel(ev.new_level) }));
  if (d.reason_code) bits.push(t('tl.reason', { r: t(`reason.${d.reason_code}`) }));
  if (d.card) bits.push(t('tl.card', { card: cardLabel(d.card), due: fmtTime(d.due) }));
  if (d.amount) bits.push(t('tl.amount', { amount: d.amount, unit: t(`unit.${d.unit}`) }));
  if (Array.isArray(d.departments)) bits.push(t('tl.departments', { n: d.departments.length }));
  if (d.satisfaction) bits.push(t('tl.rating', { n: d.satisfaction }));
  if (d.talent) bits.push(t('tl.talent', { name: d.talent }));
  return bits.join(' · ');
}

function timeline(r) {
  return h('section', { class: 'card', 'aria-labelledby': 'tl-title' },
    h('h2', { id: 'tl-title' }, t('detail.timeline')),
    h('ol', { class: 'timeline', id: 'timeline' }, (r.timeline || []).map((ev) => h('li', { class: `tl-${ev.event}` },
      h('div', { class: 'tl-head' }, h('strong', {}, eventLabel(ev.event)), ' ',
        h('span', { class: 'muted' }, ev.actor ? ev.actor.name : t('detail.system'))),
      eventDetail(ev) ? h('div', { class: 'tl-detail' }, eventDetail(ev)) : null,
      ev.note ? h('div', { class: 'tl-note' }, ev.note) : null,
      h('time', { class: 'muted small', dateTime: ev.at }, fmtTime(ev.at))))));
}

function head(r) {
  return h('header', { class: 'detail-head' },
    h('p', { class: 'row' }, h('span', { class: 'req-number', id: 'detail-number' }, r.number),
      h('span', { id: 'detail-state' }, stateBadge(r.state)), cardBadge(r.card),
      h('span', { class: 'badge level' }, levelLabel(r.level))),
    h('h1', { id: 'detail-title' }, r.title),
    (r.cohandlers || []).length ? h('p', { class: 'head-cohandlers small', id: 'head-cohandlers' }, `${t('detail.cohandlers')}：`,
      r.cohandlers.flatMap((c, i) => [i ? '、' : '', c.name, c.lead ? `（${t('detail.lead')}）` : ''])) : null);
}

// Render request id into el. Returns {reload(), busy(), destroy()}.
export function mountDetail(el, ctx, id) {
  let removeMap = () => {};
  let panel = null;
  let alive = true;
  let notice = null;
  let current = null;
  let draws = 0;

  function draw(r) {
    current = r;
    removeMap();
    notice = null;
    panel = actionPanel(r, (updated) => {
      draw(updated);
      ctx.changed(updated);
      el.scrollTop = 0;        // the pane scrolls on a desk, the page on a phone
      window.scrollTo(0, 0);
    });
    const mapBox = h('div', { class: 'map-wrap' });
    const photos = gallery(r.photos, 'report');
    clear(el).append(h('article', { class: 'detail', id: 'detail', 'data-id': r.id, 'data-state': r.state },
      head(r),
      h('div', { class: 'detail-cols' },
        h('div', { class: 'detail-col' }, panel.el, deadlines(r), info(r, ctx),
          photos ? h('section', { class: 'card' }, h('h2', {}, t('detail.photos')), photos) : null, resultBlock(r)),
        h('div', { class: 'detail-col' },
          h('section', { class: 'card', 'aria-labelledby': 'map-title' }, h('h2', { id: 'map-title' }, t('detail.map')), mapBox),
          timeline(r)))));
    const mine = ++draws;
    requestMap(mapBox, r).then((rm) => { if (alive && mine === draws) removeMap = rm; else rm(); })
      .catch((e) => { mapBox.append(h('p', { class: 'muted small' }, e.message)); });
  }

  async function load() {
    try {
      draw(await api('GET', `/api/v1/requests/${id}`));
    } catch (e) {
      if (e.status !== 404 && e.status !== 422) throw e;
      clear(el).append(h('p', { class: 'card', id: 'detail-missing' }, t('detail.not_found')));
    }
  }

  const sameAs = (r) => current && r.times.updated_at === current.times.updated_at
    && r.timeline.length === current.timeline.length && r.state === current.state;

  // A live change: redraw unless it is what is shown already (the event of
  // one's own action) or a form is open, which is not taken away: a note
  // offers to reload instead.
  async function reload() {
    let r;
    try { r = await api('GET', `/api/v1/requests/${id}`); } catch { return; }
    if (!alive || sameAs(r)) return;
    if (!panel || !panel.isBusy()) { draw(r); return; }
    if (notice) return;
    notice = h('p', { class: 'card changed', role: 'status' }, t('detail.changed'), ' ',
      h('button', { class: 'btn', type: 'button', onclick: load }, t('detail.reload')));
    const d = el.querySelector('.detail-head');
    if (d) d.after(notice);
  }

  el.append(h('p', { class: 'muted' }, t('ui.loading')));
  const ready = load();
  return { ready, reload, destroy: () => { alive = false; removeMap(); } };
}

export function placeholder(el) {
  clear(el).append(h('p', { class: 'detail-empty muted' }, t('detail.pick')));
}
