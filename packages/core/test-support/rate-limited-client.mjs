/**
 * A status-only LTX client behind a request-rate limit, shared by the unit tests
 * (`test/poll/status-budget.test.ts`) and the bench (`bench/scheduler.mjs`). Plain ESM with JSDoc
 * types; imports nothing at run time (callers pass the core's `RateLimitError`).
 */

/** @typedef {import('../src/provider.js').ProviderClient} ProviderClient */

/**
 * @typedef {object} RateLimitedClient
 * @property {ProviderClient} client Every job is `running` for ever.
 * @property {{ at: number; status: 200 | 429 }[]} reads Every read, with the clock's time.
 */

/**
 * The simulator's rule on the given clock: at most `limit` reads accepted in any trailing second; the
 * rest are refused 429 with Retry-After 1 s.
 * @param {() => number} now
 * @param {number} limit
 * @param {new (message: string, details: { status: number; provider: 'ltx'; errorType: string; retryAfterMs: number }) => Error} RateLimitError
 * @returns {RateLimitedClient}
 */
export function rateLimitedClient(now, limit, RateLimitError) {
  /** @type {number[]} */
  const accepted = [];
  /** @type {RateLimitedClient['reads']} */
  const reads = [];
  /** @type {ProviderClient} */
  const client = {
    provider: 'ltx',
    endpoints: ['text-to-video'],
    canCancel: false,
    submit: () => Promise.reject(new Error('no submit')),
    cancel: () => Promise.reject(new Error('no cancel')),
    resolveMedia: (_endpoint, body) => Promise.resolve(body),
    async status(ref) {
      const t = now();
      while (accepted.length > 0 && /** @type {number} */ (accepted[0]) <= t - 1000) accepted.shift();
      if (accepted.length >= limit) {
        reads.push({ at: t, status: 429 });
        throw new RateLimitError('429 rate_limit_error', {
          status: 429,
          provider: 'ltx',
          errorType: 'rate_limit_error',
          retryAfterMs: 1000,
        });
      }
      accepted.push(t);
      reads.push({ at: t, status: 200 });
      return {
        job: {
          provider: 'ltx',
          endpoint: ref.endpoint ?? 'text-to-video',
          id: ref.id,
          state: 'running',
          artifacts: [],
          updatedAt: new Date(t).toISOString(),
          raw: null,
        },
      };
    },
  };
  return { client, reads };
}
