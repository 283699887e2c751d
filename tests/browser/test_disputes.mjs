// test_disputes.mjs - the dispute page (矛盾纠纷调解) in Chromium against the
// real server: mediator1 registers a dispute through the intake form, both
// parties consent, mediator1 takes the case, records a session, drafts the
// agreement, records each party's and the mediator's signature; the
// agreement takes effect with the judicial window's countdown shown, and
// the printable agreement opens. Every move that cannot be undone (a
// signature, 结案归档) asks first in the page; filing lists the missing
// case-file items and needs a reason, which the case file then shows.
// Screenshots docs/screenshots/disputes-*.png at phone size and desktop
// come from here.

import { startServer, launch, newPage, screenshot, run, assert } from './harness.mjs';
import { loginUI } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
const WAIT = { timeout: 15000 };

const srv = await startServer({ households: 500, requests: 0 });
process.on('exit', () => { srv.stop(); });
const browser = await launch();

async function open(page, hash = '') {
  await page.goto(`${srv.url}/disputes/${hash}`);
  await page.waitForSelector('#login-user', WAIT);
  await loginUI(page, 'mediator1');
  await page.waitForSelector('#nav:not(.hidden)', WAIT);
}

const text = async (page, sel) => (await page.textContent(sel)).trim();

// Click and wait until the case has been drawn again.
async function act(page, sel) {
  await page.evaluate(() => { delete document.documentElement.dataset.ready; });
  await page.click(sel);
  await page.waitForFunction(() => document.documentElement.dataset.ready, null, WAIT);
}

// Click a move that asks first, say yes, and wait until the case has been drawn again.
async function actConfirmed(page, sel) {
  await page.evaluate(() => { delete document.documentElement.dataset.ready; });
  await page.click(sel);
  await page.waitForSelector('.modal #fq-confirm-ok', WAIT);
  await page.click('.modal #fq-confirm-ok');
  await page.waitForFunction(() => document.documentElement.dataset.ready, null, WAIT);
}

let caseUrl = '';

