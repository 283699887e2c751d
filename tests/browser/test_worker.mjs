// test_worker.mjs - the worker console in Chromium against the real server.
// On a phone (390×844) grid1 finds a resident's request in the inbox,
// opens it, accepts it, is told under the field what the server refused
// (an extension past 8760 hours), resolves it with a result photo and
// sees the photo large; the inbox counts move on a live event without a
// reload. At 1440×900 the dispatcher sees an escalated request beside the
// inbox and names two co-handling departments with a lead. 邻长 leader1
// sees their households and reveals a phone number. The dispatcher's
// 不予受理 asks once more in the page before it is sent. The admin is
// warned that next year has no holidays yet, browses the org tree, is
// refused (in Chinese, under the field) a resolve limit shorter than the
// accept limit, changes a category's time limit and sees it, sees the gas
// category's danger numbers, and the calendar renders and takes a worked
// weekend day. Screenshots of every screen.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer, launch, newPage, screenshot, run, assert, apiAs, loginUI } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const WAIT = { timeout: 15000 };

// ---- a small PNG (green and white stripes), written here -----------------------

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
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
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) {
      const green = Math.floor(y / 10) % 2 === 0;
      row[1 + x * 3] = green ? 30 : 240;
      row[2 + x * 3] = green ? 140 : 240;
      row[3 + x * 3] = green ? 60 : 240;
    }
    rows.push(row);
  }
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fq-worker-')), 'cleaned.png');
  fs.writeFileSync(file, png);
  return file;
}

// ---- the scene ------------------------------------------------------------------

const srv = await startServer({ households: 500, requests: 0 });
process.on('exit', () => { srv.stop(); });
const browser = await launch();
const photo = pngFile(200, 150);
const resident = await apiAs(srv.url, 'resident1');

