// later.js - a debounce with a ceiling: later(f, wait, most)() runs f once
// `wait` ms after the last call, but no later than `most` ms after the
// first call of a burst, and never twice at once (a call while f runs
// schedules one more run after it).

export function later(f, wait, most) {
  let timer = null;
  let first = 0;
  let running = false;
  let again = false;
  const fire = async () => {
    timer = null;
    first = 0;
    if (running) { again = true; return; }
    running = true;
    try { await f(); } finally {
      running = false;
      if (again) { again = false; schedule(); }
    }
  };
  const schedule = () => {
    const now = Date.now();
    if (!first) first = now;
    clearTimeout(timer);
    timer = setTimeout(fire, Math.max(0, Math.min(wait, first + most - now)));
  };
  return schedule;
}
