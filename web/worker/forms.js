// forms.js - small forms with their messages where they belong: a field
// is a label, a control and a line for its error; a 422 from the server is
// shown under the field it names (data-field), anything else (409's
// "cannot accept a request in state resolved", 403, network) at the top of
// the form. Every form is built with h(), never from HTML strings.

import { t, addMessages } from '/common/i18n.js';
import { h } from '/common/ui.js';

addMessages({
  zh: {
    'form.required': '请填写这一项', 'form.too_long': '最多 {n} 个字', 'form.sending': '提交中…',
    'form.failed': '没有成功：{msg}', 'form.forbidden': '您没有权限做这件事：{msg}',
    'form.network': '网络不通，请稍后重试', 'form.optional': '（选填）',
  },
  en: {
    'form.required': 'Please fill this in', 'form.too_long': 'At most {n} characters',
    'form.sending': 'Sending…', 'form.failed': 'That did not work: {msg}',
    'form.forbidden': 'You may not do this: {msg}', 'form.network': 'No connection; please try again',
    'form.optional': '(optional)',
  },
});

let seq = 0;

// A labelled field. control is an input, select or textarea (or a group
// of them in a fieldset); name is the API's field name for its errors.
export function field(name, label, control, { hint, optional } = {}) {
  const id = control.id || `fld-${++seq}`;
  if (!control.id) control.id = id;
  const err = h('p', { class: 'field-error', id: `${id}-err`, 'aria-live': 'polite' });
  control.setAttribute('aria-describedby', `${id}-err`);
  return h('div', { class: 'field', 'data-field': name },
    h('label', { for: id }, label, optional ? h('span', { class: 'muted' }, ` ${t('form.optional')}`) : null),
    control, hint ? h('p', { class: 'hint muted' }, hint) : null, err);
}

// A group of radio buttons or checkboxes as a fieldset with a legend.
export function choices(name, legend, options, { type = 'radio', value, idPrefix } = {}) {
  const prefix = idPrefix || `ch-${++seq}`;
  const err = h('p', { class: 'field-error', id: `${prefix}-err`, 'aria-live': 'polite' });
  return h('fieldset', { class: 'field choices', 'data-field': name, 'aria-describedby': `${prefix}-err` },
    h('legend', {}, legend),
    h('div', { class: 'choice-row' }, options.map((o) => h('label', { class: 'check choice', for: `${prefix}-${o.value}` },
      h('input', { type, name: `${prefix}`, id: `${prefix}-${o.value}`, value: String(o.value),
        checked: Array.isArray(value) ? value.includes(o.value) : o.value === value }),
      o.label))),
    err);
}

export function checkedValues(form, name) {
  const box = form.querySelector(`[data-field="${name}"]`);
  return box ? [...box.querySelectorAll('input:checked')].map((i) => i.value) : [];
}

export function clearErrors(form) {
  for (const e of form.querySelectorAll('.field-error, .form-error')) e.textContent = '';
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

// Put msg under the field named name (or at the top when the form has no
// such field). Returns true when a field took it.
export function fieldError(form, name, msg) {
  const box = name ? form.querySelector(`[data-field="${CSS.escape(name)}"]`) : null;
  if (!box) {
    form.querySelector('.form-error').textContent = msg;
    return false;
  }
  box.querySelector('.field-error').textContent = msg;
  const control = box.querySelector('input, select, textarea');
  if (control) {
    control.setAttribute('aria-invalid', 'true');
    control.focus();
  }
  return true;
}

// The message for an error that is not a field's.
export function errorText(e) {
  if (!e || e.status === undefined) return t('form.network');
  if (e.status === 403) return t('form.forbidden', { msg: e.message });
  return t('form.failed', { msg: e.message });
}

// Show an ApiError in the form: a 422 under its field, the rest on top.
export function showError(form, e) {
  if (e && e.status === 422 && e.field && fieldError(form, e.field, e.message)) return;
  form.querySelector('.form-error').textContent = errorText(e);
}

// Check that each named control holds text (white space alone is
// missing, as on the server) of at most max characters; marks the first
// failure and returns false.
export function requireText(form, specs) {
  for (const { name, max, optional } of specs) {
    const box = form.querySelector(`[data-field="${name}"]`);
    const v = box.querySelector('input, textarea').value;
    const blank = v.replace(/[\s\u3000]/g, '') === '';
    if (blank && !optional) return !fieldError(form, name, t('form.required'));
    if (max && [...v].length > max) return !fieldError(form, name, t('form.too_long', { n: max }));
  }
  return true;
}

// A form: its fields, an error line on top and the submit row. onSubmit
// (form) runs with the submit button disabled; its ApiError is shown.
export function makeForm({ id, fields, submitText, onSubmit, onCancel, danger }) {
  const submit = h('button', { class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, type: 'submit' }, submitText);
  const form = h('form', { class: 'wk-form', id, novalidate: true },
    h('p', { class: 'form-error', role: 'alert' }), ...fields,
    h('div', { class: 'row end form-buttons' },
      onCancel ? h('button', { class: 'btn', type: 'button', onclick: onCancel }, t('ui.cancel')) : null,
      submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    submit.disabled = true;
    const label = submit.textContent;
    submit.textContent = t('form.sending');
    try {
      await onSubmit(form);
    } catch (e) {
      showError(form, e);
    } finally {
      submit.disabled = false;
      submit.textContent = label;
    }
  });
  return form;
}
