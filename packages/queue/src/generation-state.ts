import type { ProviderName } from '@ltx-jobs/core';
import type { Redis } from 'ioredis';
import { teamKeys } from './keys.js';

/**
 * Where one queue job's generation stands, in the shared ledger:
 * - `preparing`: picked up; local media may be uploading; nothing billed was sent;
 * - `waiting-for-slot`: media uploaded, every account slot taken: it waits (in a worker, or delayed)
 *   for one; nothing billed was sent;
 * - `posting`: the billed POST is (or was) on its way; from here on the provider may have a job;
 * - `polling`: the provider's job id is recorded (`ref`); its state is read until it ends;
 * - `downloading`: it succeeded; its files are being fetched into the shared folder;
 * - `done`: it ended (files on disk when it succeeded);
 * - `interrupted`: a worker died while the POST was in flight and the provider cannot find the job
 *   again (LTX cannot list jobs): it may have been billed; it is never sent again.
 */
export type GenerationStage =
  | 'preparing'
  | 'waiting-for-slot'
  | 'posting'
  | 'polling'
  | 'downloading'
  | 'done'
  | 'interrupted';

/** What the shared ledger keeps of one queue job's generation. */
export interface GenerationState {
  stage?: GenerationStage;
  /** The provider's job ref, set the moment the id is known. */
  ref?: string;
  /** useapi's `replyRef` sent with the POST (finds a job whose answer was lost). */
  marker?: string;
  /** ISO-8601: when the POST went out. */
  postedAt?: string;
  /** `pid@host` of the worker that last moved it. */
  worker?: string;
  /** Epoch ms of the last stage change. */
  stageAt?: number;
}

// Marks the POST as on its way, only while the worker still holds the job's BullMQ lock (fencing: a
// worker that lost its lock to a replacement never sends).
const MARK_POSTING = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'stage', 'posting', 'postedAt', ARGV[2], 'worker', ARGV[3], 'stageAt', ARGV[4])
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'marker', ARGV[5]) end
return 1`;

/** Reads and moves the {@link GenerationState} of queue jobs. */
export interface GenerationStates {
  get(jobId: string): Promise<GenerationState>;
  /** Sets fields (and the stage's time). */
  set(jobId: string, fields: GenerationState): Promise<void>;
  /**
   * Marks `posting` durably, only when `token` still holds the job's lock. False: the job belongs to
   * another worker now (this one stalled and was replaced); do not send.
   */
  markPosting(provider: ProviderName, jobId: string, token: string, marker?: string): Promise<boolean>;
  /** Several jobs' states at once (views). */
  many(jobIds: readonly string[]): Promise<GenerationState[]>;
}

/** {@link GenerationStates} on Redis; `worker` names this process in every change. */
export function createGenerationStates(redis: Redis, worker: string): GenerationStates {
  const decode = (raw: Record<string, string>): GenerationState => ({
    ...(raw.stage ? { stage: raw.stage as GenerationStage } : {}),
    ...(raw.ref ? { ref: raw.ref } : {}),
    ...(raw.marker ? { marker: raw.marker } : {}),
    ...(raw.postedAt ? { postedAt: raw.postedAt } : {}),
    ...(raw.worker ? { worker: raw.worker } : {}),
    ...(raw.stageAt ? { stageAt: Number(raw.stageAt) } : {}),
  });
  return {
    get: async (jobId) => decode(await redis.hgetall(teamKeys.generation(jobId))),
    async set(jobId, fields) {
      const flat: Record<string, string> = { worker, stageAt: String(Date.now()) };
      for (const [key, value] of Object.entries(fields)) if (value !== undefined) flat[key] = String(value);
      await redis.hset(teamKeys.generation(jobId), flat);
    },
    async markPosting(provider, jobId, token, marker) {
      const now = Date.now();
      const marked = await redis.eval(
        MARK_POSTING,
        2,
        teamKeys.generation(jobId),
        teamKeys.lock(provider, jobId),
        token,
        new Date(now).toISOString(),
        worker,
        String(now),
        marker ?? '',
      );
      return marked === 1;
    },
    async many(jobIds) {
      if (jobIds.length === 0) return [];
      const multi = redis.multi();
      for (const id of jobIds) multi.hgetall(teamKeys.generation(id));
      const results = (await multi.exec()) ?? [];
      return results.map(([, raw]) => decode((raw ?? {}) as Record<string, string>));
    },
  };
}
