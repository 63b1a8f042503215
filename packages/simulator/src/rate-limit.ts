import type { SimProvider } from './types.js';

/** What the limiter decided for one request. */
export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * A request-rate limit per API (LTX and useapi counted apart): at most `perSecond` accepted requests
 * in any trailing 1000 ms (a sliding window, no burst allowance beyond it). A refused request does not
 * count. Time comes from the simulator's clock, so a manual clock drives it in tests.
 */
export class RateLimiter {
  private limit: number | null = null;
  /** Per API: arrival times of the last `limit` accepted requests, a ring with its oldest at `head`. */
  private readonly windows = new Map<SimProvider, { times: number[]; head: number }>();

  /** Requests per second allowed per API, or `null` for no limit. */
  get perSecond(): number | null {
    return this.limit;
  }

  /** Changes the limit (a whole number >= 1, or `null` = off) and forgets the window. */
  set(perSecond: number | null): void {
    if (perSecond !== null && !(Number.isInteger(perSecond) && perSecond >= 1)) {
      throw new Error(`rateLimit must be a whole number >= 1 or null; got ${perSecond}`);
    }
    this.limit = perSecond;
    this.windows.clear();
  }

  /** Counts one request of `api` arriving at `now` (epoch ms), or refuses it with the wait until a slot frees. */
  take(api: SimProvider, now: number): RateDecision {
    const limit = this.limit;
    if (limit === null) return { ok: true };
    let window = this.windows.get(api);
    if (window === undefined) {
      window = { times: [], head: 0 };
      this.windows.set(api, window);
    }
    if (window.times.length < limit) {
      window.times.push(now);
      return { ok: true };
    }
    const oldest = window.times[window.head] ?? now;
    if (now - oldest < 1000) return { ok: false, retryAfterMs: oldest + 1000 - now };
    window.times[window.head] = now;
    window.head = (window.head + 1) % limit;
    return { ok: true };
  }
}

/** `Retry-After` in whole seconds (HTTP's delay-seconds), at least 1. */
export function retryAfterSeconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}
