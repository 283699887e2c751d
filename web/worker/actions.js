// actions.js - the moves a request allows its viewer now (the detail's
// `actions` list, decided by the server), each a button that opens a small
// form: accept, return with a reason code, escalate, resolve with result
// photos, extension asked / approved / refused, co-handlers, supervise,
// merge, reject, redo, remind, reassign, and a supervisor's follow-up
// rating. The form posts to /api/v1/requests/{id}/{action}; the server's
// 422 lands under the field it names, a 409 shows its message.

import { api } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h, clear, toast, levelLabel, confirmFinal } from '/common/ui.js';
import { field, choices, checkedValues, makeForm, requireText, fieldError } from './forms.js';
import { photoPicker, uploadResult, PHOTOS_MAX } from './photos.js';
import { mergePicker } from './merge.js';

addMessages({
  zh: {
    'act.title': '办理', 'act.none': '您现在对这件诉求没有可做的操作。',
    'act.accept': '签收', 'act.return': '退单', 'act.escalate': '上报', 'act.resolve': '办结',
    'act.extend': '申请延期', 'act.approve_extension': '批准延期', 'act.refuse_extension': '驳回延期',
    'act.supervise': '督办', 'act.reject': '不予受理', 'act.merge': '合并', 'act.redo': '重办',
    'act.remind': '催办', 'act.reassign': '改派', 'act.cohandlers': '联办部门', 'act.rate': '回访评价',
    'act.done': '已{act}', 'act.confirm': '确认{act}',
    'f.note': '备注', 'f.reason': '理由', 'f.reason_code': '退单原因', 'f.result': '办理结果',
    'f.result_hint': '写清楚做了什么、结果如何，居民会看到。', 'f.result_photos': '办结照片',
    'f.limit': '延长时间', 'f.amount': '数量', 'f.unit': '单位', 'unit.hours': '小时', 'unit.workdays': '工作日',
    'f.card': '督办级别', 'f.due': '督办期限', 'f.level': '改派到', 'f.level_keep': '保持当前层级',
    'f.departments': '联办部门（1–8 个）', 'f.lead': '牵头部门', 'f.lead_hint': '从勾选的部门中选一个牵头',
    'f.resolved': '问题解决了吗', 'f.yes': '解决了', 'f.no': '没解决', 'f.satisfaction': '满意度',
    'f.stars': '{n} 星', 'f.comment': '回访记录',
    'reason.wrong_area': '属地不符', 'reason.unclear_ownership': '权属不清',
    'reason.overlapping_remit': '职能交叉', 'reason.other': '其他',
    'act.note_needed': '选择“其他”时请写明原因', 'act.pick_lead': '请选一个牵头部门',
    'act.pick_dept': '请至少勾选一个部门', 'act.pending_ext': '申请延长 {amount} {unit}',
    'act.card_lower': '督办只能升级，不能降级', 'act.photos_failed': '照片没有传上去：{msg}',
    'act.q.title': '{act}：{title}', 'act.q.reject': '诉求将以“不予受理”结束，居民会收到理由，不能再办理或恢复。',
    'act.q.merge': '本件将并入所选诉求并就此结束，不能再拆开。',
  },
  en: {
    'act.title': 'Handle', 'act.none': 'There is nothing you can do with this request now.',
    'act.accept': 'Accept', 'act.return': 'Return', 'act.escalate': 'Escalate', 'act.resolve': 'Resolve',
    'act.extend': 'Ask for more time', 'act.approve_extension': 'Approve extension',
    'act.refuse_extension': 'Refuse extension', 'act.supervise': 'Supervise', 'act.reject': 'Reject',
    'act.merge': 'Merge', 'act.redo': 'Redo', 'act.remind': 'Remind', 'act.reassign': 'Reassign',
    'act.cohandlers': 'Co-handlers', 'act.rate': 'Follow-up rating',
    'act.done': 'Done: {act}', 'act.confirm': 'Confirm: {act}',
    'f.note': 'Note', 'f.reason': 'Reason', 'f.reason_code': 'Why it is returned', 'f.result': 'Result',
    'f.result_hint': 'Say what was done and how it ended; the resident will read it.',
    'f.result_photos': 'Result photos', 'f.limit': 'Extra time', 'f.amount': 'Amount', 'f.unit': 'Unit',
    'unit.hours': 'hours', 'unit.workdays': 'working days', 'f.card': 'Card', 'f.due': 'Deadline',
    'f.level': 'Send to', 'f.level_keep': 'Keep the current level',
    'f.departments': 'Departments (1–8)', 'f.lead': 'Lead department',
    'f.lead_hint': 'One of the ticked departments leads', 'f.resolved': 'Was it solved?',
    'f.yes': 'Solved', 'f.no': 'Not solved', 'f.satisfaction': 'Satisfaction', 'f.stars': '{n} stars',
    'f.comment': 'Follow-up notes',
    'reason.wrong_area': 'Not our area', 'reason.unclear_ownership': 'Ownership unclear',
    'reason.overlapping_remit': 'Overlapping remit', 'reason.other': 'Other',
    'act.note_needed': 'Please say why when choosing “Other”', 'act.pick_lead': 'Please pick a lead department',
    'act.pick_dept': 'Please tick at least one department', 'act.pending_ext': 'Asks for {amount} more {unit}',
    'act.card_lower': 'A card may be raised, never lowered', 'act.photos_failed': 'The photos did not upload: {msg}',
    'act.q.title': '{act}: {title}', 'act.q.reject': 'the request ends as rejected; the resident is told why, and it cannot be handled or brought back.',
    'act.q.merge': 'this request is folded into the chosen one and ends here; it cannot be split off again.',
  },
});

