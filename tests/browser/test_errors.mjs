// test_errors.mjs - the server's refusals in the page's language
// (docs/api-errors.md). mediator1 registers a dispute with one party: the
// page says "纠纷至少要有两方当事人。", not the server's English; community1
// adds a meeting participant with neither account nor name: "没有账号的
// 参会人员要填写姓名。". In English the same refusal is in English. A
// required field left blank is said in Chinese under the field, never in
// the browser's own (English) bubble; a refusal the page has no words for
// is said by its status, naming the field, in Chinese. In English mode a request's category
// shows its English name (the catalogue's name_en) on the worker's list
// and detail and on the resident's. Screenshots errors-*.png and
// categories-en-*.png.

import { startServer, launch, newPage, screenshot, run, assert, apiAs, loginUI } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
const WAIT = { timeout: 15000 };
const LATIN = /[A-Za-z]{3,}/;

const srv = await startServer({ households: 300, requests: 0 });
const CJK = /[\u4e00-\u9fff]/;
process.on('exit', () => { srv.stop(); });
const browser = await launch();

// The page's 4xx answers are expected here: Chromium logs each as an error.
function expectRefused(page, status) {
  page.fqErrors = page.fqErrors.filter((e) => !e.includes(`status of ${status}`));
}

async function disputeForm(lang) {
  const page = await newPage(browser, { viewport: PHONE });
  if (lang) await page.addInitScript((l) => localStorage.setItem('fq.lang', l), lang);
  await page.goto(`${srv.url}/disputes/#new`);
  await page.waitForSelector('#login-user', WAIT);
  await loginUI(page, 'mediator1');
  await page.waitForSelector('#dp-new', WAIT);
  return page;
}

// The text of the error toast once it shows.
async function toastText(page) {
  await page.waitForSelector('#fq-toast.toast-error.show', WAIT);
  return (await page.textContent('#fq-toast')).trim();
}

// Register a dispute with one party ([title, facts, name]) in the language
// lang ('' for Chinese): the page and what its error toast says.
async function oneParty(lang, [title, facts, name]) {
  const page = await disputeForm(lang);
  await page.fill('#n-title', title);
  await page.fill('#n-facts', facts);
  await page.fill('#p0-name', name);
  await page.click('#dp-submit');
  const said = await toastText(page);
  expectRefused(page, 422);
  return { page, said };
}

