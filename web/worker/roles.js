// roles.js - what the console offers an account: the ladder levels it
// holds requests at (邻长/楼栋长 1, 网格员 2, 社区 3, 街道 4), whether it is
// staff (may read stats, export, browse households of its units), whether
// it may reveal a phone number, and the units its roles are bound to.

const HOLD_LEVEL = { leader: 1, building_leader: 1, grid_worker: 2, community_officer: 3, dispatcher: 4 };
const STAFF = ['grid_worker', 'community_officer', 'dispatcher', 'supervisor', 'admin'];
const REVEAL_PHONE = ['leader', 'building_leader', 'grid_worker', 'community_officer', 'dispatcher', 'admin'];
const HOUSEHOLD_BROWSERS = [...STAFF, 'building_leader'];
const WORKER_ROLES = ['leader', 'building_leader', 'grid_worker', 'community_officer', 'dispatcher',
  'department_officer', 'supervisor', 'talent', 'mediator', 'admin'];

export function roleNames(me) {
  return (me && me.roles ? me.roles : []).map((r) => r.role);
}

export function has(me, ...roles) {
  return roleNames(me).some((r) => roles.includes(r));
}

// The ladder levels the account holds requests at, lowest first.
export function holdLevels(me) {
  const levels = new Set(roleNames(me).map((r) => HOLD_LEVEL[r]).filter(Boolean));
  return [...levels].sort();
}

export const isStaff = (me) => has(me, ...STAFF);
export const isAdmin = (me) => has(me, 'admin');
export const isWorker = (me) => has(me, ...WORKER_ROLES);
export const mayRevealPhone = (me) => has(me, ...REVEAL_PHONE);
export const mayBrowseHouseholds = (me) => has(me, ...HOUSEHOLD_BROWSERS);

// The units the account's staff (or building-leader) roles are bound to,
// without repeats; a role bound to the whole deployment gives
// {id: 0, whole: true}.
export function browseUnits(me) {
  const seen = new Map();
  for (const r of me.roles || []) {
    if (!HOUSEHOLD_BROWSERS.includes(r.role)) continue;
    const u = r.unit ? { ...r.unit } : { id: 0, whole: true, name: '', kind: 'street' };
    if (!seen.has(u.id)) seen.set(u.id, u);
  }
  return [...seen.values()];
}
