// admin_categories.js - the request categories and their time limits: the
// eight classes with their sub-categories, each line saying where a
// request starts and how long each level has; choosing one opens its
// editor (names, icon, start level, priority, active, and the accept and
// resolve limit of each of the four levels, in hours or working days),
// saved with PUT /api/v1/categories/{id}. A category may be marked a danger
// to life (燃气泄漏, 火灾 …) with up to three numbers to call, which the
// resident's report shows before anything else. A new sub-category is
// added with POST. The server's 422 names the field (limits[2].resolve is
// the resolve limit of level 2; it refuses limits that shrink) and is
// shown there, in Chinese.

import { api } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h, clear, toast, levelLabel, categoryIcon } from '/common/ui.js';
import { field, makeForm, fieldError } from './forms.js';
import { categoryName } from '/common/categories.js';

addMessages({
  zh: {
    'cat.title': '分类与时限', 'cat.pick': '选择左边的一个分类来修改。', 'cat.edit': '修改：{name}',
    'cat.name': '名称', 'cat.name_en': '英文名称', 'cat.icon': '图标', 'cat.start_level': '起始层级',
    'cat.priority': '紧急程度', 'cat.active': '启用（居民上报时可选）', 'cat.limits': '各层级时限',
    'cat.level': '层级', 'cat.accept': '签收时限', 'cat.resolve': '办结时限', 'cat.amount': '{what}（{level}）数量',
    'cat.unit': '{what}（{level}）单位', 'cat.saved': '已保存：{name}', 'cat.save': '保存修改',
    'cat.starts': '从{level}开始', 'cat.inactive': '已停用', 'cat.limit_short': '{level}：签收 {a}，办结 {r}',
    'cat.add': '新增子分类', 'cat.parent': '所属大类', 'cat.code': '编码', 'cat.code_hint': '大类编码加“.”加小写字母，如 environment.dust',
    'cat.added': '已新增：{name}', 'cat.note': '修改只影响之后提交或转到新层级的诉求，已定的时限不变。',
    'cat.amount_unit': '{n} {unit}', 'cat.accept_short': '签收', 'cat.class': '大类（新子分类的默认值）', 'cat.resolve_short': '办结',
    'cat.danger': '危及生命安全：居民选中时先提示立即拨打求助电话', 'cat.calls': '求助电话（最多 3 个）',
    'cat.call_number': '电话 {i}', 'cat.call_label': '说明 {i}（如 消防、燃气公司）', 'cat.danger_badge': '危险',
    'cat.limits_rule': '办结时限不能短于签收时限；层级越高，时限不能越短（1 个工作日按 24 小时比较）。',
  },
  en: {
    'cat.title': 'Categories and time limits', 'cat.pick': 'Choose a category on the left to edit it.',
    'cat.edit': 'Edit: {name}', 'cat.name': 'Name', 'cat.name_en': 'English name', 'cat.icon': 'Icon',
    'cat.start_level': 'Starts at', 'cat.priority': 'Priority', 'cat.active': 'Active (residents may choose it)',
    'cat.limits': 'Time limits per level', 'cat.level': 'Level', 'cat.accept': 'Accept within',
    'cat.resolve': 'Resolve within', 'cat.amount': '{what} ({level}) amount', 'cat.unit': '{what} ({level}) unit',
    'cat.saved': 'Saved: {name}', 'cat.save': 'Save changes', 'cat.starts': 'starts at {level}',
    'cat.inactive': 'inactive', 'cat.limit_short': '{level}: accept {a}, resolve {r}',
    'cat.add': 'Add a sub-category', 'cat.parent': 'Class', 'cat.code': 'Code',
    'cat.code_hint': 'The class code, a dot and lowercase letters, e.g. environment.dust',
    'cat.added': 'Added: {name}', 'cat.note': 'Changes apply to requests raised or moved to another level afterwards; deadlines already set stay.',
    'cat.amount_unit': '{n} {unit}', 'cat.accept_short': 'accept', 'cat.class': 'class (the defaults of new sub-categories)', 'cat.resolve_short': 'resolve',
    'cat.danger': 'Danger to life: residents choosing it are first told to call for help', 'cat.calls': 'Numbers to call (up to 3)',
    'cat.call_number': 'Number {i}', 'cat.call_label': 'What it reaches {i} (fire service, gas company …)', 'cat.danger_badge': 'danger',
    'cat.limits_rule': 'Resolve may not be shorter than accept, and no level shorter than the one below (a working day counts as 24 hours).',
  },
});

const LEVELS = [1, 2, 3, 4];
const UNITS = ['hours', 'workdays'];
const KINDS = ['accept', 'resolve'];

const limitText = (l) => t('cat.amount_unit', { n: l.amount, unit: t(`unit.${l.unit}`) });
const CALLS_MAX = 3;

// One input with the box the server's 422 for `name` lands in.
function callInput(name, attrs) {
  return h('div', { class: 'field', 'data-field': name }, h('input', attrs), h('p', { class: 'field-error', 'aria-live': 'polite' }));
}

