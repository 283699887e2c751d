// words.js - the councils' messages (zh-CN first, English) and small
// shared renderers: state and outcome badges, progress bars, a vote's
// totals.

import { addMessages, t } from '/common/i18n.js';
import { h } from '/common/ui.js';

addMessages({
  zh: {
    'co.title': '枫桥 · 议事会', 'pub.title': '议事结果公开',
    'nav.proposals': '金点子', 'nav.propose': '我有金点子', 'nav.votes': '我的表决',
    'nav.meetings': '会议', 'nav.topics': '议题', 'nav.resolutions': '决议落实', 'nav.public': '结果公开',
    'topic.proposed': '已提出', 'topic.supporting': '征集支持中', 'topic.on_agenda': '已列入议程',
    'topic.deliberated': '已审议', 'topic.decided': '已决定', 'topic.dropped': '已撤销',
    'source.request': '来自诉求', 'source.proposal': '居民金点子', 'source.staff': '社区提出',
    'co.supports': '{n}/{m} 人支持', 'co.support': '支持', 'co.supported': '已支持',
    'co.support_done': '感谢支持！', 'co.on_agenda_now': '已达到人数，列入议程！',
    'co.propose_title': '提一个金点子', 'co.f_title': '题目', 'co.f_body': '具体说说',
    'co.f_unit': '提给', 'co.submit': '提交', 'co.proposed_ok': '金点子已提交，邀请邻居来支持吧',
    'co.no_votes': '现在没有需要您表决的事项', 'co.yes': '赞成', 'co.no': '反对', 'co.abstain': '弃权',
    'co.voted': '您已投票', 'co.no_right': '您列席会议，没有表决权', 'co.secret': '无记名投票',
    'co.open_ballot': '记名投票', 'co.cast_ok': '投票成功', 'co.confirm_vote': '确定投“{c}”吗？投出后不能更改。',
    'meeting.council': '议事会', 'meeting.round_table': '幸福圆桌会',
    'mstate.scheduled': '未开始', 'mstate.open': '进行中', 'mstate.closed': '已结束',
    'co.new_meeting': '新建会议', 'co.m_title': '会议名称', 'co.m_kind': '类型', 'co.m_time': '时间',
    'co.m_place': '地点', 'co.m_unit': '社区/村', 'co.create': '创建',
    'co.participants': '参会人员', 'co.add_participant': '添加参会人员', 'co.p_kind': '身份',
    'co.p_name': '姓名/单位', 'co.p_account': '账号（可不填）', 'co.p_account_ph': '输入姓名或用户名，从列表中选', 'co.p_vote': '有表决权', 'co.add': '添加',
    'pkind.talent': '群英', 'pkind.resident_rep': '居民代表', 'pkind.department': '职能部门',
    'pkind.property_company': '物业公司', 'pkind.staff': '社区干部',
    'co.no_vote_right': '列席', 'co.paper': '纸质投票',
    'co.agenda': '议程', 'co.add_topic': '列入议程', 'co.pick_topic': '选择议题',
    'co.open_meeting': '开始会议', 'co.close_meeting': '结束会议',
    'co.minutes': '会议纪要', 'co.save_minutes': '保存纪要', 'co.opinions': '发言意见',
    'co.add_opinion': '记录发言', 'co.speaker': '发言人',
    'co.votes': '表决', 'co.open_vote': '发起表决', 'co.motion': '表决事项', 'co.quorum': '法定人数',
    'co.majority': '通过规则', 'maj.simple': '赞成多于反对（不计弃权）', 'maj.absolute': '超过应到人数半数',
    'co.close_vote': '结束表决', 'co.cast': '已投 {n}/{m}', 'co.record_paper': '代录纸质票',
    'outcome.passed': '通过', 'outcome.rejected': '未通过', 'outcome.tie': '票数相同，未通过',
    'outcome.no_quorum': '不足法定人数', 'co.result': '赞成 {y} · 反对 {n} · 弃权 {a}（应到 {e}）',
    'co.resolution': '形成决议', 'co.res_text': '决议内容', 'co.resolutions': '决议与落实',
    'co.tasks': '落实任务', 'co.add_task': '添加任务', 'co.t_title': '任务', 'co.t_deadline': '期限',
    'co.t_owner_unit': '责任单位编号', 'co.t_owner_account': '责任人账号编号', 'co.t_parent': '上级任务',
    'co.progress': '进度', 'co.update': '更新', 'co.supervise': '督办', 'co.card_due': '督办期限',
    'co.overdue': '已逾期', 'co.due': '期限 {d}', 'co.none': '暂无', 'co.loading': '加载中…',
    'co.login_needed': '请先登录', 'co.decided_topics': '已决定的议题', 'co.meetings_done': '已召开的会议',
    'co.public_link': '查看公开结果', 'co.topics_all': '全部议题', 'co.new_topic': '新议题',
    'co.drop': '撤销', 'co.decide': '记为已决定', 'co.threshold': '金点子支持门槛',
    'co.saved': '已保存', 'co.overdue_list': '逾期与督办任务',
    'co.q.close': '结束表决：{motion}', 'co.q.close_what': '结束后不能再投票，结果当即计票、存档，不能更改。',
    'co.q.cast': '现在已投 {n}/{m}，法定人数 {need} 票。', 'co.q.no_quorum_title': '未达到法定人数：',
    'co.q.no_quorum': '还差 {k} 票。现在结束，表决结果将是“不足法定人数”（no_quorum），不产生决议。',
    'co.q.close_ok': '结束并计票', 'co.q.close_anyway': '仍然结束（不足法定人数）',
    'co.q.drop': '搁置议题：{title}', 'co.q.drop_what': '搁置后这个议题不再进入议程。',
    'co.q.meeting_close': '结束会议：{title}', 'co.q.meeting_close_what': '结束后不能再发言、表决或修改会议。',
  },
  en: {
    'co.title': 'Fengqiao · Councils', 'pub.title': 'Council results',
    'nav.proposals': 'Ideas', 'nav.propose': 'Propose', 'nav.votes': 'My votes',
    'nav.meetings': 'Meetings', 'nav.topics': 'Topics', 'nav.resolutions': 'Resolutions', 'nav.public': 'Public',
    'topic.proposed': 'Proposed', 'topic.supporting': 'Gathering support', 'topic.on_agenda': 'On the agenda',
    'topic.deliberated': 'Deliberated', 'topic.decided': 'Decided', 'topic.dropped': 'Dropped',
    'source.request': 'From a request', 'source.proposal': 'Resident idea', 'source.staff': 'By the community',
    'co.supports': '{n}/{m} supporters', 'co.support': 'Support', 'co.supported': 'Supported',
    'co.support_done': 'Thank you for your support!', 'co.on_agenda_now': 'Enough support: it is on the agenda!',
    'co.propose_title': 'Propose an idea', 'co.f_title': 'Title', 'co.f_body': 'Details',
    'co.f_unit': 'To', 'co.submit': 'Submit', 'co.proposed_ok': 'Idea submitted; ask your neighbours to support it',
    'co.no_votes': 'Nothing to vote on now', 'co.yes': 'Yes', 'co.no': 'No', 'co.abstain': 'Abstain',
    'co.voted': 'You have voted', 'co.no_right': 'You attend without a vote', 'co.secret': 'Secret ballot',
    'co.open_ballot': 'Open ballot', 'co.cast_ok': 'Vote cast', 'co.confirm_vote': 'Vote "{c}"? It cannot be changed.',
    'meeting.council': 'Council', 'meeting.round_table': 'Round table',
    'mstate.scheduled': 'Scheduled', 'mstate.open': 'In session', 'mstate.closed': 'Closed',
    'co.new_meeting': 'New meeting', 'co.m_title': 'Title', 'co.m_kind': 'Kind', 'co.m_time': 'Time',
    'co.m_place': 'Place', 'co.m_unit': 'Community', 'co.create': 'Create',
    'co.participants': 'Participants', 'co.add_participant': 'Add a participant', 'co.p_kind': 'Role',
    'co.p_name': 'Name', 'co.p_account': 'Account (optional)', 'co.p_account_ph': 'Type a name or username, pick from the list', 'co.p_vote': 'May vote', 'co.add': 'Add',
    'pkind.talent': 'Talent', 'pkind.resident_rep': 'Residents\' rep', 'pkind.department': 'Department',
    'pkind.property_company': 'Property company', 'pkind.staff': 'Staff',
    'co.no_vote_right': 'no vote', 'co.paper': 'paper ballot',
    'co.agenda': 'Agenda', 'co.add_topic': 'Add to agenda', 'co.pick_topic': 'Choose a topic',
    'co.open_meeting': 'Open the meeting', 'co.close_meeting': 'Close the meeting',
    'co.minutes': 'Minutes', 'co.save_minutes': 'Save minutes', 'co.opinions': 'Opinions',
    'co.add_opinion': 'Record an opinion', 'co.speaker': 'Speaker',
    'co.votes': 'Votes', 'co.open_vote': 'Open a vote', 'co.motion': 'Motion', 'co.quorum': 'Quorum',
    'co.majority': 'Majority', 'maj.simple': 'More yes than no (abstentions left out)', 'maj.absolute': 'More than half of the eligible',
    'co.close_vote': 'Close the vote', 'co.cast': '{n}/{m} cast', 'co.record_paper': 'Record paper ballot',
    'outcome.passed': 'Passed', 'outcome.rejected': 'Rejected', 'outcome.tie': 'Tie: not passed',
    'outcome.no_quorum': 'No quorum', 'co.result': 'Yes {y} · No {n} · Abstain {a} (eligible {e})',
    'co.resolution': 'Adopt a resolution', 'co.res_text': 'Resolution', 'co.resolutions': 'Resolutions and follow-up',
    'co.tasks': 'Tasks', 'co.add_task': 'Add a task', 'co.t_title': 'Task', 'co.t_deadline': 'Deadline',
    'co.t_owner_unit': 'Owner unit id', 'co.t_owner_account': 'Owner account id', 'co.t_parent': 'Parent task',
    'co.progress': 'Progress', 'co.update': 'Update', 'co.supervise': 'Supervise', 'co.card_due': 'Card deadline',
    'co.overdue': 'Overdue', 'co.due': 'due {d}', 'co.none': 'None yet', 'co.loading': 'Loading…',
    'co.login_needed': 'Please log in', 'co.decided_topics': 'Decided topics', 'co.meetings_done': 'Meetings held',
    'co.public_link': 'Public results', 'co.topics_all': 'All topics', 'co.new_topic': 'New topic',
    'co.drop': 'Drop', 'co.decide': 'Mark decided', 'co.threshold': 'Support threshold',
    'co.saved': 'Saved', 'co.overdue_list': 'Overdue and supervised tasks',
    'co.q.close': 'Close the vote: {motion}', 'co.q.close_what': 'nobody can vote afterwards; the ballots are counted and the result is kept as it is.',
    'co.q.cast': '{n}/{m} have voted; the quorum is {need}.', 'co.q.no_quorum_title': 'The quorum is not met:',
    'co.q.no_quorum': '{k} more ballots are needed. Closed now, the vote ends as “no quorum” (no_quorum) and makes no resolution.',
    'co.q.close_ok': 'Close and count', 'co.q.close_anyway': 'Close without a quorum',
    'co.q.drop': 'Drop the topic: {title}', 'co.q.drop_what': 'a dropped topic is not put on an agenda again.',
    'co.q.meeting_close': 'Close the meeting: {title}', 'co.q.meeting_close_what': 'nobody can speak, vote or change the meeting afterwards.',
  },
});

