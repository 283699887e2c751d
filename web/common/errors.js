// errors.js - the server's error messages in the UI's language. The API
// answers in English ({error: {code, message, field}}); in Chinese the UI
// shows the message of the first line of ERRORS whose status (and field,
// when given) match and whose pattern matches the server's message, with
// {1}, {2} … taken from the pattern's groups (a state, an action or a card
// is put in words). A message no line knows gets its status's words and
// the server's own message after them, so nothing is lost. In English the
// server's message is shown as it is.

import { t, lang, addMessages, fmtTime } from './i18n.js';

// [status, field or '' for any, pattern, Chinese message]
const ERRORS = [
  // 409: the request (or thing) is no longer where the form thought it was
  [409, '', /^cannot (\w+) a request in state (\w+)$/, '这件诉求现在是“{2}”，不能{1}。可能刚被别人处理过，请刷新后再看。'],
  [409, '', /^cannot escalate a request at level \d+, the top of the ladder$/, '已经在街道一级，不能再上报。'],
  [409, '', /^an extension is already pending$/, '已经有一个延期申请在等审批。'],
  [409, '', /^this request has had its (\d+) extensions$/, '这件诉求已经延期过 {1} 次，不能再延期。'],
  [409, '', /^this request has no resolve deadline$/, '这件诉求没有办结时限，不用延期。'],
  [409, '', /^no extension is pending/, '没有待审批的延期申请。'],
  [409, '', /^an extension must be asked before the resolve deadline$/, '办结时限已过，不能再申请延期。'],
  [409, '', /^the resolve deadline has not passed$/, '办结时限还没到。'],
  [409, 'card', /^cannot lower a (\w+) card to (\w+)$/, '督办不能从“{1}”降为“{2}”。'],
  [409, 'merge_into', /^cannot merge into a request in state (\w+)$/, '要合并进去的诉求是“{1}”，不能合并。'],
  [409, '', /^the follow-up window is still open$/, '回访期还没结束。'],
  [409, 'departments', /^departments co-handle only at level/, '到了街道一级才能设置联办部门。'],
  [409, '', /^cannot set co-handlers on a request in state (\w+)$/, '这件诉求现在是“{1}”，不能设置联办部门。'],
  [409, 'assignee', /^nobody can handle it/, '没有人能接手：街道还没有派单员账号。'],
  [409, 'Idempotency-Key', /./, '这次提交和上一次不一样，请重新填写后再提交。'],
  [409, 'code', /^a category with code (\S+) exists$/, '分类编码 {1} 已经有了。'],
  [409, 'username', /^the username (\S+) is taken$/, '用户名 {1} 已被占用。'],
  [409, 'documents', /^required case-file items are missing/, '卷宗还缺必备材料，请补齐，或写明缺件归档的理由。'],
  // 429: a reminder within the span of the last one
  [429, 'remind', /^a reminder was sent at (\S+); the next may be sent from (\S+)$/, '{1} 已经催办过了，{2} 之后可以再催。'],
  // 403: the roles or the relation do not allow it
  [403, '', /^only the current handler may (\w+) this request$/, '只有当前承办人可以{1}。'],
  [403, '', /^only the reporter may (\w+) this request$/, '只有提出诉求的居民可以{1}。'],
  [403, '', /^to (\w+) a request in state (\w+) needs the role/, '您的角色不能对“{2}”的诉求{1}。'],
  [403, '', /^your roles do not allow this$/, '您的角色不能做这件事。'],
  [403, 'X-CSRF-Token', /./, '登录状态已过期，请刷新页面后重试。'],
  // 401
  [401, '', /./, '登录已过期，请重新登录。'],
  // 422: a field
  [422, '', /^(?:\S+ )?is required/, '这一项必须填写。'],
  [422, '', /^(?:\S+ )?must be at most (\d+) characters$/, '最多 {1} 个字。'],
  [422, '', /^must be between (\d+) and (\d+) hours$/, '须在 {1} 到 {2} 小时之间。'],
  [422, '', /^must be between (\d+) and (\d+) working days$/, '须在 {1} 到 {2} 个工作日之间。'],
  [422, '', /^must be between (-?\d+) and (-?\d+)$/, '须在 {1} 到 {2} 之间。'],
  [422, '', /^must not be shorter than limits\[(\d)\]\.(accept|resolve)$/, '不能短于第 {1} 层级的{2}时限（办结不能短于签收，层级越高时限不能越短）。'],
  [422, '', /^a number is (\d+) to (\d+) digits/, '电话号码须为 {1} 到 {2} 位数字，中间可用“-”。'],
  [422, '', /^a label is one line of 1 to (\d+) characters$/, '说明须为一行，1 到 {1} 个字。'],
  [422, 'danger_calls', /^a danger category needs at least one number to call$/, '标为危险的分类至少要有一个求助电话。'],
  [422, 'due', /^must be in the future$/, '时间必须晚于现在。'],
  [422, 'due', /^must be within (\d+) days$/, '须在 {1} 天以内。'],
  [422, 'merge_into', /^cannot merge a request into itself$/, '不能合并到它自己。'],
  [422, 'merge_into', /^no such request$/, '没有这件诉求。'],
  [422, '', /^the point lies outside every grid$/, '这个位置不在任何网格里。'],
  [422, '', /^the location lies outside your units$/, '这个位置不在您管辖的范围里。'],
  [422, '', /does not lie in a grid$/, '这个位置不在任何网格里。'],
  [422, 'category', /^category \S+ is no longer in use$/, '这个类别已经停用了。'],
  [422, 'photo', /^the \w+ file is damaged$|^not a JPEG, PNG or WebP image$/, '这张照片打不开，请换一张（可以用 JPEG、PNG 或 WebP）。'],
  [422, 'photo', /^the file is too large to decode$/, '这张照片太大了，请换一张小一点的。'],
];

