import type { ProviderName } from '@ltx-jobs/core';

/** The BullMQ prefix of the team queues (every key of a team lives under it). */
export const QUEUE_PREFIX = 'ltx-jobs';

/** The BullMQ queue of a provider: one per provider; its global concurrency is the account's slots plus the jobs kept in hand. */
export function queueName(provider: ProviderName): string {
  return `generate-${provider}`;
}

/** Names of the team's own keys next to BullMQ's. */
export const teamKeys = {
  /** Hash: job ref -> `{ rev, record }` JSON (the shared ledger). */
  records: `${QUEUE_PREFIX}:team:records`,
  /** Sorted set: job ref -> the change number of its last change (incremental reads of the ledger). */
  changed: `${QUEUE_PREFIX}:team:records:changed`,
  /** String: the shared ledger's change counter (starts at 1 000 000, above any older per-record rev). */
  changeSeq: `${QUEUE_PREFIX}:team:records:seq`,
  /** String: the queue job that claimed an input hash (duplicates are refused team-wide). */
  claim: (inputHash: string) => `${QUEUE_PREFIX}:team:claim:${inputHash}`,
  /** Hash: where one queue job's generation stands (stage, provider ref, worker). */
  generation: (jobId: string) => `${QUEUE_PREFIX}:team:gen:${jobId}`,
  /** Sorted set: queue jobs holding an account slot of the provider (score: since when). */
  slots: (provider: ProviderName) => `${QUEUE_PREFIX}:team:slots:${provider}`,
  /**
   * Sorted set: queue jobs whose generation may still run unseen (a POST cut off with no id), each
   * counting as a held slot until its score (epoch ms).
   */
  heldSlots: (provider: ProviderName) => `${QUEUE_PREFIX}:team:held:${provider}`,
  /** Pub/sub channel: a slot of the provider was given back (waiting workers try again at once). */
  slotFreed: (provider: ProviderName) => `${QUEUE_PREFIX}:team:slot-freed:${provider}`,
  /** BullMQ's rate-limit key of the provider's queue (a provider's 429 sets it; see `Worker.rateLimit`). */
  limiter: (provider: ProviderName) => `${QUEUE_PREFIX}:${queueName(provider)}:limiter`,
  /** Hash: provider -> the account's slot count, as the workers were started with. */
  limits: `${QUEUE_PREFIX}:team:limits`,
  /** Key of BullMQ's lock of a job (its value is the token of the worker that holds it). */
  lock: (provider: ProviderName, jobId: string) => `${QUEUE_PREFIX}:${queueName(provider)}:${jobId}:lock`,
};
