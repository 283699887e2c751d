// newreq.js - 新建诉求: staff raise a request for someone (#new). One form;
// the channels offered are the account's (GET /api/v1/me's
// request_channels, the table POST /api/v1/requests enforces):
//   热线 hotline     the caller's name and phone, the building (pick list)
//   邻长代报 proxy   one of the 邻长's linked households (pick list), at its
//                    building or where the 邻长 stands
//   三听三问 visit,  the point from the phone, or a building
//   隐患排查 inspection
// On a phone this is the 邻长's 代报 page (#new?household=ID comes from a
// household card); at a desk it is the hotline form. Nothing relies on the
// browser's own validation: each check says under its field what is
// missing, and the server's refusals land under the field they name.

import { api } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h, clear, toast, channelLabel, levelLabel } from '/common/ui.js';
import { picker } from '/common/picker.js';
import { locateGrid, pointText } from '/common/place.js';
import { makeTitle, catName, newKey } from '/resident/draft.js';
import { field, choices, makeForm, requireText, fieldError } from './forms.js';
import { loadCategories } from './search.js';

addMessages({
  zh: {
    'new.title': '新建诉求', 'new.title_proxy': '邻长代报', 'new.channel': '渠道',
    'new.caller_name': '来电人姓名', 'new.caller_phone': '来电电话', 'new.caller_phone_hint': '手机或座机，如 13800138000、0731-88888888',
    'new.household': '为哪一户代报', 'new.household_ph': '输入门牌、户主姓名查找', 'new.category': '问题分类',
    'new.pick_category': '请选择分类', 'new.subject': '标题', 'new.subject_hint': '不填就用分类和情况说明的开头',
    'new.text': '情况说明', 'new.place': '位置', 'new.at_household': '这一户所在的楼栋', 'new.at_gps': '用手机定位',
    'new.at_building': '选楼栋', 'new.relocate': '重新定位', 'new.building_ph': '输入楼名查找，如 翠竹小区1栋', 'new.address': '具体位置',
    'new.address_hint': '如 3单元2楼楼道', 'new.locating': '正在定位…', 'new.located': '在 {grid}（{point}）',
    'new.gps_failed': '没能拿到位置：请允许定位，或选楼栋。', 'new.outside': '这个位置不在本街道的网格里。',
    'new.need_household': '请从列表中选一户', 'new.need_building': '请从列表中选一栋楼', 'new.need_point': '请先定位',
    'new.need_category': '请选择问题分类', 'new.send': '提交诉求', 'new.done': '已提交：{number}',
    'new.done_who': '已派给 {who}（{level}）', 'new.open': '打开这件诉求', 'new.another': '再建一件',
    'new.none': '您的角色不能代人提交诉求。', 'new.danger': '危险！请告诉对方立即拨打 {calls} 并离开现场；诉求照常提交。',
  },
  en: {
    'new.title': 'New request', 'new.title_proxy': 'Report for a household', 'new.channel': 'Channel',
    'new.caller_name': 'Caller\'s name', 'new.caller_phone': 'Caller\'s phone', 'new.caller_phone_hint': 'Mobile or landline, e.g. 13800138000, 0731-88888888',
    'new.household': 'Household reported for', 'new.household_ph': 'Type an address or the head\'s name', 'new.category': 'Category',
    'new.pick_category': 'Choose a category', 'new.subject': 'Title', 'new.subject_hint': 'Left empty: the category and the start of the text',
    'new.text': 'What happened', 'new.place': 'Place', 'new.at_household': 'The household\'s building', 'new.at_gps': 'Where my phone is',
    'new.at_building': 'Choose a building', 'new.relocate': 'Locate again', 'new.building_ph': 'Type a building name, e.g. 翠竹小区1栋', 'new.address': 'Exact spot',
    'new.address_hint': 'e.g. entrance 3, floor 2 landing', 'new.locating': 'Finding where you are…', 'new.located': 'In {grid} ({point})',
    'new.gps_failed': 'Could not get the position: allow location, or choose a building.', 'new.outside': 'This spot is outside every grid of the street.',
    'new.need_household': 'Choose a household from the list', 'new.need_building': 'Choose a building from the list', 'new.need_point': 'Find the position first',
    'new.need_category': 'Choose a category', 'new.send': 'Send the request', 'new.done': 'Sent: {number}',
    'new.done_who': 'Sent to {who} ({level})', 'new.open': 'Open this request', 'new.another': 'Raise another',
    'new.none': 'Your roles may not raise a request for someone.', 'new.danger': 'Danger! Tell them to call {calls} now and leave the place; the request still goes in.',
  },
});

