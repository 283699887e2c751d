// test_smoke.mjs - the web UI is served by the real server and its shared
// pieces load in Chromium without a console error: the landing page, the
// shared modules, the vendored libraries, and the login form.
import { startServer, launch, newPage, screenshot, run, assert, loginUI } from './harness.mjs';

const srv = await startServer({ households: 500, requests: 0 });
const browser = await launch();

await run(import.meta.url, [
  { name: 'vendored libraries are served', fn: async () => {
    for (const p of ['/vendor/leaflet/leaflet.js', '/vendor/leaflet/leaflet.css',
      '/vendor/echarts/echarts.min.js', '/common/api.js', '/common/base.css']) {
      const r = await fetch(srv.url + p);
      assert(r.status === 200, `${p} answers 200, got ${r.status}`);
    }
  } },
  { name: 'shared login form logs in', fn: async () => {
    const page = await newPage(browser);
    await page.goto(`${srv.url}/common/test.html`);
    await page.waitForSelector('#login-user');
    await loginUI(page, 'grid1');
    await page.waitForSelector('#who');
    const who = await page.textContent('#who');
    assert(who.includes('grid1'), `logged in as grid1, page says ${who}`);
    await screenshot(page, 'smoke-login');
  } },
]);
await browser.close();
await srv.stop();