// The danger mark and its numbers to call; value() gives the body's fields.
function dangerBox(c) {
  const danger = h('input', { id: 'cat-danger', type: 'checkbox', checked: !!c.danger });
  const rows = Array.from({ length: CALLS_MAX }, (_, k) => {
    const x = (c.danger_calls || [])[k] || { number: '', label: '' };
    const i = k + 1;
    return [callInput(`danger_calls[${i}].number`, { id: `call-${i}-number`, value: x.number, inputMode: 'tel', maxLength: 20,
      'aria-label': t('cat.call_number', { i }), placeholder: t('cat.call_number', { i }) }),
    callInput(`danger_calls[${i}].label`, { id: `call-${i}-label`, value: x.label, maxLength: 16,
      'aria-label': t('cat.call_label', { i }), placeholder: t('cat.call_label', { i }) })];
  });
  const el = h('fieldset', { class: 'field cat-danger', 'data-field': 'danger_calls' },
    h('legend', {}, t('cat.calls')),
    h('div', { class: 'field', 'data-field': 'danger' }, h('label', { class: 'check', for: 'cat-danger' }, danger, t('cat.danger'))),
    h('div', { class: 'cat-calls' }, rows.flat()), h('p', { class: 'field-error', 'aria-live': 'polite' }));
  const value = () => ({ danger: danger.checked, danger_calls: rows.map(([n, l]) => ({
    number: n.querySelector('input').value.trim(), label: l.querySelector('input').value.trim() }))
    .filter((x) => x.number || x.label) });
  return { el, value };
}

// The limits of c as four small columns: level, accept, resolve.
function summary(c) {
  return h('span', { class: 'cat-limits small' }, (c.limits || []).map((l) => h('span', { class: 'cat-lim',
    title: t('cat.limit_short', { level: levelLabel(l.level), a: limitText(l.accept), r: limitText(l.resolve) }) },
  h('span', { class: 'muted' }, levelLabel(l.level)), h('span', {}, `${t('cat.accept_short')} ${limitText(l.accept)}`),
  h('span', {}, `${t('cat.resolve_short')} ${limitText(l.resolve)}`))));
}

function limitCell(c, level, kind) {
  const l = (c.limits || []).find((x) => x.level === level) || { accept: { amount: 1, unit: 'hours' }, resolve: { amount: 1, unit: 'workdays' } };
  const what = t(`cat.${kind}`);
  const amount = h('input', { type: 'number', id: `lim-${level}-${kind}-amount`, min: 1, inputMode: 'numeric',
    value: String(l[kind].amount), 'aria-label': t('cat.amount', { what, level: levelLabel(level) }) });
  const unit = h('select', { id: `lim-${level}-${kind}-unit`, 'aria-label': t('cat.unit', { what, level: levelLabel(level) }) },
    UNITS.map((u) => h('option', { value: u, selected: u === l[kind].unit }, t(`unit.${u}`))));
  return h('td', { 'data-field': `limits[${level}].${kind}` }, h('div', { class: 'lim' }, amount, unit),
    h('p', { class: 'field-error', 'aria-live': 'polite' }));
}

function editor(c, onSaved) {
  const name = h('input', { id: 'cat-name', value: c.name, maxLength: 32 });
  const nameEn = h('input', { id: 'cat-name_en', value: c.name_en || '', maxLength: 64 });
  const icon = h('input', { id: 'cat-icon', value: c.icon || '', maxLength: 8 });
  const start = h('select', { id: 'cat-start_level' }, LEVELS.map((l) => h('option', { value: String(l), selected: l === c.start_level }, levelLabel(l))));
  const prio = h('select', { id: 'cat-priority' }, [1, 2, 3].map((p) => h('option', { value: String(p), selected: p === c.priority }, t(`priority.${p}`))));
  const active = h('input', { id: 'cat-active', type: 'checkbox', checked: c.active });
  const table = h('div', { class: 'table-wrap', 'data-field': 'limits' }, h('table', { class: 'data limits', id: 'cat-limits' },
    h('caption', {}, t('cat.limits')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('cat.level')), h('th', { scope: 'col' }, t('cat.accept')),
      h('th', { scope: 'col' }, t('cat.resolve')))),
    h('tbody', {}, LEVELS.map((l) => h('tr', {}, h('th', { scope: 'row' }, levelLabel(l)), limitCell(c, l, 'accept'), limitCell(c, l, 'resolve'))))),
  h('p', { class: 'field-error', 'aria-live': 'polite' }));
  const danger = dangerBox(c);
  const num = (id) => Number(table.querySelector(`#${id}`).value);
  const val = (id) => table.querySelector(`#${id}`).value;
  return makeForm({
    id: 'cat-form',
    submitText: t('cat.save'),
    fields: [h('h2', {}, t('cat.edit', { name: categoryName(c) })), h('p', { class: 'muted small' }, c.code),
      h('div', { class: 'grid2' }, field('name', t('cat.name'), name), field('name_en', t('cat.name_en'), nameEn),
        field('icon', t('cat.icon'), icon), field('start_level', t('cat.start_level'), start),
        field('priority', t('cat.priority'), prio),
        h('div', { class: 'field', 'data-field': 'active' }, h('label', { class: 'check', for: active.id }, active, t('cat.active')),
          h('p', { class: 'field-error' }))),
      table, h('p', { class: 'muted small' }, t('cat.limits_rule')), h('p', { class: 'muted small' }, t('cat.note')),
      danger.el],
    onSubmit: async (form) => {
      if (!name.value.trim()) { fieldError(form, 'name', t('form.required')); return; }
      const limits = LEVELS.map((l) => Object.fromEntries(KINDS.map((k) =>
        [k, { amount: num(`lim-${l}-${k}-amount`) || 0, unit: val(`lim-${l}-${k}-unit`) }])));
      const body = { name: name.value.trim(), name_en: nameEn.value.trim(), icon: icon.value.trim(),
        start_level: Number(start.value), priority: Number(prio.value), active: active.checked, limits, ...danger.value() };
      const saved = await api('PUT', `/api/v1/categories/${c.id}`, body);
      toast(t('cat.saved', { name: saved.name }));
      onSaved(saved);
    },
  });
}

