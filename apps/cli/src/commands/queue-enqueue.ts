import { isDuplicateSubmitError, type PlannedJob, requestOf } from '@ltx-jobs/core';
import { type CarriedMedia, enqueueRequest, recordRunAttempt, type Team } from '@ltx-jobs/queue';
import { EXIT, exitCodeForError, worstExitCode } from '../exit-codes.js';
import { describeError, errorTypeOf } from '../output/format.js';
import { printRun } from '../output/print-run.js';
import type { JobSummary } from '../output/summary.js';
import type { CommandContext } from './context.js';
import { exitCodeOfTeamJob, submitterOf, summarizeTeamJob, waitForTeamJobs } from './queue-jobs.js';

/** How one planned job goes into the team queue. */
export interface EnqueuePlannedOptions {
  runId?: string | undefined;
  allowDuplicate: boolean;
  /** The queue job of the attempt this one replaces (`run resume --queue`). */
  retryOf?: string | undefined;
  /** The media that attempt carried, sent again (the local files may be on another machine). */
  media?: readonly CarriedMedia[] | undefined;
}

/** A job summary of `submit --queue` / `run resume --queue` with its queue job id once enqueued. */
export type QueuedSummary = JobSummary & { queue?: { jobId: string } };

/**
 * Puts one planned job in the team queue (its local media carried with it) and notes it as an
 * attempt of its run. Returns its summary: `queued`, or `not-submitted` with why (a duplicate names
 * the job that holds the input and how to follow it).
 */
export async function enqueuePlanned(
  team: Team,
  job: PlannedJob,
  options: EnqueuePlannedOptions,
  context: CommandContext,
): Promise<QueuedSummary> {
  const label = job.line === undefined ? job.requestFile : `${job.requestFile}:${job.line}`;
  try {
    const queued = await enqueueRequest(team, requestOf(job), {
      baseDir: job.baseDir,
      requestFile: job.requestFile,
      estimate: job.estimate,
      allowDuplicate: options.allowDuplicate,
      runId: options.runId,
      retryOf: options.retryOf,
      parent: job.parent,
      variantKey: job.variantKey,
      media: options.media,
    });
    if (options.runId) await recordRunAttempt(team, options.runId, job.key, queued.jobId);
    context.io.stderr.write(`${job.name}: queued as job ${queued.jobId} on ${team.target.shown}\n`);
    return {
      file: job.requestFile,
      name: job.name,
      state: 'queued',
      artifacts: [],
      queue: { jobId: queued.jobId },
    } as QueuedSummary;
  } catch (error) {
    const message = isDuplicateSubmitError(error)
      ? `${describeError(error)}. Follow it with "ltx-jobs watch --queue … ${error.previousRef}"`
      : describeError(error);
    return {
      file: job.requestFile,
      name: job.name,
      state: 'not-submitted',
      artifacts: [],
      error: { type: errorTypeOf(error), message },
      reason: `${label}: ${message}`,
      exitCode: exitCodeForError(error),
    } as QueuedSummary;
  }
}

/**
 * With `wait`, follows the team jobs of `jobs` (those with a queue job id) until their files are in
 * the shared folder, or the timeout; then prints the summary and returns the worst exit code.
 */
export async function finishTeamJobs(
  team: Team,
  jobs: QueuedSummary[],
  options: { wait: boolean; timeout?: number | undefined; json: boolean },
  context: CommandContext,
): Promise<number> {
  const ids = jobs.flatMap((j) => (j.queue?.jobId ? [j.queue.jobId] : []));
  if (options.wait && ids.length > 0) {
    const deadline = options.timeout === undefined ? undefined : Date.now() + options.timeout * 1000;
    const ended = await waitForTeamJobs(team, ids, {
      signal: context.interrupt.signal,
      deadline,
      onChange: (job) =>
        context.io.stderr.write(
          `${job.name ?? job.jobId}: ${job.queueState}${job.stage ? ` (${job.stage})` : ''}${job.ref ? ` ${job.ref}` : ''} — by ${submitterOf(job)}\n`,
        ),
    });
    for (const job of ended) {
      const index = jobs.findIndex((j) => j.queue?.jobId === job.jobId);
      const before = jobs[index];
      if (before)
        jobs[index] = {
          ...summarizeTeamJob(job),
          file: before.file,
          exitCode: exitCodeOfTeamJob(job),
        } as QueuedSummary;
    }
  }
  const exitCode = worstExitCode(jobs.map((j) => j.exitCode ?? EXIT.ok));
  printRun({ exitCode, jobs }, options.json, context.io);
  return exitCode;
}
