// source.js - where a thread comes from: a party's session (the cookie
// set when the link was opened, limited to /api/v1/mediation/party) or a
// signed-in account's case. Both give the same calls to the thread view.

import { api, upload, ApiError } from '/common/api.js';

const PARTY_CSRF = 'fq.party.csrf';
const PARTY_UNTIL = 'fq.party.until'; // when the party session ends (ms), so that no 401 is asked for
const PARTY = '/api/v1/mediation/party';

async function parse(res) {
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (res.status === 401) localStorage.removeItem(PARTY_UNTIL);
  if (!res.ok) throw new ApiError(res.status, body);
  return { body, res };
}

async function partyFetch(method, path, init = {}) {
  const headers = { Accept: 'application/json', ...(init.headers || {}) };
  if (method !== 'GET') headers['X-CSRF-Token'] = sessionStorage.getItem(PARTY_CSRF) || '';
  const { body, res } = await parse(await fetch(path, { ...init, method, headers, credentials: 'same-origin' }));
  const csrf = res.headers.get('X-CSRF-Token');
  if (csrf) sessionStorage.setItem(PARTY_CSRF, csrf);
  return body;
}

// Trade the token of a link for a party session (cookie + CSRF token).
export async function join(token) {
  const r = await partyFetch('POST', '/api/v1/mediation/join', {
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) });
  sessionStorage.setItem(PARTY_CSRF, r.csrf_token);
  localStorage.setItem(PARTY_UNTIL, String(Date.parse(r.expires_at)));
  return r;
}

// Whether this browser holds a party session that has not run out.
export function maybeParty() {
  const ms = Number(localStorage.getItem(PARTY_UNTIL));
  return Number.isFinite(ms) && ms > Date.now();
}

export function partySource() {
  return {
    staff: false,
    get: (after) => partyFetch('GET', after ? `${PARTY}?after=${after}` : PARTY),
    post: (body) => partyFetch('POST', `${PARTY}/messages`, {
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body }) }),
    upload: (form) => partyFetch('POST', `${PARTY}/attachments`, { body: form }),
    retract: (id) => partyFetch('POST', `${PARTY}/messages/${id}/retract`),
  };
}

export function caseSource(id) {
  const base = `/api/v1/mediation/cases/${id}`;
  return {
    staff: true,
    id,
    get: (after) => api('GET', after ? `${base}?after=${after}` : base),
    post: (body) => api('POST', `${base}/messages`, { body }),
    upload: (form) => upload(`${base}/attachments`, form),
    retract: (mid) => api('POST', `${base}/messages/${mid}/retract`),
  };
}
