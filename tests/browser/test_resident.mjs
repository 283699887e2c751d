// test_resident.mjs - the resident's phone (390×844) in Chromium against
// the real server: log in as resident1, report a corridor light with a
// photo at their own building (a double tap on Send makes one request),
// see it in My requests with its timeline in plain words and its photo,
// then confirm and rate it once it is resolved. A second test opens a
// building's QR poster as grid1 and follows the link it carries to the
// report page, already set to that building. Choosing 燃气泄漏 shows, above
// everything else, the warning to call 119 (a tel: link from the category)
// and leave, and the report still goes in; a second 催一催 within the span
// is told, under the button, when it may be sent. Screenshots of every
// screen.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer, launch, newPage, screenshot, run, assert, apiAs, loginUI } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const A4ISH = { width: 900, height: 1280 };

// ---- a small PNG written here (a red and blue picture) -------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function pngFile(w, h) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) {
      const left = x < w / 2;
      row[1 + x * 3] = left ? 200 : 30;
      row[2 + x * 3] = 40;
      row[3 + x * 3] = left ? 30 : 200;
    }
    rows.push(row);
  }
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fq-photo-')), 'light.png');
  fs.writeFileSync(file, png);
  return file;
}

// ---- the tests ----------------------------------------------------------------

// the whole demo street (a grid with several buildings), without request history
const srv = await startServer({ requests: 0 });
const browser = await launch();
const photo = pngFile(160, 120);

async function text(page, sel) {
  return (await page.textContent(sel)).trim();
}

// Through the report screens, from the home screen to the check screen.
async function reportUntilCheck(page, note) {
  await page.click('#home-report');
  await page.waitForSelector('[id="cat-property"]');
  await screenshot(page, 'resident-2-category');
  await page.click('[id="cat-property"]');
  await page.waitForSelector('[id="cat-property.corridor_light"]');
  await screenshot(page, 'resident-3-subcategory');
  await page.click('[id="cat-property.corridor_light"]');
  await page.waitForSelector('#report-text');
  await page.fill('#report-text', note);
  const counter = await text(page, '#text-counter');
  assert(counter.startsWith(`${[...note].length} / 2000`), `the counter counts characters: ${counter}`);
  await screenshot(page, 'resident-4-text');
  await page.click('#step-next');
  await page.waitForSelector('#photo-camera', { state: 'attached' });
  const capture = await page.getAttribute('#photo-camera', 'capture');
  assert(capture === 'environment', `the camera input asks for the back camera, got ${capture}`);
  await page.setInputFiles('#photo-camera', photo);
  await page.waitForSelector('#photo-list .photo-item img');
  await screenshot(page, 'resident-5-photos');
  await page.click('#step-next');
  await page.waitForSelector('#place-gps');
}

