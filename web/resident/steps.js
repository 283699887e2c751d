// steps.js - the frame of every report screen: "step 2 of 6" with a
// progress bar and the question as the heading, and the back / next
// buttons at the bottom.

import { t } from '/common/i18n.js';
import { h } from '/common/ui.js';

export const STEPS = ['category', 'sub', 'text', 'photos', 'place', 'check'];

export function stepHeader(step, question) {
  const n = STEPS.indexOf(step) + 1;
  const bar = h('div', { class: 'step-bar', role: 'progressbar', 'aria-valuemin': 1,
    'aria-valuemax': STEPS.length, 'aria-valuenow': n, 'aria-label': t('report.step', { n, total: STEPS.length }) });
  for (let i = 1; i <= STEPS.length; i++) bar.append(h('span', { class: i <= n ? 'on' : '' }));
  return h('div', { class: 'step-head' },
    h('p', { class: 'step-count' }, t('report.step', { n, total: STEPS.length })), bar,
    h('h1', { class: 'step-q', id: 'step-q' }, question));
}

// The row of buttons at the bottom of a step.
export function stepNav(ctx, prev, next, nextLabel) {
  const row = h('div', { class: 'step-nav' });
  row.append(h('a', { class: 'btn btn-big', href: prev ? `#report/${prev}` : '#home', id: 'step-prev' },
    prev ? t('report.prev') : t('report.cancel')));
  if (next) {
    const b = h('button', { class: 'btn btn-primary btn-big', type: 'button', id: 'step-next',
      onclick: () => ctx.go(`#report/${next}`) }, nextLabel || t('report.next'));
    row.append(b);
  }
  return row;
}
