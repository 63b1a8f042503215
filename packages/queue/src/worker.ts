import { hostname } from 'node:os';
import {
  type ArtifactDownloadSettings,
  createDeps,
  DEFAULT_CONCURRENT_JOBS,
  type Deps,
  type ProviderClient,
  type ProviderName,
} from '@ltx-jobs/core';
import { Worker } from 'bullmq';
import { createAccountSlots } from './account-slots.js';
import { releaseClaim } from './enqueue.js';
import { type GenerationContext, runGeneration } from './generation.js';
import { QUEUE_PREFIX, queueName, teamKeys } from './keys.js';
import { redactRedisUrl } from './redis-url.js';
import { createSlotWaiter } from './slot-waiter.js';
import { openTeam, type Team } from './team.js';

/** Options of {@link startTeamWorker}. */
export interface TeamWorkerOptions {
  /** `redis://…` of the team queue. */
  url: string;
  /** One client per provider this worker serves (each provider has its own queue). */
  clients: Partial<Record<ProviderName, ProviderClient>>;
  /** The shared folder artifacts land in (atomically: a temp file renamed when complete). */
  outDir: string;
  /** The account's generation slots per provider. Default: ltx 2, useapi 20. Every worker should agree. */
  slots?: Partial<Record<ProviderName, number>>;
  /**
   * Jobs the queue keeps in hand beyond the account's slots, per provider: they upload media and wait
   * for a slot (taking it the moment one is given back) or download finished files, while the slots
   * generate. The account's limit is kept by the slot leases, not by this. Default: as many as slots.
   */
  inHandBeyondSlots?: Partial<Record<ProviderName, number>>;
  /**
   * How long the account slot of an LTX job whose POST was cut off ("submit interrupted — may have
   * been billed") stays taken, from when it was sent, ms: the generation may be running. Default 15 min.
   */
  interruptedHoldMs?: number;
  /** Pause between status reads of a job, ms. Default 5000. */
  pollIntervalMs?: number;
  /**
   * How long a worker's hold on a job lasts without being renewed, ms (BullMQ's lock; renewed at half
   * of it). A worker that dies loses its jobs to another worker this long after (plus a stalled check,
   * at half of it). Default 30 000.
   */
  lockMs?: number;
  downloads?: ArtifactDownloadSettings;
  /**
   * The clients' request timeout, ms (default 30 000, the core's): how long a POST in flight may still
   * be answered to a worker that only seemed dead (see GenerationContext.postGraceMs).
   */
  requestTimeoutMs?: number;
  deps?: Deps;
}

/** A running worker: `close()` stops taking jobs and waits for those in hand (or, forced, abandons them). */
export interface TeamWorker {
  readonly name: string;
  readonly team: Team;
  close(force?: boolean): Promise<void>;
}

/**
 * Starts a worker of the team queue: for each provider with a client, a BullMQ worker whose queue's
 * global concurrency is the account's slot count plus the jobs kept in hand beyond it (one job = one
 * generation from submit to files; only slot holders generate), running up to that many jobs itself. A job a dead worker held is taken over after its lock expires
 * and resumes from the shared ledger (see {@link runGeneration}); stalls never fail a job.
 */
export async function startTeamWorker(options: TeamWorkerOptions): Promise<TeamWorker> {
  const deps = options.deps ?? createDeps();
  const name = `${process.pid}@${hostname()}`;
  const team = await openTeam(options.url, { deps, name });
  const lifetime = new AbortController();
  const ledger = await team.ledger();
  const lockMs = options.lockMs ?? 30_000;
  const workers: Worker[] = [];
  const limitOf = (provider: ProviderName) => options.slots?.[provider] ?? DEFAULT_CONCURRENT_JOBS[provider];
  const slots = createAccountSlots(team.redis, limitOf);
  const slotWaiter = await createSlotWaiter(team.redis);
  const slotWaitMs = Math.max(100, Math.min(options.pollIntervalMs ?? 5000, 2000));
  for (const [provider, client] of Object.entries(options.clients) as [ProviderName, ProviderClient][]) {
    const limit = limitOf(provider);
    const inHand = limit + Math.max(0, Math.floor(options.inHandBeyondSlots?.[provider] ?? limit));
    await team.queue(provider).setGlobalConcurrency(inHand);
    await team.redis.hset(teamKeys.limits, provider, String(limit));
    let worker: Worker | undefined;
    const context: GenerationContext = {
      client,
      ledger,
      generations: team.generations,
      slots,
      deps,
      outDir: options.outDir,
      pollIntervalMs: options.pollIntervalMs ?? 5000,
      slotWaitMs,
      // Long enough to catch the next slot given back; short enough that a job holding a slot whose
      // worker died (it needs a free place in the queue to resume) soon finds one.
      slotHoldMs: Math.max(1000, Math.min(10 * slotWaitMs, 5000)),
      slotWaiter,
      redis: team.redis,
      ...(options.interruptedHoldMs === undefined ? {} : { interruptedHoldMs: options.interruptedHoldMs }),
      postGraceMs: (options.requestTimeoutMs ?? 30_000) + 5000,
      downloads: options.downloads,
      pauseQueue: async (ms) => worker?.rateLimit(ms),
      releaseClaim: (data, jobId) => releaseClaim(team, data.inputHash, jobId),
      signal: lifetime.signal,
    };
    worker = new Worker(queueName(provider), (job, token) => runGeneration(context, job, token ?? ''), {
      connection: team.redis,
      prefix: QUEUE_PREFIX,
      name,
      concurrency: inHand,
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.round(lockMs / 2)),
      // A stalled job resumes from the shared ledger (it never submits twice): never fail it for stalling.
      maxStalledCount: 1_000_000,
      // Only so that `rateLimit` (a provider's 429) pauses the queue: never reached by itself.
      limiter: { max: 1_000_000, duration: 1000 },
    });
    worker.on('error', (error) =>
      deps.logger.warn('Worker error', { provider, error: redactRedisUrl(String(error)) }),
    );
    worker.on('failed', (job, error) =>
      deps.logger.warn('Job failed', { provider, jobId: job?.id, error: redactRedisUrl(error.message) }),
    );
    workers.push(worker);
  }
  return {
    name,
    team,
    async close(force = false) {
      if (force) lifetime.abort();
      await Promise.all(workers.map((w) => w.close(force)));
      await slotWaiter.close();
      await team.close();
    },
  };
}
