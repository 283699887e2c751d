// i18n.js - Chinese first (zh-CN), English available. Every visible string
// goes through t(); screens add their messages with addMessages(). The
// choice is remembered in localStorage and applied to <html lang>.

const LANG_KEY = 'fq.lang';
const messages = { zh: {}, en: {} };
let current = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
const listeners = [];

export function addMessages(m) {
  for (const l of ['zh', 'en']) Object.assign(messages[l], m[l] || {});
}

export function lang() { return current; }

export function setLang(l) {
  current = l === 'en' ? 'en' : 'zh';
  localStorage.setItem(LANG_KEY, current);
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
  applyI18n(document);
  for (const f of listeners) f(current);
}

// Call f(lang) whenever the language changes (to re-render dynamic parts).
export function onLang(f) { listeners.push(f); }

// t('key', {n: 3}) → the message with {n} replaced; falls back to Chinese,
// then to the key itself so that a missing message is visible, not blank.
export function t(key, vars) {
  let s = messages[current][key] ?? messages.zh[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

export function applyI18n(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]'))
    el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]'))
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

const pad = (n) => String(n).padStart(2, '0');

// "11月23日 14:05" / "Nov 23 14:05" in Asia/Shanghai (the server's times
// carry +08:00; the display zone is fixed, whatever the phone says).
export function fmtTime(rfc3339) {
  if (!rfc3339) return '';
  const d = new Date(new Date(rfc3339).getTime() + 8 * 3600 * 1000);
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (current === 'zh') return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hm}`;
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${mon[d.getUTCMonth()]} ${d.getUTCDate()} ${hm}`;
}

// "还剩 3 小时" / "超时 2 天" relative to now.
export function fmtDue(rfc3339, now = Date.now()) {
  if (!rfc3339) return '';
  const ms = new Date(rfc3339).getTime() - now;
  const late = ms < 0;
  const mins = Math.round(Math.abs(ms) / 60000);
  let n, unit;
  if (mins < 60) { n = mins; unit = 'minute'; }
  else if (mins < 48 * 60) { n = Math.round(mins / 60); unit = 'hour'; }
  else { n = Math.round(mins / 1440); unit = 'day'; }
  return t(late ? `due.late.${unit}` : `due.left.${unit}`, { n });
}

addMessages({
  zh: {
    'due.left.minute': '还剩 {n} 分钟', 'due.left.hour': '还剩 {n} 小时', 'due.left.day': '还剩 {n} 天',
    'due.late.minute': '超时 {n} 分钟', 'due.late.hour': '超时 {n} 小时', 'due.late.day': '超时 {n} 天',
    'lang.switch': 'English', 'lang.label': '切换语言',
  },
  en: {
    'due.left.minute': '{n} min left', 'due.left.hour': '{n} h left', 'due.left.day': '{n} days left',
    'due.late.minute': '{n} min overdue', 'due.late.hour': '{n} h overdue', 'due.late.day': '{n} days overdue',
    'lang.switch': '中文', 'lang.label': 'Switch language',
  },
});

document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
