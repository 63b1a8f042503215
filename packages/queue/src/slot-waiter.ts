import { PROVIDERS, type ProviderName } from '@ltx-jobs/core';
import type { Redis } from 'ioredis';
import type { AccountSlots } from './account-slots.js';
import { teamKeys } from './keys.js';

/** Wakes a worker's jobs that wait for an account slot the moment any worker gives one back. */
export interface SlotWaiter {
  /** Resolves when a slot of `provider` is given back anywhere, after `ms` at the latest, or on abort. */
  next(provider: ProviderName, ms: number, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/**
 * A {@link SlotWaiter} on its own subscriber connection (a duplicate of `redis`), listening to every
 * provider's "slot freed" channel. A message lost (a reconnect) only costs the `ms` fallback.
 */
export async function createSlotWaiter(redis: Redis): Promise<SlotWaiter> {
  const subscriber = redis.duplicate();
  subscriber.on('error', () => {}); // a lost connection only delays wake-ups to their fallback
  const waiting = new Map<ProviderName, Set<() => void>>();
  const channels = new Map(PROVIDERS.map((p) => [teamKeys.slotFreed(p), p] as const));
  subscriber.on('message', (channel: string) => {
    const provider = channels.get(channel);
    const wakers = provider ? waiting.get(provider) : undefined;
    if (!wakers) return;
    waiting.delete(provider as ProviderName);
    for (const wake of wakers) wake();
  });
  await subscriber.subscribe(...channels.keys());
  return {
    next(provider, ms, signal) {
      return new Promise((resolve) => {
        const wakers = waiting.get(provider) ?? new Set<() => void>();
        waiting.set(provider, wakers);
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          wakers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        signal?.addEventListener('abort', done, { once: true });
        wakers.add(done);
      });
    },
    async close() {
      for (const wakers of waiting.values()) for (const wake of [...wakers]) wake();
      waiting.clear();
      subscriber.disconnect();
    },
  };
}

/** How {@link takeSlot} waits. */
export interface TakeSlotOptions {
  /** Wait in this process at most this long, ms (then the caller puts the job back, delayed). */
  withinMs: number;
  /** Try again at least this often, ms (a hold lapsing sends no message). */
  retryMs: number;
  waiter?: SlotWaiter | undefined;
  signal?: AbortSignal | undefined;
  /** Called once, before the first wait (not when a slot is free at once). */
  onWait?: (() => Promise<void>) | undefined;
}

/**
 * Takes an account slot for `jobId`, waiting in this process (woken when any worker gives one back)
 * for up to `withinMs`. False when none came free in time. While a provider's 429 pauses the queue no
 * slot is taken: the wait lasts out the pause (or the time left).
 */
export async function takeSlot(
  slots: AccountSlots,
  provider: ProviderName,
  jobId: string,
  options: TakeSlotOptions,
): Promise<boolean> {
  const until = Date.now() + options.withinMs;
  let waited = false;
  for (;;) {
    const attempt = await slots.tryAcquire(provider, jobId);
    if (attempt.taken) return true;
    if (!waited) {
      waited = true;
      await options.onWait?.();
    }
    const left = until - Date.now();
    if (left <= 0 || options.signal?.aborted) return false;
    if (attempt.pausedMs !== undefined || !options.waiter) {
      await new Promise((r) => setTimeout(r, Math.min(left, attempt.pausedMs ?? options.retryMs)));
    } else {
      await options.waiter.next(provider, Math.min(left, options.retryMs), options.signal);
    }
  }
}
