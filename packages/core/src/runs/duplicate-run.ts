import { hasErrorName, LtxJobsError } from '../errors/ltx-jobs-error.js';
import type { JobRecord } from '../ledger/types.js';
import type { PendingSubmit } from './run-progress.js';
import type { PlannedJob } from './run-record.js';

/** One job of a run that would repeat a paid request: an earlier job, or an earlier job of this run. */
export interface RunRepeat {
  job: PlannedJob;
  /** The record with the same input hash, when it was submitted before. */
  previous?: JobRecord;
  /** The job of the same run with the same request. */
  sameAs?: PlannedJob;
}

/** A run refused before anything was sent because some of its jobs repeat paid requests (exit 7). */
export class DuplicateRunError extends LtxJobsError {
  readonly repeats: RunRepeat[];

  constructor(message: string, repeats: RunRepeat[]) {
    super(message, 'duplicate');
    this.name = 'DuplicateRunError';
    this.repeats = repeats;
  }
}

export const isDuplicateRunError = (e: unknown): e is DuplicateRunError =>
  hasErrorName(e, 'DuplicateRunError');

/** `dawn-v2 (shots.ltx.jsonl:7)`: a job for messages. */
export function describePlannedJob(job: PlannedJob): string {
  if (job.line === undefined) return job.name;
  const where = job.manifest ?? job.requestFile;
  return `${job.name} (${where.split(/[\\/]/).pop()}:${job.line})`;
}

/**
 * Throws {@link DuplicateRunError} when jobs of a planned run were submitted before (a record with
 * the same input hash: the same file with variations submitted again repeats every variant's hash)
 * or repeat each other (`sameAs`, e.g. two identical manifest lines), or are being submitted or were
 * interrupted after they were sent (`pending`, the ledger's intents). Nothing has been sent then.
 */
export function refuseRepeats(
  jobs: readonly PlannedJob[],
  records: readonly JobRecord[],
  inRun: readonly { job: PlannedJob; sameAs: PlannedJob }[] = [],
  pending: readonly PendingSubmit[] = [],
): void {
  const newest = new Map<string, JobRecord>();
  for (const record of records) {
    const seen = newest.get(record.inputHash);
    if (!seen || record.submittedAt > seen.submittedAt) newest.set(record.inputHash, record);
  }
  const before: RunRepeat[] = [];
  for (const job of jobs) {
    const previous = newest.get(job.inputHash);
    if (previous) before.push({ job, previous });
  }
  const busy = jobs.filter((job) => pending.some((p) => p.inputHash === job.inputHash));
  const lines: string[] = [];
  if (busy.length > 0) {
    const shown = busy.slice(0, 3).map(describePlannedJob).join(', ');
    lines.push(
      `${busy.length} of the ${jobs.length} jobs of this run are being submitted elsewhere, or were sent and their answer lost (they may have been billed): ${shown}${busy.length > 3 ? ', …' : ''}`,
    );
  }
  if (before.length > 0) {
    const runs = [...new Set(before.map((r) => r.previous?.runId).filter((id) => id !== undefined))];
    const whole =
      before.length === jobs.length
        ? `All ${jobs.length} jobs`
        : `${before.length} of the ${jobs.length} jobs`;
    const where = runs.length > 0 ? ` (run ${runs.join(', ')})` : '';
    const shown = before
      .slice(0, 3)
      .map((r) => `${describePlannedJob(r.job)} as ${r.previous?.ref}`)
      .join(', ');
    const more = before.length > 3 ? `, and ${before.length - 3} more` : '';
    lines.push(
      `${whole} of this run were submitted before${where}: ${shown}${more}; submitting them again would bill again`,
    );
  }
  for (const { job, sameAs } of inRun.slice(0, 5)) {
    lines.push(
      `${describePlannedJob(job)} is the same request as ${describePlannedJob(sameAs)}; it would be billed twice`,
    );
  }
  if (inRun.length > 5) lines.push(`and ${inRun.length - 5} more repeated requests`);
  if (lines.length === 0) return;
  throw new DuplicateRunError(`${lines.join('\n')}\nNothing was sent`, [
    ...before,
    ...inRun,
    ...busy.map((job) => ({ job })),
  ]);
}
