// test_councils.mjs - the councils (议事会) in Chromium against the real
// server and demo street. On a phone (390×844) resident1 supports the
// demo's idea that is one support short, and it reaches the agenda. At
// 1440×900 community1 schedules a meeting, adds resident1 as a
// participant, puts the idea on the agenda, opens the meeting and a vote.
// resident1 votes on the phone and the desk's 已投 count follows without a
// reload; closing the vote asks first with a fresh count, saying that 1
// of 3 would close as no_quorum (staff cancel); two more participants
// vote through the API; staff close the vote, see the result and adopt a
// resolution, and close the meeting (asked first too). The public results page, with no login, shows the
// vote's totals and the resolution. Screenshots of every screen.

import { startServer, launch, newPage, screenshot, run, assert, apiAs, loginUI } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const WAIT = { timeout: 15000 };
const IDEA = '增设智能快递柜';

let srv;
let browser;

async function phoneAs(username, hash) {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(`${srv.url}/councils/${hash}`);
  await loginUI(page, username);
  return page;
}

async function supportToAgenda() {
  const page = await phoneAs('resident1', '#proposals');
  const card = page.locator('li[data-idea]', { hasText: IDEA });
  await card.waitFor(WAIT);
  assert((await card.locator('.supports').textContent()).includes('4/5'), 'the idea is one support short');
  await screenshot(page, 'councils-1-proposals');
  await card.locator('button[data-topic]').click();
  await page.locator('li[data-idea]', { hasText: IDEA }).locator('.badge.topic-on_agenda').waitFor(WAIT);
  assert((await page.locator('li[data-idea]', { hasText: IDEA }).locator('.supports').textContent())
    .includes('5/5'), 'five of five');
  await screenshot(page, 'councils-2-on-agenda');
}

async function staffRunsVote() {
  const resident = await apiAs(srv.url, 'resident1');
  const staff = await apiAs(srv.url, 'community1');
  const page = await newPage(browser, { viewport: DESKTOP });
  await page.goto(`${srv.url}/councils/#meetings`);
  await loginUI(page, 'community1');
  await page.fill('#m-title', '幸福圆桌会：快递柜');
  await page.fill('#m-time', '2026-12-01T19:30');
  await page.fill('#m-place', '社区会议室');
  await page.click('form.co-form button[type=submit]');
  await page.locator('#participants').waitFor(WAIT);
  const meetingId = Number(page.url().split('/').pop());
  await page.fill('#p-account', 'resident1');
  await page.click(`#p-account-list [data-pick="${resident.account.id}"]`);
  await page.click('#participants button[type=submit]');
  await page.locator('#participants li', { hasText: resident.account.display_name }).waitFor(WAIT);
  for (const u of ['voter1_2', 'voter1_3']) {
    const who = await apiAs(srv.url, u);
    const r = await staff.call('POST', `/api/v1/councils/meetings/${meetingId}/participants`,
      { kind: 'resident_rep', account_id: who.account.id });
    assert(r.status === 201, `participant ${u}: ${JSON.stringify(r.body)}`);
  }
  await page.reload();
  await page.locator('#agenda-topic').waitFor(WAIT);
  await page.selectOption('#agenda-topic', { label: `${IDEA}（已列入议程）` });
  await page.click('#agenda button[type=submit]');
  await page.locator('[data-item]', { hasText: IDEA }).waitFor(WAIT);
  await page.click('#meeting-open');
  await page.locator('form.open-vote').waitFor(WAIT);
  await page.click('form.open-vote button[type=submit]');
  await page.locator('.close-vote').waitFor(WAIT);
  await screenshot(page, 'councils-3-meeting-desk');
  return { page, meetingId };
}

async function residentVotes() {
  const page = await phoneAs('resident1', '#votes');
  const card = page.locator('li[data-vote]', { hasText: IDEA });
  await card.waitFor(WAIT);
  await screenshot(page, 'councils-4-my-vote');
  await card.locator('button.btn-yes').click();
  await page.locator('.modal button.btn-primary').click();
  await page.locator('li[data-vote]', { hasText: IDEA }).locator('text=您已投票').waitFor(WAIT);
  await screenshot(page, 'councils-5-voted');
}

