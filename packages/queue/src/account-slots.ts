import type { ProviderName } from '@ltx-jobs/core';
import type { Redis } from 'ioredis';
import { teamKeys } from './keys.js';

// Takes a slot for a queue job. Returns 1 when it holds one (kept or added), 0 when the account's slots
// are all held (by running jobs, or by interrupted ones that may still be generating until their hold
// expires), or -ttl while a provider's 429 pauses the queue (the limiter BullMQ's `rateLimit` sets).
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 1 end
local limited = tonumber(redis.call('GET', KEYS[3]) or '0')
if limited and limited >= tonumber(ARGV[4]) then
  local ttl = redis.call('PTTL', KEYS[3])
  if ttl > 0 then return -ttl end
end
if redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
  return 1
end
return 0`;

/** The limiter count at or above which BullMQ's limiter key means "paused by `worker.rateLimit`". */
export const PAUSED_LIMITER_COUNT = 1_000_000;

/** What {@link AccountSlots.tryAcquire} found. */
export type SlotAttempt =
  | { taken: true }
  /** Every slot is held; or (`pausedMs`) a provider's 429 pauses the queue for that long. */
  | { taken: false; pausedMs?: number };

/** A slot kept after its job ended: a generation that may still run at the provider, until `until`. */
export interface HeldSlot {
  jobId: string;
  /** Epoch ms when the hold lapses (the longest such a generation can run). */
  until: number;
}

/**
 * The account's generation slots, shared by every worker: a queue job holds one from just before its
 * billed POST until it sees its generation end (or the provider refuse it). These leases hold across a
 * crash (a job whose worker died keeps its slot until its replacement sees the generation end), so a
 * job picked up in the meantime never starts a generation over the account's limit. A job whose POST
 * was cut off with no id (it may be generating unseen) turns its lease into a timed hold.
 */
export interface AccountSlots {
  /** True when `jobId` holds (or now took) a slot of `provider`. */
  acquire(provider: ProviderName, jobId: string): Promise<boolean>;
  /** Like {@link acquire}, and says when the queue is paused by a provider's 429 (no slot is taken then). */
  tryAcquire(provider: ProviderName, jobId: string): Promise<SlotAttempt>;
  /** Gives a slot back and tells every waiting worker (see {@link SlotWaiter}). */
  release(provider: ProviderName, jobId: string): Promise<void>;
  /**
   * Turns `jobId`'s lease into a hold until `until` (epoch ms): a generation that may be running
   * unseen keeps counting against the account until it surely ended.
   */
  holdUntil(provider: ProviderName, jobId: string, until: number): Promise<void>;
  /** Queue jobs holding a slot of `provider`. */
  holders(provider: ProviderName): Promise<string[]>;
  /** Timed holds of `provider` not lapsed yet (interrupted generations). */
  held(provider: ProviderName): Promise<HeldSlot[]>;
}

/** {@link AccountSlots} on Redis with `limit(provider)` slots per provider. */
export function createAccountSlots(redis: Redis, limit: (provider: ProviderName) => number): AccountSlots {
  const tryAcquire = async (provider: ProviderName, jobId: string): Promise<SlotAttempt> => {
    const answer = Number(
      await redis.eval(
        ACQUIRE,
        3,
        teamKeys.slots(provider),
        teamKeys.heldSlots(provider),
        teamKeys.limiter(provider),
        jobId,
        limit(provider),
        Date.now(),
        PAUSED_LIMITER_COUNT,
      ),
    );
    if (answer === 1) return { taken: true };
    return answer < 0 ? { taken: false, pausedMs: -answer } : { taken: false };
  };
  return {
    acquire: async (provider, jobId) => (await tryAcquire(provider, jobId)).taken,
    tryAcquire,
    async release(provider, jobId) {
      await redis
        .multi()
        .zrem(teamKeys.slots(provider), jobId)
        .publish(teamKeys.slotFreed(provider), jobId)
        .exec();
    },
    async holdUntil(provider, jobId, until) {
      await redis
        .multi()
        .zadd(teamKeys.heldSlots(provider), until, jobId)
        .zrem(teamKeys.slots(provider), jobId)
        .exec();
    },
    holders: (provider) => redis.zrange(teamKeys.slots(provider), 0, -1),
    async held(provider) {
      const raw = await redis.zrangebyscore(teamKeys.heldSlots(provider), Date.now(), '+inf', 'WITHSCORES');
      const out: HeldSlot[] = [];
      for (let i = 0; i + 1 < raw.length; i += 2)
        out.push({ jobId: raw[i] ?? '', until: Number(raw[i + 1]) });
      return out;
    },
  };
}
