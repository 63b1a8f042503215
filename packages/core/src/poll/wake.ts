import { type Deps, isAbortError } from '../deps.js';

/** Longest single timer Node accepts, in ms (about 24.8 days); longer idles are cut to it. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The pause of an awaited loop that others can cut short: {@link Wakeable.idle} sleeps through
 * `deps.sleep` until the time passes or {@link Wakeable.wake} is called. A wake that comes while the
 * loop is busy (not idling) is kept, so the next idle returns at once and no change is missed.
 */
export interface Wakeable {
  /** Sleeps `ms` (Infinity: until woken); resolves early on {@link wake}. */
  idle(ms: number): Promise<void>;
  /** Ends the current idle, or the next one if none is running. */
  wake(): void;
}

/** Creates a {@link Wakeable} on `sleep` (the injected clock, so tests run in virtual time). */
export function createWakeable(sleep: Deps['sleep']): Wakeable {
  let current: AbortController | undefined;
  let pending = false;
  return {
    wake() {
      if (current) current.abort();
      else pending = true;
    },
    async idle(ms) {
      if (pending) {
        pending = false;
        return;
      }
      const controller = new AbortController();
      current = controller;
      try {
        if (Number.isFinite(ms)) await sleep(Math.min(ms, MAX_TIMER_MS), controller.signal);
        else
          await new Promise((resolve) =>
            controller.signal.addEventListener('abort', resolve, { once: true }),
          );
      } catch (error) {
        if (!isAbortError(error)) throw error;
      } finally {
        current = undefined;
        pending = false;
      }
    },
  };
}
