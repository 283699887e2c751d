// words.js - every visible string of the command centre, in Chinese and
// English (the shared labels of states, events and cards are in
// /common/ui.js).

import { addMessages } from '/common/i18n.js';

addMessages({
  zh: {
    'cmd.brand': '枫桥', 'cmd.title': '指挥中心', 'cmd.login_title': '指挥中心登录',
    'cmd.motto': '微事不出邻里 · 小事不出片组 · 大事不出社村 · 难事不出街道',
    'cmd.live': '实时', 'cmd.live_at': '实时 · {time}', 'cmd.offline': '连接中断，正在重试',
    'cmd.kpis': '考核指标', 'cmd.trend': '近30天受理与结案', 'cmd.categories': '诉求分类 · 近30天',
    'cmd.ranking': '综合得分排名 · 近30天', 'cmd.rank_communities': '社区/村', 'cmd.rank_grids': '网格',
    'cmd.map': '网格态势', 'cmd.overdue_list': '超时诉求', 'cmd.supervised_list': '督办诉求',
    'cmd.ticker': '实时动态', 'cmd.leaders': '邻长/诉求查询',
    'cmd.leader_q_ph': '邻长姓名或诉求编号', 'cmd.search': '查询',
    'leaders.requests': '诉求查询：{q}', 'leaders.no_request': '没有找到编号为“{q}”的诉求',
    'cmd.clock': '{y}年{m}月{d}日 {wd} {time}',
    'cmd.weekday.0': '星期日', 'cmd.weekday.1': '星期一', 'cmd.weekday.2': '星期二', 'cmd.weekday.3': '星期三',
    'cmd.weekday.4': '星期四', 'cmd.weekday.5': '星期五', 'cmd.weekday.6': '星期六',
    'cmd.deployment': '全域', 'cmd.switch_account': '换个账号登录',
    'cmd.staff_only': '指挥中心只对工作人员（网格员、社区、街道调度、督办、管理员）开放。',

    'kpi.response': '响应率', 'kpi.resolution': '解决率', 'kpi.satisfaction': '满意率', 'kpi.on_time': '按期办结率',
    'kpi.intake': '今日受理', 'kpi.closed': '今日结案', 'kpi.open': '在办', 'kpi.overdue': '超时',
    'kpi.supervised': '督办', 'kpi.period': '近30天', 'kpi.no_data': '暂无数据',
    'kpi.sub.intake': '件 · 今日', 'kpi.sub.closed': '件 · 今日', 'kpi.sub.open': '件 · 当前',
    'kpi.sub.overdue': '件 · 当前', 'kpi.sub.supervised': '件 · 当前',

    'map.no_load': '暂无数据', 'map.open': '在办', 'map.overdue': '超时', 'map.supervised': '督办',
    'map.intake': '今日受理',
    'map.band.none': '无在办', 'map.band.some': '有在办', 'map.band.busy': '在办 ≥ {n}', 'map.band.overdue': '有超时',

    'chart.intake': '受理', 'chart.closed': '结案', 'chart.no_data': '近30天暂无数据', 'chart.score': '综合得分',
    'chart.no_score': '无数据',
    'chart.small_sample': '样本不足',

    'ticker.waiting': '正在等待新的动态…', 'ticker.count': '已接收 {n} 条',

    'list.none.overdue': '当前没有超时诉求', 'list.none.supervised': '当前没有督办诉求',

    'leaders.enter': '请输入邻长姓名', 'leaders.results': '邻长查询：{q}', 'leaders.found': '找到 {n} 位邻长',
    'leaders.none': '没有找到名为“{q}”的邻长', 'leaders.households': '联户 {n} 户', 'leaders.close': '关闭',
    'leaders.title': '邻长 {name} 的联户', 'leaders.summary': '{h} 户 · 近期诉求 {r} 件 · 未结 {o} 件',
    'hh.address': '住址', 'hh.head': '户主', 'hh.members': '人数', 'hh.requests': '诉求办理情况',
    'hh.more': '另有 {n} 件', 'hh.no_requests': '暂无诉求',
  },
  en: {
    'cmd.brand': 'Fengqiao', 'cmd.title': 'Command Centre', 'cmd.login_title': 'Command centre log in',
    'cmd.motto': 'Small matters stay in the neighbourhood; big ones rise only as far as they must',
    'cmd.live': 'Live', 'cmd.live_at': 'Live · {time}', 'cmd.offline': 'Connection lost, retrying',
    'cmd.kpis': 'Performance', 'cmd.trend': 'Intake and closures, last 30 days',
    'cmd.categories': 'Categories · last 30 days',
    'cmd.ranking': 'Score ranking', 'cmd.rank_communities': 'Communities', 'cmd.rank_grids': 'Grids',
    'cmd.map': 'Grid overview', 'cmd.overdue_list': 'Overdue', 'cmd.supervised_list': 'Supervised',
    'cmd.ticker': 'Live events', 'cmd.leaders': 'Leader or request',
    'cmd.leader_q_ph': 'Leader name or request number', 'cmd.search': 'Search',
    'leaders.requests': 'Requests: {q}', 'leaders.no_request': 'No request numbered “{q}”',
    'cmd.clock': '{wd} {d}/{m}/{y} {time}',
    'cmd.weekday.0': 'Sun', 'cmd.weekday.1': 'Mon', 'cmd.weekday.2': 'Tue', 'cmd.weekday.3': 'Wed',
    'cmd.weekday.4': 'Thu', 'cmd.weekday.5': 'Fri', 'cmd.weekday.6': 'Sat',
    'cmd.deployment': 'All units', 'cmd.switch_account': 'Log in as someone else',
    'cmd.staff_only': 'The command centre is for staff (grid workers, community officers, dispatchers, supervisors, administrators).',

    'kpi.response': 'Response', 'kpi.resolution': 'Resolution', 'kpi.satisfaction': 'Satisfaction',
    'kpi.on_time': 'On time', 'kpi.intake': 'Raised today', 'kpi.closed': 'Closed today', 'kpi.open': 'Open',
    'kpi.overdue': 'Overdue', 'kpi.supervised': 'Supervised', 'kpi.period': 'last 30 days', 'kpi.no_data': 'no data',
    'kpi.sub.intake': 'today', 'kpi.sub.closed': 'today', 'kpi.sub.open': 'now',
    'kpi.sub.overdue': 'now', 'kpi.sub.supervised': 'now',

    'map.no_load': 'No data', 'map.open': 'Open', 'map.overdue': 'Overdue', 'map.supervised': 'Supervised',
    'map.intake': 'Raised today',
    'map.band.none': 'Nothing open', 'map.band.some': 'Some open', 'map.band.busy': '{n}+ open', 'map.band.overdue': 'Overdue',

    'chart.intake': 'Raised', 'chart.closed': 'Closed', 'chart.no_data': 'No data in the last 30 days',
    'chart.score': 'Composite', 'chart.no_score': 'no data', 'chart.small_sample': 'too few',

    'ticker.waiting': 'Waiting for events…', 'ticker.count': '{n} since opened',

    'list.none.overdue': 'Nothing is overdue', 'list.none.supervised': 'Nothing is under supervision',

    'leaders.enter': 'Type a leader’s name', 'leaders.results': 'Neighbour leaders: {q}', 'leaders.found': '{n} leaders found',
    'leaders.none': 'No neighbour leader called “{q}”', 'leaders.households': '{n} households', 'leaders.close': 'Close',
    'leaders.title': 'Households of {name}', 'leaders.summary': '{h} households · {r} recent requests · {o} open',
    'hh.address': 'Address', 'hh.head': 'Head', 'hh.members': 'People', 'hh.requests': 'Requests',
    'hh.more': '{n} more', 'hh.no_requests': 'None',
  },
});
