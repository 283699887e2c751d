// test_a11y.mjs - the accessibility checks of a11y.mjs (labels, names,
// alt, contrast, focus ring, Tab reaching everything) on the screens of
// the three faces: the resident's phone (and its base type of 16 px or
// more, and the larger-text switch), the worker console on a phone and at
// a desk (with the admin screens), and the command centre's big screen.
// Also: the public feed offers an open request of the same kind at the
// same building before sending, and lists the grid's open requests on the
// nearby screen; a first visit asks for no session (no 401 is logged), a session
// that ran out is not asked for, and a modal dialog keeps the focus inside
// and gives it back.

import { startServer, launch, newPage, screenshot, run, assert, apiAs, loginUI } from './harness.mjs';
import { checkPage } from './a11y.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const SCREEN = { width: 1920, height: 1080 };
const WAIT = { timeout: 20000 };
const BASE_PX_MIN = 16;   // the resident app's smallest body type

const srv = await startServer({ households: 500, requests: 0 });
process.on('exit', () => { srv.stop(); });
const browser = await launch();

// One request of resident1's, resolved by grid1, to show a rate form and a
// worker's detail page.
const resident = await apiAs(srv.url, 'resident1');
const grid = await apiAs(srv.url, 'grid1');
async function raise(title, resolve) {
  const r = await resident.call('POST', '/api/v1/requests', { title, category: 'environment.garbage', address: '北门' });
  assert(r.status === 201, `raised: ${JSON.stringify(r.body)}`);
  if (resolve) {
    for (const [a, b] of [['accept', {}], ['resolve', { result: '已清运' }]])
      assert((await grid.call('POST', `/api/v1/requests/${r.body.id}/${a}`, b)).status === 200, a);
  }
  return r.body;
}
const resolved = await raise('垃圾桶满了', true);
const open = await raise('垃圾站有异味', false);
await attachPhoto(open.id);

// A small PNG (one grey pixel, stored) attached to a request by resident1.
async function attachPhoto(id) {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==', 'base64');
  const form = new FormData();
  form.append('photo', new Blob([png], { type: 'image/png' }), 'p.png');
  const r = await fetch(`${srv.url}/api/v1/requests/${id}/photos`, { method: 'POST', body: form,
    headers: { Authorization: `Bearer ${resident.token}` } });
  assert(r.status === 201 || r.status === 200, `photo attached: ${r.status} ${await r.text()}`);
}

const found = [];
async function check(page, what, opts) {
  found.push(...await checkPage(page, what, opts));
}
function verdict() {
  assert(found.length === 0, `accessibility problems:\n  ${found.join('\n  ')}`);
}

// Every request the page makes to /api/v1/me.
function watchMe(page) {
  const seen = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/me') seen.push(r.url()); });
  return seen;
}

