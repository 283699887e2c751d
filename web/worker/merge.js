// merge.js - picking the request a duplicate is merged into: the open
// requests of the same grid are offered first; typing narrows them by
// number (FQ…) or searches titles, descriptions and addresses (q=). The
// list API has no number filter, so a number is matched among the
// candidates loaded.

import { api } from '/common/api.js';
import { t, addMessages, fmtTime } from '/common/i18n.js';
import { h, clear, stateBadge } from '/common/ui.js';

addMessages({
  zh: {
    'merge.into': '合并到（保留的那件）', 'merge.search': '按编号或关键词查找',
    'merge.pick': '请选择保留的诉求', 'merge.none': '没有找到可以合并进去的诉求',
    'merge.hint': '本件将并入所选诉求，之后在那件里继续办理。',
  },
  en: {
    'merge.into': 'Merge into (the one that stays)', 'merge.search': 'Find by number or words',
    'merge.pick': 'Please choose the request that stays', 'merge.none': 'No request to merge into was found',
    'merge.hint': 'This request is folded into the chosen one, which carries on.',
  },
});

const OPEN_STATES = ['dispatched', 'accepted', 'returned'];
const CANDIDATES_PER_STATE = 50;
const SHOWN_MAX = 20;
const SEARCH_DEBOUNCE_MS = 300;
const NUMBER_RE = /^fq\d*$/i;

export function mergePicker(r, id) {
  const input = h('input', { id, type: 'search', autocomplete: 'off' });
  const list = h('div', { class: 'merge-list', role: 'radiogroup', 'aria-label': t('merge.into') });
  const err = h('p', { class: 'field-error', 'aria-live': 'polite' });
  let chosen = null;
  let near = [];
  let timer = null;
  let seq = 0;

  const draw = (items) => {
    const shown = items.filter((x) => x.id !== r.id && OPEN_STATES.includes(x.state)).slice(0, SHOWN_MAX);
    if (!shown.some((x) => x.id === chosen)) chosen = null;
    clear(list).append(...(shown.length ? shown.map((x) => h('label', { class: 'check merge-item', for: `${id}-${x.id}` },
      h('input', { type: 'radio', name: `${id}-pick`, id: `${id}-${x.id}`, value: String(x.id), checked: x.id === chosen,
        onchange: () => { chosen = x.id; } }),
      h('span', {}, h('strong', {}, x.number), ' ', stateBadge(x.state), h('br'), x.title,
        h('span', { class: 'muted small' }, ` · ${fmtTime(x.created_at)}`))))
      : [h('p', { class: 'muted' }, t('merge.none'))]));
  };

  async function search() {
    const q = input.value.trim();
    const mine = ++seq;
    let items = near;
    if (q && NUMBER_RE.test(q)) items = near.filter((x) => x.number.toLowerCase().includes(q.toLowerCase()));
    else if (q) items = (await api('GET', `/api/v1/requests?limit=50&q=${encodeURIComponent(q)}`)).items;
    if (mine === seq) draw(items);
  }

  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => search().catch(() => {}), SEARCH_DEBOUNCE_MS); });
  const grid = r.location && r.location.grid ? r.location.grid.id : null;
  Promise.all(OPEN_STATES.map((s) => api('GET',
    `/api/v1/requests?state=${s}&limit=${CANDIDATES_PER_STATE}${grid ? `&unit=${grid}` : ''}`)
    .then((x) => x.items).catch(() => [])))
    .then((lists) => { near = lists.flat().sort((a, b) => b.id - a.id); return search(); }).catch(() => {});
  return {
    el: h('div', { class: 'field', 'data-field': 'merge_into' },
      h('label', { for: id }, t('merge.search')), input,
      h('p', { class: 'muted small' }, t('merge.hint')),
      h('p', { class: 'legend' }, t('merge.into')), list, err),
    value: () => chosen,
  };
}
