// units.js - the units a staff member may narrow a list to: each unit
// their roles are bound to and its children (a community's grids, a
// street's communities and villages); a role bound to the whole
// deployment offers the streets. Asked once per page.

import { api } from '/common/api.js';
import { browseUnits } from './roles.js';

const CHILDREN_MAX = 500;   // the org list's largest page
const NARROWABLE = ['street', 'community', 'village', 'grid'];
let cache = null;

async function load(me) {
  const out = [];
  for (const u of browseUnits(me)) {
    if (u.kind === 'grid' || u.kind === 'building') continue;
    const path = u.whole ? `/api/v1/org/units?kind=street&limit=${CHILDREN_MAX}`
      : `/api/v1/org/units?parent=${u.id}&limit=${CHILDREN_MAX}`;
    const r = await api('GET', path);
    if (!u.whole) out.push({ id: u.id, name: u.name });
    for (const c of r.items) if (NARROWABLE.includes(c.kind)) out.push({ id: c.id, name: c.name, child: true });
  }
  return out;
}

// [{id, name, child?}] for account me (cached for the account).
export function unitChoices(me) {
  if (!cache || cache.account !== me.id) cache = { account: me.id, list: load(me).catch((e) => { cache = null; throw e; }) };
  return cache.list;
}
