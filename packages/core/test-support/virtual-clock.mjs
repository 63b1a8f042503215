/**
 * Virtual time shared by the unit tests (`test/poll/fakes.ts`) and the bench (`bench/scheduler.mjs`).
 * Plain ESM with JSDoc types so plain node (the bench, against dist/) and vitest can both import it;
 * it imports nothing from src/ or dist/ (callers pass `abortError`).
 */

/**
 * @typedef {object} VirtualClockOptions
 * @property {number | undefined} [start] Virtual epoch milliseconds at creation. Default 1_700_000_000_000.
 * @property {(signal?: AbortSignal) => Error} abortError Builds the error an aborted sleep rejects with
 *   (pass the core's `abortError`).
 * @property {number} [runawayAfter] Throws once this many timers have fired (a loop that never ends).
 *   Default 100_000; `Infinity` turns the guard off.
 */

/**
 * @typedef {object} VirtualClock
 * @property {() => number} now Virtual epoch milliseconds.
 * @property {(ms: number, signal?: AbortSignal) => Promise<void>} sleep Resolves when virtual time
 *   reaches `now() + max(0, ms)`; rejects with `abortError(signal)` when `signal` aborts first.
 * @property {number[]} sleeps Every delay (ms) asked of `sleep`, in call order; a sleep whose signal
 *   was already aborted is not recorded.
 * @property {AbortSignal[]} signals The signals passed to recorded sleeps, in call order.
 * @property {number} maxConcurrentSleeps Most sleeps pending at once so far.
 */

/** @typedef {{ at: number; seq: number; fire: () => void }} Timer */

/**
 * Virtual time: `sleep` records the delay asked for and returns without waiting in real time. Timers
 * fire in order of due time (ties in call order) once every promise in flight has settled (one
 * `setImmediate` per timer), and `now` jumps to the timer's due time; an aborted sleep rejects at once
 * and never moves `now`.
 * @param {VirtualClockOptions} options
 * @returns {VirtualClock}
 */
export function virtualClock({ start = 1_700_000_000_000, abortError, runawayAfter = 100_000 }) {
  let now = start;
  /** @type {number[]} */
  const sleeps = [];
  /** @type {AbortSignal[]} */
  const signals = [];
  /** @type {Set<Timer>} */
  const timers = new Set();
  let seq = 0;
  let maxConcurrent = 0;
  let fired = 0;
  let ticking = false;
  const tick = () => {
    ticking = false;
    /** @type {Timer | undefined} */
    let next;
    for (const t of timers) if (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = t;
    if (!next) return;
    if (++fired > runawayAfter) throw new Error('fake clock: runaway loop');
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
  /** @type {VirtualClock['sleep']} */
  const sleep = (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      sleeps.push(ms);
      if (signal) signals.push(signal);
      /** @type {Timer} */
      const timer = {
        at: now + Math.max(0, ms),
        seq: seq++,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        timers.delete(timer);
        reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      timers.add(timer);
      maxConcurrent = Math.max(maxConcurrent, timers.size);
      schedule();
    });
  return {
    now: () => now,
    sleep,
    sleeps,
    signals,
    get maxConcurrentSleeps() {
      return maxConcurrent;
    },
  };
}
