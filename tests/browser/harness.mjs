// harness.mjs - what every browser test needs: the real fengqiao binary
// serving a fresh demo street on a free loopback port with the real web/
// files, Debian's Chromium driven by playwright-core, pages that fail the
// test on any console error, screenshots, an API client for setting the
// scene, and the result report that `make test` counts.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const BIN = process.env.FQ_BIN || 'build-test/fengqiao';
export const SOURCE = process.env.FQ_SOURCE || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const RESULTS = process.env.FQ_RESULTS;
const SHOTS = process.env.FQ_SCREENSHOTS || path.join(SOURCE, 'build-test', 'screenshots');
export const PASSWORD = 'fengqiao-demo';

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

const running = []; // servers and browsers to stop when run() ends

function todayShanghai() {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

// Build a demo street into a new database (options: households, requests)
// and serve it. Returns {url, db, dir, stop()}.
export async function startServer(opts = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-browser-'));
  const db = path.join(dir, 'fq.db');
  const demoArgs = ['demo', '--db', db];
  if (opts.households) demoArgs.push('--households', String(opts.households));
  if (opts.requests !== undefined) demoArgs.push('--requests', String(opts.requests));
  if (opts.until) demoArgs.push('--until', opts.until === 'today' ? todayShanghai() : opts.until);
  const demo = spawnSync(BIN, demoArgs, { encoding: 'utf8', timeout: 600000 });
  if (demo.status !== 0) throw new Error(`demo failed: ${demo.stderr}`);
  const port = await freePort();
  const log = fs.openSync(path.join(dir, 'server.log'), 'w');
  const proc = spawn(BIN, ['serve', '--db', db, '--port', String(port), '--web-dir',
    path.join(SOURCE, 'web'), '--access-log', '', ...(opts.extra || [])],
  { stdio: ['ignore', log, log] });
  const url = `http://127.0.0.1:${port}`;
  running.push(() => (proc.exitCode === null ? proc.kill('SIGTERM') : null));
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, db, dir,
    stop: () => new Promise((resolve) => {
      if (proc.exitCode !== null) return resolve(proc.exitCode);
      proc.on('exit', (code) => resolve(code));
      proc.kill('SIGTERM');
    }),
  };
}

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.FQ_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
  running.push(() => browser.close().catch(() => {}));
  return browser;
}

// A new page whose console errors and uncaught exceptions fail the test
// (checked by run() after each test). viewport: {width, height}.
export async function newPage(browser, { viewport = { width: 390, height: 844 }, locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ viewport, locale, deviceScaleFactor: 1,
    timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.fqErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.fqErrors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.fqErrors.push(`page error: ${e.message}`));
  pages.push(page);
  return page;
}

const pages = [];

export async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

// A tiny API client logged in as username (bearer token): call(method, path, body).
export async function apiAs(url, username, password = PASSWORD) {
  const res = await fetch(`${url}/api/v1/session`, { method: 'POST',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const s = await res.json();
  if (res.status !== 201) throw new Error(`login ${username}: ${JSON.stringify(s)}`);
  const call = async (method, p, body, headers = {}) => {
    const r = await fetch(`${url}${p}`, { method, headers: { Authorization: `Bearer ${s.token}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined });
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = text; }
    return { status: r.status, body: json };
  };
  return { call, token: s.token, account: s.account };
}

// Log a page in through the UI's own form (the shared login.js).
export async function loginUI(page, username, password = PASSWORD) {
  await page.fill('#login-user', username);
  await page.fill('#login-pass', password);
  await page.click('form.login button[type=submit]');
}

// Open a face (worker, resident, talents …) at hash and log in there as username.
export async function openAs(page, url, face, username, hash = '') {
  await page.goto(`${url}/${face}/${hash}`);
  await page.waitForSelector('#login-user', { timeout: 15000 });
  await loginUI(page, username);
}

export function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}

// Run tests [{name, fn}] one after the other; write the report for
// tests/summary.py and exit non-zero when any failed.
export async function run(file, tests) {
  const name = path.basename(file).replace(/\.mjs$/, '');
  const failures = [];
  let passed = 0;
  for (const test of tests) {
    const started = Date.now();
    pages.length = 0;
    try {
      await test.fn();
      const errors = pages.flatMap((p) => p.fqErrors);
      if (errors.length) throw new Error(`errors on the page:\n  ${errors.join('\n  ')}`);
      passed++;
      console.log(`ok   ${test.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failures.push(test.name);
      console.log(`FAIL ${test.name}: ${e.stack || e}`);
    }
  }
  if (RESULTS) {
    // browser-<name>: an API test of the same name writes <name>.json
    fs.writeFileSync(path.join(RESULTS, `browser-${name}.json`),
      JSON.stringify({ passed, failed: failures.length, failures }));
  }
  console.log(`${passed} passed, ${failures.length} failed`);
  for (const stop of running.reverse()) await stop();
  process.exit(failures.length || passed === 0 ? 1 : 0);
}