// The desk's count of ballots reads `text` (no reload).
const castReads = (page, text) => page.locator('.vote .cast-count', { hasText: text }).waitFor(WAIT);

async function closeAndPublish(desk) {
  const { page, meetingId } = desk;
  await castReads(page, '已投 1/3');
  await page.locator('.close-vote').click();
  await page.locator('.modal #fq-confirm-missing').waitFor(WAIT);
  const ask = await page.locator('.modal').textContent();
  assert(ask.includes('已投 1/3') && ask.includes('法定人数 2 票') && ask.includes('no_quorum'),
    `closing 1 of 3 says it ends without a quorum: ${ask}`);
  await screenshot(page, 'councils-5b-close-no-quorum');
  await page.click('.modal #fq-confirm-cancel');
  assert(await page.locator('.close-vote').isVisible(), 'cancel leaves the vote open');
  for (const [u, choice] of [['voter1_2', 'yes'], ['voter1_3', 'no']]) {
    const who = await apiAs(srv.url, u);
    const m = await who.call('GET', `/api/v1/councils/meetings/${meetingId}`);
    const r = await who.call('POST', `/api/v1/councils/votes/${m.body.votes[0].id}/ballots`, { choice });
    assert(r.status === 200, `ballot ${u}: ${JSON.stringify(r.body)}`);
  }
  await castReads(page, '已投 3/3');
  await page.locator('.close-vote').click();
  await page.locator('.modal #fq-confirm-ok', { hasText: '结束并计票' }).waitFor(WAIT);
  assert((await page.locator('.modal').textContent()).includes('已投 3/3'), 'the fresh count');
  assert(!(await page.locator('.modal #fq-confirm-missing').count()), 'nothing missing with a quorum');
  await page.click('.modal #fq-confirm-ok');
  await page.locator('.badge.outcome-passed').waitFor(WAIT);
  const tally = await page.locator('[data-item] .tally').textContent();
  assert(tally.includes('赞成 2') && tally.includes('反对 1'), `the tally: ${tally}`);
  await page.fill('textarea[aria-label="决议内容"]', '在3号门岗旁增设智能快递柜，物业负责维护');
  await page.click('text=形成决议');
  await page.locator('form.open-vote, #meeting-close').first().waitFor(WAIT);
  await screenshot(page, 'councils-6-results');
  await page.click('#meeting-close');
  await page.click('.modal #fq-confirm-ok');
  await page.locator('#meeting-state', { hasText: '已结束' }).waitFor(WAIT);
  await page.goto(`${srv.url}/councils/#resolutions`);
  await page.locator('[data-resolution]', { hasText: '快递柜' }).waitFor(WAIT);
  await page.locator('[data-resolution]').nth(1).scrollIntoViewIfNeeded();
  await screenshot(page, 'councils-7-resolutions');
}

async function publicPage() {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(`${srv.url}/councils/public.html`);
  await page.locator('[data-resolution]', { hasText: '快递柜' }).waitFor(WAIT);
  const vote = page.locator('[data-vote]', { hasText: IDEA });
  await vote.waitFor(WAIT);
  const text = await vote.textContent();
  assert(text.includes('赞成 2') && text.includes('通过'), `public totals: ${text}`);
  assert(!(await page.content()).includes('resident1'), 'no usernames in public');
  await screenshot(page, 'councils-8-public');
  const wide = await newPage(browser, { viewport: DESKTOP });
  await wide.goto(`${srv.url}/councils/public.html`);
  await wide.locator('[data-resolution]').first().waitFor(WAIT);
  await screenshot(wide, 'councils-9-public-desktop');
}

await run(import.meta.url, [
  { name: 'setup', fn: async () => { srv = await startServer({ households: 1500, requests: 0 }); browser = await launch(); } },
  { name: 'resident supports an idea onto the agenda', fn: supportToAgenda },
  { name: 'staff, residents and the public page walk a vote', fn: async () => {
    const desk = await staffRunsVote();
    await residentVotes();
    await closeAndPublish(desk);
    await publicPage();
  } },
]);
