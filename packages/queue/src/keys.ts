import type { ProviderName } from '@ltx-jobs/core';

/** The BullMQ prefix of the team queues (every key of a team lives under it). */
export const QUEUE_PREFIX = 'ltx-jobs';

/** The BullMQ queue of a provider: one per provider, whose global concurrency is the account's slots. */
export function queueName(provider: ProviderName): string {
  return `generate-${provider}`;
}

/** Names of the team's own keys next to BullMQ's. */
export const teamKeys = {
  /** Hash: job ref -> `{ rev, record }` JSON (the shared ledger). */
  records: `${QUEUE_PREFIX}:team:records`,
  /** String: the queue job that claimed an input hash (duplicates are refused team-wide). */
  claim: (inputHash: string) => `${QUEUE_PREFIX}:team:claim:${inputHash}`,
  /** Hash: where one queue job's generation stands (stage, provider ref, worker). */
  generation: (jobId: string) => `${QUEUE_PREFIX}:team:gen:${jobId}`,
  /** Sorted set: queue jobs holding an account slot of the provider (score: since when). */
  slots: (provider: ProviderName) => `${QUEUE_PREFIX}:team:slots:${provider}`,
  /** Hash: provider -> the account's slot count, as the workers were started with. */
  limits: `${QUEUE_PREFIX}:team:limits`,
  /** Key of BullMQ's lock of a job (its value is the token of the worker that holds it). */
  lock: (provider: ProviderName, jobId: string) => `${QUEUE_PREFIX}:${queueName(provider)}:${jobId}:lock`,
};
