import type { JobState } from '../job.js';
import type { JobRecord } from '../ledger/types.js';
import { runInputHash } from './input-hash.js';
import type { PlannedJob, RunRecord } from './run-record.js';

/** Where one planned job of a run stands. */
export type RunJobState =
  | JobState
  /** No record and no submit in progress: it never got an id. */
  | 'not-submitted'
  /** A submit of it is under way (in this or another process). */
  | 'submitting'
  /** Its POST went out and the answer was lost: it may exist and be billed. */
  | 'interrupted'
  /** Stopped by the user (a state newer ledgers know). */
  | 'cancelled';

/** A submit without a job id yet, as far as the run view needs to know (see the ledger's intents). */
export interface PendingSubmit {
  inputHash: string;
  state: 'submitting' | 'interrupted';
}

/** One planned job with its records. */
export interface RunJobStatus {
  job: PlannedJob;
  /** The record of its latest attempt, if any got an id. */
  record?: JobRecord;
  /** Attempts that got an id. */
  attempts: number;
  state: RunJobState;
}

/** Counts of a run's jobs by where they stand. */
export interface RunCounts {
  total: number;
  succeeded: number;
  /** Failed or expired (what `run resume` submits again). */
  failed: number;
  /** Queued, running or not read yet at the provider, or being submitted. */
  running: number;
  notSubmitted: number;
  interrupted: number;
  cancelled: number;
}

/** A run's jobs and their aggregate. */
export interface RunProgress {
  run: RunRecord;
  jobs: RunJobStatus[];
  counts: RunCounts;
  /** `3/8 done, 1 failed, 2 running`. */
  text: string;
  /** True when nothing is running or being submitted (what is left needs `run resume`). */
  settled: boolean;
}

/** The input hash the next attempt of `job` claims. */
export function nextAttemptHash(run: RunRecord, job: PlannedJob, attempts: number): string {
  return runInputHash(job.file, { runId: run.id, variantKey: job.variantKey, attempt: attempts + 1 });
}

/** The state of a ledger record in a run (a record never read yet counts as queued). */
function recordState(record: JobRecord): RunJobState {
  return (record.job?.state as RunJobState | undefined) ?? 'queued';
}

/** `3/8 done, 1 failed, 2 running` (parts that are zero are left out). */
export function progressText(counts: RunCounts): string {
  const parts = [`${counts.succeeded}/${counts.total} done`];
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  if (counts.running > 0) parts.push(`${counts.running} running`);
  if (counts.interrupted > 0) parts.push(`${counts.interrupted} interrupted`);
  if (counts.cancelled > 0) parts.push(`${counts.cancelled} cancelled`);
  if (counts.notSubmitted > 0 && counts.notSubmitted < counts.total)
    parts.push(`${counts.notSubmitted} not sent`);
  return parts.join(', ');
}

/**
 * Joins a run's plan with the ledger: each planned job's latest attempt (records with the run's id
 * and the job's key, the highest `attempt` wins; a job recovered from an interrupted submit by the
 * attempt's input hash), or the submit of it still in progress or interrupted (`pending`, matched by
 * the next attempt's input hash), and the counts.
 */
export function runProgress(
  run: RunRecord,
  records: readonly JobRecord[],
  pending: readonly PendingSubmit[] = [],
): RunProgress {
  const byJob = new Map<string, JobRecord[]>();
  const add = (key: string, record: JobRecord) => byJob.set(key, [...(byJob.get(key) ?? []), record]);
  const recovered: JobRecord[] = [];
  for (const record of records) {
    if (record.runId === run.id && record.runJob !== undefined) add(record.runJob, record);
    else if (record.runId === undefined && record.intentId !== undefined) recovered.push(record);
  }
  // A job found again after its submit's answer was lost (useapi, by replyRef) is recorded from the
  // intent, without the run's fields: it is the attempt whose input hash it has.
  for (const record of recovered) {
    for (const job of run.jobs) {
      const tried = byJob.get(job.key)?.length ?? 0;
      const attempt = [1, tried, tried + 1].find(
        (n) =>
          n > 0 &&
          runInputHash(job.file, { runId: run.id, variantKey: job.variantKey, attempt: n }) ===
            record.inputHash,
      );
      if (attempt === undefined) continue;
      add(job.key, { ...record, attempt });
      break;
    }
  }
  const pendingByHash = new Map(pending.map((p) => [p.inputHash, p.state]));
  const jobs = run.jobs.map((job): RunJobStatus => {
    const attempts = byJob.get(job.key) ?? [];
    const record = attempts.reduce<JobRecord | undefined>(
      (latest, r) => (latest === undefined || (r.attempt ?? 1) >= (latest.attempt ?? 1) ? r : latest),
      undefined,
    );
    const inFlight = pendingByHash.get(nextAttemptHash(run, job, attempts.length));
    const state: RunJobState = inFlight ?? (record ? recordState(record) : 'not-submitted');
    return { job, ...(record ? { record } : {}), attempts: attempts.length, state };
  });
  return summarizeRunJobs(run, jobs);
}

/**
 * The counts and text of some of a run's jobs (all of them, or e.g. those from one request file), as
 * {@link runProgress} reports them.
 */
export function summarizeRunJobs(run: RunRecord, jobs: readonly RunJobStatus[]): RunProgress {
  const counts: RunCounts = {
    total: jobs.length,
    succeeded: 0,
    failed: 0,
    running: 0,
    notSubmitted: 0,
    interrupted: 0,
    cancelled: 0,
  };
  for (const { state } of jobs) {
    if (state === 'succeeded') counts.succeeded++;
    else if (state === 'failed' || state === 'expired') counts.failed++;
    else if (state === 'not-submitted') counts.notSubmitted++;
    else if (state === 'interrupted') counts.interrupted++;
    else if (state === 'cancelled') counts.cancelled++;
    else counts.running++;
  }
  return { run, jobs: [...jobs], counts, text: progressText(counts), settled: counts.running === 0 };
}