async function reportWithPhoto() {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(`${srv.url}/resident/`);
  await page.waitForSelector('#login-user');
  await screenshot(page, 'resident-1-login');
  await loginUI(page, 'resident1');
  await page.waitForSelector('#home-report');
  await screenshot(page, 'resident-1-home');

  const note = '3单元2楼楼道灯坏了一周，晚上看不见路';
  await reportUntilCheck(page, note);
  const chosen = await text(page, '.place-status');
  assert(chosen.includes('翠竹小区1栋'), `the resident's own building is chosen by default: ${chosen}`);
  assert(await page.getAttribute('#place-home', 'aria-pressed') === 'true', 'home building pressed');
  await screenshot(page, 'resident-6-place');
  await page.click('#step-next');
  await page.waitForSelector('#check-send');
  await screenshot(page, 'resident-7-check');
  await page.dblclick('#check-send');
  await page.waitForSelector('#done-number', { timeout: 15000 });
  const number = ((await text(page, '#done-number')).match(/FQ\d+/) || [''])[0];
  assert(/^FQ\d{14}$/.test(number), `a request number is shown: ${number}`);
  await screenshot(page, 'resident-8-done');

  // one request made, with the photo, at the resident's building
  const res = await apiAs(srv.url, 'resident1');
  const list = await res.call('GET', '/api/v1/requests');
  assert(list.body.items.length === 1, `a double tap made one request, got ${list.body.items.length}`);
  const id = list.body.items[0].id;
  const one = await res.call('GET', `/api/v1/requests/${id}`);
  assert(one.body.number === number, 'the number shown is the request\'s');
  assert(one.body.photos.length === 1, `one photo uploaded, got ${one.body.photos.length}`);
  const meNow = await res.call('GET', '/api/v1/me');
  assert(one.body.location.building_id === meNow.body.household.building_id,
    `placed at the resident's building: ${one.body.location.building_id}`);
  assert(one.body.description === note, 'the description as typed');
  assert(one.body.category.code === 'property.corridor_light', 'the category chosen');

  // the request's page: plain-words standing, photo, timeline
  await page.click('#done-follow');
  await page.waitForSelector('#timeline li');
  const now = await text(page, '#detail-now');
  assert(now.includes(one.body.assignee.name), `the standing names who has it: ${now}`);
  const steps = await page.$$eval('#timeline li .tl-say', (els) => els.map((e) => e.textContent));
  assert(steps.length >= 2 && steps[0].includes('您'), `the timeline speaks to the resident: ${steps}`);
  await page.waitForFunction(() => {
    const img = document.querySelector('.detail-photos img');
    return img && img.complete && img.naturalWidth > 0;
  });
  await screenshot(page, 'resident-9-detail');

  // My requests lists it with its state
  await page.goto(`${srv.url}/resident/#mine`);
  await page.waitForSelector(`#mine-list a[data-id="${id}"]`);
  const badge = await text(page, `#mine-list a[data-id="${id}"] .badge`);
  assert(badge.length > 0, 'a state badge');
  await screenshot(page, 'resident-10-mine');

  // resolved by its holder, then confirmed and rated on the phone
  const holder = await apiAs(srv.url, await holderUsername(srv, one.body.assignee.account_id));
  for (const [action, body] of [['accept', {}], ['resolve', { result: '已换新灯泡' }]]) {
    const r = await holder.call('POST', `/api/v1/requests/${id}/${action}`, body);
    assert(r.status === 200, `${action}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  await page.goto(`${srv.url}/resident/#request/${id}`);
  await page.waitForSelector('#rate-form');
  await page.click('label[for="resolved-yes"]');
  await page.click('label[for="rate-star-5"]');
  await page.fill('#rate-comment', '很快就修好了，谢谢');
  await screenshot(page, 'resident-11-rate');
  await page.click('#rate-send');
  await page.waitForFunction(() => !document.querySelector('#rate-form')
    && document.querySelector('.stars-shown'));
  const after = await res.call('GET', `/api/v1/requests/${id}`);
  assert(after.body.state === 'closed', `rated 5 and solved closes it: ${after.body.state}`);
  assert(after.body.rating.satisfaction === 5, 'five stars stored');
  await screenshot(page, 'resident-12-rated');

  // English on the same screen, remembered on the next visit
  await page.click('.lang-switch');
  await page.waitForFunction(() => document.querySelector('#detail-now')
    && document.querySelector('#detail-now').textContent.startsWith('Done'));
  await screenshot(page, 'resident-13-rated-en');
  await page.goto(`${srv.url}/resident/#home`);
  await page.waitForSelector('#home-report');
  const label = await text(page, '#home-report strong');
  assert(label === 'Report a problem', `English is remembered: ${label}`);
  assert(await page.getAttribute('html', 'lang') === 'en', 'the lang attribute follows');
}

// The username of an account, from the admin's account list.
async function holderUsername(server, accountId) {
  const admin = await apiAs(server.url, 'admin');
  let cursor = '';
  for (;;) {
    const r = await admin.call('GET', `/api/v1/accounts?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    const a = r.body.items.find((x) => x.id === accountId);
    if (a) return a.username;
    if (!r.body.next_cursor) throw new Error(`no account ${accountId}`);
    cursor = r.body.next_cursor;
  }
}

async function posterToReport() {
  const grid = await apiAs(srv.url, 'grid1');
  const gridId = grid.account.roles[0].unit.id;
  const blds = await grid.call('GET', `/api/v1/org/units?kind=building&parent=${gridId}&limit=5`);
  const bld = blds.body.items[1];

  // grid1 logs in on the phone page: it is not a resident account
  const page = await newPage(browser, { viewport: A4ISH });
  await page.goto(`${srv.url}/resident/`);
  await page.waitForSelector('#login-user');
  await loginUI(page, 'grid1');
  await page.waitForSelector('a[href="/worker/"]');
  await page.goto(`${srv.url}/api/v1/buildings/${bld.id}/poster`);
  await page.waitForFunction(() => {
    const img = document.querySelector('img.poster-qr');
    return img && img.complete && img.naturalWidth > 0;
  });
  const title = await text(page, '.poster-building');
  assert(title === bld.name, `the poster names the building: ${title}`);
  assert((await text(page, '.poster-call')) === '扫码上报', 'the call to scan');
  await screenshot(page, 'poster-a4');
  const href = await page.getAttribute('a.poster-url', 'href');
  assert(href === `${srv.url}/resident/#report?building=${bld.id}`, `the QR's link: ${href}`);
  const alt = await page.getAttribute('img.poster-qr', 'alt');
  assert(alt.includes(href), 'the code\'s text is the link shown');

  // a resident's phone follows the link: log in, then the report is set
  const phone = await newPage(browser, { viewport: PHONE });
  await phone.goto(href);
  await phone.waitForSelector('#login-user');
  await loginUI(phone, 'resident1');
  await phone.waitForSelector('.preset-note');
  const preset = await text(phone, '.preset-note');
  assert(preset.includes(bld.name), `the report is set to the poster's building: ${preset}`);
  await screenshot(phone, 'resident-qr-preset');
  await phone.click('[id="cat-environment"]');
  await phone.click('[id="cat-environment.garbage"]');
  await phone.waitForSelector('#report-text');
  await phone.click('#step-next');
  await phone.waitForSelector('#photo-camera', { state: 'attached' });
  await phone.click('#step-next');
  await phone.waitForSelector('#place-preset');
  assert(await phone.getAttribute('#place-preset', 'aria-pressed') === 'true', 'the poster\'s building is chosen');
  const chosen = await text(phone, '.place-status');
  assert(chosen.includes(bld.name), `the place is the poster's building: ${chosen}`);
  await screenshot(phone, 'resident-qr-place');

  // someone already raised the same thing at that building: it is offered
  const seen = await grid.call('POST', '/api/v1/requests', { title: '垃圾桶满了没人清', category:
    'environment.garbage', channel: 'visit', building_id: bld.id });
  assert(seen.status === 201, `the earlier request: ${seen.status} ${JSON.stringify(seen.body)}`);
  await phone.click('#step-next');
  await phone.click('#check-send');
  await phone.waitForSelector('#dups-title');
  const dup = await text(phone, '.dups .dup-title');
  assert(dup === '垃圾桶满了没人清', `the similar request is shown: ${dup}`);
  await screenshot(phone, 'resident-qr-done-similar');
}

async function mapAndNearby() {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(`${srv.url}/resident/`);
  await page.waitForSelector('#login-user');
  await loginUI(page, 'resident1');
  await page.waitForSelector('#home-nearby');
  await page.click('#home-nearby');
  await page.waitForSelector('.nearby-map path.leaflet-interactive');
  await page.waitForSelector('#nearby-list li');
  await screenshot(page, 'resident-nearby');
  await page.goto(`${srv.url}/resident/#home`);
  await reportUntilCheck(page, '');
  await page.click('#place-map-btn');
  await page.waitForSelector('#place-map path.leaflet-interactive');
  const box = await page.$eval('#place-map', (e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });
  await page.mouse.click(box.x + box.w / 2, box.y + box.h * 0.65);
  await page.waitForFunction(() => document.querySelector('.place-status').textContent.includes('网格'));
  await screenshot(page, 'resident-6-place-map');
  await page.click('#step-next');
  await page.click('#check-send');
  await page.waitForSelector('#done-number');
  const res = await apiAs(srv.url, 'resident1');
  const list = await res.call('GET', '/api/v1/requests?limit=1');
  const one = await res.call('GET', `/api/v1/requests/${list.body.items[0].id}`);
  const home = (await res.call('GET', '/api/v1/me')).body.household;
  assert(one.body.location.lat !== null && one.body.location.grid.id === home.grid_id,
    `a pin in the middle of the resident's grid sends its point: ${JSON.stringify(one.body.location)}`);
  assert(one.body.title === '楼道灯不亮', `with nothing written the title is the category: ${one.body.title}`);
}

async function dangerAndRemind() {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(`${srv.url}/resident/`);
  await page.waitForSelector('#login-user');
  await loginUI(page, 'resident1');
  await page.click('#home-report');
  await page.click('[id="cat-safety"]');
  await page.click('[id="cat-safety.gas"]');
  await page.waitForSelector('#danger-warning');
  const first = await page.evaluate(() => {
    const w = document.getElementById('danger-warning');
    const q = document.getElementById('report-text');
    return { before: !!(w.compareDocumentPosition(q) & Node.DOCUMENT_POSITION_FOLLOWING), top: w.getBoundingClientRect().top };
  });
  assert(first.before && first.top < 200, `the warning comes before anything else: ${JSON.stringify(first)}`);
  const say = await text(page, '#danger-warning');
  assert(say.includes('请立即拨打 119 消防（火警） 并离开现场'), `the warning: ${say}`);
  assert(await page.getAttribute('#danger-warning a.danger-call', 'href') === 'tel:119', 'tap to call 119');
  await screenshot(page, 'resident-11-danger-gas');
  await page.click('#step-next');
  await page.waitForSelector('#photo-camera', { state: 'attached' });
  assert(await page.isVisible('#danger-warning'), 'the warning stays on the next steps');
  await page.click('#step-next');
  await page.waitForSelector('#place-gps');
  await page.click('#step-next');
  await page.click('#check-send');
  await page.waitForSelector('#done-number', { timeout: 15000 });
  const res = await apiAs(srv.url, 'resident1');
  const mine = await res.call('GET', '/api/v1/requests?limit=1');
  assert(mine.body.items[0].category.code === 'safety.gas', 'the report still goes in');

  // 催一催 twice: the second is too soon, and says when
  await page.click('#done-follow');
  await page.waitForSelector('#detail-remind');
  await page.click('#detail-remind');
  await page.waitForFunction(() => document.querySelectorAll('#timeline li').length >= 3);
  await page.waitForSelector('#detail-remind:not([disabled])');
  await page.click('#detail-remind');
  await page.waitForSelector('#detail-remind-note:not(:empty)');
  const note = await text(page, '#detail-remind-note');
  assert(/已经催办过了，.*\d\d:\d\d 之后可以再催。/.test(note), `when it may be sent again: ${note}`);
  page.fqErrors = page.fqErrors.filter((e) => !e.includes('status of 429'));
  await page.locator('#detail-remind').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !document.querySelector('.toast.show'));
  await screenshot(page, 'resident-12-remind-too-soon');
}

async function landing() {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(`${srv.url}/`);
  await page.waitForSelector('#landing-hint:not(.hidden)');
  const first = await page.$eval('.faces .face', (a) => a.id);
  assert(first === 'face-resident', `a phone sees the resident face first, got ${first}`);
  await screenshot(page, 'landing-phone');
  const wide = await newPage(browser, { viewport: { width: 1920, height: 1080 } });
  await wide.goto(`${srv.url}/`);
  await wide.waitForSelector('#face-command');
  await screenshot(wide, 'landing-1920');
}

await run(import.meta.url, [
  { name: 'resident reports with a photo, follows it and rates it', fn: reportWithPhoto },
  { name: 'building QR poster opens the preset report page', fn: posterToReport },
  { name: 'a pin on the grid map places a report; nearby shows the grid', fn: mapAndNearby },
  { name: 'landing page suggests the phone faces on a phone', fn: landing },
  { name: '燃气泄漏 warns to call 119 first; a second 催一催 too soon says when', fn: dangerAndRemind },
]);
await browser.close();
await srv.stop();