export function topicBadge(state) {
  return h('span', { class: `badge topic-${state}` }, t(`topic.${state}`));
}

export function bar(pct, cls = '') {
  const p = Math.max(0, Math.min(100, pct));
  const fill = h('span');
  fill.style.width = `${p}%`; // through the CSSOM: the CSP allows no inline style attribute
  return h('div', { class: `bar ${cls}`, role: 'progressbar', 'aria-valuenow': String(p),
    'aria-valuemin': '0', 'aria-valuemax': '100' }, fill);
}

// A closed vote's totals and outcome; an open one's count of ballots cast.
export function voteResult(v) {
  if (!v.result) return h('p', { class: 'co-meta' }, t('co.cast', { n: v.cast, m: v.eligible }));
  const r = v.result;
  return h('div', { class: 'vote-result' },
    h('p', { class: 'tally' }, t('co.result', { y: r.yes, n: r.no, a: r.abstain, e: v.eligible })),
    h('p', {}, h('span', { class: `badge outcome-${r.outcome}` }, t(`outcome.${r.outcome}`)),
      ' ', h('span', { class: 'co-meta' }, v.secret ? t('co.secret') : t('co.open_ballot'))));
}

// A task tree: tasks whose parent is parentId, each followed by its own.
export function taskTree(tasks, parentId, render) {
  const kids = tasks.filter((x) => (x.parent_id || null) === parentId);
  if (!kids.length) return null;
  return h('ul', { class: 'task-tree' }, kids.map((x) => h('li', {}, render(x),
    taskTree(tasks, x.id, render))));
}