async function raise(title, category = 'environment.garbage') {
  const r = await resident.call('POST', '/api/v1/requests', { title, category, address: '北门垃圾站' });
  assert(r.status === 201, `resident1 raises a request: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function open(page, username, hash = '') {
  await page.goto(`${srv.url}/worker/${hash}`);
  await page.waitForSelector('#login-user', WAIT);
  await loginUI(page, username);
  await page.waitForSelector('#nav:not(.hidden)', WAIT);
}

const text = async (page, sel) => (await page.textContent(sel)).trim();

// The server's 422 is logged by Chromium as a failed load; this test asks
// for it on purpose, so that one message is not an error of the page.
function expectRefusal(page, status) {
  page.fqErrors = page.fqErrors.filter((e) => !e.includes(`status of ${status}`));
}

await run(import.meta.url, [
  { name: 'grid1 on a phone: inbox, accept, refused extension, resolve with a photo, live count', fn: async () => {
    const req = await raise('垃圾桶满了没人清');
    assert(req.level === 2 && req.assignee.role === 'grid_worker', `dispatched to the grid worker: ${JSON.stringify(req.assignee)}`);
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'grid1');
    await page.waitForSelector(`#inbox-list [data-id="${req.id}"]`, WAIT);
    assert(Number(await text(page, '#count-todo')) >= 1, 'the 待签收 tab counts it');
    assert((await text(page, '#tab-todo')).includes('待签收'), 'tabs in Chinese');
    await screenshot(page, 'worker-1-inbox-phone');

    await page.click(`#inbox-list [data-id="${req.id}"] a`);
    await page.waitForSelector(`#detail[data-id="${req.id}"]`, WAIT);
    assert(await page.isHidden('#list-pane'), 'on a phone the detail replaces the list');
    assert((await text(page, '#detail-title')) === '垃圾桶满了没人清', 'the title');
    assert(await page.isVisible('#dl-accept'), 'the accept deadline is shown');
    await page.waitForSelector('#detail-map .leaflet-interactive', WAIT);
    await screenshot(page, 'worker-2-detail-phone');
    assert(!(await page.$('#act-resolve')), 'no resolve before accept');

    await page.click('#act-accept');
    await page.click('#form-accept button[type=submit]');
    await page.waitForSelector('#detail[data-state="accepted"]', WAIT);
    assert(await page.$('#act-resolve'), 'resolve offered once accepted');

    await page.click('#act-extend');
    await page.fill('#f-extend-reason', '需要协调环卫车');
    await page.fill('#f-extend-amount', '9999');
    await page.click('#form-extend button[type=submit]');
    await page.waitForSelector('#form-extend [data-field="limit"] .field-error:not(:empty)', WAIT);
    const msg = await text(page, '#form-extend [data-field="limit"] .field-error');
    assert(msg.includes('8760'), `the server's message sits under the limit: ${msg}`);
    expectRefusal(page, 422);
    await screenshot(page, 'worker-3-refused-phone');
    await page.click('#act-extend');

    await page.click('#act-resolve');
    await page.fill('#f-resolve-result', '已联系环卫所清运，垃圾桶已清空并消毒。');
    await page.setInputFiles('#f-resolve-photo', photo);
    await page.click('#form-resolve button[type=submit]');
    await page.waitForSelector('#detail[data-state="resolved"]', WAIT);
    await page.waitForSelector('#photos-result img', WAIT);
    assert((await text(page, '#detail-result')).includes('已清空'), 'the result text');
    await page.locator('#result-title').evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'worker-4-resolved-phone');
    await page.click('#photos-result button');
    await page.waitForSelector('#lightbox-img', WAIT);
    await page.waitForFunction(() => document.getElementById('lightbox-img').naturalWidth === 200, null, WAIT);
    await screenshot(page, 'worker-5-photo-phone');
    await page.keyboard.press('Escape');
    assert(!(await page.$('#lightbox-img')), 'Escape closes the photo');

    const v = await (await apiAs(srv.url, 'grid1')).call('GET', `/api/v1/requests/${req.id}`);
    assert(v.body.state === 'resolved' && v.body.photos.some((p) => p.kind === 'result'), 'stored as resolved with a result photo');

    await page.click('#back');
    await page.waitForSelector('#inbox-list', WAIT);
    const before = Number(await text(page, '#count-todo'));
    const next = await raise('楼下垃圾堆放');
    await page.waitForSelector(`#inbox-list [data-id="${next.id}"]`, WAIT);
    const after = Number(await text(page, '#count-todo'));
    assert(after === before + 1, `the count moved live from ${before} to ${after}`);
  } },

  { name: 'dispatcher at 1440×900: an escalated request beside the inbox, co-handlers with a lead', fn: async () => {
    const grid1 = await apiAs(srv.url, 'grid1');
    const community = await apiAs(srv.url, 'community1');
    const unit = grid1.account.roles[0].unit.id;
    const ring = (await grid1.call('GET', `/api/v1/org/units/${unit}`)).body.boundary.coordinates[0].slice(1);
    const lon = ring.reduce((a, p) => a + p[0], 0) / ring.length;
    const lat = ring.reduce((a, p) => a + p[1], 0) / ring.length;
    const made = await grid1.call('POST', '/api/v1/requests', { title: '垃圾站占道影响通行', category: 'environment.garbage',
      channel: 'inspection', lat, lon, description: '垃圾站外溢，占用人行道约 20 米。' });
    assert(made.status === 201, `grid1 reports an inspection: ${JSON.stringify(made.body)}`);
    const req = made.body;
    const form = new FormData();
    form.append('photo', new Blob([fs.readFileSync(photo)], { type: 'image/png' }), 'site.png');
    const up = await fetch(`${srv.url}/api/v1/requests/${req.id}/photos`, { method: 'POST',
      headers: { Authorization: `Bearer ${grid1.token}` }, body: form });
    assert(up.status === 201, `a report photo: ${up.status}`);
    let r = await grid1.call('POST', `/api/v1/requests/${req.id}/escalate`, { reason: '涉及多个部门' });
    assert(r.status === 200 && r.body.level === 3, `escalated to the community: ${JSON.stringify(r.body)}`);
    r = await community.call('POST', `/api/v1/requests/${req.id}/escalate`, { reason: '需要街道协调城管' });
    assert(r.status === 200 && r.body.level === 4, `escalated to the street: ${JSON.stringify(r.body)}`);

    const page = await newPage(browser, { viewport: DESKTOP });
    await open(page, 'dispatcher');
    await page.waitForSelector(`#inbox-list [data-id="${req.id}"]`, WAIT);
    await page.click(`#inbox-list [data-id="${req.id}"] a`);
    await page.waitForSelector(`#detail[data-id="${req.id}"]`, WAIT);
    const list = await page.locator('#list-pane').boundingBox();
    const detail = await page.locator('#detail-pane').boundingBox();
    assert(list.width > 300 && detail.x >= list.x + list.width - 1, 'list and detail side by side');
    assert(await page.isVisible(`#inbox-list [data-id="${req.id}"].open`), 'the open request is marked in the list');
    assert((await text(page, '#timeline')).includes('上报'), 'the timeline shows the escalations');
    await page.waitForFunction(() => document.querySelectorAll('#detail-map path').length === 2, null, WAIT);
    await page.waitForSelector('#photos-report img', WAIT);

    await page.click('#act-cohandlers');
    await page.waitForSelector('#form-cohandlers [data-field="departments"] input', WAIT);
    const deps = await page.$$eval('#form-cohandlers [data-field="departments"] input', (xs) => xs.map((x) => x.value));
    assert(deps.length >= 2, 'the street has departments');
    await page.check(`#f-cohandlers-dep-${deps[0]}`);
    await page.check(`#f-cohandlers-dep-${deps[1]}`);
    await page.check(`#f-cohandlers-lead-${deps[1]}`);
    await page.click('#form-cohandlers button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('#detail-cohandlers li').length === 2, null, WAIT);
    assert((await text(page, '#detail-cohandlers')).includes('牵头'), 'one of them leads');
    const headLine = await text(page, '#head-cohandlers');
    assert(/^联办部门：[^,]+（牵头）、[^,]+$|^联办部门：[^,]+、[^,]+（牵头）$/.test(headLine), `the head names them: ${headLine}`);
    const v = await (await apiAs(srv.url, 'dispatcher')).call('GET', `/api/v1/requests/${req.id}`);
    assert(v.body.cohandlers.length === 2 && v.body.cohandlers.find((c) => c.lead).unit_id === Number(deps[1]),
      `stored with the lead: ${JSON.stringify(v.body.cohandlers)}`);
    await screenshot(page, 'worker-6-dispatcher-desktop');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(300);
    await screenshot(page, 'worker-6-dispatcher-1920');
  } },

  { name: 'a request accepted elsewhere meanwhile: the open form stays, a note says so, the 409 is shown', fn: async () => {
    const req = await raise('小区门口垃圾没人收');
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'grid1', `#request/${req.id}`);
    await page.waitForSelector(`#detail[data-id="${req.id}"]`, WAIT);
    await page.click('#act-accept');
    await page.fill('#f-accept-note', '马上过去');
    const r = await (await apiAs(srv.url, 'grid1')).call('POST', `/api/v1/requests/${req.id}/accept`, {});
    assert(r.status === 200, 'accepted through the API');
    await page.waitForSelector('.changed', WAIT);
    assert(await page.inputValue('#f-accept-note') === '马上过去', 'what was typed is kept');
    await page.click('#form-accept button[type=submit]');
    await page.waitForSelector('#form-accept .form-error:not(:empty)', WAIT);
    const msg = await text(page, '#form-accept .form-error');
    assert(msg.includes('办理中') && msg.includes('签收'), `the server's 409 in Chinese words: ${msg}`);
    expectRefusal(page, 409);
    await screenshot(page, 'worker-12-conflict-phone');
    await page.click('.changed button');
    await page.waitForSelector('#detail[data-state="accepted"]', WAIT);
  } },

  { name: 'supervisor at 1280×800: a red card with a deadline', fn: async () => {
    const req = await raise('垃圾清运车一周没来');
    const page = await newPage(browser, { viewport: { width: 1280, height: 800 } });
    await open(page, 'supervisor', `#request/${req.id}`);
    await page.waitForSelector(`#detail[data-id="${req.id}"]`, WAIT);
    assert(await page.isVisible('#list-pane') && await page.isVisible('#detail-pane'), 'side by side at 1280');
    await page.click('#act-supervise');
    await page.check('#f-supervise-card-red');
    await page.fill('#f-supervise-note', '三天内必须清运');
    await page.click('#form-supervise button[type=submit]');
    await page.waitForSelector('#detail .detail-head .card-red', WAIT);
    assert(await page.isVisible('#dl-supervision'), 'the supervision deadline is shown');
    await page.waitForSelector(`#inbox-list [data-id="${req.id}"] .card-red`, WAIT);
    await screenshot(page, 'worker-13-supervisor-1280');
  } },

  { name: '不予受理 asks first, saying it cannot be undone', fn: async () => {
    const req = await raise('楼下有人摆摊');
    const r = await (await apiAs(srv.url, 'grid1')).call('POST', `/api/v1/requests/${req.id}/return`,
      { reason_code: 'wrong_area' });
    assert(r.status === 200 && r.body.state === 'returned', `returned to the dispatcher: ${r.body.state}`);
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'dispatcher', `#request/${req.id}`);
    await page.waitForSelector('#act-reject', WAIT);
    await page.click('#act-reject');
    await page.fill('#f-reject-reason', '不属于政务服务范围，已告知居民向市场监管反映');
    await page.click('#form-reject button[type=submit]');
    await page.waitForSelector('.modal #fq-confirm-ok', WAIT);
    assert((await text(page, '.modal .confirm-final')).includes('不能撤销'), 'says it cannot be undone');
    await screenshot(page, 'worker-14-reject-confirm-phone');
    await page.click('.modal #fq-confirm-cancel');
    const still = await (await apiAs(srv.url, 'dispatcher')).call('GET', `/api/v1/requests/${req.id}`);
    assert(still.body.state === 'returned', 'nothing is sent on cancel');
    await page.click('#form-reject button[type=submit]');
    await page.click('.modal #fq-confirm-ok');
    await page.waitForSelector('#detail[data-state="rejected"]', WAIT);
  } },

  { name: 'leader1 sees the linked households and reveals a phone number (logged)', fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'leader1', '#households');
    await page.waitForSelector('#hh-leader .hh', WAIT);
    const btn = page.locator('#hh-leader .hh-head .reveal-btn').first();
    await btn.click();
    await page.waitForSelector('#hh-leader .hh-head a.phone', WAIT);
    const phone = await text(page, '#hh-leader .hh-head a.phone');
    assert(/^1\d{10}$/.test(phone), `the whole number is shown: ${phone}`);
    await screenshot(page, 'worker-7-households-phone');
  } },

  { name: 'admin: org tree, a category time limit changed and shown, calendar', fn: async () => {
    const page = await newPage(browser, { viewport: DESKTOP });
    await open(page, 'admin');
    const next = new Date(Date.now() + 8 * 3600 * 1000).getUTCFullYear() + 1;
    await page.waitForSelector('#cal-warning:not(.hidden)', WAIT);
    const warn = await text(page, '#cal-warning');
    assert(warn.includes(`${next} 年的节假日还没有录入`) && warn.includes('国务院'), `next year's calendar is empty: ${warn}`);
    await page.waitForSelector('#org-tree .tree-toggle', WAIT);
    await page.click('#org-tree .tree-toggle');
    await page.waitForSelector('#org-tree [role="group"] .tree-name', WAIT);
    await page.click('#org-tree [role="group"] .tree-name');
    await page.waitForSelector('#org-code', WAIT);
    await screenshot(page, 'worker-8-org-desktop');

    await page.click('#admin-nav-categories');
    await page.click('[id="cat-environment.garbage"]');
    await page.waitForSelector('#lim-2-resolve-amount', WAIT);
    // the nonsense: accept within 5 working days, resolve within 1 hour
    await page.fill('#lim-1-accept-amount', '5');
    await page.selectOption('#lim-1-accept-unit', 'workdays');
    await page.fill('#lim-1-resolve-amount', '1');
    await page.selectOption('#lim-1-resolve-unit', 'hours');
    await page.click('#cat-form button[type=submit]');
    const under = '[data-field="limits[1].resolve"] .field-error';
    await page.waitForSelector(`${under}:not(:empty)`, WAIT);
    assert((await text(page, under)).startsWith('不能短于第 1 层级的签收时限'), `refused in Chinese: ${await text(page, under)}`);
    expectRefusal(page, 422);
    await page.locator('[data-field="limits[1].resolve"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'worker-15-limits-refused-desktop');
    await page.fill('#lim-1-accept-amount', '2');
    await page.selectOption('#lim-1-accept-unit', 'hours');
    await page.fill('#lim-1-resolve-amount', '1');
    await page.selectOption('#lim-1-resolve-unit', 'workdays');
    await page.fill('#lim-2-resolve-amount', '3');
    await page.selectOption('#lim-2-resolve-unit', 'workdays');
    await page.click('#cat-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[data-code="environment.garbage"] .cat-lim:nth-child(2)')
      .textContent === '网格签收 2 小时办结 3 工作日', null, WAIT);
    const cats = await (await apiAs(srv.url, 'admin')).call('GET', '/api/v1/categories');
    const garbage = cats.body.items.flatMap((c) => c.children).find((c) => c.code === 'environment.garbage');
    assert(garbage.limits[1].resolve.amount === 3 && garbage.limits[1].resolve.unit === 'workdays', 'stored');
    await screenshot(page, 'worker-9-categories-desktop');
    await page.click('[id="cat-safety.gas"]');
    await page.waitForSelector('#cat-danger', WAIT);
    assert(await page.isChecked('#cat-danger') && await page.inputValue('#call-1-number') === '119', 'gas warns with 119');
    await page.locator('#cat-danger').scrollIntoViewIfNeeded();
    await screenshot(page, 'worker-16-category-danger-desktop');

    await page.click('#admin-nav-calendar');
    await page.waitForSelector('#month-12', WAIT);
    await screenshot(page, 'worker-10-calendar-desktop');
    await page.click('#cal-next');
    await page.waitForSelector('#cal-year:has-text("2027")', WAIT);
    await page.click('#cal-prev');
    await page.waitForSelector('#cal-year:has-text("2026")', WAIT);
    assert(await page.getAttribute('#day-2026-10-01', 'data-kind') === 'holiday', '国庆节 is a holiday');
    assert(await page.getAttribute('#day-2026-02-14', 'data-kind') === 'workday', 'the Saturday before 春节 is worked');
    await page.click('#day-2026-12-26');
    await page.check('#cal-kind-workday');
    await page.fill('#cal-name', '年终调休');
    await page.click('#cal-form button[type=submit]');
    await page.waitForSelector('#day-2026-12-26[data-kind="workday"]', WAIT);
    const cal = await (await apiAs(srv.url, 'admin')).call('GET', '/api/v1/calendar?year=2026');
    assert(cal.body.items.some((d) => d.day === '2026-12-26' && d.kind === 'workday' && d.name === '年终调休'), 'stored');
  } },

  { name: 'English on the same screens, remembered', fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'grid1');
    await page.waitForSelector('#tab-todo', WAIT);
    await page.click('.lang-switch');
    await page.waitForFunction(() => document.getElementById('tab-todo').textContent.includes('To accept'), null, WAIT);
    assert(await page.getAttribute('html', 'lang') === 'en', 'html lang follows');
    await page.reload();
    await page.waitForFunction(() => (document.getElementById('tab-todo') || {}).textContent?.includes('To accept'), null, WAIT);
    await screenshot(page, 'worker-11-inbox-english-phone');
  } },
]);
