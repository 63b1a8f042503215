import { join } from 'node:path';
import {
  type CoreJobRunner,
  createFileRunStore,
  DEFAULT_CONCURRENT_JOBS,
  formatEstimate,
  isDuplicateSubmitError,
  type PlannedJob,
  plannedJobSource,
  type ResumeStep,
  type RunProgress,
  type RunRecord,
  type RunStore,
  requestOf,
  runEach,
} from '@ltx-jobs/core';
import type { CliConfig } from '../config.js';
import { EXIT, exitCodeForError } from '../exit-codes.js';
import { describeError, errorTypeOf } from '../output/format.js';
import type { ProgressReporter } from '../output/progress.js';
import { type JobSummary, summaryFromRecord } from '../output/summary.js';
import type { CommandContext } from './context.js';
import { submitCut, unlessTimedOut } from './deadline.js';
import { followJob } from './follow-job.js';
import { waitingForSlot } from './submit-phase.js';

/** The runs of the ledger in `home`: one JSON file per run in `<home>/runs/`. */
export function openRunStore(home: string): RunStore {
  return createFileRunStore(join(home, 'runs'));
}

/** What `--json` says about the run as a whole (next to `jobs`). */
export interface RunInfo {
  id: string;
  name: string;
  kind: RunRecord['kind'];
  /** `45/50 done, 5 failed`. */
  progress: string;
  counts: RunProgress['counts'];
  total?: RunRecord['total'];
}

/** The run part of a `--json` summary. */
export function runInfo(progress: RunProgress): RunInfo {
  const { run } = progress;
  return {
    id: run.id,
    name: run.name,
    kind: run.kind,
    progress: progress.text,
    counts: progress.counts,
    ...(run.total === undefined ? {} : { total: run.total }),
  };
}

/** What carrying out a run's steps needs. */
export interface RunJobsContext extends CommandContext {
  runner: CoreJobRunner;
  reporter: ProgressReporter;
  config: CliConfig;
  run: RunRecord;
  wait: boolean;
  allowDuplicate: boolean;
  deadline: number | undefined;
  /** `--out` given to `run resume`: where followed jobs download. */
  outputDir?: string | undefined;
}

/**
 * Carries out a run's steps: submits (through {@link runEach}: per provider as many on their way as
 * it has slots, the next the moment one frees, one failure stopping nothing) and, with `wait`,
 * follows each submitted job to its files; follows the `follow` steps at once; reports `skip` steps.
 * Returns one summary per step, in the run's order, each with its own exit code.
 */
export async function carryOut(steps: readonly ResumeStep[], context: RunJobsContext): Promise<JobSummary[]> {
  const { run, runner, reporter } = context;
  const attemptOf = new Map<string, number>();
  for (const step of steps) if (step.kind === 'submit') attemptOf.set(step.job.key, step.attempt);
  const follows = steps.map((step) =>
    step.kind === 'follow' ? follow(step.record.ref, step.job, context) : undefined,
  );
  const toSubmit = steps.flatMap((s) => (s.kind === 'submit' ? [s.job] : []));
  const lanes = { ltx: context.config.ltx.concurrentJobs ?? DEFAULT_CONCURRENT_JOBS.ltx };
  // Ctrl-C or --timeout stops uploads, waits for a slot and submits not yet sent (a POST on its way is answered).
  const cut = submitCut(context.interrupt.signal, context.deadline);
  const timeoutSeconds = context.deadline === undefined ? undefined : (context.deadline - Date.now()) / 1000;
  const submitted = await runEach(toSubmit, {
    lanes,
    signal: cut.signal,
    submit(job) {
      const attempt = attemptOf.get(job.key) ?? 1;
      const cost = job.estimate ? ` (${formatEstimate(job.estimate)})` : '';
      const again = attempt > 1 ? `, attempt ${attempt}` : '';
      reporter.log(`${job.name}: submitting ${job.file.provider}:${job.file.endpoint}${cost}${again}`);
      return runner.submit(requestOf(job), {
        baseDir: job.baseDir,
        requestFile: job.requestFile,
        ...(job.outputDir === undefined ? {} : { outputDir: job.outputDir }),
        ...(job.estimate === undefined ? {} : { estimate: job.estimate }),
        ...(job.parent === undefined ? {} : { parent: job.parent }),
        allowDuplicate: context.allowDuplicate,
        // Held until the job is seen to end, so the next job starts the moment a slot frees.
        willWatch: true,
        signal: cut.signal,
        run: { runId: run.id, job: job.key, variantKey: job.variantKey, attempt },
        onPhase: (phase) => {
          if (phase.phase !== 'waiting-for-slot') return;
          reporter.log(`${job.name}: ${waitingForSlot(job.file.provider, phase)}`);
        },
      });
    },
    async after(job, end) {
      if ('error' in end) return notSubmitted(job, unlessTimedOut(end.error, cut, timeoutSeconds));
      reporter.started(end.record.ref, job.name);
      reporter.log(`${job.name}: submitted as ${end.record.ref}`);
      if (!context.wait) return { ...summaryFromRecord(end.record), exitCode: EXIT.ok };
      return follow(end.record.ref, job, context);
    },
  }).finally(() => cut.dispose());
  const bySubmit = new Map(toSubmit.map((job, i) => [job.key, submitted[i]]));
  return Promise.all(
    steps.map(async (step, i): Promise<JobSummary> => {
      if (step.kind === 'follow') return (await follows[i]) as JobSummary;
      if (step.kind === 'skip') return skipped(step);
      const result = bySubmit.get(step.job.key);
      if (result?.status === 'fulfilled') return result.value;
      return notSubmitted(step.job, result?.reason);
    }),
  );
}

function follow(ref: string, job: PlannedJob, context: RunJobsContext): Promise<JobSummary> {
  context.reporter.started(ref, job.name);
  return followJob(ref, {
    runner: context.runner,
    reporter: context.reporter,
    signal: context.interrupt.signal,
    ...(context.deadline === undefined ? {} : { deadline: context.deadline }),
    ...(context.outputDir === undefined ? {} : { outputDir: context.outputDir }),
  });
}

function notSubmitted(job: PlannedJob, error: unknown): JobSummary {
  const exitCode = exitCodeForError(error);
  let message = exitCode === EXIT.interrupted ? 'not submitted: interrupted' : describeError(error);
  if (isDuplicateSubmitError(error)) message += '. Pass --allow-duplicate to pay for a new one';
  return {
    file: job.requestFile,
    name: job.name,
    state: 'not-submitted',
    artifacts: [],
    ...(job.estimate === undefined ? {} : { estimate: job.estimate }),
    error: { type: errorTypeOf(error), message },
    reason: `${job.name} (${plannedJobSource(job)}): ${message}`,
    exitCode,
  };
}

function skipped(step: Extract<ResumeStep, { kind: 'skip' }>): JobSummary {
  const base: JobSummary = step.record
    ? summaryFromRecord(step.record)
    : { file: step.job.requestFile, name: step.job.name, state: 'not-submitted', artifacts: [] };
  // An interrupted submit may have been billed (like a duplicate, only --allow-duplicate sends it
  // again); one still being submitted elsewhere may yet work out; a cancelled job did not succeed.
  const exitCode = {
    interrupted: EXIT.duplicate,
    submitting: EXIT.networkTimeout,
    cancelled: EXIT.jobFailed,
  }[step.why];
  return {
    ...base,
    name: step.job.name,
    error: { type: `${step.why}`, message: step.reason },
    reason: `${step.job.name}: not resubmitted: ${step.reason}`,
    exitCode,
  };
}
