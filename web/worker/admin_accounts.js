// admin_accounts.js - the accounts an administrator may see
// (GET /api/v1/accounts, a page at a time), each with its roles and the
// units they are bound to, filtered on the page by name or role. Accounts
// are added, disabled and given passwords with the `fengqiao user`
// command, whose lines are shown here.

import { api } from '/common/api.js';
import { t, addMessages, fmtTime } from '/common/i18n.js';
import { h } from '/common/ui.js';
import { errorText } from './forms.js';

addMessages({
  zh: {
    'acc.title': '账号与角色', 'acc.filter': '筛选（用户名、姓名或角色）', 'acc.username': '用户名', 'acc.name': '姓名',
    'acc.roles': '角色@单位', 'acc.state': '状态', 'acc.created': '创建时间', 'acc.disabled': '已停用', 'acc.active': '正常',
    'acc.more': '加载更多', 'acc.count': '共显示 {n} 个账号', 'acc.whole': '全辖区',
    'acc.cli': '新增、停用账号和改密码在服务器上用命令完成（密码从标准输入读入，不会出现在命令行里）：',
    'role.resident': '居民', 'role.leader': '邻长', 'role.building_leader': '楼栋长', 'role.grid_worker': '网格员',
    'role.community_officer': '社区干部', 'role.dispatcher': '调度员', 'role.department_officer': '部门人员',
    'role.supervisor': '督办员', 'role.talent': '群英', 'role.mediator': '调解员', 'role.admin': '管理员',
  },
  en: {
    'acc.title': 'Accounts and roles', 'acc.filter': 'Filter (username, name or role)', 'acc.username': 'Username',
    'acc.name': 'Name', 'acc.roles': 'Role @ unit', 'acc.state': 'State', 'acc.created': 'Created',
    'acc.disabled': 'disabled', 'acc.active': 'active', 'acc.more': 'Load more', 'acc.count': '{n} accounts shown',
    'acc.whole': 'whole deployment',
    'acc.cli': 'Accounts are added, disabled and given new passwords on the server with this command (the password is read from standard input, never from the command line):',
    'role.resident': 'resident', 'role.leader': 'neighbour leader', 'role.building_leader': 'building leader',
    'role.grid_worker': 'grid worker', 'role.community_officer': 'community officer', 'role.dispatcher': 'dispatcher',
    'role.department_officer': 'department officer', 'role.supervisor': 'supervisor', 'role.talent': 'talent',
    'role.mediator': 'mediator', 'role.admin': 'admin',
  },
});

const PAGE = 200;
const CLI = [
  "printf '%s\\n' \"$PASSWORD\" | fengqiao user add --username wangfang --role grid_worker --unit 430181001001001 --name 王芳",
  'fengqiao user disable --username wangfang',
  'fengqiao user passwd --username wangfang',
  'fengqiao user list',
];

function roleText(r) {
  return `${t(`role.${r.role}`)} @ ${r.unit ? r.unit.name : t('acc.whole')}`;
}

export function render(el) {
  const rows = h('tbody', {});
  const all = [];
  const status = h('p', { class: 'muted', 'aria-live': 'polite' });
  const more = h('button', { class: 'btn hidden', type: 'button' }, t('acc.more'));
  const filter = h('input', { id: 'acc-filter', type: 'search', autocomplete: 'off' });
  let cursor = null;

  const matches = (a) => {
    const f = filter.value.trim().toLowerCase();
    if (!f) return true;
    return [a.username, a.display_name, ...a.roles.map(roleText), ...a.roles.map((r) => r.role)]
      .some((s) => String(s || '').toLowerCase().includes(f));
  };
  const draw = () => {
    const shown = all.filter(matches);
    rows.replaceChildren(...shown.map((a) => h('tr', { class: a.disabled ? 'disabled' : '' },
      h('td', {}, h('code', {}, a.username)), h('td', {}, a.display_name),
      h('td', {}, h('ul', { class: 'plain' }, a.roles.map((r) => h('li', {}, roleText(r))))),
      h('td', {}, a.disabled ? h('span', { class: 'badge state-rejected' }, t('acc.disabled')) : t('acc.active')),
      h('td', { class: 'small' }, fmtTime(a.created_at)))));
    status.textContent = t('acc.count', { n: shown.length });
  };
  async function page() {
    try {
      const r = await api('GET', `/api/v1/accounts?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      all.push(...r.items);
      cursor = r.next_cursor;
      more.classList.toggle('hidden', !cursor);
      draw();
    } catch (e) {
      status.textContent = errorText(e);
    }
  }
  filter.addEventListener('input', draw);
  more.addEventListener('click', page);
  el.append(h('section', { class: 'card' }, h('h1', {}, t('acc.title')),
    h('label', { for: filter.id }, t('acc.filter')), filter, status,
    h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'accounts' },
      h('thead', {}, h('tr', {}, ['acc.username', 'acc.name', 'acc.roles', 'acc.state', 'acc.created']
        .map((k) => h('th', { scope: 'col' }, t(k))))), rows)), more),
  h('section', { class: 'card' }, h('p', {}, t('acc.cli')), h('pre', { class: 'cli' }, CLI.join('\n'))));
  return page();
}
