// test_command.mjs - the command centre's big screen (1920×1080) in
// Chromium against the real server, as the street's dispatcher: the map
// draws the 90 grids, the KPI tiles carry numbers, the charts have their
// data, and nothing scrolls; then, driven through the API, resident1
// raises a request, its 邻长 (leader1) accepts and resolves it and
// resident1 rates it — and the screen's ticker shows each event with its
// grid, and today's intake and closures go up by one, without a reload.
// Last, the 邻长 lookup finds leader1 and lists their linked households
// with the request just handled. Screenshots of each state.

import { startServer, launch, newPage, screenshot, run, assert, apiAs, loginUI } from './harness.mjs';

const SCREEN = { width: 1920, height: 1080 };
const GRIDS = 90;           // grids of the demo street
const TREND_DAYS = 30;
const LIVE_TIMEOUT = 20000; // ms for a live change to reach the screen

const srv = await startServer({ requests: 300, until: 'today' });
process.on('exit', () => { srv.stop(); }); // run() exits the process: stop the server with it
const browser = await launch();
let page = null;
let raised = null;       // the request created through the API
let resident = null;

const text = (sel) => page.textContent(sel);
const kpi = async (key) => Number((await text(`#kpi-${key}-value`)).trim());

async function chartOption(id) {
  return page.evaluate((el) => {
    const c = window.echarts.getInstanceByDom(document.getElementById(el));
    const o = c && c.getOption();
    return o ? { series: o.series.map((s) => s.data.length), y: o.yAxis[0].data || null,
      labels: o.series[0].data.map((d) => (d.label && d.label.show ? d.label.formatter : null)) } : null;
  }, id);
}

async function noScroll() {
  const [h, w] = await page.evaluate(() => [document.documentElement.scrollHeight,
    document.documentElement.scrollWidth]);
  assert(h <= SCREEN.height && w <= SCREEN.width, `the screen does not scroll (content ${w}×${h})`);
}

// Wait until the ticker has a row for the request with this event.
async function tickerShows(event) {
  const sel = `#ticker li[data-request="${raised.id}"][data-event="${event}"]`;
  await page.waitForSelector(sel, { timeout: LIVE_TIMEOUT });
  return sel;
}

async function kpiBecomes(key, value) {
  await page.waitForFunction(([k, v]) => {
    const el = document.getElementById(`kpi-${k}-value`);
    return el && Number(el.textContent.trim()) === v;
  }, [key, value], { timeout: LIVE_TIMEOUT });
}

