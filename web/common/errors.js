// errors.js - the server's refusals in the UI's language. The API answers
// {error: {code, rule, message, field}}: `rule` names the rule that failed
// (docs/api-errors.md), and the UI shows that rule's words from RULES
// (rules.js) in Chinese or English, with a state, an action or a time in
// words. A rule without words (a server newer than the page) gives, in
// Chinese, the status's sentence naming the field, never the server's
// English; in English, the server's own message.

import { t, lang, addMessages, fmtTime } from './i18n.js';
import { RULES, FIELDS } from './rules.js';

const ACTIONS = {
  accept: '签收', return: '退单', escalate: '上报', resolve: '办结', rate: '评价', extend: '申请延期',
  approve_extension: '批准延期', refuse_extension: '驳回延期', supervise: '督办', remind: '催办',
  reject: '不予受理', merge: '合并', redo: '重办', reassign: '改派', dispatch: '派单',
};

// A group of a pattern in words: an action, a state, a card, a time, or itself.
function word(s) {
  if (lang() === 'zh' && ACTIONS[s]) return ACTIONS[s];
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(s)) return fmtTime(s);
  for (const key of [`state.${s}`, `card.${s}`]) {
    const w = t(key);
    if (w !== key) return w;
  }
  return s;
}

// The field in words, or null when the page has no words for it.
function fieldWords(field) {
  const w = FIELDS[field];
  return w ? w[lang() === 'zh' ? 0 : 1] : null;
}

// The rule's sentence with {field}, {1}, {1+} … filled in from the field
// and the server's message; null when a value it needs is not there.
function ruleText(words, field, message) {
  const [zh, en, re] = words;
  const m = re ? re.exec(message) : null;
  const values = m ? m.slice(1) : message.match(/-?\d+(?:\.\d+)?/g) || [];
  const label = fieldWords(field) || (lang() === 'zh' ? '这一项' : 'This field');
  let ok = true;
  const text = (lang() === 'zh' ? zh : en).replace(/\{(field|\d)(\+?)\}/g, (_, k, plus) => {
    if (k === 'field') return lang() === 'zh' && fieldWords(field) ? `“${label}”` : label;
    const v = values[Number(k) - 1];
    if (v === undefined) { ok = false; return ''; }
    return plus ? String(Number(v) + 1) : word(v);
  });
  return ok ? text : null;
}

// The message to show for an error answer: status, the body's field, its
// (English) message and the rule it names.
export function errorMessage(status, field, message, rule) {
  const words = RULES[rule];
  const text = words && rule.includes('.') ? ruleText(words, field, message || '') : null;
  if (text) return text;
  if (lang() !== 'zh') return message || (words ? words[1] : t('err.status', { status }));
  const general = t(`err.${status}`);
  const head = words ? words[0].replace(/。$/, '') : general === `err.${status}` ? t('err.status', { status }) : general;
  const label = fieldWords(field);
  return label ? t('err.field', { head, field: label }) : `${head}。`;
}

addMessages({
  zh: {
    'err.status': '服务器拒绝了（{status}）', 'err.400': '请求的格式不对', 'err.401': '请重新登录',
    'err.403': '没有权限', 'err.404': '没有找到，或不在您的范围里', 'err.409': '状态已经变了，请刷新后再看',
    'err.413': '内容太大了', 'err.415': '文件类型不支持', 'err.422': '填写的内容有误',
    'err.429': '操作太频繁，请稍后再试', 'err.500': '服务器出错了，请稍后再试', 'err.503': '服务器正忙，请稍后再试',
    'err.field': '{head}：请检查“{field}”。',
  },
  en: { 'err.status': 'Refused by the server ({status})' },
});
