import {
  ConfigError,
  createDeps,
  createLedger,
  type Deps,
  type Ledger,
  NetworkError,
  type ProviderName,
} from '@ltx-jobs/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createAccountSlots } from './account-slots.js';
import { createGenerationStates, type GenerationStates } from './generation-state.js';
import { QUEUE_PREFIX, queueName, teamKeys } from './keys.js';
import { createRedisLedgerStore, type RedisLedgerStore } from './redis-ledger-store.js';
import { parseRedisTarget, type RedisTarget, redactRedisUrl } from './redis-url.js';

/** An open connection to a team queue: its Redis, queues, shared ledger and generation states. */
export interface Team {
  readonly target: RedisTarget;
  readonly redis: Redis;
  readonly store: RedisLedgerStore;
  readonly generations: GenerationStates;
  /** The BullMQ queue of a provider (opened on first use). */
  queue(provider: ProviderName): Queue;
  /** The shared ledger (opened on first use, refreshed on each call). */
  ledger(): Promise<Ledger>;
  /** The account's slot count of `provider` as the workers set it (undefined before a worker started). */
  slotLimit(provider: ProviderName): Promise<number | undefined>;
  close(): Promise<void>;
}

/** Options of {@link openTeam}. */
export interface OpenTeamOptions {
  /** The setting the URL came from, named in errors. Default `--queue`. */
  setting?: string;
  deps?: Deps;
  /** Names this process in the generation states it writes (workers: `pid@host`). */
  name?: string;
  /** Give up connecting after this many ms (CLI reads). Default 10 000. */
  connectTimeoutMs?: number;
}

/**
 * Connects to the team queue at `url` (`redis://[user:password@]host:port[/db]`). Fails with a message
 * that shows the URL without its password when Redis cannot be reached.
 */
export async function openTeam(url: string, options: OpenTeamOptions = {}): Promise<Team> {
  const target = parseRedisTarget(url, options.setting);
  const redis = new Redis(target.url, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    retryStrategy: (times) => (times > 20 ? null : Math.min(times * 200, 2000)),
  });
  let lastError: (Error & { code?: string }) | undefined;
  redis.on('error', (error: Error) => {
    lastError = error; // reported by the commands that fail
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw connectError(target, lastError ?? (error as Error));
  }
  const deps = options.deps ?? createDeps();
  const store = createRedisLedgerStore(redis);
  const queues = new Map<ProviderName, Queue>();
  let ledger: Promise<Ledger> | undefined;
  return {
    target,
    redis,
    store,
    generations: createGenerationStates(redis, options.name ?? `${process.pid}`),
    queue(provider) {
      let queue = queues.get(provider);
      if (!queue) {
        queue = new Queue(queueName(provider), { connection: redis, prefix: QUEUE_PREFIX });
        queue.on('error', () => {});
        queues.set(provider, queue);
      }
      return queue;
    },
    async ledger() {
      if (!ledger) {
        ledger = createLedger(store, deps);
        return ledger;
      }
      const opened = await ledger;
      await opened.refresh();
      return opened;
    },
    async slotLimit(provider) {
      const value = await redis.hget(teamKeys.limits, provider);
      return value === null ? undefined : Number(value);
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close().catch(() => undefined)));
      redis.disconnect();
    },
  };
}

/** Why the queue cannot be used, without the password: a refused password is config, the rest network. */
function connectError(target: RedisTarget, error: Error & { code?: string }): Error {
  const reason = redactRedisUrl(error.message ?? String(error));
  if (/WRONGPASS|NOAUTH|invalid password|invalid username/i.test(reason)) {
    return new ConfigError(`The team queue at ${target.shown} refused the user or password: ${reason}`);
  }
  return new NetworkError(`Cannot reach the team queue at ${target.shown}: ${reason}`, {
    requestSent: false,
    code: error.code,
  });
}

export { createAccountSlots };
