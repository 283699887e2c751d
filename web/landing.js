// landing.js - the front door: three ways in (resident, worker, command
// centre). On a phone it puts the two phone faces first and says so; a
// browser that is logged in is pointed to the face of its roles.

import { me } from '/common/api.js';
import { t, addMessages, applyI18n, onLang } from '/common/i18n.js';
import { langSwitch } from '/common/ui.js';

addMessages({
  zh: {
    'landing.brand': '枫桥 · 基层治理平台', 'landing.question': '您是哪一位？', 'landing.choose': '选择入口',
    'landing.resident': '居民', 'landing.resident_sub': '反映问题、查看办理进度、评价',
    'landing.worker': '工作人员', 'landing.worker_sub': '邻长、楼栋长、网格员、社区和街道：签收、办理、上报',
    'landing.command': '指挥中心', 'landing.command_sub': '大屏：网格地图、实时动态、考核指标',
    'landing.foot': '微事不出邻里，小事不出片组，大事不出社村，难事不出街道。',
    'landing.qunying': '群英断是非', 'landing.disputes': '矛盾纠纷调解',
    'landing.disputes_sub': '登记、调解、协议、司法确认', 'landing.talents': '群英库 · 点将派单',
    'landing.talents_sub': '群英入库、推荐人选、派单与评价', 'landing.councils': '议事会 · 金点子',
    'landing.councils_sub': '提议、附议、会议表决、决议落实', 'landing.public': '议事结果公开',
    'landing.public_sub': '无需登录：表决结果与落实进度',
    'landing.phone': '您在用手机：居民请点“居民”，邻长和网格员请点“工作人员”。',
    'landing.yours': '您已登录为 {name}，建议进入“{face}”。',
  },
  en: {
    'landing.brand': 'Fengqiao · Grassroots governance', 'landing.question': 'Who are you?',
    'landing.choose': 'Choose a way in', 'landing.resident': 'Resident',
    'landing.resident_sub': 'Report a problem, follow it, rate the result',
    'landing.worker': 'Staff', 'landing.worker_sub': 'Neighbour and building leaders, grid workers, community and street: accept, handle, escalate',
    'landing.command': 'Command centre', 'landing.command_sub': 'Big screen: grid map, live events, performance',
    'landing.foot': 'Small matters stay in the neighbourhood; big ones rise only as far as they must.',
    'landing.qunying': 'Respected residents settle right and wrong', 'landing.disputes': 'Dispute mediation',
    'landing.disputes_sub': 'Register, mediate, agreement, court confirmation',
    'landing.talents': 'Talent pool · dispatch by name', 'landing.talents_sub': 'Enrol talents, ranked suggestions, tasks and ratings',
    'landing.councils': 'Councils · ideas', 'landing.councils_sub': 'Propose, support, vote, follow up resolutions',
    'landing.public': 'Council results', 'landing.public_sub': 'No login: vote results and progress',
    'landing.phone': 'You are on a phone: residents choose “Resident”, neighbour leaders and grid workers “Staff”.',
    'landing.yours': 'You are logged in as {name}; “{face}” is yours.',
  },
});

const PHONE_QUERY = '(max-width: 820px), (pointer: coarse)';
const PHONE_UA = /Mobi|Android|iPhone|iPad|MicroMessenger|HarmonyOS/i;
const COMMAND_ROLES = ['dispatcher', 'supervisor'];
const WORKER_ROLES = ['leader', 'building_leader', 'grid_worker', 'community_officer',
  'department_officer', 'talent', 'mediator', 'admin'];

const hint = document.getElementById('landing-hint');
const nav = document.querySelector('.faces');
let suggestion = null;

function isPhone() {
  return PHONE_UA.test(navigator.userAgent) || window.matchMedia(PHONE_QUERY).matches;
}

// The face for an account's roles: command centre, worker or resident.
function faceOf(account) {
  const roles = account.roles.map((r) => r.role);
  if (roles.some((r) => COMMAND_ROLES.includes(r)) && !isPhone()) return 'command';
  if (roles.some((r) => WORKER_ROLES.includes(r) || COMMAND_ROLES.includes(r))) return 'worker';
  return 'resident';
}

function suggest(face, text) {
  for (const a of nav.querySelectorAll('.face')) a.classList.toggle('suggested', a.id === `face-${face}`);
  const first = document.getElementById(`face-${face}`);
  nav.prepend(first);
  hint.textContent = text;
  hint.classList.remove('hidden');
}

function paint() {
  applyI18n(document);
  if (suggestion) suggest(suggestion.face, suggestion.text());
}

async function init() {
  document.getElementById('lang-slot').append(langSwitch());
  onLang(paint);
  applyI18n(document);
  if (isPhone()) {
    nav.prepend(document.getElementById('face-worker'));
    nav.prepend(document.getElementById('face-resident'));
    document.getElementById('face-command').classList.add('face-minor');
    suggestion = { face: 'resident', text: () => t('landing.phone') };
  }
  // ask for the session only when this browser has logged in before (a
  // first visit would otherwise log a failed 401 load)
  if (localStorage.getItem('fq.signed_in')) {
    const account = await me().catch(() => null);
    if (account) {
      const face = faceOf(account);
      suggestion = { face, text: () => t('landing.yours', { name: account.display_name || account.username,
        face: t(`landing.${face}`) }) };
    }
  }
  paint();
}

init();
