// categories.js - a category's name in the UI's language. Requests carry
// their category as {id, code, name} with the Chinese name; the catalogue
// (GET /api/v1/categories) holds each category's English name (name_en,
// set by the admin's category editor, translated for the shipped
// catalogue). A screen calls loadCategoryNames() once after login; then
// categoryName() gives the English name in English, the Chinese name in
// Chinese, and the Chinese name where no English one is known.

import { api } from './api.js';
import { lang } from './i18n.js';

const english = new Map(); // category code → name_en
let loading = null;

// Read the catalogue's English names (once; a failure leaves the Chinese
// names and is tried again on the next call). Never rejects.
export function loadCategoryNames() {
  if (!loading) {
    const walk = (c) => { if (c.name_en) english.set(c.code, c.name_en); (c.children || []).forEach(walk); };
    loading = api('GET', '/api/v1/categories').then((r) => { r.items.forEach(walk); })
      .catch(() => { loading = null; });
  }
  return loading;
}

// The name of category c ({code, name, name_en?}) in the language in use.
export function categoryName(c) {
  if (!c) return '';
  if (lang() !== 'en') return c.name || '';
  return c.name_en || english.get(c.code) || c.name || '';
}
