// admin_calendar.js - the working-day calendar of one year as twelve month
// grids (weeks from Monday): public holidays, weekend days that are worked
// (调休) and ordinary weekends each have their colour and their word, so
// colour is never the only sign. Choosing a day opens its editor: make it
// a holiday or a worked day with a name (PUT /api/v1/calendar/{day}) or let
// it follow the weekday rule again (DELETE). Every admin page warns while
// next year has no public holidays entered (nextYearWarning): Fengqiao
// never makes holiday dates up; they come from the State Council's notice.

import { api } from '/common/api.js';
import { t, addMessages, lang } from '/common/i18n.js';
import { h, clear, toast } from '/common/ui.js';
import { field, choices, checkedValues, makeForm } from './forms.js';

addMessages({
  zh: {
    'cal.title': '工作日历', 'cal.year': '{year} 年', 'cal.prev': '上一年', 'cal.next': '下一年',
    'cal.holiday': '节假日', 'cal.workday': '调休上班', 'cal.weekend': '周末', 'cal.normal': '工作日',
    'cal.legend': '图例', 'cal.pick': '点一天来修改。', 'cal.edit': '修改 {day}（{weekday}）',
    'cal.kind': '这一天', 'cal.rule': '按周一至周五的规则', 'cal.name': '名称（如 春节）', 'cal.save': '保存',
    'cal.saved': '{day} 已保存', 'cal.removed': '{day} 已恢复为按规则', 'cal.count': '本年 {h} 天节假日，{w} 天调休上班',
    'cal.note': '以工作日计的时限按修改时的日历计算；已定的时限不变。',
    'wd.0': '日', 'wd.1': '一', 'wd.2': '二', 'wd.3': '三', 'wd.4': '四', 'wd.5': '五', 'wd.6': '六',
    'wdl.0': '星期日', 'wdl.1': '星期一', 'wdl.2': '星期二', 'wdl.3': '星期三', 'wdl.4': '星期四', 'wdl.5': '星期五', 'wdl.6': '星期六',
    'month': '{m} 月',
    'cal.warn': '{year} 年的节假日还没有录入。', 'cal.warn_more': '枫桥不会自行编造放假日期：请在国务院办公厅发布 {year} 年部分节假日安排的通知后，按通知在工作日历中录入节假日和调休上班日。录入之前，以工作日计的时限只跳过周末。',
    'cal.warn_go': '去录入 {year} 年',
  },
  en: {
    'cal.title': 'Working-day calendar', 'cal.year': '{year}', 'cal.prev': 'Previous year', 'cal.next': 'Next year',
    'cal.holiday': 'Holiday', 'cal.workday': 'Worked weekend', 'cal.weekend': 'Weekend', 'cal.normal': 'Working day',
    'cal.legend': 'Legend', 'cal.pick': 'Choose a day to change it.', 'cal.edit': 'Change {day} ({weekday})',
    'cal.kind': 'This day is', 'cal.rule': 'As the Monday–Friday rule says', 'cal.name': 'Name (e.g. Spring Festival)',
    'cal.save': 'Save', 'cal.saved': '{day} saved', 'cal.removed': '{day} follows the rule again',
    'cal.count': '{h} holidays and {w} worked weekend days this year',
    'cal.note': 'Limits in working days are counted with the calendar as it is when they are set; deadlines already set stay.',
    'wd.0': 'Su', 'wd.1': 'Mo', 'wd.2': 'Tu', 'wd.3': 'We', 'wd.4': 'Th', 'wd.5': 'Fr', 'wd.6': 'Sa',
    'wdl.0': 'Sunday', 'wdl.1': 'Monday', 'wdl.2': 'Tuesday', 'wdl.3': 'Wednesday', 'wdl.4': 'Thursday', 'wdl.5': 'Friday', 'wdl.6': 'Saturday',
    'month': 'Month {m}',
    'cal.warn': 'No public holidays are entered for {year}.', 'cal.warn_more': 'Fengqiao never makes holiday dates up: once the State Council publishes its notice on the {year} holidays, enter its holidays and worked weekend days here. Until then, limits in working days skip weekends only.',
    'cal.warn_go': 'Enter {year}',
  },
});

const WEEK = [1, 2, 3, 4, 5, 6, 0];     // Monday first
const shanghaiYear = () => new Date(Date.now() + 8 * 3600 * 1000).getUTCFullYear();
const NAME_MAX = 32;
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (n) => String(n).padStart(2, '0');
const dayKey = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
const weekday = (y, m, d) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

// The kind of day: holiday, workday (a worked weekend), weekend or normal.
function kindOf(over, wd) {
  if (over) return over.kind;
  return wd === 0 || wd === 6 ? 'weekend' : 'normal';
}

