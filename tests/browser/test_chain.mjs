// test_chain.mjs - the whole chain through the three faces in real pages,
// each in its own browser context: the command centre (1920×1080, as the
// street's dispatcher) is open from the start; resident1 (phone) reports
// overflowing garbage with a JPEG made in this test at their own building
// (a category that starts at the grid level, so it goes to grid1, not to
// the household's 邻长); grid1 logs into the console (phone), finds it
// under 待签收 with its count, accepts it and resolves it with a result;
// resident1 sees it resolved in 我的诉求 and rates it 5; and the command
// centre's intake and closure tiles and its ticker follow every step
// without a reload. The API is used only to read back and check.
// Screenshots of each step (chain-*).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launch, newPage, screenshot, run, assert, apiAs, loginUI } from './harness.mjs';
import { checkPage } from './a11y.mjs';

const PHONE = { width: 390, height: 844 };
const SCREEN = { width: 1920, height: 1080 };
const WAIT = { timeout: 20000 };
const CATEGORY = 'environment.garbage'; // starts at level 2 (the grid) in the catalogue
const GRID_WORKER = 'grid1';            // resident1's grid (docs/import.md)
const NOTE = '北门垃圾桶满了两天没人清，味道很大';
const RESULT = '已联系环卫所清运，垃圾桶已清空并消毒。';

const srv = await startServer({ requests: 300, until: 'today' });
process.on('exit', () => { srv.stop(); });
const browser = await launch();
const dispatcherApi = await apiAs(srv.url, 'dispatcher');
const residentApi = await apiAs(srv.url, 'resident1');
const gridApi = await apiAs(srv.url, GRID_WORKER);

let command = null;   // the big screen's page, open throughout
let resident = null;  // the resident's phone
let worker = null;    // grid1's phone
let before = null;    // the big screen's tiles before the chain
let reqId = 0;
let reqNumber = '';
let loads = 0;        // documents loaded in the big screen's page since the chain began

const text = async (page, sel) => (await page.textContent(sel)).trim();
const kpi = async (key) => Number(await text(command, `#kpi-${key}-value`));

// A real JPEG (a 320×240 picture of a bin), encoded by the browser's canvas.
async function jpegFile(page) {
  const b64 = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 320;
    c.height = 240;
    const g = c.getContext('2d');
    g.fillStyle = '#87b5d9';
    g.fillRect(0, 0, 320, 240);
    g.fillStyle = '#2e7d32';
    g.fillRect(110, 80, 100, 140);
    g.fillStyle = '#5d4037';
    g.fillRect(100, 70, 120, 16);
    return c.toDataURL('image/jpeg', 0.8).split(',')[1];
  });
  const buf = Buffer.from(b64, 'base64');
  assert(buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff, 'the photo is a JPEG');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fq-chain-')), 'bin.jpg');
  fs.writeFileSync(file, buf);
  return file;
}

async function tickerShows(event) {
  await command.waitForSelector(`#ticker li[data-request="${reqId}"][data-event="${event}"]`, WAIT);
}

async function kpiBecomes(key, value) {
  await command.waitForFunction(([k, v]) => {
    const el = document.getElementById(`kpi-${k}-value`);
    return el && Number(el.textContent.trim()) === v;
  }, [key, value], WAIT);
}

// A later step of the chain needs the request of the earlier ones.
function needRequest() {
  if (!reqId) throw new Error('skipped: no request was made earlier in the chain');
}

async function sameDocument() {
  assert(loads === 0, `the big screen was not loaded again (${loads} loads)`);
  assert(await command.evaluate(() => window.fqChainMark === 'still here'), 'the big screen was not reloaded');
}

