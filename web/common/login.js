// login.js - the login form shared by the three faces: big fields, a
// show-password toggle, the server's message on failure (wrong password,
// too many attempts with the wait).

import { login } from './api.js';
import { t, addMessages } from './i18n.js';
import { h, clear } from './ui.js';

addMessages({
  zh: { 'login.title': '登录', 'login.username': '用户名', 'login.password': '密码',
    'login.show': '显示密码', 'login.submit': '登录', 'login.failed': '用户名或密码不对',
    'login.wait': '尝试次数太多，请稍后再试' },
  en: { 'login.title': 'Log in', 'login.username': 'Username', 'login.password': 'Password',
    'login.show': 'Show password', 'login.submit': 'Log in', 'login.failed': 'Wrong username or password',
    'login.wait': 'Too many attempts; please wait and try again' },
});

// Render the form into el; onDone(account) after a successful login.
export function mountLogin(el, { onDone, title } = {}) {
  const user = h('input', { id: 'login-user', name: 'username', autocomplete: 'username', required: true });
  const pass = h('input', { id: 'login-pass', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true });
  const show = h('input', { id: 'login-show', type: 'checkbox',
    onchange: () => { pass.type = show.checked ? 'text' : 'password'; } });
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { class: 'btn btn-primary btn-block', type: 'submit' }, t('login.submit'));
  const form = h('form', { class: 'card login', onsubmit: async (e) => {
    e.preventDefault();
    msg.textContent = '';
    submit.disabled = true;
    try {
      const account = await login(user.value.trim(), pass.value);
      onDone && onDone(account);
    } catch (err) {
      msg.textContent = err.status === 429 ? t('login.wait') : t('login.failed');
    } finally {
      submit.disabled = false;
    }
  } },
  h('h1', {}, title || t('login.title')),
  h('label', { for: 'login-user' }, t('login.username')), user,
  h('label', { for: 'login-pass' }, t('login.password')), pass,
  h('label', { class: 'check', for: 'login-show' }, show, t('login.show')),
  msg, submit);
  clear(el).append(form);
  user.focus();
}