function monthTable(y, m, overrides, onPick) {
  const cells = [];
  const lead = WEEK.indexOf(weekday(y, m, 1));
  for (let i = 0; i < lead; i++) cells.push(h('td', { class: 'pad' }));
  for (let d = 1; d <= daysIn(y, m); d++) {
    const key = dayKey(y, m, d);
    const wd = weekday(y, m, d);
    const over = overrides.get(key);
    const kind = kindOf(over, wd);
    const label = [key, t(`wdl.${wd}`), t(`cal.${kind}`), over && over.name].filter(Boolean).join(' ');
    cells.push(h('td', { class: `day ${kind}` }, h('button', { type: 'button', class: 'day-btn', id: `day-${key}`,
      'data-kind': kind, 'aria-label': label, title: label, onclick: () => onPick(key, wd, over) },
    h('span', { class: 'day-n' }, String(d)),
    kind === 'holiday' ? h('span', { class: 'day-tag', 'aria-hidden': 'true' }, lang() === 'zh' ? '休' : 'off') : null,
    kind === 'workday' ? h('span', { class: 'day-tag', 'aria-hidden': 'true' }, lang() === 'zh' ? '班' : 'work') : null)));
  }
  while (cells.length % 7) cells.push(h('td', { class: 'pad' }));
  const rows = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(h('tr', {}, cells.slice(i, i + 7)));
  const title = lang() === 'zh' ? t('month', { m }) : MONTHS_EN[m - 1];
  return h('table', { class: 'month', id: `month-${m}` }, h('caption', {}, title),
    h('thead', {}, h('tr', {}, WEEK.map((w) => h('th', { scope: 'col', abbr: t(`wdl.${w}`) }, t(`wd.${w}`))))),
    h('tbody', {}, rows));
}

function dayEditor(key, wd, over, onDone) {
  const name = h('input', { id: 'cal-name', maxLength: NAME_MAX, value: over ? over.name || '' : '' });
  const kinds = choices('kind', t('cal.kind'), [{ value: 'holiday', label: t('cal.holiday') },
    { value: 'workday', label: t('cal.workday') }, { value: 'rule', label: t('cal.rule') }],
  { value: over ? over.kind : 'rule', idPrefix: 'cal-kind' });
  return makeForm({
    id: 'cal-form',
    submitText: t('cal.save'),
    fields: [h('h2', {}, t('cal.edit', { day: key, weekday: t(`wdl.${wd}`) })), kinds, field('name', t('cal.name'), name)],
    onSubmit: async (form) => {
      const kind = checkedValues(form, 'kind')[0];
      if (kind === 'rule') {
        if (over) await api('DELETE', `/api/v1/calendar/${key}`);
        toast(t('cal.removed', { day: key }));
      } else {
        await api('PUT', `/api/v1/calendar/${key}`, { kind, name: name.value.trim() });
        toast(t('cal.saved', { day: key }));
      }
      onDone();
    },
  });
}

export async function render(el, ctx) {
  const thisYear = shanghaiYear();
  const year = Number(ctx.params.get('year')) || thisYear;
  const months = h('div', { class: 'months', id: 'cal-months' });
  const side = h('div', { class: 'card cal-side', id: 'cal-edit' }, h('p', { class: 'muted' }, t('cal.pick')));
  const count = h('p', { class: 'muted', id: 'cal-count' });

  // Draw the year; reopen: the day whose editor stays open (fresh values).
  async function load(reopen) {
    const r = await api('GET', `/api/v1/calendar?year=${year}`);
    const overrides = new Map(r.items.map((i) => [i.day, i]));
    const pick = (key, wd, over) => {
      clear(side).append(dayEditor(key, wd, over, () => load(key)));
      side.querySelector('input:checked, input').focus();
    };
    clear(months).append(...Array.from({ length: 12 }, (_, i) => monthTable(year, i + 1, overrides, pick)));
    count.textContent = t('cal.count', { h: r.items.filter((i) => i.kind === 'holiday').length,
      w: r.items.filter((i) => i.kind === 'workday').length });
    if (reopen) {
      const [y, m, d] = reopen.split('-').map(Number);
      pick(reopen, weekday(y, m, d), overrides.get(reopen));
    } else clear(side).append(h('p', { class: 'muted' }, t('cal.pick')));
  }

  const legend = h('ul', { class: 'legend', 'aria-label': t('cal.legend') }, ['holiday', 'workday', 'weekend', 'normal'].map((k) =>
    h('li', {}, h('span', { class: `swatch ${k}`, 'aria-hidden': 'true' }), t(`cal.${k}`))));
  el.append(h('div', { class: 'row cal-head' }, h('h1', {}, t('cal.title')),
    h('a', { class: 'btn', href: `#admin/calendar?year=${year - 1}`, id: 'cal-prev' }, '‹ ', t('cal.prev')),
    h('strong', { class: 'cal-year', id: 'cal-year' }, t('cal.year', { year })),
    h('a', { class: 'btn', href: `#admin/calendar?year=${year + 1}`, id: 'cal-next' }, t('cal.next'), ' ›')),
  legend, count, h('p', { class: 'muted small' }, t('cal.note')),
  h('div', { class: 'cal-layout' }, months, side));
  await load(null);
}

// A warning while next year (in Asia/Shanghai) has no public holiday in
// the calendar, filled in once the calendar has been read; empty (and
// hidden) when it has some or the read fails.
export function nextYearWarning() {
  const year = shanghaiYear() + 1;
  const box = h('div', { class: 'cal-warning hidden', id: 'cal-warning', role: 'status' });
  api('GET', `/api/v1/calendar?year=${year}`).then((r) => {
    if (r.items.some((d) => d.kind === 'holiday')) return;
    box.append(h('strong', {}, t('cal.warn', { year })), ' ', t('cal.warn_more', { year }), ' ',
      h('a', { href: `#admin/calendar?year=${year}`, id: 'cal-warning-go' }, t('cal.warn_go', { year })));
    box.classList.remove('hidden');
  }).catch(() => {});
  return box;
}
