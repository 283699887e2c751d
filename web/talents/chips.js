// chips.js - how the talent pages show tags and states: a tag's label in
// the current language, a state chip, a list of tag chips. Shared by
// app.js and dispatch.js.

import { t } from '/common/i18n.js';
import { h } from '/common/ui.js';

// A tag's label in the current language: the server's Chinese label, or
// the English word.
export function tagLabel(tag, kind) {
  const key = `tl.${kind}.${tag.code}`;
  const en = t(key);
  return en === key ? tag.label : en;
}

export function stateChip(state) {
  return h('span', { class: `tl-state tl-state-${state}` }, t(`tl.state.${state}`));
}

export function chips(tags, kind) {
  return h('ul', { class: 'tl-chips' },
    tags.map((x) => h('li', { class: `tl-chip ${kind}` }, tagLabel(x, kind))));
}
