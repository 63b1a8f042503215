// Team-queue jobs (as packages/queue reads them) -> rows of the Jobs view. Pure: the reader
// (team-reader.ts, in dist/team.js) maps every job it reads with these.
import { isAbsolute, join, relative } from 'node:path';
import type { Job, JobRecord } from '@ltx-jobs/core';
import type { TeamJobRow } from '@ltx-jobs/queue';
import { queueRef, type TeamQueueState, type TeamRow } from './team-row.js';

/** What the mapping needs besides the job. */
export interface TeamRowOptions {
  /** The queue's URL without its password. */
  queue: string;
  /**
   * Where the workers' shared folder (`ltx-jobs worker --out`) is on this machine, when it is mounted
   * at another path than on the workers; blank: the same path.
   */
  sharedFolder: string;
  /** True when a file is on this machine (the extension checks the disk; tests pass a set). */
  exists(path: string): boolean;
  /** `user@host` of this window's submits (`LTX_JOBS_USER`, else the OS user). */
  me: string;
}

/**
 * The row of one team job. Once the provider accepted it, its record is the shared ledger's (state,
 * progress, artifacts and the files the worker saved, their paths moved under `sharedFolder`);
 * before, one is made from the queue job (ref `queue:<id>`, state `queued`, or `failed` with the
 * worker's reason). Team rows never join a local run.
 */
export function teamRowOf(job: TeamJobRow, options: TeamRowOptions): TeamRow {
  const by = job.submittedBy ? `${job.submittedBy.user}@${job.submittedBy.host}` : 'someone (unknown)';
  const base = job.record ?? queueRecord(job);
  const { runId: _run, runJob: _runJob, ...rest } = base;
  const downloads = base.downloads.map((d) => ({ ...d, path: localPath(d.path, base.outputDir, options) }));
  const record: JobRecord = {
    ...rest,
    name: base.name ?? job.name,
    downloads,
    // The worker follows it: shown as watched until it ends.
    watching: true,
  };
  return {
    record,
    info: {
      jobId: job.jobId,
      by,
      mine: by === options.me,
      runId: job.runId,
      queueState: job.queueState as TeamQueueState,
      stage: job.stage,
      worker: job.worker,
      failedReason: job.failedReason,
      queue: options.queue,
      unreachable: downloads.map((d) => d.path).filter((path) => !options.exists(path)),
    },
  };
}

/** A file the worker saved, as this machine sees it (under `sharedFolder` when that is set). */
export function localPath(path: string, workerOut: string | undefined, options: TeamRowOptions): string {
  const shared = options.sharedFolder.trim();
  if (shared === '' || workerOut === undefined) return path;
  const inside = relative(workerOut, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return path;
  return join(shared, inside);
}

/** The record of a team job the provider has not accepted (or never will): made from the queue job. */
function queueRecord(job: TeamJobRow): JobRecord {
  const at = job.enqueuedAt ?? new Date(job.queuedAt ?? 0).toISOString();
  const state: Job = {
    provider: job.provider,
    endpoint: job.endpoint ?? 'unknown',
    id: job.jobId,
    state: job.queueState === 'failed' ? 'failed' : 'queued',
    artifacts: [],
    // Stable between reads (the row only changes when the job does).
    updatedAt: new Date(job.endedAt ?? job.startedAt ?? job.queuedAt ?? 0).toISOString(),
    raw: null,
  };
  if (job.queueState === 'failed') {
    state.error =
      job.stage === 'interrupted'
        ? {
            type: 'submit_interrupted',
            message: 'submit interrupted: it may have been billed; it is never sent again',
          }
        : { type: 'queue_job_failed', message: job.failedReason ?? 'failed in the team queue' };
    if (job.endedAt !== undefined) state.completedAt = new Date(job.endedAt).toISOString();
  }
  return {
    ref: queueRef(job.jobId),
    provider: job.provider,
    endpoint: job.endpoint ?? 'unknown',
    id: job.jobId,
    ...(job.name === undefined ? {} : { name: job.name }),
    ...(job.requestFile === undefined ? {} : { requestFile: job.requestFile }),
    request: job.request,
    inputHash: '',
    submittedAt: at,
    job: state,
    downloads: [],
    ...(job.estimate === undefined ? {} : { estimate: job.estimate }),
    watching: true,
  };
}
