// a11y.mjs - accessibility checks run inside a page, written once for
// every face: controls with labels, buttons and links with names, images
// with alt, no positive tabindex, WCAG contrast of visible text, the focus
// ring on what Tab reaches, and everything operable reachable by Tab.
// checkPage(page, what) returns a list of problems (strings); empty is good.

const AA_NORMAL = 4.5;   // WCAG 2.x AA contrast for body text
const AA_LARGE = 3.0;    // ... for large text: 24 px, or 18.66 px bold
const TAB_MAX = 400;     // Tab presses before giving up on the walk
const REPORT_MAX = 12;   // problems of one kind listed

// The static checks, evaluated in the page (no Playwright in here).
function inPage({ aaNormal, aaLarge, reportMax }) {
  const problems = [];
  const seen = new Map();
  const add = (kind, el, extra) => {
    const n = (seen.get(kind) || 0) + 1;
    seen.set(kind, n);
    if (n <= reportMax) problems.push(`${kind}: ${describe(el)}${extra ? ` ${extra}` : ''}`);
  };
  function describe(el) {
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const txt = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 30);
    return `<${el.tagName.toLowerCase()}${id}${cls}>${txt ? ` "${txt}"` : ''}`;
  }
  const shown = (el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: false });
  const byIds = (ids) => (ids || '').split(/\s+/).map((i) => document.getElementById(i)).filter(Boolean)
    .map((e) => e.textContent.trim()).join(' ').trim();
  function name(el) {
    const aria = (el.getAttribute('aria-label') || '').trim() || byIds(el.getAttribute('aria-labelledby'));
    if (aria) return aria;
    if (el.labels && [...el.labels].some((l) => l.textContent.trim())) return 'label';
    if (['BUTTON', 'A', 'SUMMARY'].includes(el.tagName) || el.getAttribute('role') === 'button') {
      const t = el.textContent.trim();
      if (t) return t;
      const img = el.querySelector('img[alt]:not([alt=""]), svg[aria-label]');
      if (img) return img.getAttribute('alt') || img.getAttribute('aria-label');
    }
    if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type) && el.value) return el.value;
    return (el.getAttribute('title') || '').trim();
  }

  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (shown(el) && !name(el)) add('control without a label', el);
  }
  for (const el of document.querySelectorAll('button, a[href], [role=button], summary')) {
    if (shown(el) && !name(el)) add('button or link without a name', el);
  }
  for (const el of document.querySelectorAll('img')) {
    if (!el.hasAttribute('alt')) add('image without alt', el, el.getAttribute('src') || '');
  }
  for (const el of document.querySelectorAll('[tabindex]')) {
    if (Number(el.getAttribute('tabindex')) > 0) add('positive tabindex', el);
  }

  // contrast of each visible element that holds text itself
  const rgba = (s) => {
    const m = /rgba?\(([^)]+)\)/.exec(s);
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, under) => ({ r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1 });
  const lum = (c) => {
    const f = (v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  // The colours behind el: its own and its ancestors' backgrounds blended.
  // A gradient gives one candidate per colour stop (the text is judged
  // against the worst); a picture (url) makes it not computable: null.
  function backgrounds(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      const c = rgba(cs.backgroundColor);
      if (cs.backgroundImage !== 'none') {
        if (/url\(/.test(cs.backgroundImage)) return null;
        const stops = (cs.backgroundImage.match(/rgba?\([^)]+\)/g) || []).map(rgba);
        layers.push({ stops, under: c && c.a > 0 ? c : null });
        if (stops.every((x) => x.a >= 1) || (c && c.a >= 1)) break;
        continue;
      }
      if (c && c.a > 0) { layers.push({ stops: [c] }); if (c.a >= 1) break; }
    }
    let bases = [{ r: 255, g: 255, b: 255, a: 1 }];
    for (const layer of layers.reverse()) {
      if (layer.under) bases = bases.map((b) => over(layer.under, b));
      bases = layer.stops.flatMap((c) => bases.map((b) => over(c, b)));
    }
    return bases;
  }
  let checked = 0;
  let skipped = 0; // text over a picture
  for (const el of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'svg', 'CANVAS', 'OPTION'].includes(el.tagName)) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()
      && /[\p{L}\p{N}]/u.test(n.textContent));
    if (!own || !shown(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.width < 2 || box.height < 2 || el.closest('[aria-hidden="true"], .sr-only')) continue;
    if (el.closest(':disabled, [aria-disabled="true"]')) continue; // WCAG exempts inactive controls
    const cs = getComputedStyle(el);
    const bgs = backgrounds(el);
    const fg = rgba(cs.color);
    if (!bgs || !fg) { skipped++; continue; }
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    let ratio = Infinity;
    let bg = null;
    for (const b of bgs) {
      const [l1, l2] = [lum(over({ ...fg, a: fg.a * opacity }, b)), lum(b)].sort((x, y) => y - x);
      const r = (l1 + 0.05) / (l2 + 0.05);
      if (r < ratio) { ratio = r; bg = b; }
    }
    const px = parseFloat(cs.fontSize);
    const large = px >= 24 || (px >= 18.66 && Number(cs.fontWeight) >= 700);
    checked++;
    if (ratio < (large ? aaLarge : aaNormal))
      add('low contrast', el, `${ratio.toFixed(2)}:1 (${cs.color} on rgb(${Math.round(bg.r)},${Math.round(bg.g)},${Math.round(bg.b)}), ${px}px)`);
  }
  for (const [kind, n] of seen) if (n > reportMax) problems.push(`${kind}: … and ${n - reportMax} more`);
  return { problems, checked, skipped };
}

