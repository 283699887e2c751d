// test_volunteers.mjs - the resident's 志愿 screen on the phone (390×844)
// against the real server: resident1 opens it from home and registers
// (skills, parts of the week) with no browser bubble; community1, through
// the API, organises an activity in resident1's grid; resident1 signs up in
// two taps and sees the confirmed place, withdraws and signs up again, and
// waits for a place a neighbour holds on another activity; the
// activity is moved in the database to have begun an hour ago; the test
// reads the organiser's six-digit code through the API, resident1 types it
// to check in, the check-in is moved back two hours, a fresh code checks
// out, and the screen shows the hour credited and the stars to come, in
// Chinese and then in English.
// The accessibility checks of a11y.mjs run on the form and the cards.
// Screenshots docs/screenshots/volunteer-*.png come from here.

import { spawnSync } from 'node:child_process';
import { startServer, launch, newPage, screenshot, run, assert, apiAs, openAs } from './harness.mjs';
import { checkPage } from './a11y.mjs';

const WAIT = { timeout: 15000 };
const DAY = 86400;

const srv = await startServer({ households: 500, requests: 0 });
process.on('exit', () => { srv.stop(); });
const browser = await launch();
const organiser = await apiAs(srv.url, 'community1');
const resident = await apiAs(srv.url, 'resident1');

