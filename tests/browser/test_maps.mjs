// test_maps.mjs - maps on a tile server in GCJ-02 (issue 19 item 10,
// docs/maps.md). First web/common/crs.js against the reference points of
// the C unit test (tests/unit/test_geo.c). Then, with tile_url,
// tile_label_url and tile_crs=gcj02 pointing at a tiny tile server on
// 127.0.0.1 started here (never the Internet): the worker's map draws a
// request's point at its GCJ-02 position among the tiles, the resident's
// map sends a picked point back in WGS 84, and the big screen draws its
// grids on the same tiles, all without any ?tiles= argument. Where a point
// lies among the tiles is read from the page itself: a tile's z/x/y in
// its address and its place on the screen give every pixel's position in
// Web Mercator. Screenshots docs/screenshots/maps-*.png come from here.

import http from 'node:http';
import path from 'node:path';
import { startServer, launch, newPage, screenshot, run, assert, apiAs, loginUI, SOURCE } from './harness.mjs';

const { gcj02FromWgs84, wgs84FromGcj02 } = await import(path.join(SOURCE, 'web/common/crs.js'));

const PHONE = { width: 390, height: 844 };
const SCREEN = { width: 1920, height: 1080 };
const WAIT = { timeout: 15000 };
const TILE = 256;            // pixels of a Web Mercator tile
const NEAR_PX = 3;           // a point drawn where it should be lies this close
const FAR_PX = 30;           // and this far from where it would be unconverted

// A 64×64 checkered base tile and a label tile (a dash on transparency).
const BASE_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAYAAACqaXHeAAAAhUlEQVR42u3asQ2AMAwEwOw/mYdAFFQIZQeirIAr9Fe825evtDyq6k3O2GPex+dcz9lKp7vbDwAAAAAAAAAAAAAAAAAAogH+ukC3HwAAAAAAAAAAAAAAAAAAAEgGcBECAAAAAAAAAAAAAAAAAAAA/Ae4CAEAAAAAAAAAAAAAAAAAgACA5Cw2Dm+7ieXbNAAAAABJRU5ErkJggg==', 'base64');
const LABEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAYAAACqaXHeAAAANElEQVR42u3QMQ0AAAgEMYS9WJyCAybGNjkDVwUAAAAAAAAA75KeKwMMMAAAAAAAAAAAni3vTELhVCV/kgAAAABJRU5ErkJggg==', 'base64');

// The tile server: /base/{z}/{x}/{y}.png and /label/{z}/{x}/{y}.png, counted.
const served = { base: 0, label: 0 };
const tiles = http.createServer((req, res) => {
  const kind = req.url.startsWith('/label/') ? 'label' : 'base';
  served[kind]++;
  res.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' });
  res.end(kind === 'label' ? LABEL_PNG : BASE_PNG);
});
await new Promise((resolve) => tiles.listen(0, '127.0.0.1', resolve));
const TILES = `http://127.0.0.1:${tiles.address().port}`;

const srv = await startServer({ requests: 0, extra: ['--tile-url', `${TILES}/base/{z}/{x}/{y}.png`,
  '--tile-label-url', `${TILES}/label/{z}/{x}/{y}.png`, '--tile-crs', 'gcj02'] });
process.on('exit', () => { srv.stop(); tiles.close(); });
const browser = await launch();
const dispatcher = await apiAs(srv.url, 'dispatcher');
const grid1 = await apiAs(srv.url, 'grid1');

// Web Mercator pixels of (lat, lon) at zoom z.
function world(lat, lon, z) {
  const size = TILE * 2 ** z;
  const s = Math.sin(lat * Math.PI / 180);
  return { x: (lon + 180) / 360 * size, y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size };
}

function lonLatOf(p, z) {
  const size = TILE * 2 ** z;
  const n = Math.PI - 2 * Math.PI * p.y / size;
  return { lat: Math.atan(Math.sinh(n)) * 180 / Math.PI, lon: p.x / size * 360 - 180 };
}

