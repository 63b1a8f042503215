import { stat } from 'node:fs/promises';
import type { CoreJobRunner, Job } from '@ltx-jobs/core';
import { EXIT, exitCodeForError } from '../exit-codes.js';
import { describeError, errorTypeOf, jobFailureReason } from '../output/format.js';
import type { ProgressReporter } from '../output/progress.js';
import { type JobSummary, outcomeText, summaryFromRecord } from '../output/summary.js';

/** What following a job needs. */
export interface FollowContext {
  runner: CoreJobRunner;
  reporter: ProgressReporter;
  /** Cut by Ctrl-C: watching and downloading stop, the job goes on. */
  signal: AbortSignal;
  /** Epoch milliseconds after which watching stops (`--timeout`). */
  deadline?: number;
  /** Overrides the record's output folder (`--out`). */
  outputDir?: string;
}

/**
 * Follows a job in the ledger with the runner's watchAndDownload (watch until it ends, then download
 * every artifact not on disk yet) and turns the result into a summary. Never throws: the result carries the exit code and a one-line reason. The runner does the work.
 */
export async function followJob(ref: string, context: FollowContext): Promise<JobSummary> {
  const summary = await follow(ref, context);
  context.reporter.finished(ref, outcomeText(summary));
  return summary;
}

async function follow(ref: string, context: FollowContext): Promise<JobSummary> {
  const { runner, reporter, signal } = context;
  try {
    const { outcome } = await runner.watchAndDownload(ref, {
      signal,
      ...(context.deadline === undefined ? {} : { deadline: context.deadline }),
      ...(context.outputDir === undefined ? {} : { outputDir: context.outputDir }),
      onUpdate: (job) => reporter.update(ref, job),
      onProgress: (progress) => reporter.download(ref, progress),
    });
    const { job } = outcome;
    if (outcome.end === 'deadline' && job.state !== 'succeeded') {
      const message = `still ${job.state} when --timeout passed; the job goes on`;
      return withError(runner, ref, EXIT.networkTimeout, { type: 'deadline', message }, `${ref} ${message}`);
    }
    if (job.state === 'failed' || job.state === 'expired') {
      const code = job.state === 'expired' ? EXIT.expired : EXIT.jobFailed;
      const error = job.error ?? { type: job.state, message: job.message ?? job.state };
      return withError(runner, ref, code, error, jobFailureReason(ref, job));
    }
    return await checkArtifactsOnDisk(runner, ref, job);
  } catch (error) {
    const code = exitCodeForError(error);
    const message = code === EXIT.interrupted ? 'stopped watching; the job goes on' : describeError(error);
    return withError(runner, ref, code, { type: errorTypeOf(error), message }, `${ref}: ${message}`);
  }
}

/** Exit 0 only when the job succeeded and every artifact it lists is a complete file on disk. */
async function checkArtifactsOnDisk(runner: CoreJobRunner, ref: string, job: Job): Promise<JobSummary> {
  const summary = current(runner, ref);
  if (job.artifacts.length === 0) {
    const message = 'the provider reported success but listed no artifact';
    return withError(runner, ref, EXIT.jobFailed, { type: 'no_artifacts', message }, `${ref}: ${message}`);
  }
  for (const artifact of summary.artifacts) {
    const size = artifact.path
      ? await stat(artifact.path).then(
          (s) => s.size,
          () => -1,
        )
      : -1;
    if (size < 0 || (artifact.bytes !== undefined && size !== artifact.bytes)) {
      const message = `artifact ${artifact.label} is not on disk${artifact.path ? ` at ${artifact.path}` : ''}`;
      return withError(
        runner,
        ref,
        EXIT.internal,
        { type: 'missing_artifact', message },
        `${ref}: ${message}`,
      );
    }
  }
  return { ...summary, exitCode: EXIT.ok };
}

function current(runner: CoreJobRunner, ref: string): JobSummary {
  const record = runner.get(ref);
  return record ? summaryFromRecord(record) : { ref, state: 'unknown', artifacts: [] };
}

function withError(
  runner: CoreJobRunner,
  ref: string,
  exitCode: JobSummary['exitCode'] & number,
  error: { type: string; message: string },
  reason: string,
): JobSummary {
  return { ...current(runner, ref), exitCode, error, reason };
}
