// test_small.mjs - the smaller mends of issue 19 (item 9) in Chromium
// against the real server: a new request is not yet 即将超时; icons are
// SVG files, never emoji; each test below names the mend it guards.
// Residents, workers and talents on a 390×844 phone, the console at
// 1920×1080. Screenshots docs/screenshots/small-*.png come from here.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launch, newPage, screenshot, run, assert, apiAs, loginUI, openAs } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const SCREEN = { width: 1920, height: 1080 };
const WAIT = { timeout: 15000 };

const srv = await startServer({ requests: 0 });
process.on('exit', () => { srv.stop(); });
const grid1 = await apiAs(srv.url, 'grid1');
const dispatcher = await apiAs(srv.url, 'dispatcher');
const browser = await launch();
const open = (page, face, username, hash = '') => openAs(page, srv.url, face, username, hash);
const text = async (page, sel) => (await page.textContent(sel)).trim();

// The first building of grid 1.
async function gridBuilding() {
  const grid = grid1.account.roles[0].unit.id;
  return (await dispatcher.call('GET', `/api/v1/org/units?kind=building&parent=${grid}&limit=1`)).body.items[0];
}

// A hotline request at a building of grid 1, handled by grid1 (a 2-hour accept limit).
async function raise(title, category = 'environment.garbage') {
  const b = await gridBuilding();
  const r = await dispatcher.call('POST', '/api/v1/requests', { title, category, channel: 'hotline',
    building_id: b.id, caller_name: '王先生', caller_phone: '13800138000' });
  assert(r.status === 201, `a request: ${JSON.stringify(r.body)}`);
  return r.body;
}

// resident1's own request at a building of grid 1, accepted and resolved by grid1.
async function resolvedForResident1(resident, title) {
  const b = await gridBuilding();
  const r = await resident.call('POST', '/api/v1/requests', { title, category: 'environment.garbage',
    channel: 'self', building_id: b.id });
  assert(r.status === 201, `a resident's request: ${JSON.stringify(r.body)}`);
  for (const [action, body] of [['accept', {}], ['resolve', { result: '已清运' }]]) {
    const x = await grid1.call('POST', `/api/v1/requests/${r.body.id}/${action}`, body);
    assert(x.status === 200, `${action}: ${x.status} ${JSON.stringify(x.body)}`);
  }
  return r.body;
}

// A one-pixel PNG file, for the report's photo step.
function pngFile() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fq-small-')), 'spot.png');
  fs.writeFileSync(file, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));
  return file;
}

// resident1's report from home to the place step: 楼道灯不亮, text, and photo when given.
async function toPlace(page, note, photo) {
  await open(page, 'resident', 'resident1');
  await page.click('#home-report', WAIT);
  await page.click('[id="cat-property"]', WAIT);
  await page.click('[id="cat-property.corridor_light"]', WAIT);
  await page.fill('#report-text', note);
  await page.click('#step-next');
  await page.waitForSelector('#photo-camera', { state: 'attached' });
  if (photo) {
    await page.setInputFiles('#photo-camera', photo);
    await page.waitForSelector('#photo-list .photo-item img', WAIT);
  }
  await page.click('#step-next');
  await page.waitForSelector('#place-other', WAIT);
}

// Search the place step for a building by q; the result buttons' texts.
async function searchBuilding(page, q) {
  await page.click('#place-other');
  await page.fill('#place-search', q);
  await page.waitForFunction((x) => {
    const b = document.querySelector('#place-results .place-building');
    return b && b.textContent.includes(x);
  }, q, WAIT);
  return page.$$eval('#place-results .place-building', (els) => els.map((e) => e.textContent));
}

const pressed = (page) => page.$$eval('.place-opt[aria-pressed="true"]', (els) => els.map((e) => e.id));

// A task on a new request of grid 1 offered to talent_1 by community1.
async function talentTask(title) {
  const req = await raise(title, 'dispute.neighbour');
  const coord = await apiAs(srv.url, 'community1');
  const talent = await apiAs(srv.url, 'talent_1');
  const me = (await talent.call('GET', '/api/v1/talents/me')).body;
  const k = await coord.call('POST', '/api/v1/talents/tasks', { subject: `request:${req.id}`, talent_id: me.id, note: '请上门调解' });
  assert(k.status === 201, `the offer: ${JSON.stringify(k.body)}`);
  return { req, task: k.body, talent };
}

