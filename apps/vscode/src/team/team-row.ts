// What the Jobs view shows of a team-queue job (issue 14) besides its record. Pure and free of the
// queue's code (BullMQ and ioredis load only in dist/team.js): the main bundle imports this.
import type { JobRecord } from '@ltx-jobs/core';
import { escapeMarkdown } from '../view-model/format.js';
import { stateLabel } from '../view-model/job-state.js';

/** Where a team job is in the queue (BullMQ's state, as `ltx-jobs list --queue` names it). */
export type TeamQueueState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'unknown';

/** A team job's row: its record (the shared ledger's, or one made from the queue job) and the rest. */
export interface TeamRow {
  record: JobRecord;
  info: TeamRowInfo;
}

/** What a team job's row shows besides its record. */
export interface TeamRowInfo {
  /** The queue job's id (`ltx-jobs status --queue … <id>`). */
  jobId: string;
  /** `user@host` of who submitted it. */
  by: string;
  /** Submitted from this machine by this user (its end is told here). */
  mine: boolean;
  /** The team run it belongs to (several files or takes submitted together), if any. */
  runId?: string | undefined;
  queueState: TeamQueueState;
  /** Where the worker has its generation: preparing, waiting-for-slot, posting, polling, downloading, done, interrupted. */
  stage?: string | undefined;
  /** `pid@host` of the worker that last moved it. */
  worker?: string | undefined;
  /** Why the queue job failed (the worker's message, passwords redacted). */
  failedReason?: string | undefined;
  /** The queue's URL without its password. */
  queue: string;
  /** Files of the job in the shared folder that this machine cannot reach (paths as the worker wrote them). */
  unreachable: string[];
}

/** The ref of a team job the provider has not accepted yet (no provider id): `queue:<job id>`. */
export function queueRef(jobId: string): string {
  return `queue:${jobId}`;
}

/** The state words of a team row: where the worker is until the provider's state says more. */
export function teamStateLabel(record: JobRecord, info: TeamRowInfo): string {
  if (info.stage === 'interrupted') return 'submit interrupted';
  if (info.queueState === 'waiting') return 'waiting for a worker';
  if (info.queueState === 'delayed' || info.stage === 'waiting-for-slot')
    return 'waiting for an account slot';
  if (info.queueState === 'active') {
    if (info.stage === undefined || info.stage === 'preparing') return 'preparing';
    if (info.stage === 'posting') return 'sending';
    if (info.stage === 'downloading') return 'downloading';
  }
  return stateLabel({ ...record, watching: true });
}

/** The tooltip lines (Markdown) of a team row. */
export function teamTooltipLines(info: TeamRowInfo): string[] {
  const lines = [
    '',
    `Team queue job \`${info.jobId}\` on ${escapeMarkdown(info.queue)}, submitted by **${escapeMarkdown(info.by)}**.`,
    `- Queue: ${info.queueState}${info.stage === undefined ? '' : ` (${info.stage})`}${info.worker === undefined ? '' : ` · worker ${escapeMarkdown(info.worker)}`}`,
  ];
  if (info.failedReason !== undefined) lines.push(`- Failed: ${escapeMarkdown(info.failedReason)}`);
  if (info.stage === 'interrupted')
    lines.push('- Its POST was cut off: it may have been billed and is never sent again.');
  for (const path of info.unreachable)
    lines.push(`- In the shared folder at \`${path}\` (not reachable from this machine)`);
  lines.push(
    '',
    'A team worker follows and downloads it; this window only shows it (refreshed every few seconds).',
  );
  return lines;
}

/**
 * Why a team job's file cannot be opened here: where it is (the worker's shared folder) and what to
 * do, or that the worker has not written it yet.
 */
export function teamFileMessage(record: JobRecord, info: TeamRowInfo, label: string): string {
  const path = record.downloads.find((d) => d.label === label)?.path;
  const name = record.name ?? info.jobId;
  if (path === undefined)
    return `The team's worker has not saved ${label} of "${name}" yet (${teamStateLabel(record, info)}); it lands in the workers' shared folder (ltx-jobs worker --out).`;
  return `${label} of "${name}" is in the team's shared folder at ${path}, which this machine cannot reach. Mount that folder here and set ltxJobs.queue.sharedFolder to where it is, or open it on a machine that has it.`;
}