await run(import.meta.url, [
  { name: 'the big screen draws the grids, the KPI tiles and the charts', fn: async () => {
    page = await newPage(browser, { viewport: SCREEN });
    await page.goto(`${srv.url}/command/`);
    await page.waitForSelector('#login-user');
    await screenshot(page, 'command-0-login');
    await loginUI(page, 'dispatcher');
    await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });

    const polygons = await page.locator('#map path.grid').count();
    assert(polygons === GRIDS, `the map draws ${GRIDS} grid polygons, got ${polygons}`);
    const unloaded = await page.locator('#map path.grid[data-band="unknown"]').count();
    assert(unloaded === 0, `every grid is coloured by its load, ${unloaded} are not`);

    for (const key of ['intake', 'closed', 'open', 'overdue', 'supervised'])
      assert(/^\d+$/.test((await text(`#kpi-${key}-value`)).trim()), `KPI ${key} shows a number`);
    for (const key of ['response', 'resolution', 'satisfaction', 'on_time'])
      assert(/^(\d+\.\d%|—)$/.test((await text(`#kpi-${key}-value`)).trim()), `KPI ${key} shows a rate or no data`);
    assert((await text('#kpi-response .kpi-label')) === '响应率', 'the tiles speak Chinese first');

    const dispatcher = await apiAs(srv.url, 'dispatcher');
    const byDay = (await dispatcher.call('GET', '/api/v1/stats?by=day&from=' + daysAgo(TREND_DAYS - 1))).body;
    const trend = await chartOption('chart-trend');
    assert(trend && trend.series[0] === TREND_DAYS && trend.series[1] === TREND_DAYS,
      `the trend has ${TREND_DAYS} days of intake and closures: ${JSON.stringify(trend)}`);
    const rate = byDay.rates.response;
    const shown = (await text('#kpi-response-value')).trim();
    assert(shown === (rate === null ? '—' : `${rate.toFixed(1)}%`), `响应率 is the API's ${rate}: ${shown}`);
    const units = (await dispatcher.call('GET', '/api/v1/stats?by=unit&from=' + daysAgo(TREND_DAYS - 1))).body;
    await page.click('#rank-communities');
    const rank = await chartOption('chart-rank');
    assert(rank && rank.y.length === units.series.length,
      `the ranking lists the ${units.series.length} communities and villages: ${JSON.stringify(rank)}`);
    const best = units.series[0];
    assert(rank.y[rank.y.length - 1] === (best.rank ? `1. ${best.name}` : best.name), 'the best is on top');
    // a unit the API does not rank says why instead of a score: 样本不足
    // (fewer than 10 requests in the period) or 无数据
    const labels = rank.labels.slice().reverse();
    units.series.forEach((u, i) => {
      const want = u.rank ? u.rates.composite.toFixed(1) : u.sample_too_small ? '样本不足' : '无数据';
      assert(labels[i] === want, `${u.name} is labelled ${want}: ${labels[i]}`);
    });
    assert(await chartOption('chart-cats'), 'the category chart is drawn');
    await noScroll();
    await screenshot(page, 'command-1-overview');
  } },

  { name: 'the ticker and the counts follow a request without a reload', fn: async () => {
    await page.evaluate(() => { window.fqSameDocument = true; });
    const intake = await kpi('intake');
    const closed = await kpi('closed');
    resident = await apiAs(srv.url, 'resident1');
    const me = (await resident.call('GET', '/api/v1/me')).body;
    const created = await resident.call('POST', '/api/v1/requests', { title: '楼道灯不亮（大屏测试）',
      category: 'property.corridor_light', household_id: me.household.id, description: '2单元3楼' });
    assert(created.status === 201, `resident1 raises a request: ${JSON.stringify(created.body)}`);
    raised = created.body;
    const grid = (await resident.call('GET', `/api/v1/requests/${raised.id}`)).body.location.grid;

    const row = await tickerShows('submitted');
    await page.waitForFunction(([sel, name]) => document.querySelector(`${sel} .tick-grid`).textContent === name,
      [row, grid.name], { timeout: LIVE_TIMEOUT });
    assert((await text(`${row} .tick-number`)) === raised.number, 'the row carries the request number');
    assert((await text(`${row} .tick-event`)) === '受理', 'the event is in Chinese');
    await kpiBecomes('intake', intake + 1);
    await page.waitForSelector(`#map path.grid[data-grid="${grid.id}"]:not([data-band="none"])`, { timeout: LIVE_TIMEOUT });

    const leader = await apiAs(srv.url, 'leader1');
    assert(raised.assignee && raised.assignee.account_id === leader.account.id,
      `the request goes to resident1's 邻长 leader1: ${JSON.stringify(raised.assignee)}`);
    let r = await leader.call('POST', `/api/v1/requests/${raised.id}/accept`, {});
    assert(r.status === 200, `leader1 accepts: ${JSON.stringify(r.body)}`);
    await tickerShows('accepted');
    r = await leader.call('POST', `/api/v1/requests/${raised.id}/resolve`, { result: '已更换灯泡' });
    assert(r.status === 200, `leader1 resolves: ${JSON.stringify(r.body)}`);
    await tickerShows('resolved');
    r = await resident.call('POST', `/api/v1/requests/${raised.id}/rate`, { resolved: true, satisfaction: 5 });
    assert(r.status === 200, `resident1 rates: ${JSON.stringify(r.body)}`);
    await tickerShows('rated');
    await kpiBecomes('closed', closed + 1);
    assert(await kpi('intake') === intake + 1, 'the intake stays counted');
    const first = await page.getAttribute('#ticker li:first-child', 'data-event');
    assert(first === 'rated', `the newest event is on top, got ${first}`);
    assert(await page.evaluate(() => window.fqSameDocument === true), 'the page was not reloaded');
    await noScroll();
    await screenshot(page, 'command-2-live');
  } },

  { name: 'the 邻长 lookup finds leader1 and their households', fn: async () => {
    const leader = await apiAs(srv.url, 'leader1');
    const me = (await leader.call('GET', '/api/v1/me')).body;
    const own = (await leader.call('GET', `/api/v1/leaders/${me.leader_id}/households`)).body;
    await page.fill('#leader-q', own.leader.name);
    await page.click('#leader-search button[type=submit]');
    const chip = page.locator(`.leader-chip[data-leader="${me.leader_id}"]`);
    await page.waitForSelector(`.leader-chip[data-leader="${me.leader_id}"], .hh-table`);
    if (await chip.count()) await chip.click();
    await page.waitForSelector('.hh-table tbody tr');
    const ids = await page.$$eval('.hh-table tbody tr', (rows) => rows.map((tr) => Number(tr.dataset.household)));
    assert(JSON.stringify(ids) === JSON.stringify(own.households.map((h) => h.id)),
      `the drawer lists leader1's ${own.households.length} households: ${ids}`);
    const household = resident ? (await resident.call('GET', '/api/v1/me')).body.household.id : null;
    const cell = await text(`.hh-table tr[data-household="${household}"] .hh-reqs`);
    assert(cell.includes(raised.number), `resident1's household shows the request just handled: ${cell}`);
    await noScroll();
    await screenshot(page, 'command-3-leader');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#leader-drawer', { state: 'hidden' });
  } },

  { name: 'in English, still on one screen', fn: async () => {
    await page.click('.lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert((await text('#kpi-response .kpi-label')) === 'Response', 'the tiles switch to English');
    assert((await text('#ticker li:first-child .tick-event')) === 'Rated', 'the ticker switches too');
    await noScroll();
    await screenshot(page, 'command-4-english');
    await page.click('.lang-switch');
  } },
]);

function daysAgo(n) {
  return new Date(Date.now() + 8 * 3600 * 1000 - n * 86400 * 1000).toISOString().slice(0, 10);
}

await browser.close();
await srv.stop();
