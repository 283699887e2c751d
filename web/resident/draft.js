// draft.js - the request being reported, kept in memory while the
// resident moves through the report screens (so the phone's back button
// and a change of language lose nothing) and on the phone itself, in
// IndexedDB with its photos, so that a reload or a closed tab loses
// nothing either until the request is sent; and the small helpers the
// report screens share.

import { categoryName } from '/common/categories.js';

export const TITLE_MAX = 60;    // characters of a request's title (docs/requests.md)
export const TEXT_MAX = 2000;   // characters of its description
export const PHOTOS_MAX = 9;    // report photos on one request (docs/photos.md)
const TITLE_FROM_TEXT = 30;     // characters of the description put in the title

// A random Idempotency-Key: crypto.randomUUID where the page is a secure
// context, else 16 random bytes as hex (getRandomValues works everywhere).
export function newKey() {
  if (window.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export const draft = fresh();

function fresh() {
  return {
    key: newKey(),   // one key per draft: a retry or a double tap makes one request
    sentBody: '',    // the body last sent with that key (JSON), '' before the first try
    cls: null,       // the top class chosen
    cat: null,       // the sub-category chosen
    text: '',        // what the resident wrote
    photos: [],      // [{blob, url, name}] ready to upload
    place: null,     // {kind: home|building|gps|pin, building_id?, lat?, lon?, label}
    anonymous: false,
    preset: null,    // {building_id, label} from the QR poster
    created: null,   // the POST's answer once the request exists
    uploaded: false, // photos sent
    photoError: '',  // why the photos did not go up, if they did not
  };
}

// Start over (after sending, or when the resident cancels).
export function resetDraft() {
  for (const p of draft.photos) URL.revokeObjectURL(p.url);
  Object.assign(draft, fresh());
  forgetDraft();
}

// ---- the copy on the phone ------------------------------------------------

const DB_NAME = 'fengqiao-resident';
const DB_STORE = 'drafts';
const DB_KEY = 'report';
const SAVE_DELAY_MS = 300;    // typing is saved this long after the last key
// what is kept: everything but the object URLs, which die with the page
const KEPT = ['key', 'sentBody', 'cls', 'cat', 'text', 'place', 'anonymous', 'preset'];

let owner = 0;      // the account the draft belongs to (a shared phone keeps one per account)
let timer = null;

function openDb() {
  return new Promise((resolve, reject) => {
    if (!window.indexedDB) { reject(new Error('no IndexedDB')); return; }
    const rq = indexedDB.open(DB_NAME, 1);
    rq.onupgradeneeded = () => rq.result.createObjectStore(DB_STORE);
    rq.onsuccess = () => resolve(rq.result);
    rq.onerror = () => reject(rq.error);
  });
}

// One operation on the drafts store; resolves with its result.
async function withStore(mode, fn) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(DB_STORE, mode);
      const rq = fn(tx.objectStore(DB_STORE));
      tx.oncomplete = () => resolve(rq.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const storeKey = () => `${DB_KEY}:${owner}`;

// Keep the draft on the phone now. A draft with nothing chosen yet, or
// one already sent, is not kept. Never throws: a phone without storage
// keeps the draft in memory only.
export function saveDraft() {
  clearTimeout(timer);
  timer = null;
  if (!owner) return Promise.resolve();
  if (draft.created || !draft.cls) return forgetDraft();
  const copy = Object.fromEntries(KEPT.map((k) => [k, draft[k]]));
  copy.photos = draft.photos.map((p) => ({ blob: p.blob, name: p.name }));
  return withStore('readwrite', (st) => st.put(copy, storeKey())).catch(() => {});
}

// Keep the draft a moment after the last change (typing, a tap).
export function saveDraftSoon() {
  clearTimeout(timer);
  timer = setTimeout(saveDraft, SAVE_DELAY_MS);
}

// Forget the copy on the phone (the request was sent, or given up).
export function forgetDraft() {
  clearTimeout(timer);
  timer = null;
  if (!owner) return Promise.resolve();
  return withStore('readwrite', (st) => st.delete(storeKey())).catch(() => {});
}

// Take back the draft the account `accountId` left on this phone, if any;
// from now on drafts are kept for that account.
export async function restoreDraft(accountId) {
  owner = accountId;
  const copy = await withStore('readonly', (st) => st.get(storeKey())).catch(() => null);
  if (!copy || draft.cls) return;
  for (const k of KEPT) if (k in copy) draft[k] = copy[k];
  draft.photos = (copy.photos || []).map((p) => ({ blob: p.blob, name: p.name, url: URL.createObjectURL(p.blob) }));
}

// Characters as the server counts them (code points, not UTF-16 units).
export function charCount(s) {
  return [...s].length;
}

// The title stored with the request: the category, then the start of what
// was written, within TITLE_MAX characters.
export function makeTitle(cat, text) {
  const first = text.trim().split(/[\n。！？!?]/)[0].trim();
  let title = cat.name;
  if (first) {
    const cut = [...first].slice(0, TITLE_FROM_TEXT).join('');
    title = `${cat.name}：${cut}${[...first].length > TITLE_FROM_TEXT ? '…' : ''}`;
  }
  return [...title].slice(0, TITLE_MAX).join('');
}

// A category's name in the language in use.
export function catName(c) {
  return categoryName(c);
}
