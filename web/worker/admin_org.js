// admin_org.js - the org tree browser: the streets at the top, each unit
// opening to its children (GET /api/v1/org/units?parent=), read a page at
// a time; choosing a unit shows its code, kind, path, children per kind
// and households (GET /api/v1/org/units/{id}). The tree is a keyboard
// operable list of buttons with aria-expanded. Writing the tree is the
// import command's business (see 导入导出).

import { api } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h, clear } from '/common/ui.js';
import { errorText } from './forms.js';

addMessages({
  zh: {
    'org.title': '组织架构', 'org.tree': '组织树', 'org.pick': '选择左边的一个单位查看详情。',
    'org.code': '编码', 'org.kind': '类型', 'org.path': '上级', 'org.children': '下级单位',
    'org.households': '住户数', 'org.more': '再显示 {n} 个', 'org.none': '无', 'org.to_households': '看住户',
    'org.boundary': '边界', 'org.boundary_yes': '有（{n} 个顶点）',
  },
  en: {
    'org.title': 'Org tree', 'org.tree': 'Org tree', 'org.pick': 'Choose a unit on the left to see it.',
    'org.code': 'Code', 'org.kind': 'Kind', 'org.path': 'Above', 'org.children': 'Units below',
    'org.households': 'Households', 'org.more': 'Show {n} more', 'org.none': 'none', 'org.to_households': 'Households',
    'org.boundary': 'Boundary', 'org.boundary_yes': 'yes ({n} points)',
  },
});

const PAGE = 100;

function points(boundary) {
  if (!boundary) return 0;
  const rings = boundary.type === 'Polygon' ? boundary.coordinates : (boundary.coordinates || []).flat();
  return rings.reduce((n, ring) => n + ring.length, 0);
}

export function render(el) {
  const info = h('div', { class: 'card org-info', id: 'org-info', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('org.pick')));
  const tree = h('ul', { class: 'tree', role: 'tree', 'aria-label': t('org.tree'), id: 'org-tree' });
  let current = null;

  async function show(u, btn) {
    if (current) current.classList.remove('on');
    current = btn;
    btn.classList.add('on');
    try {
      const d = await api('GET', `/api/v1/org/units/${u.id}`);
      const kids = Object.entries(d.children || {}).map(([k, n]) => `${t(`kind.${k}`)} ${n}`).join('，');
      clear(info).append(h('h2', {}, d.name), h('dl', { class: 'facts' },
        h('dt', {}, t('org.code')), h('dd', { id: 'org-code' }, d.code),
        h('dt', {}, t('org.kind')), h('dd', {}, t(`kind.${d.kind}`)),
        h('dt', {}, t('org.path')), h('dd', {}, (d.ancestors || []).map((a) => a.name).join(' / ') || t('org.none')),
        h('dt', {}, t('org.children')), h('dd', {}, kids || t('org.none')),
        h('dt', {}, t('org.households')), h('dd', {}, String(d.households ?? 0)),
        d.kind === 'grid' ? [h('dt', {}, t('org.boundary')), h('dd', {}, d.boundary ? t('org.boundary_yes', { n: points(d.boundary) }) : t('org.none'))] : []),
      d.kind !== 'department' ? h('p', {}, h('a', { class: 'btn', href: `#households/${d.id}` }, t('org.to_households'))) : '');
    } catch (e) {
      clear(info).append(h('p', { class: 'form-error' }, errorText(e)));
    }
  }

  // The children of parent (a query) into ul, a page at a time.
  async function fill(ul, query, cursor) {
    const r = await api('GET', `/api/v1/org/units?${query}&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    ul.append(...r.items.map(node));
    if (r.next_cursor) {
      const more = h('li', { role: 'none' }, h('button', { class: 'btn btn-small tree-more', type: 'button',
        onclick: () => { more.remove(); fill(ul, query, r.next_cursor); } }, t('org.more', { n: PAGE })));
      ul.append(more);
    }
  }

  function node(u) {
    const leaf = u.kind === 'building' || u.kind === 'department';
    const kids = h('ul', { role: 'group', class: 'hidden' });
    let filled = false;
    const toggle = leaf ? h('span', { class: 'tree-leaf', 'aria-hidden': 'true' }, '·') : h('button', {
      class: 'tree-toggle', type: 'button', 'aria-expanded': 'false', 'aria-label': u.name,
      onclick: async () => {
        const open = kids.classList.toggle('hidden') === false;
        toggle.setAttribute('aria-expanded', String(open));
        toggle.textContent = open ? '▾' : '▸';
        if (open && !filled) { filled = true; await fill(kids, `parent=${u.id}`); }
      } }, '▸');
    const name = h('button', { class: 'tree-name', type: 'button', 'data-id': u.id, onclick: () => show(u, name) },
      h('span', { class: 'muted small' }, t(`kind.${u.kind}`)), ' ', u.name);
    return h('li', { role: 'treeitem', 'aria-label': u.name }, h('div', { class: 'tree-row' }, toggle, name), kids);
  }

  el.append(h('div', { class: 'admin-two' },
    h('section', { class: 'card tree-box' }, h('h1', {}, t('org.title')), tree), info));
  return fill(tree, 'kind=street');
}