const NOTE_MAX = 500;
const RESULT_MAX = 2000;
const SUPERVISE_DAYS_DEFAULT = 2;
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const ORDER = ['accept', 'resolve', 'extend', 'escalate', 'return', 'cohandlers', 'reassign', 'merge',
  'approve_extension', 'refuse_extension', 'supervise', 'remind', 'rate', 'redo', 'reject'];
const DANGER = ['return', 'reject', 'refuse_extension'];
// Moves that end the request for good: asked once more before they are sent.
const FINAL = ['reject', 'merge'];
const CARDS = ['normal', 'yellow', 'red'];
const REASONS = ['wrong_area', 'unclear_ownership', 'overlapping_remit', 'other'];

const fid = (act, name) => `f-${act}-${name}`;

function textArea(act, name, max, rows = 3) {
  return h('textarea', { id: fid(act, name), name, maxLength: max, rows });
}

function textField(act, name, label, max, opts = {}) {
  return field(name, label, textArea(act, name, max, opts.rows), opts);
}

function value(form, act, name) {
  return form.querySelector(`#${fid(act, name)}`).value.trim();
}

// "2026-11-25T15:30" in Asia/Shanghai, for a datetime-local input.
function shanghaiLocal(ms) {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}

let departments = null;
function loadDepartments() {
  if (!departments) departments = api('GET', '/api/v1/org/units?kind=department&limit=500').then((r) => r.items);
  return departments;
}

// ---- one builder per action: {fields, body(form) → JSON | null, before?} ----

const simpleNote = (act) => () => ({
  fields: [textField(act, 'note', t('f.note'), NOTE_MAX, { optional: true })],
  body: (form) => (requireText(form, [{ name: 'note', max: NOTE_MAX, optional: true }])
    ? { ...(value(form, act, 'note') ? { note: value(form, act, 'note') } : {}) } : null),
});

const needReason = (act, optional = false) => () => ({
  fields: [textField(act, 'reason', t('f.reason'), NOTE_MAX, { optional })],
  body: (form) => (requireText(form, [{ name: 'reason', max: NOTE_MAX, optional }])
    ? (value(form, act, 'reason') ? { reason: value(form, act, 'reason') } : {}) : null),
});