const apart = (a, b) => Math.hypot(a.x - b.x, a.y - b.y);

// In the page: the zoom and the screen → world offset of the base tiles
// under the map in mapSel, read from one loaded tile.
async function tileFrame(page, mapSel) {
  await page.waitForSelector(`${mapSel} .tiles-base img.leaflet-tile-loaded`, WAIT);
  return page.$eval(`${mapSel} .tiles-base img.leaflet-tile-loaded`, (img) => {
    const [z, x, y] = new URL(img.src).pathname.split('/').slice(-3).map((v) => parseInt(v, 10));
    const r = img.getBoundingClientRect();
    return { z, dx: x * 256 - r.left, dy: y * 256 - r.top, size: r.width };
  });
}

async function centreOf(page, sel) {
  return page.$eval(sel, (e) => { const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; });
}

// A hotline request at a building of grid 1 (it takes the building's point).
async function raise() {
  const grid = grid1.account.roles[0].unit.id;
  const b = (await dispatcher.call('GET', `/api/v1/org/units?kind=building&parent=${grid}&limit=1`)).body.items[0];
  const r = await dispatcher.call('POST', '/api/v1/requests', { title: '路灯不亮', category: 'property.corridor_light',
    channel: 'hotline', building_id: b.id, caller_name: '李女士', caller_phone: '13800138001' });
  assert(r.status === 201, `a request by building: ${JSON.stringify(r.body)}`);
  const view = (await dispatcher.call('GET', `/api/v1/requests/${r.body.id}`)).body;
  assert(typeof view.location.lat === 'number', `the request has a point: ${JSON.stringify(view.location)}`);
  return { id: r.body.id, lat: view.location.lat, lon: view.location.lon };
}

async function conversionMatchesTheUnitTest() {
  const g = gcj02FromWgs84(39.915, 116.404);
  assert(Math.abs(g.lat - 39.91640428150164) < 1e-11 && Math.abs(g.lon - 116.41024449916938) < 1e-11,
    `WGS 84 (39.915, 116.404) is the reference GCJ-02 point: ${JSON.stringify(g)}`);
  const w = wgs84FromGcj02(39.915, 116.404);
  assert(Math.abs(w.lat - 39.91359571849836) < 1e-6 && Math.abs(w.lon - 116.39775550083061) < 1e-6,
    `GCJ-02 (39.915, 116.404) goes back to the reference point: ${JSON.stringify(w)}`);
  for (const [lat, lon] of [[39.915, 116.404], [27.8299, 112.9342], [22.54, 114.06], [45.75, 126.65], [29.65, 91.1]]) {
    const m = gcj02FromWgs84(lat, lon);
    assert(Math.abs(m.lat - lat) + Math.abs(m.lon - lon) > 1e-3, `(${lat}, ${lon}) is moved`);
    const back = wgs84FromGcj02(m.lat, m.lon);
    assert(Math.abs(back.lat - lat) < 1e-9 && Math.abs(back.lon - lon) < 1e-9, `(${lat}, ${lon}) comes back exactly`);
  }
  const paris = gcj02FromWgs84(48.8566, 2.3522);
  assert(paris.lat === 48.8566 && paris.lon === 2.3522, 'outside China nothing moves');
}

async function workerPinAtGcj02() {
  const req = await raise();
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(`${srv.url}/worker/#request/${req.id}`);
  await page.waitForSelector('#login-user', WAIT);
  await loginUI(page, 'grid1');
  await page.waitForSelector('#detail-map path.request-pin', WAIT);
  await page.waitForSelector('#detail-map .tiles-label img.leaflet-tile-loaded', WAIT);
  const f = await tileFrame(page, '#detail-map');
  assert(f.size === TILE, `the tiles are drawn at their size: ${f.size}`);
  const c = await centreOf(page, '#detail-map path.request-pin');
  const drawn = { x: c.x + f.dx, y: c.y + f.dy };
  const g = gcj02FromWgs84(req.lat, req.lon);
  const want = world(g.lat, g.lon, f.z);
  const raw = world(req.lat, req.lon, f.z);
  assert(apart(drawn, want) < NEAR_PX, `the pin lies at the GCJ-02 point: ${apart(drawn, want).toFixed(1)} px off at zoom ${f.z}`);
  assert(apart(drawn, raw) > FAR_PX, `and not at the WGS 84 point: ${apart(drawn, raw).toFixed(1)} px`);
  assert(served.base > 0 && served.label > 0, `the base and label tiles were asked for: ${JSON.stringify(served)}`);
  await page.$eval('#detail-map', (e) => e.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'maps-gcj02-worker');
}

