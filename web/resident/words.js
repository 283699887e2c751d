// words.js - a request's standing and history in plain words for the
// resident: who has it and by when ("网格员 王芳 已签收，预计 11月25日 前办结"),
// and one sentence per timeline event, without the jargon of the office.

import { t, addMessages, fmtTime } from '/common/i18n.js';

addMessages({
  zh: {
    'role.leader': '邻长', 'role.building_leader': '楼栋长', 'role.grid_worker': '网格员',
    'role.community_officer': '社区工作人员', 'role.dispatcher': '街道指挥中心',
    'role.department_officer': '街道部门', 'role.someone': '工作人员',
    'say.submitted': '已收到，正在安排人办理。',
    'say.dispatched': '已交给 {who}，{due} 前会联系您。',
    'say.accepted': '{who} 已签收，预计 {due} 前办结。',
    'say.accepted_nodue': '{who} 已签收，正在办理。',
    'say.resolved': '{who} 已办好了。请您看看是否解决，并给个评价。',
    'say.closed': '已办结。谢谢您的评价。', 'say.closed_unrated': '已办结。',
    'say.returned': '正在重新安排人办理。', 'say.rejected': '这件事不归这里办理，原因见下面。',
    'say.merged': '和一件相同的诉求合在一起办理。',
    'ev.submitted': '{actor}提交了诉求', 'ev.dispatched': '交给{level}办理',
    'ev.accepted': '{actor} 签收了，开始办理', 'ev.returned': '退回重新安排',
    'ev.escalated': '转给上一级（{level}）办理', 'ev.resolved': '{actor} 办好了',
    'ev.rated': '您做了评价', 'ev.rated_redo': '您觉得没办好，重新办理',
    'ev.rated_final': '您做了评价，已结案', 'ev.extension_requested': '申请多一些时间',
    'ev.extension_approved': '同意多给时间', 'ev.extension_refused': '没有同意多给时间',
    'ev.extension_lapsed': '延期申请过期', 'ev.supervised': '上级在督办',
    'ev.reminded': '催办了一次', 'ev.rejected': '不予受理', 'ev.merged': '合并到相同的诉求',
    'ev.redone': '重新办理', 'ev.auto_closed': '到期自动结案', 'ev.reassigned': '重新安排了办理人',
    'ev.cohandlers_set': '请街道部门一起办', 'ev.talent_outcome': '群英{actor}来帮忙，反馈了结果', 'ev.other': '办理进展', 'ev.you': '您',
    'ev.system': '系统',
  },
  en: {
    'role.leader': 'neighbour leader', 'role.building_leader': 'building leader', 'role.grid_worker': 'grid worker',
    'role.community_officer': 'community officer', 'role.dispatcher': 'street command centre',
    'role.department_officer': 'street office', 'role.someone': 'staff',
    'say.submitted': 'Received; someone is being found to handle it.',
    'say.dispatched': 'Given to {who}, who will contact you by {due}.',
    'say.accepted': '{who} has taken it and expects to finish by {due}.',
    'say.accepted_nodue': '{who} has taken it and is working on it.',
    'say.resolved': '{who} has finished. Please say whether it is solved, and rate it.',
    'say.closed': 'Done. Thank you for your rating.', 'say.closed_unrated': 'Done.',
    'say.returned': 'Someone else is being found to handle it.',
    'say.rejected': 'This is not handled here; the reason is below.',
    'say.merged': 'Handled together with the same request.',
    'ev.submitted': '{actor} sent the request', 'ev.dispatched': 'Given to the {level} level',
    'ev.accepted': '{actor} took it on', 'ev.returned': 'Sent back to be passed on',
    'ev.escalated': 'Passed up to the {level} level', 'ev.resolved': '{actor} finished it',
    'ev.rated': 'You rated it', 'ev.rated_redo': 'You were not satisfied: it is being done again',
    'ev.rated_final': 'You rated it; closed', 'ev.extension_requested': 'More time asked for',
    'ev.extension_approved': 'More time given', 'ev.extension_refused': 'More time refused',
    'ev.extension_lapsed': 'The request for more time lapsed', 'ev.supervised': 'Being chased by a supervisor',
    'ev.reminded': 'A reminder was sent', 'ev.rejected': 'Not accepted', 'ev.merged': 'Merged into the same request',
    'ev.redone': 'Being done again', 'ev.auto_closed': 'Closed automatically', 'ev.reassigned': 'Passed to someone else',
    'ev.cohandlers_set': 'Street offices asked to help', 'ev.talent_outcome': '{actor}, a community talent, helped and reported back', 'ev.other': 'Progress', 'ev.you': 'You',
    'ev.system': 'The system',
  },
});

// "网格员 王芳": the role in words and the name, without saying the role
// twice when the name already starts with it.
export function whoLabel(assignee) {
  if (!assignee) return t('role.someone');
  const role = t(`role.${assignee.role || 'someone'}`);
  const name = assignee.name || '';
  if (!name) return role;
  return name.startsWith(role) ? name : `${role} ${name}`;
}

// One sentence for where the request stands now.
export function headline(r) {
  const who = whoLabel(r.assignee);
  const d = r.deadlines || {};
  switch (r.state) {
    case 'dispatched': return t('say.dispatched', { who, due: fmtTime(d.accept && d.accept.due) });
    case 'accepted': return d.resolve && d.resolve.due
      ? t('say.accepted', { who, due: fmtTime(d.resolve.due) }) : t('say.accepted_nodue', { who });
    case 'resolved': return t('say.resolved', { who });
    case 'closed': return r.rating ? t('say.closed') : t('say.closed_unrated');
    case 'returned': case 'rejected': case 'merged': case 'submitted': return t(`say.${r.state}`);
    default: return '';
  }
}

// One sentence for a timeline event.
export function eventSentence(ev, me) {
  let actor = ev.actor ? ev.actor.name : t('ev.system');
  if (ev.actor && me && ev.actor.id === me.id) actor = t('ev.you');
  const level = ev.new_level ? t(`level.${ev.new_level}`) : '';
  const key = `ev.${ev.event}`;
  const s = t(key, { actor, level });
  return s === key ? t('ev.other') : s;
}