const builders = {
  accept: simpleNote('accept'),
  remind: simpleNote('remind'),
  escalate: needReason('escalate'),
  reject: needReason('reject'),
  redo: needReason('redo'),
  approve_extension: needReason('approve_extension', true),
  refuse_extension: needReason('refuse_extension', true),

  return: () => ({
    fields: [choices('reason_code', t('f.reason_code'), REASONS.map((v) => ({ value: v, label: t(`reason.${v}`) })),
      { value: 'wrong_area', idPrefix: fid('return', 'reason_code') }),
    textField('return', 'note', t('f.note'), NOTE_MAX, { optional: true })],
    body: (form) => {
      const code = checkedValues(form, 'reason_code')[0];
      const note = value(form, 'return', 'note');
      if (code === 'other' && !note) { fieldError(form, 'note', t('act.note_needed')); return null; }
      if (!requireText(form, [{ name: 'note', max: NOTE_MAX, optional: true }])) return null;
      return note ? { reason_code: code, note } : { reason_code: code };
    },
  }),

  resolve: (r) => {
    const pick = photoPicker(fid('resolve', 'photo'));
    return {
      fields: [textField('resolve', 'result', t('f.result'), RESULT_MAX, { hint: t('f.result_hint'), rows: 4 }),
        h('div', { class: 'field', 'data-field': 'photo' },
          h('label', { for: pick.input.id }, t('f.result_photos'), h('span', { class: 'muted' }, ` ${t('form.optional')}`)),
          pick.input, pick.note, h('p', { class: 'field-error', 'aria-live': 'polite' }))],
      body: (form) => {
        if (!requireText(form, [{ name: 'result', max: RESULT_MAX }])) return null;
        if (pick.input.files.length > PHOTOS_MAX) { fieldError(form, 'photo', t('photos.max', { n: PHOTOS_MAX })); return null; }
        return { result: value(form, 'resolve', 'result') };
      },
      // the photos go up first: if they are refused, nothing is resolved
      before: async (form) => {
        try {
          await uploadResult(r.id, [...pick.input.files]);
        } catch (e) {
          if (e.status === undefined) throw e;
          const err = new Error(t('act.photos_failed', { msg: e.message }));
          Object.assign(err, { status: 422, field: 'photo' });
          throw err;
        }
      },
    };
  },

  extend: () => {
    const amount = h('input', { id: fid('extend', 'amount'), type: 'number', inputMode: 'numeric', min: 1, value: '24' });
    const unit = h('select', { id: fid('extend', 'unit') },
      ['hours', 'workdays'].map((u) => h('option', { value: u }, t(`unit.${u}`))));
    return {
      fields: [textField('extend', 'reason', t('f.reason'), NOTE_MAX),
        h('fieldset', { class: 'field', 'data-field': 'limit' }, h('legend', {}, t('f.limit')),
          h('div', { class: 'row' },
            h('label', { class: 'inline', for: amount.id }, t('f.amount')), amount,
            h('label', { class: 'inline', for: unit.id }, t('f.unit')), unit),
          h('p', { class: 'field-error', 'aria-live': 'polite' }))],
      body: (form) => (requireText(form, [{ name: 'reason', max: NOTE_MAX }])
        ? { reason: value(form, 'extend', 'reason'), limit: { amount: Number(amount.value) || 0, unit: unit.value } }
        : null),
    };
  },

  supervise: (r) => {
    const lowest = Math.max(0, CARDS.indexOf(r.card));
    const due = h('input', { id: fid('supervise', 'due'), type: 'datetime-local',
      value: shanghaiLocal(Date.now() + SUPERVISE_DAYS_DEFAULT * 86400000) });
    const cards = choices('card', t('f.card'), CARDS.map((c) => ({ value: c, label: t(`card.${c}`) })),
      { value: CARDS[lowest], idPrefix: fid('supervise', 'card') });
    CARDS.forEach((c, i) => { if (i < lowest) cards.querySelector(`input[value="${c}"]`).disabled = true; });
    return {
      fields: [cards, lowest > 0 ? h('p', { class: 'muted small' }, t('act.card_lower')) : null,
        field('due', t('f.due'), due), textField('supervise', 'note', t('f.note'), NOTE_MAX, { optional: true })],
      body: (form) => {
        if (!due.value) { fieldError(form, 'due', t('form.required')); return null; }
        if (!requireText(form, [{ name: 'note', max: NOTE_MAX, optional: true }])) return null;
        const note = value(form, 'supervise', 'note');
        return { card: checkedValues(form, 'card')[0], due: `${due.value}:00+08:00`, ...(note ? { note } : {}) };
      },
    };
  },

  reassign: (r) => {
    const sel = h('select', { id: fid('reassign', 'level') }, h('option', { value: '0' }, t('f.level_keep')),
      [1, 2, 3, 4].map((l) => h('option', { value: String(l), selected: l === r.level }, levelLabel(l))));
    return {
      fields: [field('level', t('f.level'), sel), textField('reassign', 'note', t('f.note'), NOTE_MAX, { optional: true })],
      body: (form) => {
        if (!requireText(form, [{ name: 'note', max: NOTE_MAX, optional: true }])) return null;
        const note = value(form, 'reassign', 'note');
        return { ...(Number(sel.value) ? { level: Number(sel.value) } : {}), ...(note ? { note } : {}) };
      },
    };
  },

  merge: (r) => {
    const picker = mergePicker(r, fid('merge', 'into'));
    return {
      fields: [picker.el, textField('merge', 'note', t('f.note'), NOTE_MAX, { optional: true })],
      body: (form) => {
        const into = picker.value();
        if (!into) { fieldError(form, 'merge_into', t('merge.pick')); return null; }
        if (!requireText(form, [{ name: 'note', max: NOTE_MAX, optional: true }])) return null;
        const note = value(form, 'merge', 'note');
        return { merge_into: into, ...(note ? { note } : {}) };
      },
    };
  },

  cohandlers: (r) => {
    const depBox = h('div', { class: 'dep-box' }, h('p', { class: 'muted' }, t('ui.loading')));
    const leadBox = h('div', { class: 'lead-box' });
    const current = new Map((r.cohandlers || []).map((c) => [c.unit_id, c.lead]));
    loadDepartments().then((deps) => {
      const group = choices('departments', t('f.departments'), deps.map((d) => ({ value: d.id, label: d.name })),
        { type: 'checkbox', value: [...current.keys()], idPrefix: fid('cohandlers', 'dep') });
      const redrawLead = () => {
        const ticked = checkedValues(group.parentNode, 'departments').map(Number);
        const was = leadBox.firstChild ? checkedValues(leadBox, 'lead').map(Number)[0] : undefined;
        const lead = ticked.includes(was) ? was : ticked.find((id) => current.get(id)) || ticked[0];
        clear(leadBox).append(choices('lead', t('f.lead'), deps.filter((d) => ticked.includes(d.id))
          .map((d) => ({ value: d.id, label: d.name })), { value: lead, idPrefix: fid('cohandlers', 'lead') }),
        h('p', { class: 'hint muted' }, t('f.lead_hint')));
      };
      group.addEventListener('change', redrawLead);
      clear(depBox).append(group);
      redrawLead();
    }).catch((e) => { depBox.textContent = e.message; });
    return {
      fields: [depBox, leadBox],
      body: (form) => {
        const depts = checkedValues(form, 'departments').map(Number);
        if (!depts.length) { fieldError(form, 'departments', t('act.pick_dept')); return null; }
        const lead = checkedValues(form, 'lead').map(Number)[0];
        if (!lead) { fieldError(form, 'lead', t('act.pick_lead')); return null; }
        return { departments: depts, lead };
      },
    };
  },

  rate: () => ({
    fields: [choices('resolved', t('f.resolved'), [{ value: 'yes', label: t('f.yes') }, { value: 'no', label: t('f.no') }],
      { value: 'yes', idPrefix: fid('rate', 'resolved') }),
    choices('satisfaction', t('f.satisfaction'), [5, 4, 3, 2, 1].map((n) => ({ value: n, label: t('f.stars', { n }) })),
      { value: 5, idPrefix: fid('rate', 'satisfaction') }),
    textField('rate', 'comment', t('f.comment'), NOTE_MAX, { optional: true })],
    body: (form) => {
      if (!requireText(form, [{ name: 'comment', max: NOTE_MAX, optional: true }])) return null;
      const comment = value(form, 'rate', 'comment');
      return { resolved: checkedValues(form, 'resolved')[0] === 'yes',
        satisfaction: Number(checkedValues(form, 'satisfaction')[0]), ...(comment ? { comment } : {}) };
    },
  }),
};