// Emoji drawn on the page (a phone without an emoji font shows boxes), and
// the icons whose SVG file does not load; both should be empty.
async function iconTrouble(page) {
  return page.evaluate(async () => {
    const emoji = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode())
      if (/\p{Extended_Pictographic}/u.test(n.textContent) && !/^[★☆✓✕]+$/u.test(n.textContent.trim().replace(/[^\p{Extended_Pictographic}]/gu, '')))
        emoji.push(n.textContent.trim());
    const broken = [];
    const icons = [...document.querySelectorAll('.icon')];
    for (const el of icons) {
      const url = (getComputedStyle(el).maskImage || getComputedStyle(el).webkitMaskImage || '').match(/url\("?([^")]+)"?\)/);
      const r = url ? await fetch(url[1]) : null;
      const box = el.getBoundingClientRect();
      if (!r || !r.ok || !(r.headers.get('content-type') || '').startsWith('image/svg+xml') || box.width < 8)
        broken.push(el.className);
    }
    return { emoji, broken, icons: icons.length };
  });
}

async function noEmoji(page, where, least) {
  const x = await iconTrouble(page);
  assert(!x.emoji.length, `${where}: emoji on the page: ${x.emoji}`);
  assert(!x.broken.length, `${where}: icons that do not load: ${x.broken}`);
  assert(x.icons >= least, `${where}: ${x.icons} SVG icons, at least ${least} expected`);
}

// A dispute being mediated with one party, written into the database;
// [case id, party id].
function mediationCase() {
  const script = `
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], timeout=30)
now = int(time.time())
d = db.execute("INSERT INTO disputes(number, unit_id, unit_path, level, state, type, source, title, facts,"
  " target_due, created_at, updated_at) VALUES ('TJ2025119001', 2, '/1/2/', 3, 'mediating', 'neighbour',"
  " 'party_application', '阳台漏水', '五楼阳台漏水到四楼', ?, ?, ?)", (now + 86400 * 30, now, now)).lastrowid
p = db.execute("INSERT INTO dispute_parties(dispute_id, name, phone, role) VALUES (?, '刘芳', '13900000009',"
  " 'applicant')", (d,)).lastrowid
db.commit()
print(d, p)
`;
  const out = spawnSync('python3', ['-c', script, srv.db], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`cannot write the case: ${out.stderr}`);
  return out.stdout.trim().split(' ').map(Number);
}

const ONLY = process.env.FQ_ONLY || '';   // run only the tests whose name holds this