async function residentPickSentInWgs84() {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(`${srv.url}/resident/`);
  await page.waitForSelector('#login-user', WAIT);
  await loginUI(page, 'resident1');
  await page.click('#home-report');
  await page.click('[id="cat-property"]');
  await page.click('[id="cat-property.corridor_light"]');
  await page.fill('#report-text', '楼道灯坏了');
  await page.click('#step-next');
  await page.waitForSelector('#photo-camera', { state: 'attached' });
  await page.click('#step-next');
  await page.waitForSelector('#place-map-btn');
  await page.click('#place-map-btn');
  await page.waitForSelector('#place-map path.leaflet-interactive', WAIT);
  const f = await tileFrame(page, '#place-map');
  const box = await page.$eval('#place-map', (e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });
  const at = { x: Math.round(box.x + box.w / 2), y: Math.round(box.y + box.h * 0.65) };
  await page.mouse.click(at.x, at.y);
  await page.waitForFunction(() => document.querySelector('.place-status').textContent.includes('网格'), null, WAIT);
  await screenshot(page, 'maps-gcj02-resident');
  await page.click('#step-next');
  await page.click('#check-send');
  await page.waitForSelector('#done-number', WAIT);
  const res = await apiAs(srv.url, 'resident1');
  const list = await res.call('GET', '/api/v1/requests?limit=1');
  const sent = (await res.call('GET', `/api/v1/requests/${list.body.items[0].id}`)).body.location;
  const tapped = lonLatOf({ x: at.x + f.dx, y: at.y + f.dy }, f.z);   // GCJ-02, as the tiles show it
  const want = wgs84FromGcj02(tapped.lat, tapped.lon);
  const got = world(sent.lat, sent.lon, f.z);
  assert(apart(got, world(want.lat, want.lon, f.z)) < NEAR_PX,
    `the point sent is the tapped one in WGS 84: ${JSON.stringify(sent)} vs ${JSON.stringify(want)}`);
  assert(apart(got, world(tapped.lat, tapped.lon, f.z)) > FAR_PX, 'not the tapped GCJ-02 point as it is');
}

async function commandCentreOnTheTiles() {
  const page = await newPage(browser, { viewport: SCREEN });
  await page.goto(`${srv.url}/command/`);
  await page.waitForSelector('#login-user', WAIT);
  await loginUI(page, 'dispatcher');
  await page.waitForSelector('body[data-ready="1"]', WAIT);
  await page.waitForSelector('#map.map-tiled .tiles-base img.leaflet-tile-loaded', WAIT);
  await page.waitForSelector('#map .tiles-label img.leaflet-tile-loaded', WAIT);
  const grids = await page.$$eval('#map path.grid', (els) => els.length);
  assert(grids > 0, `the grids are drawn over the tiles: ${grids}`);
  await screenshot(page, 'maps-gcj02-command');
}

await run(import.meta.url, [
  { name: 'crs.js agrees with the C unit test on the reference points', fn: conversionMatchesTheUnitTest },
  { name: "the worker's map draws the request's point at its GCJ-02 place among the tiles", fn: workerPinAtGcj02 },
  { name: "a point picked on the resident's GCJ-02 map is sent in WGS 84", fn: residentPickSentInWgs84 },
  { name: 'the big screen draws its grids on the server-configured tiles', fn: commandCentreOnTheTiles },
]);
