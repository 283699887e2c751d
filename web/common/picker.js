// picker.js - a pick list with search, for every screen that chooses a
// request, a case, a topic or a person. One types what one knows (a
// number, its last digits, a name); after a short pause search(q) asks the
// server and its answers are listed as buttons; choosing one fills the box
// and keeps the item. An empty box lists what search('') gives (the most
// recent, where that means something). Nothing relies on the browser's own
// validation: the screen asks picked() and says itself what is missing.

import { t, addMessages } from './i18n.js';
import { h, clear } from './ui.js';

addMessages({
  zh: { 'picker.none': '没有找到', 'picker.loading': '正在查找…', 'picker.chosen': '已选：{label}',
    'picker.pick': '请从列表中选择' },
  en: { 'picker.none': 'Nothing found', 'picker.loading': 'Searching…', 'picker.chosen': 'Chosen: {label}',
    'picker.pick': 'Choose one from the list' },
});

const WAIT_MS = 250;        // typing pauses this long before the server is asked
const TEXT_MAX = 100;       // characters of the box

// picker({id, placeholder, search, onPick}) → {el, input, picked(), clear(), refresh()}
// search(q) resolves to [{id, label, detail}]; onPick(item) runs on a choice.
export function picker({ id, placeholder = '', search, onPick = () => {} }) {
  const input = h('input', { id, type: 'search', autocomplete: 'off', maxLength: TEXT_MAX, placeholder,
    'aria-controls': `${id}-list` });
  const list = h('ul', { class: 'picker-list', id: `${id}-list`, 'aria-live': 'polite' });
  const status = h('p', { class: 'picker-status muted small', id: `${id}-status` });
  let chosen = null;
  let asked = 0;                // the latest search: answers to older ones are dropped
  let timer = null;

  const choose = (item) => {
    chosen = item;
    input.value = item.label;
    clear(list);
    status.textContent = t('picker.chosen', { label: item.label });
    onPick(item);
  };
  const option = (item) => h('li', {}, h('button', { class: 'picker-option', type: 'button',
    'data-pick': String(item.id), onclick: () => choose(item) },
  h('span', { class: 'picker-label' }, item.label),
  item.detail ? h('span', { class: 'picker-detail muted' }, item.detail) : null));

  async function refresh() {
    const mine = ++asked;
    status.textContent = t('picker.loading');
    try {
      const items = await search(input.value.trim());
      if (mine !== asked) return;
      clear(list).append(...items.map(option));
      status.textContent = items.length ? '' : t('picker.none');
    } catch (e) {
      if (mine === asked) status.textContent = e.message;
    }
  }
  input.addEventListener('input', () => {
    chosen = null;
    clearTimeout(timer);
    timer = setTimeout(refresh, WAIT_MS);
  });
  return {
    el: h('div', { class: 'picker' }, input, status, list),
    input,
    picked: () => chosen,
    choose,
    refresh,
    clear() { chosen = null; input.value = ''; clear(list); status.textContent = ''; },
  };
}
