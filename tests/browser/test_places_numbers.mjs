// test_places_numbers.mjs - where a request is, and numbers and names
// instead of internal ids, in Chromium against the real server (issue 19,
// items 1 and 2). A hotline request located by a building of grid 1 shows
// grid1 its building, address and point with links to a map app; its
// number, and its last digits, find it in the worker's search box and the
// command centre's; the admin's account filter finds talent_1 although the
// first page holds no such account; 点将 picks the request by its last
// digits; 指派 picks a mediator and a meeting a participant by name.
// Screenshots docs/screenshots/places-*.png come from here.

import { startServer, launch, newPage, screenshot, run, assert, apiAs, loginUI } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const SCREEN = { width: 1920, height: 1080 };
const WAIT = { timeout: 15000 };
const LAST_DIGITS = 6;     // the day's sequence: what a person reads off the end of a number

// 2,000 households and a history: enough 邻长 accounts that talent_1 lies past the
// account list's first page
const srv = await startServer({ households: 2000, requests: 300 });
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

// A building of grid 1 (with its door point) and a hotline request located by it alone.
async function raiseByBuilding() {
  const grid = grid1.account.roles[0].unit.id;
  const b = (await dispatcher.call('GET', `/api/v1/org/units?kind=building&parent=${grid}&limit=1`)).body.items[0];
  const r = await dispatcher.call('POST', '/api/v1/requests', { title: '楼道里堆满杂物挡住消防通道',
    category: 'dispute.neighbour', channel: 'hotline', building_id: b.id,
    caller_name: '王先生', caller_phone: '13800138000' });
  assert(r.status === 201, `a request by building: ${JSON.stringify(r.body)}`);
  const view = (await dispatcher.call('GET', `/api/v1/requests/${r.body.id}`)).body;
  assert(view.location.building && view.location.building.id === b.id, 'the request names its building');
  assert(typeof view.location.lat === 'number', `the request took the building's point: ${JSON.stringify(view.location)}`);
  return { req: r.body, view, building: view.location.building };
}

const { req, view, building } = await raiseByBuilding();
const tail = req.number.slice(-LAST_DIGITS);