// The operable elements the Tab key should reach, as a list of markers.
function operable() {
  const sel = 'a[href], button:not(:disabled), input:not(:disabled):not([type=hidden]), select:not(:disabled), '
    + 'textarea:not(:disabled), summary, [tabindex]:not([tabindex="-1"])';
  const out = [];
  let n = 0;
  for (const el of document.querySelectorAll(sel)) {
    if (el.closest('[inert], [aria-hidden="true"]') || el.getAttribute('tabindex') === '-1') continue;
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    // a radio group is one Tab stop: only its checked (or first) radio counts
    if (el.type === 'radio') {
      const group = [...document.querySelectorAll(`input[type=radio][name="${CSS.escape(el.name)}"]`)];
      const stop = group.find((r) => r.checked) || group[0];
      if (stop !== el) continue;
    }
    el.dataset.a11yMark = String(++n);
    out.push(n);
  }
  return out;
}

// Walk the page with Tab from the top: every operable element must be
// reached, and each one reached must show a focus ring.
async function tabWalk(page, problems) {
  const wanted = await page.evaluate(operable);
  await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
  const reached = new Set();
  let first = null;
  let noRing = 0;
  for (let i = 0; i < TAB_MAX; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const cs = getComputedStyle(el);
      const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2)
        || (cs.boxShadow && cs.boxShadow !== 'none');
      return { mark: Number(el.dataset.a11yMark || 0), ring, what: `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}> "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 20)}"`, key: el.dataset.a11yMark || el.outerHTML.slice(0, 80) };
    });
    if (!f) continue;
    if (first === f.key) break; // round the page once
    if (first === null) first = f.key;
    if (f.mark) reached.add(f.mark);
    if (!f.ring && noRing++ < REPORT_MAX) problems.push(`no visible focus ring: ${f.what}`);
  }
  const missed = wanted.filter((m) => !reached.has(m));
  if (missed.length) {
    const what = await page.evaluate((ms) => ms.slice(0, 8).map((m) => {
      const el = document.querySelector(`[data-a11y-mark="${m}"]`);
      return el ? `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}> "${(el.textContent || '').trim().slice(0, 20)}"` : m;
    }), missed);
    problems.push(`not reachable by Tab (${missed.length}): ${what.join(', ')}`);
  }
}

// All checks on the page as it is now; `tab` false skips the Tab walk
// (for a page that moves the focus itself). Returns the problems found.
export async function checkPage(page, what, { tab = true } = {}) {
  const { problems, checked, skipped } = await page.evaluate(inPage,
    { aaNormal: AA_NORMAL, aaLarge: AA_LARGE, reportMax: REPORT_MAX });
  if (checked === 0) problems.push('no text was checked for contrast');
  if (skipped > checked / 10) problems.push(`contrast not computable for ${skipped} of ${checked + skipped} texts`);
  if (tab) await tabWalk(page, problems);
  return problems.map((p) => `${what}: ${p}`);
}
