import type { Deps } from '../deps.js';

/** Longest single timer Node accepts, in ms (about 24.8 days); longer idles are cut to it. */
const MAX_TIMER_MS = 2_147_483_647;

/** The reason an outstanding timer is cancelled with: one object, so no DOMException is built. */
const STOPPED = Object.freeze({ reason: 'poll loop timer no longer needed' });

/**
 * The pause of an awaited loop that others can cut short. {@link Wakeable.idleUntil} resolves when the
 * injected clock reaches a time or at the first {@link Wakeable.wake}, whichever comes first. A wake
 * only resolves a promise (no abort, no exception); the loop keeps one timer (`deps.sleep`) across
 * idles and reuses it while it fires no later than needed. A wake that comes while the loop is busy
 * is kept, so the next idle returns at once and no change is missed.
 */
export interface Wakeable {
  /** Waits until epoch ms `at` (Infinity: until woken); returns early on {@link wake}. */
  idleUntil(at: number): Promise<void>;
  /** Ends the current idle, or the next one if none is running. */
  wake(): void;
  /** Ends the current idle and cancels the timer, so nothing keeps the process alive. */
  stop(): void;
}

/** Creates a {@link Wakeable} on the injected clock (`sleep` and `now`, so tests run in virtual time). */
export function createWakeable(deps: Pick<Deps, 'sleep' | 'now'>): Wakeable {
  let release: (() => void) | undefined;
  let pendingWake = false;
  let timerAt = Number.POSITIVE_INFINITY;
  let timer: AbortController | undefined;

  const resolveIdle = () => {
    const resolve = release;
    release = undefined;
    resolve?.();
  };
  const cancelTimer = () => {
    timer?.abort(STOPPED);
    timer = undefined;
    timerAt = Number.POSITIVE_INFINITY;
  };

  return {
    idleUntil(at) {
      if (pendingWake) {
        pendingWake = false;
        return Promise.resolve();
      }
      const now = deps.now();
      if (at <= now) return Promise.resolve();
      if (at < timerAt) {
        // The timer running now (if any) fires too late: replace it (rare; usually it is reused).
        cancelTimer();
        const controller = new AbortController();
        timer = controller;
        timerAt = at;
        deps.sleep(Math.min(at - now, MAX_TIMER_MS), controller.signal).then(
          () => {
            if (timer !== controller) return;
            timer = undefined;
            timerAt = Number.POSITIVE_INFINITY;
            resolveIdle();
          },
          () => {},
        );
      }
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    },
    wake() {
      if (release) resolveIdle();
      else pendingWake = true;
    },
    stop() {
      cancelTimer();
      pendingWake = false;
      resolveIdle();
    },
  };
}