await run(import.meta.url, [
  { name: 'grid1 sees the building, address and point, and opens it in a map app', fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'worker', 'grid1', `#request/${req.id}`);
    await page.waitForSelector(`#detail[data-id="${req.id}"]`, WAIT);
    assert((await text(page, '#detail-building')) === building.name, 'the building is named');
    assert((await text(page, '#detail-address')).length > 0, 'the address is shown');
    const coords = await text(page, '#detail-point .place-coords');
    assert(coords.startsWith(view.location.lat.toFixed(6)), `the coordinates: ${coords}`);
    const geo = await page.getAttribute('#detail-point a[data-map="geo"]', 'href');
    assert(geo.startsWith(`geo:${view.location.lat.toFixed(6)},${view.location.lon.toFixed(6)}`), `a geo: link: ${geo}`);
    const amap = await page.getAttribute('#detail-point a[data-map="amap"]', 'href');
    assert(amap.includes('coordinate=wgs84') && amap.includes(`position=${view.location.lon.toFixed(6)}`),
      `the AMap link is told the coordinates are WGS 84: ${amap}`);
    await page.waitForSelector('#detail-map .leaflet-interactive', WAIT);
    const shapes = await page.locator('#detail-map .leaflet-interactive').count();
    assert(shapes >= 2, `the grid and the pin are drawn (${shapes})`);
    assert(!(await page.textContent('#detail')).includes('未标注具体位置'), 'no "no point" note');
    await page.locator('#info-title').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'places-1-worker-detail-phone');
  } },

  { name: 'the number, and its last digits, find the request in the worker search box', fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'worker', 'dispatcher', '#search');
    await page.waitForSelector('#search-q', WAIT);
    for (const q of [req.number, tail]) {
      await page.fill('#search-q', q);
      await page.press('#search-q', 'Enter');
      await page.waitForSelector(`#search-list [data-id="${req.id}"]`, WAIT);
    }
    const meta = await text(page, `#search-list [data-id="${req.id}"]`);
    assert(meta.includes(building.name), `the list line names the building: ${meta}`);
    await screenshot(page, 'places-2-worker-search-phone');
  } },

  { name: 'the command centre finds the request by number and shows where it is', fn: async () => {
    const page = await newPage(browser, { viewport: SCREEN });
    await open(page, 'command', 'dispatcher');
    await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
    await page.fill('#leader-q', req.number);
    await page.click('#leader-search button[type=submit]');
    const found = `.found-request[data-request="${req.id}"]`;
    await page.waitForSelector(found, WAIT);
    assert((await text(page, `${found} .found-place`)).includes(building.name), 'the building is named');
    assert(await page.getAttribute(`${found} a[data-map="geo"]`, 'href'), 'a link to a map app');
    await screenshot(page, 'places-3-command-number');
    await page.keyboard.press('Escape');
    await page.fill('#leader-q', tail);
    await page.click('#leader-search button[type=submit]');
    await page.waitForSelector(found, WAIT);
  } },

  { name: 'the admin finds talent_1 by a filter the server applies', fn: async () => {
    const admin = await apiAs(srv.url, 'admin');
    const first = (await admin.call('GET', '/api/v1/accounts?limit=200')).body.items;
    assert(!first.some((a) => a.username === 'talent_1'), 'talent_1 is not on the first page');
    const page = await newPage(browser, { viewport: DESKTOP });
    await open(page, 'worker', 'admin', '#admin/accounts');
    await page.waitForSelector('#accounts tbody tr', WAIT);
    await page.fill('#acc-filter', 'talent_1');
    await page.waitForFunction(() => [...document.querySelectorAll('#accounts tbody code')]
      .some((c) => c.textContent === 'talent_1'), null, WAIT);
    const names = await page.$$eval('#accounts tbody code', (els) => els.map((e) => e.textContent));
    assert(names.every((n) => n.includes('talent_1')), `only matching accounts: ${names}`);
    assert(!(await text(page, '#accounts + p, .card p.muted')).includes('共显示 0'), 'not "0 shown"');
    await page.selectOption('#acc-role', 'talent');
    await page.waitForFunction(() => document.querySelectorAll('#accounts tbody tr').length > 0, null, WAIT);
    await screenshot(page, 'places-4-admin-accounts');
  } },

  { name: '点将 picks the request by its last digits', fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'talents', 'community1', '#dispatch');
    await page.waitForSelector('#form-subject', WAIT);
    assert(!(await page.$('#form-subject input[type=number]#f-subject')), 'no number field for an id');
    await page.click('#form-subject button[type=submit]');
    assert((await text(page, '#f-subject-error')).length > 0, 'nothing picked: our own message');
    await page.fill('#f-subject', tail);
    const option = `#f-subject-list [data-pick="${req.id}"]`;
    await page.waitForSelector(option, WAIT);
    assert((await text(page, option)).includes(req.number), 'the option shows the number');
    await screenshot(page, 'places-5-dispatch-pick-phone');
    await page.click(option);
    await page.waitForSelector('#suggestions .tl-card, #dispatch-result .tl-empty', WAIT);
    assert(page.url().endsWith(`#dispatch/request:${req.id}`), `the subject picked: ${page.url()}`);
  } },

  { name: '指派 picks a mediator by name', fn: async () => {
    const mediator = await apiAs(srv.url, 'mediator1');
    const unit = mediator.account.roles[0].unit;
    const d = await mediator.call('POST', '/api/v1/disputes', { unit_id: unit ? unit.id : undefined,
      type: 'neighbour', source: 'party_application', title: '楼道堆物引发邻里争执', facts: '邻居长期在楼道堆放杂物。',
      claims: '清理楼道', parties: [{ name: '李秀兰', phone: '13912345678', role: 'applicant' },
        { name: '王建国', phone: '13887654321', role: 'respondent' }] });
    assert(d.status === 201, `a case: ${JSON.stringify(d.body)}`);
    for (const p of d.body.parties) await mediator.call('POST', `/api/v1/disputes/${d.body.id}/agree`, { party_id: p.id });
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, 'disputes', 'mediator1', `#case/${d.body.id}`);
    await page.waitForSelector('#dp-mediator', WAIT);
    assert(!(await page.$('#dp-mediator-id')), 'no account id field');
    await page.fill('#dp-mediator', 'mediator2');
    await page.waitForSelector('#dp-mediator-list [data-pick]', WAIT);
    await page.locator('#dp-mediators').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'places-6-assign-mediator-phone');
    await page.click('#dp-mediator-list [data-pick]');
    await page.click('#dp-assign');
    await page.waitForSelector('.dp-head [data-state="mediating"]', WAIT);
    const other = await apiAs(srv.url, 'mediator2');
    const meds = (await mediator.call('GET', `/api/v1/disputes/${d.body.id}`)).body.mediators;
    assert(meds.some((m) => m.account_id === other.account.id), `mediator2 assigned: ${JSON.stringify(meds)}`);
    const list = await mediator.call('GET', `/api/v1/disputes?q=${encodeURIComponent(d.body.number.slice(-4))}`);
    assert(list.body.items.some((x) => x.id === d.body.id), 'the case is found by its last digits');
  } },

  { name: 'a meeting takes a participant picked by name', fn: async () => {
    const page = await newPage(browser, { viewport: DESKTOP });
    await open(page, 'councils', 'community1', '#meetings');
    await page.waitForSelector('#m-title', WAIT);
    await page.fill('#m-title', '楼道堆物议事会');
    await page.fill('#m-time', '2026-12-20T19:30');
    await page.fill('#m-place', '社区会议室');
    await page.click('form.co-form button[type=submit]');
    await page.locator('#participants').waitFor(WAIT);
    assert(!(await page.$('#participants input[type=number]')), 'no account id field');
    const voter = await apiAs(srv.url, 'voter1_1');
    await page.fill('#p-account', 'voter1_1');
    await page.waitForSelector(`#p-account-list [data-pick="${voter.account.id}"]`, WAIT);
    await page.click(`#p-account-list [data-pick="${voter.account.id}"]`);
    await screenshot(page, 'places-7-participant-pick');
    await page.click('#participants button[type=submit]');
    await page.locator('#participants li', { hasText: voter.account.display_name }).waitFor(WAIT);
  } },
]);
