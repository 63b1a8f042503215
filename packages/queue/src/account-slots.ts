import type { ProviderName } from '@ltx-jobs/core';
import type { Redis } from 'ioredis';
import { teamKeys } from './keys.js';

// Takes a slot for a queue job: kept when it holds one already, added when fewer than the limit are held.
const ACQUIRE = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 1 end
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
  return 1
end
return 0`;

/**
 * The account's generation slots, shared by every worker: a queue job holds one from just before its
 * billed POST until it sees its generation end (or the provider refuse it). The BullMQ queue's global
 * concurrency keeps the same count of jobs active; these leases also hold across a crash (a job whose
 * worker died keeps its slot until its replacement sees the generation end), so a job picked up in the
 * meantime never starts a generation over the account's limit.
 */
export interface AccountSlots {
  /** True when `jobId` holds (or now took) a slot of `provider`. */
  acquire(provider: ProviderName, jobId: string): Promise<boolean>;
  release(provider: ProviderName, jobId: string): Promise<void>;
  /** Queue jobs holding a slot of `provider`. */
  holders(provider: ProviderName): Promise<string[]>;
}

/** {@link AccountSlots} on Redis with `limit(provider)` slots per provider. */
export function createAccountSlots(redis: Redis, limit: (provider: ProviderName) => number): AccountSlots {
  return {
    async acquire(provider, jobId) {
      const taken = await redis.eval(
        ACQUIRE,
        1,
        teamKeys.slots(provider),
        jobId,
        limit(provider),
        Date.now(),
      );
      return taken === 1;
    },
    async release(provider, jobId) {
      await redis.zrem(teamKeys.slots(provider), jobId);
    },
    holders: (provider) => redis.zrange(teamKeys.slots(provider), 0, -1),
  };
}