// The channels staff raise requests through, in the order offered.
export const STAFF_CHANNELS = ['hotline', 'proxy', 'visit', 'inspection'];
// Where each channel's request may be, the first the default.
const PLACES = { hotline: ['building'], proxy: ['household', 'gps'], visit: ['gps', 'building'],
  inspection: ['gps', 'building'] };
const TITLE_MAX = 60;
const TEXT_MAX = 2000;
const ADDRESS_MAX = 200;
const CALLER_NAME_MAX = 50;
const BUILDINGS_SHOWN = 20;
const GPS = { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 };
// The server's refusals in words, by field (the rest keep the server's message).
const PLACE_FIELDS = ['location', 'lat', 'lon', 'building_id', 'crs'];

// The channels of account me this form offers.
export function staffChannels(me) {
  return STAFF_CHANNELS.filter((c) => (me.request_channels || []).includes(c));
}

const subOf = (cats, code) => cats.flatMap((c) => c.children || []).find((s) => s.code === code);

// The category select, and under it the numbers to call when the one
// chosen is a danger to life (燃气泄漏, 消防隐患 …: the category's own).
function categoryField(cats) {
  const select = h('select', { id: 'new-category' }, h('option', { value: '' }, t('new.pick_category')),
    cats.filter((c) => (c.children || []).some((s) => s.active !== false)).map((c) => h('optgroup', { label: catName(c) },
      c.children.filter((s) => s.active !== false).map((s) => h('option', { value: s.code }, catName(s))))));
  const warn = h('p', { class: 'new-danger hidden', id: 'new-danger', role: 'alert' });
  select.addEventListener('change', () => {
    const cat = subOf(cats, select.value);
    const calls = cat && cat.danger ? cat.danger_calls || [] : [];
    warn.classList.toggle('hidden', !calls.length);
    warn.replaceChildren(h('img', { src: '/common/icons/warning.svg', alt: '', class: 'danger-icon' }),
      t('new.danger', { calls: calls.map((x) => `${x.number} ${x.label}`).join(' / ') }));
  });
  const box = field('category', t('new.category'), select);
  box.insertBefore(warn, box.querySelector('.field-error'));
  return box;
}

// A household of GET /api/v1/leaders/{id}/households as a pick list item.
function householdItem(hh) {
  return { id: hh.id, label: hh.address, hh,
    detail: [hh.head && hh.head.name, hh.building && hh.building.name].filter(Boolean).join(' · ') };
}

function householdPicker(me, onPick) {
  let items = null;
  const search = async (q) => {
    if (!items) {
      const d = await api('GET', `/api/v1/leaders/${me.leader_id}/households`);
      items = d.households.map(householdItem);
    }
    return items.filter((it) => !q || `${it.label} ${it.detail}`.includes(q));
  };
  return picker({ id: 'new-household', placeholder: t('new.household_ph'), search, onPick });
}

function buildingPicker() {
  const search = async (q) => {
    if (!q) return [];
    const r = await api('GET', `/api/v1/org/units?kind=building&limit=${BUILDINGS_SHOWN}&q=${encodeURIComponent(q)}`);
    return r.items.map((b) => ({ id: b.id, label: b.name, detail: b.address || '' }));
  };
  const p = picker({ id: 'new-building', placeholder: t('new.building_ph'), search });
  p.input.setAttribute('aria-label', t('new.at_building'));
  return p;
}

