// test_talents.mjs - the talent pool page (群英库, 点将派单) in Chromium
// against the real server, at phone size. community1 approves a pending
// member of its pool, opens a member's profile and workload, picks a
// request on the 点将 screen, sees ranked suggestions with their reasons
// and sends the task to talent_1; talent_1 sees the offer, accepts it and
// marks it done with an outcome; community1 rates it 5 and the workload
// shows it. Screenshots docs/screenshots/talents-*.png come from here.

import { startServer, launch, newPage, screenshot, run, assert, apiAs, loginUI } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const WAIT = { timeout: 15000 };

const srv = await startServer({ households: 500, requests: 0 });
process.on('exit', () => { srv.stop(); });
const browser = await launch();
const dispatcher = await apiAs(srv.url, 'dispatcher');
const talent = await apiAs(srv.url, 'talent_1');

async function open(page, username, hash = '') {
  await page.goto(`${srv.url}/talents/${hash}`);
  await page.waitForSelector('#login-user', WAIT);
  await loginUI(page, username);
  await page.waitForSelector('#nav:not(.hidden)', WAIT);
}

const text = async (page, sel) => (await page.textContent(sel)).trim();

// A request in community 1's first grid, taken on the hotline.
async function raise() {
  const units = await dispatcher.call('GET', '/api/v1/org/units?kind=building&limit=5');
  assert(units.status === 200, `buildings: ${JSON.stringify(units.body)}`);
  const r = await dispatcher.call('POST', '/api/v1/requests', { title: '楼上漏水邻里争执',
    category: 'dispute.neighbour', channel: 'hotline', building_id: units.body.items[0].id,
    caller_name: '张三', caller_phone: '13800138000' });
  assert(r.status === 201, `a request: ${JSON.stringify(r.body)}`);
  return r.body;
}

const me = (await talent.call('GET', '/api/v1/talents/me')).body;

await run(import.meta.url, [
  { name: 'community1 approves a pending member and opens a profile', fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'community1');
    await page.waitForSelector('#members .tl-card', WAIT);
    assert((await text(page, '#tab-pools')) === '群英库', 'tabs in Chinese');
    await page.selectOption('#status-select', 'pending');
    await page.waitForSelector('#members .tl-card[data-status="pending"]', WAIT);
    const pending = await page.getAttribute('#members .tl-card[data-status="pending"]', 'data-id');
    await screenshot(page, 'talents-1-pending-phone');
    await page.click(`#members .tl-card[data-id="${pending}"] [data-act="approve"]`);
    await page.waitForSelector(`#members .tl-card[data-id="${pending}"]`, { state: 'detached', ...WAIT });
    const m = await dispatcher.call('GET', `/api/v1/talents/${pending}`);
    assert(m.body.status === 'approved', `approved: ${m.body.status}`);
    await page.selectOption('#status-select', 'approved');
    await page.waitForSelector('#members .tl-card[data-status="approved"]', WAIT);
    await screenshot(page, 'talents-2-pool-phone');
    await page.click(`#members .tl-card[data-id="${me.id}"] h3 a`);
    await page.waitForSelector(`#member[data-id="${me.id}"]`, WAIT);
    assert((await text(page, '#member h2')).includes(me.name), 'the profile names the member');
    assert(await page.isVisible('#workload'), 'the workload is shown');
  } },
  { name: 'dispatch by name: suggestions with reasons, send, accept, done, rate', fn: async () => {
    const req = await raise();
    const coord = await newPage(browser, { viewport: PHONE });
    await open(coord, 'community1', '#dispatch');
    await coord.waitForSelector('#form-subject', WAIT);
    await coord.fill('#f-note', '请上门了解漏水情况并调解');
    await coord.fill('#f-subject', req.number);
    await coord.click(`#f-subject-list [data-pick="${req.id}"]`);
    await coord.waitForSelector('#suggestions .tl-card', WAIT);
    const needText = await text(coord, '#need');
    assert(needText.includes('法律') && needText.includes('调解员'), `the needs: ${needText}`);
    const first = await coord.$$eval('#suggestions .tl-card:first-child .reason', (els) => els.map((e) => e.textContent));
    assert(first.some((x) => x.startsWith('当前任务')), `reasons: ${first}`);
    await coord.locator('#need').evaluate((e) => { e.scrollIntoView({ block: 'start' }); window.scrollBy(0, -80); });
    await screenshot(coord, 'talents-3-suggestions-phone');
    const card = `#suggestions .tl-card[data-id="${me.id}"]`;
    await coord.waitForSelector(card, WAIT);
    await coord.click(`${card} [data-act="send"]`);
    // 派单 asks first, naming who and what; nothing is sent before the yes
    await coord.waitForSelector('.modal #fq-confirm-ok', WAIT);
    assert((await text(coord, '.modal h2')).includes(me.name), 'the question names the talent');
    assert((await coord.$$('#chain .tl-card')).length === 0, 'nothing sent before the answer');
    await screenshot(coord, 'talents-3b-send-confirm-phone');
    await coord.click('.modal #fq-confirm-ok');
    await coord.waitForSelector('#chain .tl-card', WAIT);
    assert((await text(coord, '#chain')).includes('待答复'), 'the chain shows the offer');
    const sent = await dispatcher.call('GET', `/api/v1/talents/tasks?subject=request:${req.id}`);
    assert(sent.body.items[0].note === '请上门了解漏水情况并调解', `the note went with it: ${sent.body.items[0].note}`);

    const mem = await newPage(browser, { viewport: PHONE });
    await open(mem, 'talent_1');
    await mem.waitForSelector('#mine .tl-card[data-state="offered"]', WAIT);
    assert(await mem.isHidden('#tab-dispatch'), 'a member does not dispatch');
    await screenshot(mem, 'talents-4-offer-phone');
    await mem.click('#mine .tl-card[data-state="offered"] [data-act="accept"]');
    await mem.waitForSelector('#mine .tl-card[data-state="accepted"]', WAIT);
    await mem.click('#mine .tl-card[data-state="accepted"] [data-act="done"]');
    await mem.fill('#mine .tl-card[data-state="accepted"] textarea', '已上门查看，约定周末修好水管，双方和解。');
    await mem.click('#mine .tl-card[data-state="accepted"] form button[type=submit]');
    await mem.waitForSelector('#mine .tl-card[data-state="done"]', WAIT);
    await screenshot(mem, 'talents-5-done-phone');

    await coord.click('#tab-tasks');
    await coord.waitForSelector('#tasks .tl-card[data-state="done"] [data-rate="5"]', WAIT);
    await coord.click('#tasks .tl-card[data-state="done"] [data-rate="5"]');
    await coord.waitForFunction(() => document.querySelector('#tasks .tl-card[data-state="done"]')
      && !document.querySelector('#tasks .tl-card[data-state="done"] [data-rate]'), null, WAIT);
    assert((await text(coord, '#tasks .tl-card[data-state="done"]')).includes('已评 5 分'), 'rated');
    await screenshot(coord, 'talents-6-rated-phone');
    const w = await dispatcher.call('GET', `/api/v1/talents/${me.id}/workload`);
    assert(w.body.done_tasks === 1 && w.body.rating === 5, `workload: ${JSON.stringify(w.body)}`);
    await coord.goto(`${srv.url}/talents/#member/${me.id}`);
    await coord.waitForSelector('#workload', WAIT);
    assert((await text(coord, '#workload')).includes('5.0'), 'the profile shows the rating');
  } },
]);
