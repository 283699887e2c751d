// draft.js - the request being reported, kept in memory while the
// resident moves through the report screens (so the phone's back button
// and a change of language lose nothing), and the small helpers the report
// screens share.

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
