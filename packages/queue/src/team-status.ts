import { type CostEstimate, type JobRecord, PROVIDERS, type ProviderName } from '@ltx-jobs/core';
import { createAccountSlots } from './account-slots.js';
import type { GenerationStage } from './generation-state.js';
import type { Submitter } from './job-data.js';
import { teamKeys } from './keys.js';
import type { CarriedMedia } from './media-carry.js';
import type { Team } from './team.js';
import { readTeamJobRows } from './team-snapshot.js';

/** One provider's queue at a glance (`ltx-jobs queue status`). */
export interface QueueProviderStatus {
  provider: ProviderName;
  /** The account's slot count as the workers set it (undefined: no worker has started yet). */
  slots: number | undefined;
  /** Generations holding an account slot right now (submitted or being sent, not seen ended). */
  slotsInUse: number;
  /**
   * Slots still taken by generations that may run unseen (a submit cut off: "may have been billed"),
   * each until the time it lapses (epoch ms). Counted in `slotsInUse`.
   */
  held?: { jobId: string; until: number }[];
  /** Jobs waiting for a worker (waiting, delayed for a slot or paused). */
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  /** Worker processes connected to this queue (`pid@host`). */
  workers: string[];
  /** Epoch ms until which the queue is paused by a provider's 429, when it is. */
  pausedUntil?: number;
}

/** Reads the status of every provider's queue. */
export async function queueStatus(team: Team): Promise<QueueProviderStatus[]> {
  const out: QueueProviderStatus[] = [];
  for (const provider of PROVIDERS) {
    const queue = team.queue(provider);
    const counts = await queue.getJobCounts(
      'waiting',
      'delayed',
      'paused',
      'prioritized',
      'active',
      'completed',
      'failed',
    );
    const workers = await queue.getWorkers().catch(() => []);
    const ttl = await queue.getRateLimitTtl().catch(() => 0);
    const held = await createAccountSlots(team.redis, () => 0).held(provider);
    const slotsInUse = (await team.redis.zcard(teamKeys.slots(provider))) + held.length;
    const slots = await team.slotLimit(provider);
    out.push({
      provider,
      slots,
      slotsInUse,
      held,
      waiting:
        (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.paused ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
      workers: [...new Set(workers.map(workerName))].sort(),
      ...(ttl > 0 ? { pausedUntil: Date.now() + ttl } : {}),
    });
  }
  return out;
}

/** A worker's `pid@host` from BullMQ's client list (its connection name ends with `:w:<name>`). */
function workerName(client: { [key: string]: string }): string {
  const raw = client.rawname ?? '';
  const at = raw.indexOf(':w:');
  return at >= 0 ? raw.slice(at + 3) : (client.id ?? '?');
}

/** Where a team job stands, as `list --queue` shows it. */
export type TeamJobState = 'waiting' | 'active' | 'completed' | 'failed' | 'delayed';

/** One job of the team queue with who submitted it and what the shared ledger knows. */
export interface TeamJob {
  jobId: string;
  provider: ProviderName;
  name?: string | undefined;
  submittedBy?: Submitter | undefined;
  /** ISO-8601. */
  enqueuedAt?: string | undefined;
  runId?: string | undefined;
  queueState: TeamJobState | 'unknown';
  stage?: GenerationStage | undefined;
  /** The provider's job ref, once known. */
  ref?: string | undefined;
  /** The shared ledger's record, once the provider accepted it. */
  record?: JobRecord | undefined;
  /** Why the queue job failed (no secret: worker messages are redacted). */
  failedReason?: string | undefined;
  /** Files in the shared folder (completed jobs). */
  files: string[];
  /** The cost estimate shown when it was enqueued. */
  estimate?: CostEstimate | undefined;
  /** The local media it carries (see `carryLocalMedia`). */
  media?: CarriedMedia[] | undefined;
}

/**
 * Every job of the team queues (newest first), joined with its generation state and the shared
 * ledger's record: {@link readTeamJobRows} (a bounded number of round trips, whatever the number of
 * jobs), with at most `limit` jobs per provider and queue state.
 */
export async function teamJobs(team: Team, limit = 1000): Promise<TeamJob[]> {
  return readTeamJobRows(team, { limit });
}