await run(import.meta.url, [
  { name: 'the command centre is open before anything happens', fn: async () => {
    command = await newPage(browser, { viewport: SCREEN });
    command.on('load', () => { loads++; });
    await command.goto(`${srv.url}/command/`);
    await command.waitForSelector('#login-user', WAIT);
    await loginUI(command, 'dispatcher');
    await command.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
    await command.waitForSelector('#ticker li', WAIT);
    await command.evaluate(() => { window.fqChainMark = 'still here'; });
    loads = 0; // the login itself reloads the page; from here on nothing may
    before = { intake: await kpi('intake'), closed: await kpi('closed') };
    const o = (await dispatcherApi.call('GET', '/api/v1/stats/overview')).body;
    assert(Number.isInteger(before.intake) && Number.isInteger(before.closed),
      `the tiles show numbers: ${JSON.stringify(before)} (overview ${JSON.stringify(o)})`);
    await screenshot(command, 'chain-0-command-before');
  } },

  { name: 'resident1 reports garbage with a photo at home on the phone', fn: async () => {
    resident = await newPage(browser, { viewport: PHONE });
    await resident.goto(`${srv.url}/resident/`);
    await resident.waitForSelector('#login-user', WAIT);
    await loginUI(resident, 'resident1');
    await resident.waitForSelector('#home-report', WAIT);
    const photo = await jpegFile(resident);
    await resident.click('#home-report');
    await resident.click('[id="cat-environment"]');
    await resident.click(`[id="cat-${CATEGORY}"]`);
    await resident.fill('#report-text', NOTE);
    await resident.click('#step-next');
    await resident.setInputFiles('#photo-camera', photo);
    await resident.waitForSelector('#photo-list .photo-item img', WAIT);
    await screenshot(resident, 'chain-1-resident-photo');
    await resident.click('#step-next');
    await resident.waitForSelector('#place-home[aria-pressed="true"]', WAIT);
    await resident.click('#step-next');
    await resident.waitForSelector('#check-send', WAIT);
    await resident.click('#check-send');
    await resident.waitForSelector('#done-number', WAIT);
    reqNumber = ((await text(resident, '#done-number')).match(/FQ\d+/) || [''])[0];
    assert(/^FQ\d{14}$/.test(reqNumber), `a request number is shown: ${reqNumber}`);
    await screenshot(resident, 'chain-2-resident-sent');

    const mine = (await residentApi.call('GET', '/api/v1/requests?limit=5')).body.items;
    const made = mine.find((r) => r.number === reqNumber);
    assert(made, `the request ${reqNumber} is resident1's`);
    reqId = made.id;
    const one = (await residentApi.call('GET', `/api/v1/requests/${reqId}`)).body;
    const home = (await residentApi.call('GET', '/api/v1/me')).body.household;
    assert(one.category.code === CATEGORY && one.description === NOTE, 'the category and the words');
    assert(one.location.building_id === home.building_id, 'at the resident\'s own building');
    assert(one.photos.length === 1, `one photo, got ${one.photos.length}`);
    assert(one.state === 'dispatched' && one.level === 2 && one.assignee.account_id === gridApi.account.id,
      `dispatched to ${GRID_WORKER} at the grid level: ${one.state} ${one.level} ${JSON.stringify(one.assignee)}`);
  } },

  { name: 'the big screen counts the intake and ticks it live', fn: async () => {
    needRequest();
    await tickerShows('submitted');
    await kpiBecomes('intake', before.intake + 1);
    const row = `#ticker li[data-request="${reqId}"][data-event="submitted"]`;
    assert((await text(command, `${row} .tick-number`)) === reqNumber, 'the ticker row carries the number');
    await sameDocument();
    await screenshot(command, 'chain-3-command-intake');
  } },

  { name: 'grid1 finds it under 待签收 with its count, accepts and resolves it', fn: async () => {
    needRequest();
    worker = await newPage(browser, { viewport: PHONE });
    await worker.goto(`${srv.url}/worker/`);
    await worker.waitForSelector('#login-user', WAIT);
    await loginUI(worker, GRID_WORKER);
    await worker.waitForSelector(`#inbox-list [data-id="${reqId}"]`, WAIT);
    const todo = (await gridApi.call('GET', '/api/v1/requests?state=dispatched&level=2&limit=200')).body.items.length;
    await worker.waitForFunction((n) => document.getElementById('count-todo').textContent.trim() === String(n),
      todo, WAIT);
    assert(await worker.getAttribute('#tab-todo', 'aria-selected') === 'true'
      || (await text(worker, '#tab-todo')).includes('待签收'), 'the 待签收 tab is the one shown');
    await screenshot(worker, 'chain-4-worker-inbox');

    await worker.click(`#inbox-list [data-id="${reqId}"] a`);
    await worker.waitForSelector(`#detail[data-id="${reqId}"]`, WAIT);
    await worker.waitForSelector('#detail .photo-thumb img, #detail img', WAIT);
    await screenshot(worker, 'chain-5-worker-detail');
    await worker.click('#act-accept');
    await worker.click('#form-accept button[type=submit]');
    await worker.waitForSelector('#detail[data-state="accepted"]', WAIT);
    await tickerShows('accepted');

    await worker.click('#act-resolve');
    await worker.fill('#f-resolve-result', RESULT);
    await screenshot(worker, 'chain-6-worker-resolve');
    await worker.click('#form-resolve button[type=submit]');
    await worker.waitForSelector('#detail[data-state="resolved"]', WAIT);
    assert((await text(worker, '#detail-result')).includes('已清空'), 'the result is shown');
    const one = (await gridApi.call('GET', `/api/v1/requests/${reqId}`)).body;
    assert(one.state === 'resolved' && one.result === RESULT, `resolved with the result: ${one.state}`);
    await tickerShows('resolved');
  } },

  { name: 'resident1 sees it resolved in 我的诉求 and rates it 5', fn: async () => {
    needRequest();
    await resident.goto(`${srv.url}/resident/#home`);
    await resident.click('#home-mine');
    const card = `#mine-list a[data-id="${reqId}"]`;
    await resident.waitForSelector(card, WAIT);
    assert((await text(resident, `${card} .badge`)) === '已办结', 'the card says 已办结');
    await screenshot(resident, 'chain-7-resident-mine');
    await resident.click(card);
    await resident.waitForSelector('#rate-form', WAIT);
    const now = await text(resident, '#detail-now');
    assert(now.includes('办好'), `the standing says it is done: ${now}`);
    await resident.click('label[for="resolved-yes"]');
    await resident.click('label[for="rate-star-5"]');
    await screenshot(resident, 'chain-8-resident-rate');
    await resident.click('#rate-send');
    await resident.waitForFunction(() => !document.querySelector('#rate-form') && document.querySelector('.stars-shown'),
      null, WAIT);
    const one = (await residentApi.call('GET', `/api/v1/requests/${reqId}`)).body;
    assert(one.state === 'closed' && one.rating.satisfaction === 5, `closed with 5 stars: ${one.state}`);
    await screenshot(resident, 'chain-9-resident-rated');
  } },

  { name: 'the big screen shows the closure and every event without a reload', fn: async () => {
    needRequest();
    await tickerShows('rated');
    await kpiBecomes('closed', before.closed + 1);
    assert(await kpi('intake') === before.intake + 1, 'the intake stays one up');
    const events = await command.$$eval(`#ticker li[data-request="${reqId}"]`, (els) => els.map((e) => e.dataset.event));
    for (const e of ['submitted', 'accepted', 'resolved', 'rated'])
      assert(events.includes(e), `the ticker has ${e}: ${events}`);
    assert(await command.getAttribute('#ticker li:first-child', 'data-event') === 'rated', 'the newest on top');
    await sameDocument();
    await screenshot(command, 'chain-10-command-after');
    const problems = await checkPage(command, 'command centre with a day of history');
    assert(problems.length === 0, `accessibility problems:\n  ${problems.join('\n  ')}`);
  } },
]);
