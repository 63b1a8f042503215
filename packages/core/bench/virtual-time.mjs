/**
 * Virtual time for the scheduler bench: `sleep` returns without waiting in real time; timers fire in
 * due order once pending promises have settled, and `now` jumps to each timer's due time.
 */
export function virtualTime(start = 1_700_000_000_000) {
  let now = start;
  const timers = new Set();
  let seq = 0;
  let ticking = false;
  const tick = () => {
    ticking = false;
    let next;
    for (const t of timers) if (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = t;
    if (!next) return;
    timers.delete(next);
    now = Math.max(now, next.at);
    next.fire();
    schedule();
  };
  const schedule = () => {
    if (!ticking && timers.size > 0) {
      ticking = true;
      setImmediate(tick);
    }
  };
  const sleep = (ms, signal) =>
    new Promise((resolve, reject) => {
      const abort = () => {
        timers.delete(timer);
        reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      };
      const timer = {
        at: now + Math.max(0, ms),
        seq: seq++,
        fire: () => {
          signal?.removeEventListener('abort', abort);
          resolve();
        },
      };
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      timers.add(timer);
      schedule();
    });
  return { now: () => now, sleep };
}