await run(import.meta.url, [
  { name: 'the case list of the demo street, phone and desktop', fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, '#list');
    await page.waitForSelector('#dp-list .dp-item', WAIT);
    assert((await text(page, '#tab-list')) === '案件', 'tabs in Chinese');
    assert((await page.$$('#dp-list .dp-item')).length >= 20, 'demo cases are listed');
    await screenshot(page, 'disputes-1-list-phone');
    await page.selectOption('#f-state', 'closed');
    await page.waitForSelector('#dp-list .dp-item .dp-state-closed', WAIT);
    const desk = await newPage(browser, { viewport: DESKTOP });
    await open(desk, '#list');
    await desk.waitForSelector('#dp-list .dp-item', WAIT);
    await screenshot(desk, 'disputes-2-list-desktop');
  } },
  { name: 'intake → consent → mediator → session → agreement → signatures → in force', fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, '#new');
    await page.waitForSelector('#dp-new', WAIT);
    await page.selectOption('#n-type', 'neighbour');
    await page.fill('#n-title', '楼上漏水致楼下受损');
    await page.fill('#n-facts', '602室卫生间防水老化,渗水至502室天花板。');
    await page.fill('#n-claims', '修复防水并赔偿修缮费2000元');
    await page.fill('#p0-name', '李秀兰');
    await page.fill('#p0-phone', '13912345678');
    await page.fill('#p1-name', '王建国');
    await page.fill('#p1-phone', '13887654321');
    await screenshot(page, 'disputes-3-intake-phone');
    await page.click('#dp-submit');
    await page.waitForSelector('#dp-consent [data-act="agree"]', WAIT);
    caseUrl = page.url();
    assert((await text(page, '.dp-head h1')) === '楼上漏水致楼下受损', 'the case opens');
    assert(!(await page.textContent('#dp-consent')).includes('13912345678'), 'phones are masked');
    await act(page, '#dp-consent [data-act="agree"]');
    await act(page, '#dp-consent [data-act="agree"]');
    await page.waitForSelector('.dp-head [data-state="consent"]', WAIT);
    await act(page, '#dp-assign-me');
    await page.waitForSelector('.dp-head [data-state="mediating"]', WAIT);
    await page.fill('#s-place', '社区人民调解室');
    await page.fill('#s-attendees', '李秀兰、王建国');
    await page.fill('#s-record', '双方陈述事实,确认漏水来源。');
    await act(page, '#dp-session-form button[type=submit]');
    await page.waitForSelector('#dp-agreement-form', WAIT);
    await page.fill('#a-points', '漏水责任与修缮费用');
    await page.fill('#a-resp', '王建国负责修复防水');
    await page.fill('#a-terms', '王建国十五日内重做卫生间防水|2026-12-31\n王建国赔偿李秀兰修缮费1500元');
    await act(page, '#dp-agreement-form button[type=submit]');
    await page.waitForSelector('#dp-sign [data-sign]', WAIT);
    await page.locator('#dp-agreement').scrollIntoViewIfNeeded();
    await screenshot(page, 'disputes-4-sign-phone');
    await page.selectOption('#dp-method', 'thumbprint');
    const party = await page.getAttribute('#dp-sign [data-sign]:not([data-sign="mediator"])', 'data-sign');
    await actConfirmed(page, `#dp-sign [data-sign="${party}"]`);
    await actConfirmed(page, '#dp-sign [data-sign]:not([data-sign="mediator"])');
    await actConfirmed(page, '#dp-sign [data-sign="mediator"]');
    await page.waitForSelector('.dp-head [data-state="agreement_signed"]', WAIT);
    const left = Number(await text(page, '#dp-countdown'));
    assert(left >= 30 && left <= 40, `the judicial window counts down: ${left}`);
    assert((await page.$$('#dp-signatures li')).length === 3, 'three signatures');
    await page.locator('#dp-judicial').scrollIntoViewIfNeeded();
    await screenshot(page, 'disputes-5-signed-phone');
  } },
  { name: '结案归档 asks first, lists what the case file lacks and needs a reason', fn: async () => {
    const page = await newPage(browser, { viewport: PHONE });
    await open(page, caseUrl.slice(caseUrl.indexOf('#')));
    await page.waitForSelector('#dp-close', WAIT);
    await page.click('#dp-close');
    await page.waitForSelector('.modal #fq-confirm-missing', WAIT);
    const missing = await page.$$eval('#fq-confirm-missing li', (li) => li.map((x) => x.textContent));
    assert(JSON.stringify(missing) === JSON.stringify(['当事人权利义务告知书', '当事人身份证明', '卷底']),
      `the missing items are listed: ${missing}`);
    assert((await text(page, '.modal .confirm-final')).includes('不能撤销'), 'says it cannot be undone');
    await screenshot(page, 'disputes-8-close-confirm-phone');
    await page.click('.modal #fq-confirm-cancel');
    await page.waitForSelector('.modal', { state: 'detached', ...WAIT });
    assert(await page.isVisible('.dp-head [data-state="agreement_signed"]'), 'cancel files nothing');
    await page.click('#dp-close');
    await page.click('.modal #fq-confirm-ok');
    assert((await text(page, '#fq-confirm-error')) === '请写明理由。', 'a reason is needed');
    assert(await page.isVisible('.modal'), 'the dialog stays open without a reason');
    await page.fill('#fq-confirm-reason', '当事人暂未提供身份证复印件，已登记在备考表');
    await page.evaluate(() => { delete document.documentElement.dataset.ready; });
    await page.click('.modal #fq-confirm-ok');
    await page.waitForFunction(() => document.documentElement.dataset.ready, null, WAIT);
    await page.waitForSelector('.dp-head [data-state="closed"]', WAIT);
    assert((await text(page, '#dp-incomplete')).includes('当事人暂未提供身份证复印件'), 'the reason is in the case file');
    const last = await page.$$eval('#dp-timeline li', (li) => li[li.length - 1].textContent);
    assert(last.includes('缺件归档') && last.includes('卷底'), `the timeline says what was missing: ${last}`);
    await page.evaluate(() => { // the case file's head below the sticky header
      document.getElementById('dp-checklist').scrollIntoView({ block: 'start' });
      window.scrollBy(0, -100);
    });
    await screenshot(page, 'disputes-9-filed-incomplete-phone');
  } },
  { name: 'the case at desktop size and the printable agreement', fn: async () => {
    const page = await newPage(browser, { viewport: DESKTOP });
    await open(page, caseUrl.slice(caseUrl.indexOf('#')));
    await page.waitForSelector('#dp-judicial', WAIT);
    assert(await page.isVisible('#dp-cloud'), 'the 云调解 button');
    assert((await page.getAttribute('#dp-cloud', 'href')).startsWith('/mediate/?case='), 'links the cloud mediation');
    await screenshot(page, 'disputes-6-case-desktop');
    const href = await page.getAttribute('#dp-print', 'href');
    await page.goto(`${srv.url}${href}`);
    await page.waitForSelector('h1', WAIT);
    assert((await text(page, 'h1')) === '人民调解协议书', 'the agreement page');
    const body = await page.textContent('body');
    assert(body.includes('王建国赔偿李秀兰修缮费1500元') && body.includes('按指印'), 'terms and signatures');
    await screenshot(page, 'disputes-7-agreement-print');
  } },
]);
await browser.close();
