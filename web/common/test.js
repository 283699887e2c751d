// test.js - a page that mounts the shared login form and shows who logged
// in: used by the browser smoke test to check the shared modules together.
import { mountLogin } from './login.js';
import { me } from './api.js';
import { h, clear } from './ui.js';

const app = document.getElementById('app');
mountLogin(app, {
  onDone: async () => {
    const m = await me();
    clear(app).append(h('p', { id: 'who' }, m.username));
  },
});
