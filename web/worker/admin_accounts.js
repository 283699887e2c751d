// admin_accounts.js - the accounts an administrator may see
// (GET /api/v1/accounts, a page at a time), each with its roles and the
// units they are bound to, filtered on the server by name (?q=) and role
// (?role=), so a filter finds any account, not only a page loaded. Accounts
// are added, disabled and given passwords with the `fengqiao user`
// command, whose lines are shown here.

import { api } from '/common/api.js';
import { t, addMessages, fmtTime } from '/common/i18n.js';
import { h } from '/common/ui.js';
import { ROLES, roleText } from '/common/roles.js';
import { errorText } from './forms.js';

addMessages({
  zh: {
    'acc.title': '账号与角色', 'acc.filter': '筛选（用户名或姓名）', 'acc.role': '角色', 'acc.any_role': '全部角色', 'acc.username': '用户名', 'acc.name': '姓名',
    'acc.roles': '角色@单位', 'acc.state': '状态', 'acc.created': '创建时间', 'acc.disabled': '已停用', 'acc.active': '正常',
    'acc.more': '加载更多', 'acc.count': '共显示 {n} 个账号', 'acc.count_more': '已显示 {n} 个账号，还有更多',
    'acc.cli': '新增、停用账号和改密码在服务器上用命令完成（密码从标准输入读入，不会出现在命令行里）：',
  },
  en: {
    'acc.title': 'Accounts and roles', 'acc.filter': 'Filter (username or name)', 'acc.role': 'Role', 'acc.any_role': 'All roles', 'acc.username': 'Username',
    'acc.name': 'Name', 'acc.roles': 'Role @ unit', 'acc.state': 'State', 'acc.created': 'Created',
    'acc.disabled': 'disabled', 'acc.active': 'active', 'acc.more': 'Load more', 'acc.count': '{n} accounts shown', 'acc.count_more': '{n} accounts shown, more to load',
    'acc.cli': 'Accounts are added, disabled and given new passwords on the server with this command (the password is read from standard input, never from the command line):',
  },
});

const PAGE = 200;
const FILTER_WAIT_MS = 250;       // typing pauses this long before the server is asked
const CLI = [
  "printf '%s\\n' \"$PASSWORD\" | fengqiao user add --username wangfang --role grid_worker --unit 430181001001001 --name 王芳",
  'fengqiao user disable --username wangfang',
  'fengqiao user passwd --username wangfang',
  'fengqiao user list',
];

function accountRow(a) {
  return h('tr', { class: a.disabled ? 'disabled' : '' },
    h('td', {}, h('code', {}, a.username)), h('td', {}, a.display_name),
    h('td', {}, h('ul', { class: 'plain' }, a.roles.map((r) => h('li', {}, roleText(r))))),
    h('td', {}, a.disabled ? h('span', { class: 'badge state-rejected' }, t('acc.disabled')) : t('acc.active')),
    h('td', { class: 'small' }, fmtTime(a.created_at)));
}

export function render(el) {
  const rows = h('tbody', {});
  const status = h('p', { class: 'muted', 'aria-live': 'polite' });
  const more = h('button', { class: 'btn hidden', type: 'button' }, t('acc.more'));
  const filter = h('input', { id: 'acc-filter', type: 'search', autocomplete: 'off', maxLength: 64 });
  const role = h('select', { id: 'acc-role' }, h('option', { value: '' }, t('acc.any_role')),
    ROLES.map((r) => h('option', { value: r }, t(`role.${r}`))));
  let cursor = null;
  let shown = 0;
  let asked = 0;                  // the latest query: answers to older ones are dropped
  let timer = null;

  async function page(fresh) {
    const mine = fresh ? ++asked : asked;
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (filter.value.trim()) q.set('q', filter.value.trim());
    if (role.value) q.set('role', role.value);
    if (!fresh && cursor) q.set('cursor', cursor);
    try {
      const r = await api('GET', `/api/v1/accounts?${q}`);
      if (mine !== asked) return;
      if (fresh) { rows.replaceChildren(); shown = 0; }
      rows.append(...r.items.map(accountRow));
      shown += r.items.length;
      cursor = r.next_cursor;
      more.classList.toggle('hidden', !cursor);
      status.textContent = t(cursor ? 'acc.count_more' : 'acc.count', { n: shown });
    } catch (e) {
      if (mine === asked) status.textContent = errorText(e);
    }
  }
  filter.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => page(true), FILTER_WAIT_MS); });
  role.addEventListener('change', () => page(true));
  more.addEventListener('click', () => page(false));
  el.append(h('section', { class: 'card' }, h('h1', {}, t('acc.title')),
    h('div', { class: 'acc-filters' },
      h('div', {}, h('label', { for: filter.id }, t('acc.filter')), filter),
      h('div', {}, h('label', { for: role.id }, t('acc.role')), role)), status,
    h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'accounts' },
      h('thead', {}, h('tr', {}, ['acc.username', 'acc.name', 'acc.roles', 'acc.state', 'acc.created']
        .map((k) => h('th', { scope: 'col' }, t(k))))), rows)), more),
  h('section', { class: 'card' }, h('p', {}, t('acc.cli')), h('pre', { class: 'cli' }, CLI.join('\n'))));
  return page(true);
}