await run(import.meta.url, [
  { name: 'a dispute with one party is refused in Chinese', fn: async () => {
    const { page, said } = await oneParty('', ['楼道堆物纠纷', '三楼住户在楼道堆放杂物，邻居多次协商未果。', '李秀兰']);
    assert(said === '纠纷至少要有两方当事人。', `the refusal in Chinese: ${said}`);
    assert(!LATIN.test(said), `no English in the Chinese screen: ${said}`);
    await screenshot(page, 'errors-1-dispute-parties');
  } },
  { name: 'the same refusal in English mode', fn: async () => {
    const { said } = await oneParty('en', ['Clutter in the stairwell', 'Boxes on the landing.', 'Li Xiulan']);
    assert(said === 'A dispute needs at least two parties.', `the refusal in English: ${said}`);
  } },
  { name: 'a blank required field is said in Chinese, with no browser bubble', fn: async () => {
    const page = await disputeForm();
    assert(await page.$eval('#dp-new', (f) => f.noValidate), 'the form does its own checks');
    await page.fill('#n-facts', '三楼住户在楼道堆放杂物。');
    await page.click('#dp-submit');
    await page.waitForSelector('#n-title + .control-note', WAIT);
    const said = (await page.textContent('#n-title + .control-note')).trim();
    assert(said === '请填写这一项。', `the missing title in Chinese: ${said}`);
    assert(await page.$eval('#n-title', (el) => el === document.activeElement), 'the title has the focus');
    await screenshot(page, 'errors-2-required-field');
    await page.fill('#n-title', '楼道堆物纠纷');
    assert(!(await page.$('#n-title + .control-note')), 'the note goes once the field is filled');
    const fallback = await page.evaluate(async () => {
      const { errorMessage } = await import('/common/errors.js');
      return [errorMessage(422, 'title', 'title breaks a rule the page has no words for', 'invalid_field'),
        errorMessage(409, 'nothing_known', 'a newer server refuses', 'dispute.newer_rule')];
    });
    assert(fallback[0] === '填写的内容有误：请检查“标题”。', `no words for the rule: the field named in Chinese: ${fallback[0]}`);
    assert(fallback[1] === '状态已经变了，请刷新后再看。', `an unknown rule and field: the status in Chinese: ${fallback[1]}`);
  } },
  { name: 'a participant with neither account nor name is refused in Chinese', fn: async () => {
    const staff = await apiAs(srv.url, 'community1');
    const unit = staff.account.roles.find((r) => r.role === 'community_officer').unit;
    const made = await staff.call('POST', '/api/v1/councils/meetings', { unit_id: unit.id,
      title: '楼道整治圆桌会', kind: 'round_table', starts_at: '2026-12-20T19:30:00+08:00', place: '社区会议室' });
    assert(made.status === 201, `meeting: ${JSON.stringify(made.body)}`);
    const page = await newPage(browser, { viewport: DESKTOP });
    await page.goto(`${srv.url}/councils/#meeting/${made.body.id}`);
    await page.waitForSelector('#login-user', WAIT);
    await loginUI(page, 'community1');
    await page.waitForSelector('#participants form', WAIT);
    await page.selectOption('#p-kind', 'staff');
    await page.click('#participants button[type=submit]');
    const said = await toastText(page);
    assert(said === '没有账号的参会人员要填写姓名。', `the refusal in Chinese: ${said}`);
    await page.locator('#participants').scrollIntoViewIfNeeded();
    await screenshot(page, 'errors-3-participant-name');
    expectRefused(page, 422);
  } },
  { name: 'category names are English in English mode', fn: async () => {
    const resident = await apiAs(srv.url, 'resident1');
    const made = await resident.call('POST', '/api/v1/requests',
      { title: '垃圾桶满了没人清', category: 'environment.garbage', address: '北门垃圾站' });
    assert(made.status === 201, `resident1 raises a request: ${JSON.stringify(made.body)}`);
    const classes = (await resident.call('GET', '/api/v1/categories')).body.items;
    const garbage = classes.flatMap((c) => c.children).find((c) => c.code === 'environment.garbage');
    assert(garbage.name_en && !CJK.test(garbage.name_en), `the catalogue's English name: ${garbage.name_en}`);
    const page = await newPage(browser, { viewport: DESKTOP });
    await page.addInitScript(() => localStorage.setItem('fq.lang', 'en'));
    await page.goto(`${srv.url}/worker/#request/${made.body.id}`);
    await page.waitForSelector('#login-user', WAIT);
    await loginUI(page, 'grid1');
    const meta = page.locator(`.req-item[data-id="${made.body.id}"] .req-meta.muted`).first();
    await meta.waitFor(WAIT);
    const line = (await meta.textContent()).trim();
    assert(line.startsWith(`${garbage.name_en} · `), `the list names the category in English: ${line}`);
    await page.locator('dd', { hasText: garbage.name_en }).first().waitFor(WAIT);
    assert(!(await page.locator('dd', { hasText: garbage.name }).count()), 'no Chinese category name in the detail');
    await screenshot(page, 'categories-en-worker');
    const phone = await newPage(browser, { viewport: PHONE });
    await phone.addInitScript(() => localStorage.setItem('fq.lang', 'en'));
    await phone.goto(`${srv.url}/resident/#request/${made.body.id}`);
    await phone.waitForSelector('#login-user', WAIT);
    await loginUI(phone, 'resident1');
    await phone.locator('p.muted', { hasText: garbage.name_en }).first().waitFor(WAIT);
    await screenshot(phone, 'categories-en-resident');
  } },
]);