// The "where" block: the ways a channel's request may be placed, and the
// one chosen. Returns {el, where()}: where() is the body's place fields,
// or null after saying under the field what is missing.
function placeBlock(form, channel) {
  const kinds = PLACES[channel];
  const ways = choices('location', t('new.place'), kinds.map((k) => ({ value: k, label: t(`new.at_${k}`) })),
    { value: kinds[0], idPrefix: 'new-place' });
  if (kinds.length === 1) ways.classList.add('single');
  const panel = h('div', { class: 'new-place-panel' });
  const buildings = buildingPicker();
  const status = h('p', { class: 'place-status', id: 'new-gps-status', role: 'status', 'aria-live': 'polite' });
  let point = null;
  const locate = () => {
    point = null;
    status.textContent = t('new.locating');
    if (!navigator.geolocation) { status.textContent = t('new.gps_failed'); return; }
    navigator.geolocation.getCurrentPosition(async (pos) => {
      const p = { lat: pos.coords.latitude, lon: pos.coords.longitude };
      const grid = await locateGrid(p.lat, p.lon).catch(() => null);
      if (!grid) { status.textContent = t('new.outside'); return; }
      point = p;
      status.textContent = t('new.located', { grid: grid.name, point: pointText(p) });
    }, () => { status.textContent = t('new.gps_failed'); }, GPS);
  };
  const kind = () => (ways.querySelector('input:checked') || {}).value;
  const draw = () => {
    const k = kind();
    clear(panel);
    if (k === 'building') panel.append(buildings.el);
    if (k === 'gps') {
      panel.append(status, h('button', { class: 'btn btn-small', type: 'button', id: 'new-locate', onclick: locate }, t('new.relocate')));
      if (!point) locate();
    }
  };
  ways.addEventListener('change', (e) => { if (e.target.type === 'radio') draw(); }); // not the pick list's box
  draw();
  const where = () => {
    const k = kind();
    if (k === 'building' && !buildings.picked()) return fieldError(form, 'location', t('new.need_building')) && null;
    if (k === 'gps' && !point) return fieldError(form, 'location', t('new.need_point')) && null;
    if (k === 'building') return { building_id: buildings.picked().id };
    return k === 'gps' ? { lat: point.lat, lon: point.lon } : {};
  };
  ways.append(panel);
  return { el: ways, where };
}

// What the form asks of each channel, besides the category and the text.
function channelFields(me, channel, preset) {
  if (channel === 'hotline') {
    return { els: [field('caller_name', t('new.caller_name'), h('input', { id: 'new-caller-name', autocomplete: 'off' })),
      field('caller_phone', t('new.caller_phone'), h('input', { id: 'new-caller-phone', type: 'tel', inputMode: 'tel',
        autocomplete: 'off' }), { hint: t('new.caller_phone_hint') })] };
  }
  if (channel !== 'proxy') return { els: [] };
  const households = householdPicker(me, () => {});
  const box = field('household_id', t('new.household'), households.input);
  box.insertBefore(households.el, households.input);
  households.el.prepend(households.input);
  households.refresh().then(() => {
    const b = preset ? box.querySelector(`[data-pick="${preset}"]`) : null;
    if (b) b.click();
  });
  return { els: [box], households };
}

function bodyOf(form, channel, parts, place) {
  const val = (id) => form.querySelector(`#${id}`).value.trim();
  const cat = subOf(parts.cats, val('new-category'));
  const text = val('new-text');
  const b = { channel, category: cat.code, title: val('new-subject') || makeTitle(cat, text), ...place };
  if (text) b.description = text;
  if (val('new-address')) b.address = val('new-address');
  if (channel === 'hotline') Object.assign(b, { caller_name: val('new-caller-name'), caller_phone: val('new-caller-phone') });
  if (channel === 'proxy') b.household_id = parts.households.picked().id;
  return b;
}

// The checks the server would make of the form, in the form's order, said
// under their fields.
function checked(form, channel, parts) {
  const caller = [{ name: 'caller_name', max: CALLER_NAME_MAX }, { name: 'caller_phone' }];
  const texts = [{ name: 'title', max: TITLE_MAX, optional: true }, { name: 'description', max: TEXT_MAX, optional: true }];
  if (channel === 'hotline' && !requireText(form, caller)) return false;
  if (channel === 'proxy' && !parts.households.picked()) return !fieldError(form, 'household_id', t('new.need_household'));
  if (!form.querySelector('#new-category').value) return !fieldError(form, 'category', t('new.need_category'));
  if (!requireText(form, texts)) return false;
  const place = parts.place.where();
  return place && requireText(form, [{ name: 'address', max: ADDRESS_MAX, optional: true }]) ? place : null;
}