const ACTIONS = {
  accept: '签收', return: '退单', escalate: '上报', resolve: '办结', rate: '评价', extend: '申请延期',
  approve_extension: '批准延期', refuse_extension: '驳回延期', supervise: '督办', remind: '催办',
  reject: '不予受理', merge: '合并', redo: '重办', reassign: '改派', dispatch: '派单',
};

// A group of a pattern in words: an action, a state, a card, a time, or itself.
function word(s) {
  if (ACTIONS[s]) return ACTIONS[s];
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(s)) return fmtTime(s);
  for (const key of [`state.${s}`, `card.${s}`]) {
    const w = t(key);
    if (w !== key) return w;
  }
  return s;
}

// The message to show for an error answer: status, the body's field and
// its (English) message. Returns the server's message in English.
export function errorMessage(status, field, message) {
  if (lang() !== 'zh') return message || t('err.status', { status });
  for (const [st, f, re, zh] of ERRORS) {
    if (st !== status || (f && f !== field)) continue;
    const m = re.exec(message || '');
    if (m) return zh.replace(/\{(\d)\}/g, (_, i) => word(m[Number(i)] || ''));
  }
  const general = t(`err.${status}`);
  const head = general === `err.${status}` ? t('err.status', { status }) : general;
  return message ? `${head}（${message}）` : head;
}

addMessages({
  zh: {
    'err.status': '服务器拒绝了（{status}）', 'err.400': '请求的格式不对', 'err.401': '请重新登录',
    'err.403': '没有权限', 'err.404': '没有找到，或不在您的范围里', 'err.409': '状态已经变了，请刷新后再看',
    'err.413': '内容太大了', 'err.415': '文件类型不支持', 'err.422': '填写的内容有误',
    'err.429': '操作太频繁，请稍后再试', 'err.500': '服务器出错了，请稍后再试', 'err.503': '服务器正忙，请稍后再试',
  },
  en: { 'err.status': 'Refused by the server ({status})' },
});