function addForm(classes, onAdded) {
  const parent = h('select', { id: 'new-parent_id' }, classes.map((c) => h('option', { value: String(c.id) }, c.name)));
  const code = h('input', { id: 'new-code', maxLength: 64, autocomplete: 'off' });
  const name = h('input', { id: 'new-name', maxLength: 32 });
  const fill = () => { if (!code.value || /^[a-z_]+\.$/.test(code.value)) code.value = `${classes.find((c) => String(c.id) === parent.value).code}.`; };
  parent.addEventListener('change', fill);
  fill();
  return makeForm({
    id: 'cat-add',
    submitText: t('cat.add'),
    fields: [field('parent_id', t('cat.parent'), parent), field('code', t('cat.code'), code, { hint: t('cat.code_hint') }),
      field('name', t('cat.name'), name)],
    onSubmit: async () => {
      const made = await api('POST', '/api/v1/categories', { parent_id: Number(parent.value), code: code.value.trim(), name: name.value.trim() });
      toast(t('cat.added', { name: made.name }));
      onAdded(made);
    },
  });
}

export async function render(el) {
  const listBox = h('div', { class: 'cat-list', id: 'cat-list' });
  const edit = h('div', { class: 'card cat-edit', id: 'cat-edit' }, h('p', { class: 'muted' }, t('cat.pick')));
  let items = [];
  let openId = null;

  const open = (c) => {
    openId = c.id;
    clear(edit).append(editor(c, (saved) => {
      replace(saved);
      open(saved);
      const li = listBox.querySelector(`[data-code="${CSS.escape(saved.code)}"]`);
      li.classList.add('saved');
      li.scrollIntoView({ block: 'nearest' });
    }));
    drawList();
    edit.querySelector('#cat-name').focus({ preventScroll: true });
  };
  const replace = (saved) => {
    for (const cls of items) {
      if (cls.id === saved.id) Object.assign(cls, saved);
      cls.children = (cls.children || []).map((s) => (s.id === saved.id ? saved : s));
    }
  };
  const line = (c) => h('li', { class: `cat-item${c.id === openId ? ' open' : ''}`, 'data-code': c.code },
    h('button', { class: 'cat-btn', type: 'button', id: `cat-${c.code}`, 'aria-current': c.id === openId ? 'true' : null,
      onclick: () => open(c) },
    h('span', { class: 'cat-name' }, categoryIcon(c.code), ' ', categoryName(c),
      c.active ? null : h('span', { class: 'badge state-closed' }, t('cat.inactive')),
      c.danger ? h('span', { class: 'badge sla-overdue' }, t('cat.danger_badge')) : null),
    h('span', { class: 'muted small' }, `${c.code} · ${t('cat.starts', { level: levelLabel(c.start_level) })}`,
      c.parent_id ? '' : ` · ${t('cat.class')}`),
    summary(c)));
  function drawList() {
    clear(listBox).append(...items.map((cls) => h('section', { class: 'cat-class' },
      h('h2', {}, categoryIcon(cls.code), ' ', cls.name), h('ul', { class: 'plain' }, line(cls), ...(cls.children || []).map(line)))));
  }
  async function load() {
    items = (await api('GET', '/api/v1/categories')).items;
    drawList();
  }
  await load();
  el.append(h('h1', {}, t('cat.title')), h('div', { class: 'admin-two' }, listBox,
    h('div', { class: 'stack cat-side' }, edit, h('section', { class: 'card' }, h('h2', {}, t('cat.add')),
      addForm(items, async (made) => { await load(); open(made); })))));
}
