// api.js - the one way the web UI talks to the server: JSON in and out,
// the session (HttpOnly cookie + CSRF token kept in sessionStorage), typed
// errors in the UI's language, photo uploads, and live events over
// Server-Sent Events.
//
// Asking for the session when there is none would be answered 401, which
// the browser logs as a failed load (a console error). So the browser
// remembers, in localStorage under SIGNED_IN, until when its session runs
// (the expires_at of the login, renewed by every /me); me() asks the
// server only while that time has not passed, and any 401 forgets it.

import { errorMessage } from './errors.js';

const CSRF_KEY = 'fq.csrf';
const SIGNED_IN = 'fq.signed_in';

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(errorMessage(status, e.field || '', e.message || '', e.rule || ''));
    this.status = status;
    this.code = e.code || 'error';
    this.field = e.field || '';
    this.rule = e.rule || ''; // the rule that failed (docs/api-errors.md)
    this.serverMessage = e.message || ''; // the server's own (English) words
  }
}

// Remember until when the session runs (an RFC 3339 time), or forget it.
function remember(expiresAt) {
  const ms = expiresAt ? Date.parse(expiresAt) : NaN;
  if (Number.isFinite(ms)) localStorage.setItem(SIGNED_IN, String(ms));
  else localStorage.removeItem(SIGNED_IN);
}

// Whether this browser holds a session that has not run out.
export function maybeSignedIn() {
  const ms = Number(localStorage.getItem(SIGNED_IN));
  return Number.isFinite(ms) && ms > Date.now();
}

function csrf() {
  return sessionStorage.getItem(CSRF_KEY) || '';
}

async function parse(res) {
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (res.status === 401) remember(null);
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

// api('GET', '/api/v1/me') → parsed JSON; throws ApiError on 4xx/5xx.
// opts.headers adds headers (e.g. Idempotency-Key).
export async function api(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json', ...(opts.headers || {}) };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf();
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return parse(await fetch(path, init));
}

// Multipart upload (photos): formData built by the caller.
export async function upload(path, formData) {
  const res = await fetch(path, {
    method: 'POST', body: formData, credentials: 'same-origin',
    headers: { 'X-CSRF-Token': csrf(), Accept: 'application/json' },
  });
  return parse(res);
}

export async function login(username, password) {
  const r = await api('POST', '/api/v1/session', { username, password });
  sessionStorage.setItem(CSRF_KEY, r.csrf_token);
  remember(r.expires_at);
  return r.account;
}

// The logged-in account, or null when there is no session. The server is
// asked only while this browser's session has not run out (see above).
export async function me() {
  if (!maybeSignedIn()) { remember(null); return null; }
  try {
    const m = await api('GET', '/api/v1/me');
    if (m.csrf_token) sessionStorage.setItem(CSRF_KEY, m.csrf_token);
    remember(m.session_expires_at);
    return m;
  } catch (e) {
    if (e.status === 401) return null;
    throw e;
  }
}

export async function logout() {
  try { await api('DELETE', '/api/v1/session'); } catch { /* already gone */ }
  sessionStorage.removeItem(CSRF_KEY);
  remember(null);
}

export function hasRole(account, ...roles) {
  return !!account && account.roles.some((r) => roles.includes(r.role));
}

// Live events: calls onEvent({id, type, data}) for every event the caller may
// see; the browser's EventSource reconnects by itself and resumes with
// Last-Event-ID. Returns a function that closes the stream.
export function events(onEvent, types) {
  const es = new EventSource('/api/v1/events');
  const handler = (ev) => {
    let data = null;
    try { data = JSON.parse(ev.data); } catch { data = ev.data; }
    onEvent({ id: ev.lastEventId, type: ev.type, data });
  };
  es.onmessage = handler;
  for (const t of types || KNOWN_EVENTS) es.addEventListener(t, handler);
  return () => es.close();
}

export const KNOWN_EVENTS = [
  'submitted', 'dispatched', 'accepted', 'returned', 'escalated', 'resolved', 'rated',
  'rated_redo', 'rated_final', 'extension_requested', 'extension_approved',
  'extension_refused', 'extension_lapsed', 'supervised', 'reminded', 'rejected', 'merged',
  'redone', 'auto_closed', 'reassigned', 'cohandlers_set',
];