await run(import.meta.url, [
  { name: 'resident: labels, names, contrast, focus and Tab on every screen; 16 px and larger text', fn: async () => {
    found.length = 0;
    const page = await newPage(browser, { viewport: PHONE });
    const asked = watchMe(page);
    await page.goto(`${srv.url}/resident/`);
    await page.waitForSelector('#login-user', WAIT);
    assert(asked.length === 0, 'a first visit does not ask for the session');
    await check(page, 'resident login');
    await loginUI(page, 'resident1');
    await page.waitForSelector('#home-report', WAIT);
    const px = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.home-sub')).fontSize));
    assert(px >= BASE_PX_MIN, `the smallest home text is ${px}px`);
    const base = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    assert(base >= BASE_PX_MIN, `the body type is ${base}px`);
    await check(page, 'resident home');

    await page.click('#big-text');
    await page.waitForFunction((b) => parseFloat(getComputedStyle(document.body).fontSize) > b, base);
    assert(await page.getAttribute('#big-text', 'aria-pressed') === 'true', 'the switch says it is on');
    await screenshot(page, 'a11y-resident-big-text');
    await page.reload();
    await page.waitForSelector('#home-report', WAIT);
    assert(await page.evaluate((b) => parseFloat(getComputedStyle(document.body).fontSize) > b, base),
      'larger text is remembered');
    await page.click('#big-text');
    await page.waitForFunction((b) => parseFloat(getComputedStyle(document.body).fontSize) === b, base);

    await page.click('#home-report');
    await page.waitForSelector('[id="cat-environment"]', WAIT);
    await check(page, 'resident category');
    await page.click('[id="cat-environment"]');
    await page.click('[id="cat-environment.garbage"]');
    await page.waitForSelector('#report-text', WAIT);
    await check(page, 'resident text');
    await page.click('#step-next');
    await page.waitForSelector('#photo-camera', { state: 'attached' });
    await check(page, 'resident photos');
    await page.click('#step-next');
    await page.waitForSelector('#place-home', WAIT);
    await check(page, 'resident place');
    await page.click('#step-next');
    await page.waitForSelector('#check-send', WAIT);
    // an open garbage request at the same building is offered before sending
    await page.waitForSelector(`#similar-before:not(.hidden) [data-public="${open.id}"]`, WAIT);
    await screenshot(page, 'resident-7-check-similar');
    await check(page, 'resident check');
    await page.goto(`${srv.url}/resident/#mine`);
    await page.waitForSelector('#mine-list a', WAIT);
    await check(page, 'resident mine');
    await page.goto(`${srv.url}/resident/#request/${resolved.id}`);
    await page.waitForSelector('#rate-form', WAIT);
    await check(page, 'resident rate');
    await page.goto(`${srv.url}/resident/#nearby`);
    await page.waitForSelector('.screen-nearby .leaflet-container', WAIT);
    await page.waitForSelector(`#nearby-public [data-public="${open.id}"]`, WAIT);
    assert(!(await page.$(`#nearby-public [data-public="${resolved.id}"]`)), 'a resolved request is not open');
    await screenshot(page, 'resident-14-nearby-public');
    await check(page, 'resident nearby');
    verdict();
  } },

  { name: 'session: none asked for after logging out, nor once it ran out', fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    const asked = watchMe(page);
    await page.goto(`${srv.url}/resident/`);
    await page.waitForSelector('#login-user', WAIT);
    await loginUI(page, 'resident1');
    await page.waitForSelector('#home-report', WAIT);
    let n = asked.length;
    await page.reload();
    await page.waitForSelector('#home-report', WAIT);
    assert(asked.length === n + 1, `a visit with a session asks once: ${asked.length - n}`);
    await page.click('.home-logout');
    await page.waitForSelector('#login-user', WAIT);
    n = asked.length;
    for (const face of ['/resident/', '/worker/', '/command/', '/']) {
      await page.goto(`${srv.url}${face}`);
      await page.waitForLoadState('networkidle');
    }
    assert(asked.length === n, `after logging out no face asks: ${asked.length - n}`);
    await page.goto(`${srv.url}/resident/`);
    await loginUI(page, 'resident1');
    await page.waitForSelector('#home-report', WAIT);
    // the session's time has passed (as the browser knows it): not asked
    await page.evaluate(() => localStorage.setItem('fq.signed_in', String(Date.now() - 1000)));
    const before = asked.length;
    await page.reload();
    await page.waitForSelector('#login-user', WAIT);
    assert(asked.length === before, 'a session that ran out is not asked for');
  } },

  { name: 'worker console: phone and desk, admin screens, a dialog that keeps the focus', fn: async () => {
    found.length = 0;
    const page = await newPage(browser, { viewport: PHONE });
    await page.goto(`${srv.url}/worker/`);
    await page.waitForSelector('#login-user', WAIT);
    await check(page, 'worker login');
    await loginUI(page, 'grid1');
    await page.waitForSelector(`#inbox-list [data-id="${open.id}"]`, WAIT);
    await check(page, 'worker inbox (phone)');
    await page.goto(`${srv.url}/worker/#request/${open.id}`);
    await page.waitForSelector(`#detail[data-id="${open.id}"]`, WAIT);
    await page.click('#act-return');
    await page.waitForSelector('#form-return', WAIT);
    await check(page, 'worker detail with the return form (phone)');

    // the photo's lightbox is a modal dialog: Tab stays in it, Escape gives the focus back
    await page.waitForSelector('#photos-report button', WAIT);
    await page.focus('#photos-report button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.lightbox', WAIT);
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
      await page.keyboard.press('Tab');
      assert(await page.evaluate(() => !!document.activeElement.closest('.lightbox')),
        `the focus stays in the dialog (${i})`);
    }
    await page.keyboard.press('Escape');
    await page.waitForSelector('.lightbox', { state: 'detached' });
    assert(await page.evaluate(() => !!document.activeElement.closest('#photos-report')),
      'the focus goes back to the photo that opened it');
    await page.goto(`${srv.url}/worker/#search`);
    await page.waitForSelector('#search-q, .search input', WAIT);
    await check(page, 'worker search (phone)');
    await page.goto(`${srv.url}/worker/#households`);
    await page.waitForSelector('.screen-households h2, .screen-households .list', WAIT);
    await check(page, 'worker households (phone)');

    await page.setViewportSize(DESKTOP);
    await page.goto(`${srv.url}/worker/#request/${open.id}`);
    await page.waitForSelector(`#detail[data-id="${open.id}"]`, WAIT);
    await check(page, 'worker inbox and detail (desk)');
    await page.click('.wk-logout, #logout');
    await page.waitForSelector('#login-user', WAIT);
    await loginUI(page, 'admin');
    await page.waitForSelector('#nav:not(.hidden)', WAIT);
    for (const k of ['org', 'accounts', 'categories', 'calendar', 'data']) {
      await page.goto(`${srv.url}/worker/#admin/${k}`);
      await page.waitForSelector(`#admin-nav-${k}[aria-current="page"]`, WAIT);
      await page.waitForLoadState('networkidle');
      await check(page, `worker admin ${k}`, { tab: k !== 'calendar' && k !== 'accounts' });
    }
    verdict();
  } },

  { name: 'command centre: the big screen', fn: async () => {
    found.length = 0;
    const page = await newPage(browser, { viewport: SCREEN });
    await page.goto(`${srv.url}/command/`);
    await page.waitForSelector('#login-user', WAIT);
    await check(page, 'command login');
    await loginUI(page, 'dispatcher');
    await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
    await check(page, 'command');
    verdict();
  } },
]);
