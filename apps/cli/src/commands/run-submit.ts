import { resolve } from 'node:path';
import {
  DuplicateRunError,
  explainEstimate,
  isCsvManifest,
  isDuplicateRunError,
  isJsonlManifest,
  type PlannedJob,
  plannedJobSource,
  type RunPlan,
  readRequestText,
  refuseRepeats,
} from '@ltx-jobs/core';
import type { SubmitArgs } from '../args.js';
import { loadConfig, requireKey } from '../config.js';
import { EXIT } from '../exit-codes.js';
import type { Io } from '../output/print-run.js';
import { noticeDeprecations, readLedger } from '../services.js';
import type { CommandContext } from './context.js';
import { enforceCostLimits, type RunEstimate, totalLine } from './cost.js';
import type { FromSource } from './from-source.js';
import { planSubmit, runRecordOf } from './plan-submit.js';
import { openRunStore } from './run-jobs.js';
import { runSteps } from './run-steps.js';
import { DEFAULT_OUTPUT_FOLDER } from './submit.js';

/**
 * True when a submit of `files` is a run: several files, a manifest (`*.jsonl`, `*.csv`), or one
 * request file with `variations`. A single plain request file stays a single job.
 */
export async function isRunSubmit(files: readonly string[]): Promise<boolean> {
  if (files.length !== 1) return files.length > 1;
  const [file] = files as [string];
  if (isJsonlManifest(file) || isCsvManifest(file)) return true;
  try {
    const value = JSON.parse(await readRequestText(resolve(file)));
    return typeof value === 'object' && value !== null && 'variations' in value;
  } catch {
    return false; // the single-file path reports what is wrong with it
  }
}

/**
 * `ltx-jobs submit` of a run: plans every job (variations expanded, every manifest line checked;
 * nothing is sent if one is bad unless --skip-invalid), shows the run's total estimate, applies
 * --max-cost and the daily budget to it, refuses a run whose jobs were submitted before (exit 7,
 * unless --allow-duplicate), writes the run down, then submits every job through the provider's
 * slots (with --wait, following each to its files). The exit code and --json summary cover the run.
 * With `--from`, its file goes into each request file's media field (every job a take of it).
 */
export async function submitRun(
  args: SubmitArgs,
  context: CommandContext,
  from?: FromSource | undefined,
): Promise<number> {
  const { plan, estimates } = await planSubmit(args, context.io, from);
  const { stderr } = context.io;
  const jobs = plan.jobs.map((job, i): PlannedJob => {
    const estimate = estimates.files[i]?.estimate;
    const outputDir = args.out
      ? resolve(args.out)
      : resolve(job.baseDir, job.file.output ?? DEFAULT_OUTPUT_FOLDER);
    return { ...job, outputDir, ...(estimate === undefined ? {} : { estimate }) };
  });
  stderr.write(
    `run of ${jobs.length} job${jobs.length === 1 ? '' : 's'} (${plan.name}): ${totalLine(estimates, 'job')}\n`,
  );
  if (args.dryRun) return printRunDryRun(plan, jobs, estimates, args.json, context.io);

  const config = loadConfig(context.env);
  const providers = [...new Set(jobs.map((j) => j.file.provider))];
  for (const provider of providers) requireKey(config, provider);
  noticeDeprecations(providers, context.io);
  await enforceCostLimits(estimates, {
    maxCost: args.maxCost,
    dailyBudget: config.dailyBudget,
    home: config.home,
  });
  if (!args.allowDuplicate) {
    const { records, intents } = await readLedger(config.home);
    try {
      refuseRepeats(jobs, records, plan.repeats, intents);
    } catch (error) {
      if (!isDuplicateRunError(error)) throw error;
      const hint = 'Pass --allow-duplicate to submit them anyway (each is billed again)';
      throw new DuplicateRunError(`${error.message}. ${hint}`, error.repeats);
    }
  }

  const run = runRecordOf(plan, jobs, estimates);
  // Written down before the first POST, so `run resume` knows every job even after kill -9.
  await openRunStore(config.home).put(run);
  stderr.write(`run ${run.id}: ${run.name}\n`);

  const steps = jobs.map((job) => ({ kind: 'submit' as const, job, attempt: 1 }));
  return runSteps(steps, config, context, { run, providers, flags: args });
}

/** `submit --dry-run` of a run: each job's estimate and the total; nothing is sent (exit 0). */
function printRunDryRun(
  plan: RunPlan,
  jobs: readonly PlannedJob[],
  estimates: RunEstimate,
  json: boolean,
  io: Io,
): number {
  if (json) {
    const shown = jobs.map((j) => ({
      file: j.requestFile,
      ...(j.line === undefined ? {} : { line: j.line }),
      name: j.name,
      provider: j.file.provider,
      endpoint: j.file.endpoint,
      ...(j.variantKey === undefined ? {} : { variantKey: j.variantKey }),
      state: 'not-submitted',
      artifacts: [],
      ...(j.estimate === undefined ? {} : { estimate: j.estimate }),
    }));
    const run = { name: plan.name, kind: plan.kind, jobs: jobs.length };
    io.stdout.write(
      `${JSON.stringify({ exitCode: EXIT.ok, dryRun: true, run, jobs: shown, total: estimates.total }, null, 2)}\n`,
    );
  } else {
    for (const j of jobs) {
      const where = plannedJobSource(j);
      const cost = j.estimate ? explainEstimate(j.estimate) : 'cost unknown';
      io.stdout.write(`${j.name}  (${where})\n  ${j.file.provider}:${j.file.endpoint} ${cost}\n`);
    }
    io.stdout.write(`${totalLine(estimates, 'job')}\n`);
  }
  io.stderr.write('dry run: every job is valid; nothing was sent\n');
  return EXIT.ok;
}
