// admin_data.js - data in and out. Requests go out as CSV or Excel through
// GET /api/v1/requests/export with the filters chosen here (the search
// screen offers the same for its results). Units, households, people and
// leaders come in with the `fengqiao import` command on the server, not
// through the browser: this screen shows the commands, the order, and the
// columns of each CSV file, as docs/import.md gives them.

import { t, addMessages, lang } from '/common/i18n.js';
import { h, stateLabel, channelLabel } from '/common/ui.js';
import { loadCategories } from './search.js';
import { categoryName } from '/common/categories.js';

addMessages({
  zh: {
    'data.title': '导入导出', 'data.export': '导出诉求', 'data.export_hint': '按下面的条件导出（最多 10 万条；超过时请缩小日期范围）。查询页的导出按钮使用查询条件。',
    'data.from': '创建日期从', 'data.to': '到', 'data.state': '状态', 'data.category': '分类', 'data.channel': '渠道',
    'data.any': '不限', 'data.csv': '下载 CSV', 'data.xlsx': '下载 Excel', 'data.import': '导入组织、住户、人员和邻长',
    'data.import_hint': '导入在服务器上用命令完成，全部成功才写入（有一行出错就什么都不写，并列出每个问题的行号和列号）。先加 --dry-run 检查。按这个顺序导入：',
    'data.columns': '列（表头可用中文或英文，顺序不限；* 为必填）', 'data.example': '示例',
    'data.encoding': '文件：Excel 或 WPS 导出的 CSV，UTF-8（可带 BOM）或 GBK 都可以。',
    'data.org_export': '导出组织、住户、人员（与导入的列相同，号码默认打码）：',
  },
  en: {
    'data.title': 'Import and export', 'data.export': 'Export requests',
    'data.export_hint': 'Exports with the filters below (at most 100,000 rows; narrow the dates past that). The search screen exports its own results.',
    'data.from': 'Raised from', 'data.to': 'to', 'data.state': 'State', 'data.category': 'Category', 'data.channel': 'Channel',
    'data.any': 'Any', 'data.csv': 'Download CSV', 'data.xlsx': 'Download Excel', 'data.import': 'Import units, households, people and leaders',
    'data.import_hint': 'Imports run on the server with a command, all or nothing (one bad row writes nothing and every problem is listed with its line and column). Check with --dry-run first. Import in this order:',
    'data.columns': 'Columns (Chinese or English headers, any order; * required)', 'data.example': 'Example',
    'data.encoding': 'Files: CSV as Excel or WPS save it, UTF-8 (with or without BOM) or GBK.',
    'data.org_export': 'Export units, households, people (the same columns as the import; numbers masked unless asked):',
  },
});

const STATES = ['submitted', 'dispatched', 'accepted', 'resolved', 'closed', 'returned', 'rejected', 'merged'];
const CHANNELS = ['self', 'proxy', 'hotline', 'visit', 'inspection', 'open311'];

// The four import files (docs/import.md): command, columns, one example.
const IMPORTS = [
  { kind: 'units', zh: '组织机构', en: 'Units',
    cols: ['编码 code*', '名称 name*', '类型 kind* (街道/社区/村/网格/楼栋/部门)', '上级编码 parent (除街道外必填)', '边界 boundary (网格必填, GeoJSON)', '地址 address', '纬度 lat', '经度 lon'],
    example: '编码,名称,类型,上级编码,边界,地址,纬度,经度\n430181009001,东湖社区,社区,430181009,,,,\n430181009001001-01,东湖花园1栋,楼栋,430181009001001,,东湖路8号东湖花园1栋,28.105,113.705' },
  { kind: 'households', zh: '住户', en: 'Households',
    cols: ['户编码 household_code*', '楼栋编码 building_code*', '单元 entrance', '楼层 floor', '房号 room', '地址 address*'],
    example: '户编码,楼栋编码,单元,楼层,房号,地址\nH-DH-1-101,430181009001001-01,1,1,101,东湖路8号东湖花园1栋1单元101室' },
  { kind: 'people', zh: '人员', en: 'People',
    cols: ['姓名 name*', '身份证号 id_number*', '手机号 phone', '户编码 household_code*', '与户主关系 relation', '性别 gender'],
    example: '姓名,身份证号,手机号,户编码,与户主关系,性别\n张伟,430181197503120131,13812345678,H-DH-1-101,户主,男' },
  { kind: 'leaders', zh: '邻长、楼栋长、单元长', en: 'Leaders',
    cols: ['身份证号 id_number*', '类型 kind* (邻长/楼栋长/单元长)', '所属编码 unit_code*', '联系户编码 households (邻长必填, 用 ; 分隔)', '单元 entrance (单元长必填)'],
    example: '身份证号,类型,所属编码,联系户编码,单元\n430181197503120131,邻长,430181009001001,H-DH-1-101;H-DH-1-102,' },
];

