// test_small.mjs - the smaller mends of issue 19 (item 9) in Chromium
// against the real server: a new request is not yet 即将超时; icons are
// SVG files, never emoji; each test below names the mend it guards.
// Residents, workers and talents on a 390×844 phone, the console at
// 1920×1080. Screenshots docs/screenshots/small-*.png come from here.

import { startServer, launch, newPage, screenshot, run, assert, apiAs, loginUI } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const SCREEN = { width: 1920, height: 1080 };
const WAIT = { timeout: 15000 };

const srv = await startServer({ requests: 0 });
process.on('exit', () => { srv.stop(); });
const browser = await launch();
const dispatcher = await apiAs(srv.url, 'dispatcher');
const grid1 = await apiAs(srv.url, 'grid1');

const text = async (page, sel) => (await page.textContent(sel)).trim();

async function open(page, face, username, hash = '') {
  await page.goto(`${srv.url}/${face}/${hash}`);
  await page.waitForSelector('#login-user', WAIT);
  await loginUI(page, username);
}

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
]);
