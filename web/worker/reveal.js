// reveal.js - a masked phone number shown in full on tap, through
// POST /api/v1/persons/{id}/reveal (a person) or /api/v1/requests/{id}/reveal
// (a request's reporter or hotline caller), which the server writes to the audit
// log before it answers; the button says so before it is pressed, and the
// number comes back as a tel: link.

import { api } from '/common/api.js';
import { t, addMessages } from '/common/i18n.js';
import { h, icon, toast } from '/common/ui.js';
import { mayRevealPhone } from './roles.js';
import { errorText } from './forms.js';

addMessages({
  zh: { 'reveal.button': '查看完整号码', 'reveal.logged': '查看会被记录', 'reveal.done': '已记录本次查看',
    'reveal.none': '未登记号码' },
  en: { 'reveal.button': 'Show the full number', 'reveal.logged': 'this is logged', 'reveal.done': 'this view was logged',
    'reveal.none': 'no number on record' },
});

// The button that asks path (a POST with body) for {phone}, marked with
// attrs, or null when no role of me may see phones.
function button(me, path, body, attrs) {
  if (!mayRevealPhone(me)) return null;
  const box = h('span', { class: 'reveal' });
  const btn = h('button', { class: 'btn btn-small reveal-btn', type: 'button', ...attrs,
    'aria-label': `${t('reveal.button')} (${t('reveal.logged')})`,
    onclick: async () => {
      btn.disabled = true;
      try {
        const r = await api('POST', path, body);
        box.replaceChildren(r.phone
          ? h('a', { class: 'phone', href: `tel:${r.phone}` }, r.phone)
          : h('span', { class: 'muted' }, t('reveal.none')),
        h('span', { class: 'muted small' }, ` (${t('reveal.done')})`));
      } catch (e) {
        btn.disabled = false;
        toast(errorText(e), 'error');
      }
    } }, icon('phone'), ' ', t('reveal.button'));
  box.append(btn, h('span', { class: 'muted small' }, ` ${t('reveal.logged')}`));
  return box;
}

// The button for person id.
export function revealButton(me, personId) {
  return personId ? button(me, `/api/v1/persons/${personId}/reveal`, { fields: ['phone'] }, { 'data-person': personId }) : null;
}

// The button for the reporter of request id: the hotline caller's number,
// else the reporting person's (POST /api/v1/requests/{id}/reveal).
export function reporterRevealButton(me, requestId) {
  return button(me, `/api/v1/requests/${requestId}/reveal`, {}, { 'data-request': requestId });
}
