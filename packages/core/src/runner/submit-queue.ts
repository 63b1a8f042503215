import { abortError, createDeps, type Deps, isAbortError } from '../deps.js';
import { isRateLimitError, type RateLimitError } from '../errors/http-error.js';
import type { ProviderName } from '../job.js';
import { backoffDelay } from '../poll/backoff.js';
import type { ProviderLimitsMap } from './types.js';

/** Generations in flight per provider when nothing is configured: LTX's default concurrency (2), useapi's `maxJobs` default (20). */
export const DEFAULT_CONCURRENT_JOBS: Readonly<Record<ProviderName, number>> = { ltx: 2, useapi: 20 };
/** First wait after a concurrency 429 without Retry-After, in ms (5 s); doubles up to 60 s, or ends early when a slot frees. */
export const DEFAULT_CONCURRENCY_RETRY_MS = 5000;
/** Concurrency 429s in a row before the queue gives up and rethrows (60). */
export const DEFAULT_MAX_CONCURRENCY_RETRIES = 60;

/** One generation's place in the queue. `release` is idempotent. */
export interface SubmitSlot {
  readonly provider: ProviderName;
  release(): void;
}

/** Options of {@link createSubmitQueue} besides the limits. */
export interface SubmitQueueOptions {
  /** First wait after a concurrency 429 without Retry-After, in ms. Default {@link DEFAULT_CONCURRENCY_RETRY_MS}. */
  concurrencyRetryMs?: number;
  /** Concurrency 429s in a row before giving up. Default {@link DEFAULT_MAX_CONCURRENCY_RETRIES}. */
  maxConcurrencyRetries?: number;
}

/**
 * Per-provider slots for generations in flight. A slot is taken before the POST and held until the
 * job is seen terminal (the runner releases it then), or released right after the submit when nobody
 * in this process will watch the job (CLI `submit` without `--wait`). Jobs started by other processes
 * are invisible here; LTX then answers 429 `concurrency_limit_error`, which {@link SubmitQueue.submit}
 * waits out and retries (that 429 means no job was started).
 */
export interface SubmitQueue {
  /** Waits (FIFO) for a free slot of `provider`. Rejects with AbortError on `signal`. */
  acquire(provider: ProviderName, signal?: AbortSignal): Promise<SubmitSlot>;
  /**
   * Takes a slot, then calls `send` (the client's submit). On a concurrency 429 (`concurrency_limit_error`,
   * or any useapi 429: the account is at `maxJobs`) it waits for Retry-After, or until one of this
   * queue's slots of the provider frees, or a backoff (5 s doubling to 60 s), and sends again. Every
   * other error releases the slot and is rethrown. The caller owns the returned slot.
   */
  submit<T>(
    provider: ProviderName,
    send: (signal?: AbortSignal) => Promise<T>,
    options?: { signal?: AbortSignal | undefined },
  ): Promise<{ value: T; slot: SubmitSlot }>;
  /** Slots of `provider` held right now. */
  inUse(provider: ProviderName): number;
  /** Callers waiting for a slot of `provider`. */
  waiting(provider: ProviderName): number;
  /** Slots `provider` has in all. */
  limit(provider: ProviderName): number;
}

/** True for a 429 that says the provider started no job because too many are running. */
export function isConcurrencyLimitError(error: unknown): error is RateLimitError {
  return (
    isRateLimitError(error) && (error.errorType === 'concurrency_limit_error' || error.provider === 'useapi')
  );
}

interface Pool {
  limit: number;
  used: number;
  waiters: { grant: () => void }[];
  freed: Set<() => void>;
}

/** Creates a {@link SubmitQueue}; `limits[provider].concurrentJobs` overrides {@link DEFAULT_CONCURRENT_JOBS}. */
export function createSubmitQueue(
  limits: ProviderLimitsMap = {},
  deps: Deps = createDeps(),
  options: SubmitQueueOptions = {},
): SubmitQueue {
  const pools = new Map<ProviderName, Pool>();
  const retryBaseMs = options.concurrencyRetryMs ?? DEFAULT_CONCURRENCY_RETRY_MS;
  const maxRetries = options.maxConcurrencyRetries ?? DEFAULT_MAX_CONCURRENCY_RETRIES;

  function pool(provider: ProviderName): Pool {
    let p = pools.get(provider);
    if (!p) {
      const limit = limits[provider]?.concurrentJobs ?? DEFAULT_CONCURRENT_JOBS[provider];
      if (!(limit >= 1)) throw new RangeError(`concurrentJobs for ${provider} must be >= 1, got ${limit}`);
      p = { limit, used: 0, waiters: [], freed: new Set() };
      pools.set(provider, p);
    }
    return p;
  }

  function makeSlot(provider: ProviderName, p: Pool): SubmitSlot {
    let held = true;
    return {
      provider,
      release() {
        if (!held) return;
        held = false;
        p.used--;
        const next = p.waiters.shift();
        if (next) next.grant();
        for (const listener of [...p.freed]) listener();
      },
    };
  }

  function acquire(provider: ProviderName, signal?: AbortSignal): Promise<SubmitSlot> {
    const p = pool(provider);
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (p.used < p.limit && p.waiters.length === 0) {
      p.used++;
      return Promise.resolve(makeSlot(provider, p));
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          p.used++;
          resolve(makeSlot(provider, p));
        },
      };
      const onAbort = () => {
        p.waiters.splice(p.waiters.indexOf(waiter), 1);
        reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      p.waiters.push(waiter);
    });
  }

  /** Sleeps `ms`, or less when a slot of `provider` frees; rethrows only the caller's abort. */
  async function waitForCapacity(provider: ProviderName, ms: number, signal?: AbortSignal): Promise<void> {
    const p = pool(provider);
    const freed = new AbortController();
    const onFreed = () => freed.abort();
    p.freed.add(onFreed);
    try {
      await deps.sleep(ms, signal ? AbortSignal.any([signal, freed.signal]) : freed.signal);
    } catch (error) {
      if (signal?.aborted || !isAbortError(error)) throw error;
    } finally {
      p.freed.delete(onFreed);
    }
  }

  return {
    acquire,
    async submit(provider, send, submitOptions = {}) {
      const { signal } = submitOptions;
      const slot = await acquire(provider, signal);
      try {
        for (let attempt = 1; ; attempt++) {
          try {
            return { value: await send(signal), slot };
          } catch (error) {
            if (!isConcurrencyLimitError(error) || attempt > maxRetries) throw error;
            const waitMs = error.retryAfterMs ?? backoffDelay(attempt, retryBaseMs, 60_000, deps.random);
            deps.logger.info('Provider is at its concurrency limit; no job was started, waiting to retry', {
              provider,
              attempt,
              waitMs,
            });
            await waitForCapacity(provider, waitMs, signal);
          }
        }
      } catch (error) {
        slot.release();
        throw error;
      }
    },
    inUse: (provider) => pool(provider).used,
    waiting: (provider) => pool(provider).waiters.length,
    limit: (provider) => pool(provider).limit,
  };
}