function actionForm(r, act, onDone, onCancel) {
  const spec = builders[act](r);
  const pending = act.endsWith('_extension') && r.extension && r.extension.amount
    ? h('p', { class: 'card-note' }, t('act.pending_ext', { amount: r.extension.amount, unit: t(`unit.${r.extension.unit}`) }))
    : null;
  return makeForm({
    id: `form-${act}`,
    fields: [pending, ...spec.fields],
    submitText: t('act.confirm', { act: t(`act.${act}`) }),
    danger: DANGER.includes(act),
    onCancel,
    onSubmit: async (form) => {
      const body = spec.body(form);
      if (!body) return;
      if (FINAL.includes(act) && !(await confirmFinal({ title: t('act.q.title', { act: t(`act.${act}`), title: r.title }),
        what: t(`act.q.${act}`), okText: t('act.confirm', { act: t(`act.${act}`) }) }))) return;
      if (spec.before) await spec.before(form);
      const updated = await api('POST', `/api/v1/requests/${r.id}/${act}`, body);
      toast(t('act.done', { act: t(`act.${act}`) }));
      onDone(updated);
    },
  });
}

// The action bar of request r and the box its forms open in. onDone
// (updated request) after a move; isBusy() says whether a form is open.
export function actionPanel(r, onDone) {
  const acts = ORDER.filter((a) => (r.actions || []).includes(a) && builders[a]);
  const box = h('div', { class: 'act-form', id: 'act-form' });
  let open = null;
  const bar = h('div', { class: 'act-bar', id: 'act-bar' });
  const close = () => { open = null; clear(box); paint(); };
  function paint() {
    clear(bar).append(...acts.map((a, i) => h('button', {
      class: `btn act-btn${i === 0 ? ' btn-primary' : ''}${DANGER.includes(a) ? ' btn-danger' : ''}`,
      type: 'button', id: `act-${a}`, 'data-action': a, 'aria-expanded': open === a ? 'true' : 'false',
      'aria-controls': 'act-form',
      onclick: () => {
        if (open === a) { close(); return; }
        open = a;
        clear(box).append(h('h3', {}, t(`act.${a}`)), actionForm(r, a, onDone, close));
        paint();
        const first = box.querySelector('input:not([disabled]), textarea, select');
        if (first) first.focus();
        box.scrollIntoView({ block: 'nearest' });
      } }, t(`act.${a}`))));
  }
  paint();
  return {
    el: h('section', { class: 'card act-panel', 'aria-labelledby': 'act-title' },
      h('h2', { id: 'act-title' }, t('act.title')),
      acts.length ? bar : h('p', { class: 'muted', id: 'act-none' }, t('act.none')), box),
    isBusy: () => open !== null,
  };
}