// Run SQL on the served database (the activity's clock moved, as the API
// tests do); returns the id of the row it inserted, if any.
function sql(statement, ...args) {
  const script = 'import sqlite3, sys\ndb = sqlite3.connect(sys.argv[1], timeout=30)\n'
    + 'c = db.execute(sys.argv[2], [int(a) for a in sys.argv[3:]])\ndb.commit()\nprint(c.lastrowid or 0)\n';
  const p = spawnSync('python3', ['-c', script, srv.db, statement, ...args.map(String)], { encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`sql: ${p.stderr}`);
  return Number(p.stdout.trim());
}

// Another person of the grid made a volunteer straight in the database.
function neighbour(grid) {
  return sql("INSERT INTO volunteers(person_id, home_path, enrolment, created_at, updated_at)"
    + " SELECT p.id, b.path, 'staff', 0, 0 FROM persons p JOIN households h ON h.id = p.household_id"
    + " JOIN units b ON b.id = h.building_id WHERE b.path LIKE (SELECT path FROM units WHERE id = ?) || '%'"
    + ' AND p.id NOT IN (SELECT person_id FROM volunteers) ORDER BY p.id LIMIT 1', grid);
}

// The grid of resident1's home, under community1's community.
async function homeGrid() {
  const me = (await resident.call('GET', '/api/v1/me')).body;
  return me.household.grid_id;
}

async function organise(title, start = DAY, slots = [{ role: '清扫', capacity: 5 }, { role: '引导', capacity: 2 }]) {
  const t0 = Math.floor(Date.now() / 1000) + start;
  const iso = (s) => new Date(s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const a = await organiser.call('POST', '/api/v1/activities', { kind: 'activity', unit_id: await homeGrid(),
    title, address: '集里社区服务中心门口', starts_at: iso(t0), ends_at: iso(t0 + 3 * 3600),
    slots });
  assert(a.status === 201, `the activity: ${JSON.stringify(a.body)}`);
  return a.body;
}

const code = async (id) => (await organiser.call('GET', `/api/v1/activities/${id}/code`)).body.code;
// The accessibility checks of a11y.mjs (labels, names, contrast, focus, Tab) on the page now.
async function accessible(page, what) {
  const problems = await checkPage(page, what);
  assert(problems.length === 0, `accessibility problems:\n  ${problems.join('\n  ')}`);
}

const text = async (page, sel) => (await page.textContent(sel)).trim();

await run(import.meta.url, [
  { name: 'register, sign up in two taps, check in and out with the code, see the hours', fn: async () => {
    const page = await newPage(browser);
    await openAs(page, srv.url, 'resident', 'resident1');
    await page.waitForSelector('#home-volunteer', WAIT);
    await page.click('#home-volunteer');
    await page.waitForSelector('#vol-join', WAIT);
    assert((await text(page, '#vol-join h2')) === '成为志愿者', 'the form speaks Chinese');
    await page.click('label[for="skills-first_aid"]');
    await page.click('label[for="skills-photography"]');
    await page.click('label[for="availability-sat-morning"]');
    await page.click('label[for="availability-sun-afternoon"]');
    await screenshot(page, 'volunteer-1-register-phone');
    await accessible(page, 'volunteer register');
    await page.click('#vol-send');
    await page.waitForSelector('#vol-standing', WAIT);
    // before registering, /api/v1/volunteers/me answered 404 on purpose (not a volunteer yet)
    page.fqErrors = page.fqErrors.filter((e) => !e.includes('status of 404'));
    const v = (await resident.call('GET', '/api/v1/volunteers/me')).body;
    assert(v.skills.map((s) => s.code).join() === 'first_aid,photography', `skills: ${JSON.stringify(v.skills)}`);
    assert(v.availability.join() === 'sat.morning,sun.afternoon', `availability: ${v.availability}`);
    assert((await text(page, '#vol-next')).includes('100'), 'hours to the first star');

    const a = await organise('社区环境清扫');
    await page.reload();
    const card = `.act-card[data-id="${a.id}"]`;
    await page.waitForSelector(`${card} .act-signup`, WAIT);
    await page.click(`${card} .act-signup`);
    await screenshot(page, 'volunteer-2-roles-phone');
    await accessible(page, 'volunteer roles');
    await page.click(`${card} .act-role[data-slot="${a.slots[0].id}"]`);
    await page.waitForSelector(`${card}[data-state="confirmed"]`, WAIT);
    assert((await text(page, `${card} .act-state`)).includes('名额已确认'), 'the place is confirmed');
    await screenshot(page, 'volunteer-3-confirmed-phone');
    // withdraw (asked first), then sign up again
    await page.click(`${card} .act-withdraw`);
    await page.click('.modal #fq-confirm-ok');
    await page.waitForSelector(`${card}[data-state="open"]`, WAIT);
    await page.click(`${card} .act-signup`);
    await page.click(`${card} .act-role[data-slot="${a.slots[1].id}"]`);
    await page.waitForSelector(`${card}[data-state="confirmed"]`, WAIT);

    // one place, taken by a neighbour the organiser signed up: the resident waits
    const full = await organise('老年活动室值班', 2 * DAY, [{ role: '值班', capacity: 1 }]);
    const taken = await organiser.call('POST', `/api/v1/activities/${full.id}/signup`, { volunteer_id: neighbour(await homeGrid()) });
    assert(taken.body.state === 'confirmed', `the neighbour's place: ${JSON.stringify(taken.body)}`);
    await page.reload();
    const other = `.act-card[data-id="${full.id}"]`;
    await page.waitForSelector(`${other} .act-signup`, WAIT);
    await page.click(`${other} .act-signup`);
    await page.click(`${other} .act-role`);
    await page.waitForSelector(`${other}[data-state="waiting"]`, WAIT);
    assert((await text(page, `${other} .act-state`)).includes('候补'), 'on the waiting list');
    assert(!(await page.$(`${other} .act-check`)), 'no check-in while waiting');
    assert(!(await page.$(`${card} .act-check`)), 'no code box the day before');
    await page.waitForSelector('#fq-toast:not(.show)', { state: 'attached', ...WAIT });
    await page.locator(other).evaluate((e) => e.scrollIntoView({ block: 'end' }));
    await screenshot(page, 'volunteer-3b-waiting-phone');

    // the activity began an hour ago
    for (const table of [['activities', 'id'], ['activity_signups', 'activity_id']]) {
      sql(`UPDATE ${table[0]} SET starts_at = starts_at - ?, ends_at = ends_at - ? WHERE ${table[1]} = ?`,
        DAY + 3600, DAY + 3600, a.id);
    }
    await page.reload();
    const box = `#act-code-${a.id}`;
    await page.waitForSelector(box, WAIT);
    await page.fill(box, '12');
    await page.click(`#act-checkin-${a.id}`);
    assert((await text(page, `${card} .form-error`)).includes('6 位数字'), 'a short code is refused on the page');
    await page.fill(box, await code(a.id));
    await page.click(`#act-checkin-${a.id}`);
    await page.waitForSelector(`${card} .act-in`, WAIT);
    await accessible(page, 'volunteer checked in');
    await page.waitForSelector('#fq-toast:not(.show)', { state: 'attached', ...WAIT }); // the 签退 button in sight
    await screenshot(page, 'volunteer-4-checked-in-phone');

    sql('UPDATE activity_signups SET checkin_at = checkin_at - 7200 WHERE activity_id = ?', a.id);
    await page.fill(box, await code(a.id));
    await page.click(`#act-checkout-${a.id}`);
    await page.waitForSelector(`${card} .act-out`, WAIT);
    const shown = await page.getAttribute('#vol-standing', 'data-hours');
    assert(shown === '1', `one hour credited (capped by the span): ${shown}`);
    assert((await text(page, '#vol-standing .vol-hours')) === '1 小时', 'the hours in words');
    assert((await text(page, '#vol-next')).includes('99'), 'hours to the next star');
    await screenshot(page, 'volunteer-5-hours-phone');
    // the same screen in English
    await page.click('.lang-switch');
    await page.waitForFunction(() => document.querySelector('#vol-standing .vol-hours')?.textContent.trim() === '1 h', null, WAIT);
    assert((await text(page, `${card} .act-state`)).includes('confirmed'), 'the sign-up in English');
    assert(page.fqErrors.length === 0, `no page errors: ${page.fqErrors}`);
  } },
]);