await run(import.meta.url, [
  { name: 'a new request with a 2-hour accept limit is 正常, not 即将超时', fn: async () => {
    const req = await raise('垃圾桶满了没人清运');
    const list = (await grid1.call('GET', '/api/v1/requests?state=dispatched&limit=50')).body.items;
    const row = list.find((x) => x.id === req.id);
    assert(row && row.sla === 'on_time', `the list calls it on time: ${JSON.stringify(row)}`);
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'worker', 'grid1', `#request/${req.id}`);
    await page.waitForSelector(`#detail[data-id="${req.id}"] #dl-accept`, WAIT);
    const badge = await text(page, '#dl-accept .dl-badge');
    assert(badge.startsWith('正常'), `the accept deadline: ${badge}`);
    assert(await page.$('#dl-accept.dl-on_time'), 'on time');
    await screenshot(page, 'small-1-new-request-on-time');
  } },
  { name: 'home does not count a resolved request waiting for a rating as 正在办', fn: async () => {
    const resident = await apiAs(srv.url, 'resident1');
    await resolvedForResident1(resident, '楼下垃圾没人清运');
    const mine = (await resident.call('GET', '/api/v1/requests?limit=50')).body.items;
    assert(mine.every((r) => r.state === 'resolved' || r.state === 'closed'), `only resolved ones: ${mine.map((r) => r.state)}`);
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'resident', 'resident1');
    await page.waitForSelector('.home-rate', WAIT);
    const sub = await text(page, '#home-mine .home-sub');
    assert(!sub.includes('正在办'), `nothing is being handled: ${sub}`);
    assert(sub.includes('等你评价'), `it waits for a rating: ${sub}`);
    await screenshot(page, 'small-2-home-waiting-rating');
  } },
  { name: 'a reload keeps the report draft (text, photo, place) on the phone until it is sent', fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    const note = '2单元楼道灯坏了三天';
    await toPlace(page, note, pngFile());
    const found = await searchBuilding(page, '北正街358号东方小区10栋');
    await page.click('#place-results .place-building');
    await page.waitForFunction(() => document.querySelector('.place-status').textContent.includes('东方小区10栋'));
    await page.waitForTimeout(600); // the save after the last tap
    await page.reload();
    await page.waitForSelector('.place-status', WAIT);
    const status = await text(page, '.place-status');
    assert(status.includes('东方小区10栋'), `the place survives the reload: ${status} (${found})`);
    await page.click('#step-next');
    await page.waitForSelector('#check-send', WAIT);
    const check = await text(page, '.screen-report');
    assert(check.includes(note), `the text survives the reload: ${check}`);
    assert((await page.$$('.check-thumbs img')).length === 1, 'the photo survives the reload');
    await screenshot(page, 'small-3-draft-after-reload');
    await page.click('#check-send');
    await page.waitForSelector('#done-number', WAIT);
    await page.waitForTimeout(600);
    const kept = await page.evaluate(() => new Promise((resolve) => {
      const rq = indexedDB.open('fengqiao-resident', 1);
      rq.onsuccess = () => {
        const all = rq.result.transaction('drafts').objectStore('drafts').count();
        all.onsuccess = () => resolve(all.result);
      };
    }));
    assert(kept === 0, `nothing is kept once sent: ${kept}`);
  } },
  { name: 'the building search finds a road address and tells two of one name apart', fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    await toPlace(page, '楼道灯不亮');
    const same = await searchBuilding(page, '东方小区10栋');
    assert(same.length >= 3 && new Set(same).size === same.length, `each one says where: ${same}`);
    assert(same.some((x) => x.includes('北正街358号')) && same.some((x) => x.includes('长兴中路219号')), `roads: ${same}`);
    await screenshot(page, 'small-4-same-name-buildings');
    const byRoad = await searchBuilding(page, '长兴中路219号');
    assert(byRoad.some((x) => x.startsWith('东方小区10栋')) && byRoad.every((x) => x.includes('长兴中路219号')),
      `the road address finds the compound's buildings: ${byRoad}`);
  } },
  { name: 'only the chosen place card is highlighted (map pick, then another building)', fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    await toPlace(page, '楼道灯不亮');
    await page.click('#place-map-btn');
    await page.waitForSelector('#place-map path.leaflet-interactive[stroke="#b3261e"]', WAIT);
    await page.$eval('#place-map', (e) => e.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(500); // the map settles on the resident's grid
    // inside the resident's own grid (drawn in red), below its name label
    const box = await page.$eval('#place-map path.leaflet-interactive[stroke="#b3261e"]', (e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height * 0.7 };
    });
    await page.mouse.click(box.x, box.y);
    await page.waitForFunction(() => document.querySelector('.place-status').textContent.includes('地图上的点'), null, WAIT);
    await page.click('#place-other');
    let now = await pressed(page);
    assert(now.length === 1 && now[0] === 'place-map-btn', `the map point is still the one chosen: ${now}`);
    await page.fill('#place-search', '长兴中路219号东方小区10栋');
    await page.waitForFunction(() => { // the answer to what was typed, not the first list
      const b = document.querySelector('#place-results .place-building');
      return b && b.textContent.includes('长兴中路219号');
    }, null, WAIT);
    await page.click('#place-results .place-building');
    await page.waitForFunction(() => document.querySelector('.place-status').textContent.includes('东方小区10栋'));
    now = await pressed(page);
    assert(now.length === 1 && now[0] === 'place-other', `only the building card: ${now}`);
    await screenshot(page, 'small-5-one-place-highlighted');
  } },
  { name: 'in English the 纠纷化解率 tile keeps its subtitle inside (1920×1080)', fn: async () => {
    const page = await newPage(browser, { viewport: SCREEN });
    await open(page, 'command', 'dispatcher');
    await page.waitForFunction(() => /\d/.test((document.getElementById('kpi-dispute_rate-sub') || {}).textContent || ''), null, WAIT);
    await page.click('.lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForFunction(() => /\d/.test(document.getElementById('kpi-dispute_rate-sub').textContent), null, WAIT);
    // one line like its neighbours' subtitles, nothing cut off, nothing out of the tile
    const fit = await page.evaluate(() => {
      const tile = document.getElementById('kpi-dispute_rate');
      const sub = document.getElementById('kpi-dispute_rate-sub');
      const label = tile.querySelector('.kpi-label');
      const other = document.querySelector('#kpi-response .kpi-sub');
      return { lines: sub.offsetHeight / other.offsetHeight, subCut: sub.scrollWidth > sub.clientWidth + 1,
        labelCut: label.scrollWidth > label.clientWidth + 1, over: tile.scrollHeight > tile.clientHeight + 1,
        sub: sub.textContent, label: label.textContent };
    });
    assert(fit.lines < 1.5 && !fit.subCut && !fit.labelCut && !fit.over, `the tile's lines fit: ${JSON.stringify(fit)}`);
    await page.$eval('#kpis', (e) => e.scrollIntoView());
    await screenshot(page, 'small-6-dispute-tile-english');
  } },
  { name: "the talent's task card says what, where and who sent it", fn: async () => {
    const { req, task } = await talentTask('楼上漏水邻居不理');
    const view = (await grid1.call('GET', `/api/v1/requests/${req.id}`)).body;
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'talents', 'talent_1', '#mine');
    const card = `#mine .tl-card[data-id="${task.id}"]`;
    await page.waitForSelector(card, WAIT);
    const shown = await text(page, card);
    assert(shown.includes('楼上漏水邻居不理'), `the title: ${shown}`);
    const b = view.location.building;
    assert(shown.includes(b.address || b.name), `the place: ${shown}`);
    assert(/派来/.test(shown) && !shown.includes(`#${req.id}`), `who sent it, no bare id: ${shown}`);
    await screenshot(page, 'small-7-talent-task-card');
  } },
  { name: "the talent's outcome appears on the request's timeline", fn: async () => {
    const { req, task, talent } = await talentTask('两户因停车位争吵');
    for (const [verb, body] of [['accept', {}], ['done', { outcome: '已上门调解，双方同意轮流停放' }]]) {
      const x = await talent.call('POST', `/api/v1/talents/tasks/${task.id}/${verb}`, body);
      assert(x.status === 200, `${verb}: ${JSON.stringify(x.body)}`);
    }
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'worker', 'grid1', `#request/${req.id}`);
    await page.waitForSelector('#timeline li.tl-talent_outcome', WAIT);
    const li = await text(page, '#timeline li.tl-talent_outcome');
    assert(li.includes('群英反馈结果') && li.includes('双方同意轮流停放'), `the outcome on the timeline: ${li}`);
    await page.$eval('#timeline li.tl-talent_outcome', (e) => e.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'small-8-talent-outcome-timeline');
  } },
  { name: 'icons are SVG files, never emoji (landing, resident, worker, categories)', fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    await page.goto(`${srv.url}/`);
    await page.waitForSelector('.face-icon');
    await noEmoji(page, 'landing', 7);
    await open(page, 'resident', 'resident1');
    await page.waitForSelector('#home-report', WAIT);
    await noEmoji(page, 'resident home', 6);
    await screenshot(page, 'small-9-icons-resident-home');
    await page.click('#home-report');
    await page.waitForSelector('[id="cat-safety"]', WAIT);
    await noEmoji(page, 'categories', 8);
    await screenshot(page, 'small-9-icons-categories');
    await page.click('[id="cat-safety"]');
    await page.waitForSelector('[id="cat-safety.gas"]', WAIT);
    await noEmoji(page, 'sub-categories', 5);
    const req = await raise('路灯不亮');
    const worker = await newPage(browser, { viewport: PHONE });
    await open(worker, 'worker', 'grid1', `#request/${req.id}`);
    await worker.waitForSelector('.nav-icon .icon', WAIT);
    await noEmoji(worker, 'worker', 5);
    await screenshot(worker, 'small-9-icons-worker');
  } },
  { name: '群英, 纠纷 and 云调解 lead back to the console', fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'talents', 'community1');
    await page.waitForSelector('#logout:not(.hidden)', WAIT);
    for (const face of ['talents', 'disputes', 'mediate']) {
      await page.goto(`${srv.url}/${face}/`);
      await page.waitForSelector('#to-home', WAIT).catch(() => { throw new Error(`${face}: no way back`); });
      assert(await page.getAttribute('#to-home', 'href') === '/worker/', `${face}: to the console`);
      assert((await text(page, '#to-home')).includes('工作台'), `${face}: says 工作台`);
      if (face === 'disputes') await screenshot(page, 'small-10-disputes-back-to-console');
    }
    await page.click('#to-home');
    await page.waitForSelector('.nav-icon', WAIT);
    assert(new URL(page.url()).pathname === '/worker/', `back at the console: ${page.url()}`);
  } },
  { name: "the mediator's page has 退出", fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    await page.goto(`${srv.url}/mediate/`);
    await page.waitForSelector('#login-user', WAIT);
    await loginUI(page, 'mediator1');
    await page.waitForSelector('#logout:not(.hidden)', WAIT);
    assert((await text(page, '#logout')) === '退出', 'the button says 退出');
    await screenshot(page, 'small-11-mediator-logout');
    await page.click('#logout');
    await page.waitForSelector('#login-user', WAIT);
    await page.reload();
    await page.waitForSelector('#login-user', WAIT);
    assert(!(await page.$('#logout:not(.hidden)')), 'signed out: no 退出 after a reload');
  } },
  { name: "the resident's councils page opens with the first proposal below the sticky header", fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'councils', 'resident1');
    await page.waitForSelector('.co-list > li', WAIT);
    await page.waitForTimeout(300);
    const where = await page.evaluate(() => {
      const bar = document.querySelector('.topbar').getBoundingClientRect();
      const first = document.querySelector('.co-page h1, .co-list > li').getBoundingClientRect();
      return { bar: bar.bottom, first: first.top, scroll: window.scrollY };
    });
    assert(where.first >= where.bar - 1, `the first of the page lies under the header: ${JSON.stringify(where)}`);
    await screenshot(page, 'small-12-councils-resident');
  } },
  { name: 'a party whose link is withdrawn mid-message is told once and keeps the text', fn: async () => {
    const [caseId, partyId] = mediationCase();
    const mediator = await apiAs(srv.url, 'mediator1');
    const link = await mediator.call('POST', `/api/v1/mediation/cases/${caseId}/links`, { party_id: partyId });
    assert(link.status === 201, `a link: ${JSON.stringify(link.body)}`);
    const page = await newPage(browser, { viewport: PHONE });
    await page.goto(`${srv.url}/mediate/#t=${link.body.token}`);
    await page.waitForSelector('#med-text', WAIT);
    const words = '我周六上午在家，可以来看漏水的地方';
    await page.fill('#med-text', words);
    const r = await mediator.call('POST', `/api/v1/mediation/links/${link.body.id}/revoke`);
    assert(r.status === 200, `withdrawn: ${JSON.stringify(r.body)}`);
    await page.click('.med-compose button[type=submit]');
    await page.waitForSelector('.med-error', WAIT);
    await page.waitForTimeout(500);
    const errors = await page.$$eval('.med-error, .toast-error.show', (els) => els.map((e) => e.textContent));
    assert(errors.length === 1, `one message, not two: ${JSON.stringify(errors)}`);
    const kept = await page.inputValue('#med-unsent');
    assert(kept === words, `the words are kept: ${kept}`);
    await screenshot(page, 'small-13-party-link-withdrawn');
    page.fqErrors = page.fqErrors.filter((e) => !/status of 40[14]/.test(e)); // the refusals on purpose
  } },
].filter((x) => x.name.includes(ONLY)));
