// words.js - the cloud-mediation page's messages, Chinese first.

import { addMessages, t } from '/common/i18n.js';

addMessages({
  zh: {
    'med.title': '枫桥 · 云调解', 'med.logout': '退出', 'med.unsent': '您刚写的话还没有发出去，可以复制保存：', 'med.loading': '正在打开…',
    'med.case': '案件编号', 'med.type': '纠纷类型', 'med.state': '进度', 'med.mediators': '调解员',
    'med.parties': '当事人', 'med.you': '我', 'med.mediator': '调解员', 'med.party': '当事人',
    'med.empty': '还没有消息。有什么想说的，请在下面写。',
    'med.write': '想说的话', 'med.write_ph': '在这里写您想说的话…', 'med.send': '发送',
    'med.attach': '照片/文件', 'med.picked': '已选 {n} 个文件', 'med.sent': '已发送',
    'med.send_failed': '没能发送：{msg}', 'med.retract': '撤回', 'med.retracted': '已撤回',
    'med.retract_q': '撤回这条消息？撤回后仍会保留记录，并标为“已撤回”。',
    'med.read_only': '这个案件已结束，只能查看，不能再发消息。',
    'med.kept': '这里说的每句话都会保存，调解员和各方当事人都能看到。',
    'med.link_bad': '链接打不开', 'med.link_bad_hint': '这个链接无效、已过期或已被收回。请联系您的调解员重新发送。',
    'med.session_over': '这次查看已结束。请重新打开调解员发给您的链接。',
    'med.login_title': '调解员登录', 'med.cases': '我的调解案件', 'med.no_cases': '暂时没有案件。',
    'med.mine': '我作为当事人的案件', 'med.unread': '{n} 条未读', 'med.open': '打开',
    'med.invite': '邀请当事人', 'med.invite_for': '邀请谁', 'med.expires': '有效期',
    'med.days': '{n} 天', 'med.create_link': '生成链接', 'med.link_ready': '请把这个链接或二维码发给 {name}。链接只显示这一次。',
    'med.copy': '复制链接', 'med.copied': '已复制', 'med.copy_failed': '请长按链接手动复制',
    'med.close': '关闭', 'med.links': '已发出的链接', 'med.revoke': '收回', 'med.revoked': '已收回',
    'med.revoke_q': '收回这个链接？对方将无法再用它查看和发言。',
    'med.link_active': '有效，至 {at}', 'med.link_expired': '已过期', 'med.link_revoked': '已收回',
    'med.link_used': '最近使用 {at}', 'med.no_links': '还没有发出链接。', 'med.back_list': '← 案件列表',
    'med.not_found': '找不到这个案件，或您无权查看。', 'med.load_failed': '没能打开，请检查网络后重试。',
    'med.state.registered': '已登记', 'med.state.consent': '征求意见', 'med.state.mediating': '调解中',
    'med.state.agreement_signed': '已签协议', 'med.state.reconciled': '已和解', 'med.state.failed': '调解未成',
    'med.state.refused': '不同意调解', 'med.state.closed': '已结案',
    'med.type.neighbour': '邻里纠纷', 'med.type.family': '婚姻家庭', 'med.type.property': '物业纠纷',
    'med.type.labour': '劳动争议', 'med.type.contract': '合同纠纷', 'med.type.land': '土地山林',
    'med.type.damage': '损害赔偿', 'med.type.other': '其他纠纷',
    'med.role.applicant': '申请人', 'med.role.respondent': '被申请人', 'med.role.third_party': '第三人',
  },
  en: {
    'med.title': 'Fengqiao · Cloud mediation', 'med.logout': 'Log out', 'med.unsent': 'What you wrote was not sent; copy it to keep it:', 'med.loading': 'Opening…',
    'med.case': 'Case number', 'med.type': 'Dispute type', 'med.state': 'Progress', 'med.mediators': 'Mediators',
    'med.parties': 'Parties', 'med.you': 'Me', 'med.mediator': 'Mediator', 'med.party': 'Party',
    'med.empty': 'No messages yet. Write below what you want to say.',
    'med.write': 'Your message', 'med.write_ph': 'Write what you want to say…', 'med.send': 'Send',
    'med.attach': 'Photo / file', 'med.picked': '{n} file(s) chosen', 'med.sent': 'Sent',
    'med.send_failed': 'Could not send: {msg}', 'med.retract': 'Retract', 'med.retracted': 'Retracted',
    'med.retract_q': 'Retract this message? It stays on record, marked as retracted.',
    'med.read_only': 'This case is over: you can read it but not post.',
    'med.kept': 'Everything said here is kept; the mediators and all parties can see it.',
    'med.link_bad': 'This link does not open', 'med.link_bad_hint': 'The link is not valid, has expired or was withdrawn. Please ask your mediator for a new one.',
    'med.session_over': 'This visit has ended. Please open the link your mediator sent you again.',
    'med.login_title': 'Mediator log in', 'med.cases': 'My mediation cases', 'med.no_cases': 'No cases for now.',
    'med.mine': 'Cases where I am a party', 'med.unread': '{n} unread', 'med.open': 'Open',
    'med.invite': 'Invite a party', 'med.invite_for': 'Invite whom', 'med.expires': 'Valid for',
    'med.days': '{n} days', 'med.create_link': 'Make the link', 'med.link_ready': 'Send this link or QR code to {name}. It is shown only this once.',
    'med.copy': 'Copy link', 'med.copied': 'Copied', 'med.copy_failed': 'Press and hold the link to copy it',
    'med.close': 'Close', 'med.links': 'Links sent', 'med.revoke': 'Withdraw', 'med.revoked': 'Withdrawn',
    'med.revoke_q': 'Withdraw this link? The party can no longer read or post with it.',
    'med.link_active': 'Valid until {at}', 'med.link_expired': 'Expired', 'med.link_revoked': 'Withdrawn',
    'med.link_used': 'Last used {at}', 'med.no_links': 'No links sent yet.', 'med.back_list': '← Cases',
    'med.not_found': 'No such case, or you may not see it.', 'med.load_failed': 'Could not open; check the network and try again.',
    'med.state.registered': 'Registered', 'med.state.consent': 'Asking consent', 'med.state.mediating': 'Mediating',
    'med.state.agreement_signed': 'Agreement signed', 'med.state.reconciled': 'Reconciled', 'med.state.failed': 'Not settled',
    'med.state.refused': 'Mediation refused', 'med.state.closed': 'Closed',
    'med.type.neighbour': 'Neighbours', 'med.type.family': 'Family', 'med.type.property': 'Property management',
    'med.type.labour': 'Labour', 'med.type.contract': 'Contract', 'med.type.land': 'Land',
    'med.type.damage': 'Damages', 'med.type.other': 'Other',
    'med.role.applicant': 'Applicant', 'med.role.respondent': 'Respondent', 'med.role.third_party': 'Third party',
  },
});

// A label for a key family, falling back to the raw value when unknown.
export function label(family, value) {
  const key = `med.${family}.${value}`;
  const s = t(key);
  return s === key ? String(value || '') : s;
}
