// roles.js - the names of the roles (docs/accounts.md) in both languages,
// for every screen that shows who an account is: the admin's account list
// and the pick lists of people, which find accounts by name on the server
// (GET /api/v1/accounts/lookup).

import { api } from './api.js';
import { t, addMessages } from './i18n.js';

const LOOKUP_LIMIT = 10;      // accounts a pick list shows

export const ROLES = ['resident', 'leader', 'building_leader', 'grid_worker', 'community_officer', 'dispatcher',
  'department_officer', 'supervisor', 'talent', 'mediator', 'admin'];

addMessages({
  zh: {
    'role.resident': '居民', 'role.leader': '邻长', 'role.building_leader': '楼栋长', 'role.grid_worker': '网格员',
    'role.community_officer': '社区干部', 'role.dispatcher': '调度员', 'role.department_officer': '部门人员',
    'role.supervisor': '督办员', 'role.talent': '群英', 'role.mediator': '调解员', 'role.admin': '管理员',
    'role.whole': '全辖区',
  },
  en: {
    'role.resident': 'resident', 'role.leader': 'neighbour leader', 'role.building_leader': 'building leader',
    'role.grid_worker': 'grid worker', 'role.community_officer': 'community officer', 'role.dispatcher': 'dispatcher',
    'role.department_officer': 'department officer', 'role.supervisor': 'supervisor', 'role.talent': 'talent',
    'role.mediator': 'mediator', 'role.admin': 'admin', 'role.whole': 'whole deployment',
  },
});

// "网格员 @ 集里社区第1网格" for one of an account's roles ({role, unit}).
export function roleText(r) {
  return `${t(`role.${r.role}`)} @ ${r.unit ? r.unit.name : t('role.whole')}`;
}

// An account of GET /api/v1/accounts(/lookup) as a pick list item.
export function accountItem(a) {
  return { id: a.id, label: a.display_name || a.username,
    detail: [a.username, ...a.roles.map(roleText)].join(' · ') };
}

// The accounts whose name or username holds q, as pick list items; none
// for an empty q (the server asks for one).
export async function lookupAccounts(q) {
  if (!q) return [];
  const r = await api('GET', `/api/v1/accounts/lookup?limit=${LOOKUP_LIMIT}&q=${encodeURIComponent(q)}`);
  return r.items.map(accountItem);
}