function doneCard(el, ctx, r) {
  const who = r.assignee && r.assignee.name ? r.assignee.name : '—';
  clear(el).append(h('section', { class: 'stack new-done', id: 'new-done', role: 'status' },
    h('h2', {}, t('new.done', { number: r.number })),
    h('p', {}, t('new.done_who', { who, level: levelLabel(r.level) })),
    h('div', { class: 'row' }, h('a', { class: 'btn btn-primary', href: `#request/${r.id}`, id: 'new-open' }, t('new.open')),
      h('button', { class: 'btn', type: 'button', id: 'new-another', onclick: () => ctx.go('#new') }, t('new.another')))));
  toast(t('new.done', { number: r.number }));
}

// The server's refusal (in its rule's words, common/rules.js) under its
// field: a place's under the place; 404 and 403 of a field are shown there too.
function refusal(e) {
  if (PLACE_FIELDS.includes(e.field)) e.field = 'location';
  if (e.field && (e.status === 403 || e.status === 404)) e.status = 422;
  return e;
}

function channelForm(card, ctx, channel, cats) {
  const preset = Number(ctx.params.get('household')) || 0;
  const own = channelFields(ctx.me, channel, preset);
  const key = newKey();
  const parts = { cats, households: own.households };
  let form = null;
  const fields = [...own.els,
    categoryField(cats),
    field('title', t('new.subject'), h('input', { id: 'new-subject', autocomplete: 'off' }), { optional: true, hint: t('new.subject_hint') }),
    field('description', t('new.text'), h('textarea', { id: 'new-text', rows: 4 }), { optional: true })];
  form = makeForm({ id: 'new-form', fields, submitText: t('new.send'), onSubmit: async () => {
    const place = checked(form, channel, parts);
    if (!place) return;
    const b = bodyOf(form, channel, parts, place);
    try {
      const r = await api('POST', '/api/v1/requests', b, { headers: { 'Idempotency-Key': key } });
      ctx.changed();
      doneCard(card, ctx, r);
    } catch (e) { throw refusal(e); }
  } });
  // a field being mended loses its error line
  form.addEventListener('input', (e) => {
    const box = e.target.closest('[data-field]');
    if (box) box.querySelector('.field-error').textContent = '';
    e.target.removeAttribute('aria-invalid');
  });
  parts.place = placeBlock(form, channel);
  const buttons = form.querySelector('.form-buttons');
  form.insertBefore(parts.place.el, buttons);
  form.insertBefore(field('address', t('new.address'), h('input', { id: 'new-address', autocomplete: 'off' }),
    { optional: true, hint: t('new.address_hint') }), buttons);
  return form;
}

export async function render(el, ctx) {
  const offered = staffChannels(ctx.me);
  const only = offered.length === 1 ? offered[0] : null;
  ctx.title(only === 'proxy' ? 'new.title_proxy' : 'new.title');
  if (!offered.length) { el.append(h('p', { class: 'muted', id: 'new-none' }, t('new.none'))); return; }
  const cats = await loadCategories();
  const wanted = ctx.params.get('channel');
  let channel = offered.includes(wanted) ? wanted : (ctx.params.get('household') && offered.includes('proxy') ? 'proxy' : offered[0]);
  const box = h('div', { class: 'new-form-box' });
  const pick = choices('channel', t('new.channel'), offered.map((c) => ({ value: c, label: channelLabel(c) })),
    { value: channel, idPrefix: 'new-channel' });
  const card = h('div', { class: 'card new-request', id: 'new-request' },
    h('h2', {}, t(only === 'proxy' ? 'new.title_proxy' : 'new.title')), only ? null : pick, box);
  const draw = () => {
    card.setAttribute('data-channel', channel);
    clear(box).append(channelForm(card, ctx, channel, cats));
  };
  pick.addEventListener('change', () => { channel = pick.querySelector('input:checked').value; draw(); });
  el.append(card);
  draw();
}
