// rate.js - the follow-up (回访) for a resolved request: was it solved
// (two big buttons), how satisfied (five big stars), a comment, then
// POST /api/v1/requests/{id}/rate. "Not solved" or a low rating sends it
// back to be done again; the server decides, this form only asks.

import { api } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h, icon, toast } from '/common/ui.js';
import { charCount } from './draft.js';

addMessages({
  zh: {
    'rate.title': '请您确认并评价', 'rate.q_solved': '问题解决了吗？', 'rate.yes': '解决了',
    'rate.no': '没解决', 'rate.q_stars': '您满不满意？', 'rate.star': '{n} 星',
    'rate.s1': '很不满意', 'rate.s2': '不满意', 'rate.s3': '一般', 'rate.s4': '满意', 'rate.s5': '非常满意',
    'rate.comment': '还想说点什么（可以不写）', 'rate.send': '提交评价', 'rate.need':
      '请先选“解决了”或“没解决”，再点星星', 'rate.thanks': '谢谢您的评价', 'rate.counter': '{n} / {max} 字',
  },
  en: {
    'rate.title': 'Please confirm and rate', 'rate.q_solved': 'Is the problem solved?', 'rate.yes': 'Solved',
    'rate.no': 'Not solved', 'rate.q_stars': 'How satisfied are you?', 'rate.star': '{n} stars',
    'rate.s1': 'Very unsatisfied', 'rate.s2': 'Unsatisfied', 'rate.s3': 'So-so', 'rate.s4': 'Satisfied',
    'rate.s5': 'Very satisfied', 'rate.comment': 'Anything to add (optional)', 'rate.send': 'Send the rating',
    'rate.need': 'Please choose Solved or Not solved, and a number of stars', 'rate.thanks': 'Thank you for your rating',
    'rate.counter': '{n} / {max} characters',
  },
});

const COMMENT_MAX = 500; // characters of a rating comment (docs/requests.md)
const STARS = 5;

function choice(name, value, label, cls) {
  const id = `${name}-${value}`;
  return h('label', { class: `choice ${cls || ''}`, for: id },
    h('input', { type: 'radio', name, id, value: String(value), class: 'sr-only' }),
    h('span', {}, label));
}

export function rateForm(r, done) {
  const err = h('p', { class: 'form-error', role: 'alert' });
  const starWord = h('p', { class: 'star-word', 'aria-live': 'polite' });
  const stars = h('div', { class: 'stars', role: 'radiogroup', 'aria-labelledby': 'rate-q-stars' });
  for (let n = 1; n <= STARS; n++) {
    const id = `rate-star-${n}`;
    stars.append(h('label', { class: 'star', for: id, 'aria-label': t('rate.star', { n }) },
      h('input', { type: 'radio', name: 'satisfaction', id, value: String(n), class: 'sr-only' }),
      h('span', { 'aria-hidden': 'true' }, '★')));
  }
  const comment = h('textarea', { id: 'rate-comment', rows: 3, maxLength: COMMENT_MAX });
  const counter = h('p', { class: 'counter' });
  const send = h('button', { class: 'btn btn-primary btn-big btn-block', type: 'submit', id: 'rate-send' }, t('rate.send'));
  const form = h('form', { class: 'card rate', id: 'rate-form', 'aria-labelledby': 'rate-title' },
    h('h2', { id: 'rate-title' }, icon('star'), ' ', t('rate.title')),
    h('p', { class: 'rate-q', id: 'rate-q-solved' }, t('rate.q_solved')),
    h('div', { class: 'choices', role: 'radiogroup', 'aria-labelledby': 'rate-q-solved' },
      choice('resolved', 'yes', [icon('thumb-up'), ' ', t('rate.yes')], 'yes'),
      choice('resolved', 'no', [icon('thumb-down'), ' ', t('rate.no')], 'no')),
    h('p', { class: 'rate-q', id: 'rate-q-stars' }, t('rate.q_stars')), stars, starWord,
    h('label', { for: 'rate-comment' }, t('rate.comment')), comment, counter, err, send);
  const paint = () => {
    const v = Number((form.querySelector('input[name=satisfaction]:checked') || {}).value || 0);
    stars.querySelectorAll('.star').forEach((s, i) => s.classList.toggle('on', i < v));
    starWord.textContent = v ? t(`rate.s${v}`) : '';
    for (const l of form.querySelectorAll('.choice')) l.classList.toggle('on', l.querySelector('input').checked);
    counter.textContent = t('rate.counter', { n: charCount(comment.value), max: COMMENT_MAX });
  };
  form.addEventListener('change', paint);
  comment.addEventListener('input', paint);
  paint();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const solved = form.querySelector('input[name=resolved]:checked');
    const sat = form.querySelector('input[name=satisfaction]:checked');
    if (!solved || !sat) { err.textContent = t('rate.need'); return; }
    err.textContent = '';
    send.disabled = true;
    const body = { resolved: solved.value === 'yes', satisfaction: Number(sat.value) };
    if (comment.value.trim()) body.comment = comment.value.trim();
    try {
      await api('POST', `/api/v1/requests/${r.id}/rate`, body);
      toast(t('rate.thanks'));
      done();
    } catch (ex) {
      err.textContent = t('ui.error', { msg: ex.message });
      send.disabled = false;
    }
  });
  return form;
}