function select(id, label, options) {
  const s = h('select', { id }, h('option', { value: '' }, t('data.any')), options.map((o) => h('option', { value: o.value }, o.label)));
  return { el: h('div', {}, h('label', { for: id }, label), s), s };
}

function exportSection(cats) {
  const from = h('input', { id: 'exp-from', type: 'date' });
  const to = h('input', { id: 'exp-to', type: 'date' });
  const state = select('exp-state', t('data.state'), STATES.map((s) => ({ value: s, label: stateLabel(s) })));
  const cat = select('exp-category', t('data.category'), cats.flatMap((c) => [{ value: c.code, label: categoryName(c) },
    ...c.children.map((s) => ({ value: s.code, label: `· ${categoryName(s)}` }))]));
  const chan = select('exp-channel', t('data.channel'), CHANNELS.map((c) => ({ value: c, label: channelLabel(c) })));
  const csv = h('a', { class: 'btn btn-primary', id: 'exp-csv', download: '' }, t('data.csv'));
  const xlsx = h('a', { class: 'btn', id: 'exp-xlsx', download: '' }, t('data.xlsx'));
  const update = () => {
    const q = new URLSearchParams();
    for (const [k, el] of [['from', from], ['to', to], ['state', state.s], ['category', cat.s], ['channel', chan.s]])
      if (el.value) q.set(k, el.value);
    for (const [a, fmt] of [[csv, 'csv'], [xlsx, 'xlsx']]) {
      const p = new URLSearchParams(q);
      p.set('format', fmt);
      a.href = `/api/v1/requests/export?${p}`;
    }
  };
  const box = h('section', { class: 'card' }, h('h2', {}, t('data.export')), h('p', { class: 'muted' }, t('data.export_hint')),
    h('div', { class: 'search-grid' }, h('div', {}, h('label', { for: from.id }, t('data.from')), from),
      h('div', {}, h('label', { for: to.id }, t('data.to')), to), state.el, cat.el, chan.el),
    h('div', { class: 'row export-row' }, csv, xlsx));
  box.addEventListener('input', update);
  box.addEventListener('change', update);
  update();
  return box;
}

function importSection() {
  const en = lang() === 'en';
  return h('section', { class: 'card', id: 'import-help' }, h('h2', {}, t('data.import')),
    h('p', {}, t('data.import_hint')), h('p', { class: 'muted' }, t('data.encoding')),
    h('ol', { class: 'imports' }, IMPORTS.map((f) => h('li', {},
      h('h3', {}, en ? f.en : f.zh, ' ', h('code', {}, f.kind)),
      h('pre', { class: 'cli' }, `fengqiao import ${f.kind} ${f.kind}.csv --db var/fengqiao.db --dry-run\nfengqiao import ${f.kind} ${f.kind}.csv --db var/fengqiao.db`),
      h('p', { class: 'small' }, t('data.columns')), h('ul', { class: 'cols small' }, f.cols.map((c) => h('li', {}, c))),
      h('p', { class: 'small' }, t('data.example')), h('pre', { class: 'csv' }, f.example)))),
    h('p', {}, t('data.org_export')),
    h('pre', { class: 'cli' }, 'fengqiao export units --format xlsx --out units.xlsx\nfengqiao export households --format csv --out households.csv --unit 430181001001\nfengqiao export people --format xlsx --out people.xlsx --unit 430181001001'));
}

export async function render(el) {
  const cats = await loadCategories().catch(() => []);
  el.append(h('h1', {}, t('data.title')), exportSection(cats), importSection());
}
