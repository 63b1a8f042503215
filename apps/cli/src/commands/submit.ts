import { basename, dirname, resolve } from 'node:path';
import {
  formatEstimate,
  isDuplicateSubmitError,
  isSubmitInterruptedError,
  loadRequestFile,
  loadRequestFileFrom,
  type RequestFile,
  RequestFileError,
  type TakeParent,
} from '@ltx-jobs/core';
import { parseArgs, type SubmitArgs, SubmitArgsSchema } from '../args.js';
import { EnvSchema, loadConfig, requireKey, resolveHome } from '../config.js';
import { EXIT, exitCodeForError, worstExitCode } from '../exit-codes.js';
import { describeError, errorTypeOf } from '../output/format.js';
import { printRun } from '../output/print-run.js';
import { createProgressReporter, type ProgressReporter } from '../output/progress.js';
import { type JobSummary, summaryFromRecord } from '../output/summary.js';
import { noticeDeprecations, openRunner } from '../services.js';
import type { CommandContext } from './context.js';
import { enforceCostLimits, estimateRun, printDryRun, type RunEstimate } from './cost.js';
import { type SubmitCut, submitCut, unlessTimedOut } from './deadline.js';
import { followJob } from './follow-job.js';
import { type FromSource, fromParent, resolveFromSource } from './from-source.js';
import { isRunSubmit, submitRun } from './run-submit.js';
import { waitingForSlot } from './submit-phase.js';

/** Default output folder, next to the request file, when neither `--out` nor the file's `output` is given. */
export const DEFAULT_OUTPUT_FOLDER = 'ltx-output';

interface Loaded {
  file: string;
  request: RequestFile;
  /** With `--from <ref>`: the job the submitted one is a take of. */
  parent?: TakeParent | undefined;
}

/**
 * `ltx-jobs submit <file.ltx.json>... [--wait]`: validates every file first (nothing is sent when one
 * is bad), checks the keys, submits all (the runner's queue keeps the provider's concurrency), and
 * with `--wait` follows each job to its files. Returns the worst exit code.
 */
export async function runSubmit(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const args = parseArgs(SubmitArgsSchema, raw);
  const from =
    args.from === undefined
      ? undefined
      : await resolveFromSource(args.from, resolveHome(EnvSchema.parse(context.env)));
  if (await isRunSubmit(args.files)) return submitRun(args, context, from);
  const loaded = await loadAll(args.files, args.strict, from);
  printWarnings(loaded, context);
  const estimates = await estimateRun(loaded);
  if (args.dryRun) return printDryRun(estimates, args.json, context.io);
  const config = loadConfig(context.env);
  const providers = [...new Set(loaded.map((l) => l.request.provider))];
  for (const provider of providers) requireKey(config, provider);
  noticeDeprecations(providers, context.io);
  await enforceCostLimits(estimates, {
    maxCost: args.maxCost,
    dailyBudget: config.dailyBudget,
    home: config.home,
  });

  const reporter = createProgressReporter(context.progressStream, { bars: args.wait });
  const runner = await openRunner(config, providers, (line) => reporter.log(line), args.pollInterval);
  const deadline = args.timeout === undefined ? undefined : Date.now() + args.timeout * 1000;
  const cut = submitCut(context.interrupt.signal, deadline);
  try {
    const jobs = await Promise.all(
      loaded.map((l) => submitOne(l, args, { ...context, reporter, runner, deadline, cut, estimates })),
    );
    const exitCode = worstExitCode(jobs.map((j) => j.exitCode ?? EXIT.ok));
    reporter.stop();
    printRun({ exitCode, jobs }, args.json, context.io);
    if (!args.wait && !args.json) {
      for (const job of jobs)
        if (job.ref) context.io.stderr.write(`Follow with: ltx-jobs watch ${job.ref}\n`);
    }
    return exitCode;
  } finally {
    cut.dispose();
    reporter.stop();
    runner.dispose();
  }
}

/**
 * Reads and validates every file (with `--from`, its source put into each file's media field first);
 * throws an AggregateError of every file's problems (nothing is sent).
 */
async function loadAll(
  files: readonly string[],
  strict: boolean,
  from: FromSource | undefined,
): Promise<Loaded[]> {
  const load = async (path: string): Promise<Loaded> => {
    if (from === undefined) return { file: path, request: await loadRequestFile(path, { strict }) };
    const { file, field } = await loadRequestFileFrom(path, from.path, { strict });
    return { file: path, request: file, parent: fromParent(from, field) };
  };
  const results = await Promise.allSettled(files.map((f) => load(resolve(f))));
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1)
    throw new AggregateError(errors, `${errors.length} request files cannot be submitted`);
  return results.map((r) => (r as PromiseFulfilledResult<Loaded>).value);
}

/**
 * One `warning: file:line:col: $.path: message` line per note of the validator (a value newer than the
 * capability table, an unconfirmed feature), before anything is sent. useapi's retirement is the
 * once-per-run `notice:` instead.
 */
function printWarnings(loaded: readonly Loaded[], context: CommandContext): void {
  for (const { file, request } of loaded) {
    const notes = (request.warnings ?? []).filter((w) => w.code !== 'deprecated-provider');
    if (notes.length === 0) continue;
    const text = RequestFileError.describe(file, notes);
    context.io.stderr.write(`${text.replace(/^/gm, 'warning: ')}\n`);
  }
}

interface SubmitContext extends CommandContext {
  reporter: ProgressReporter;
  runner: Awaited<ReturnType<typeof openRunner>>;
  deadline: number | undefined;
  /** Cuts uploads and the wait for a slot on Ctrl-C or when --timeout passes. */
  cut: SubmitCut;
  estimates: RunEstimate;
}

async function submitOne(loaded: Loaded, args: SubmitArgs, context: SubmitContext): Promise<JobSummary> {
  const { runner, reporter } = context;
  const baseDir = dirname(loaded.file);
  const outputDir = args.out
    ? resolve(args.out)
    : resolve(baseDir, loaded.request.output ?? DEFAULT_OUTPUT_FOLDER);
  const label = loaded.request.name ?? basename(loaded.file).replace(/\.ltx\.json$/i, '');
  const estimate = context.estimates.files.find((f) => f.file === loaded.file)?.estimate;
  let record: Awaited<ReturnType<typeof runner.submit>>;
  try {
    const cost = estimate ? ` (${formatEstimate(estimate)})` : '';
    reporter.log(`${label}: submitting ${loaded.request.provider}:${loaded.request.endpoint}${cost}`);
    record = await runner.submit(loaded.request, {
      baseDir,
      requestFile: loaded.file,
      outputDir,
      allowDuplicate: args.allowDuplicate,
      ...(estimate === undefined ? {} : { estimate }),
      // Without --wait nobody here watches it: free its submit slot at once.
      willWatch: args.wait,
      signal: context.cut.signal,
      ...(loaded.parent === undefined ? {} : { parent: loaded.parent }),
      onPhase: (phase) => {
        if (phase.phase === 'waiting-for-slot') {
          reporter.log(`${label}: ${waitingForSlot(loaded.request.provider, phase)}`);
        }
      },
    });
  } catch (error) {
    return notSubmitted(loaded, unlessTimedOut(error, context.cut, args.timeout));
  }
  reporter.started(record.ref, record.name ?? label);
  reporter.log(`${record.name ?? label}: submitted as ${record.ref}`);
  if (!args.wait) return { ...summaryFromRecord(record), exitCode: EXIT.ok };
  return followJob(record.ref, {
    runner,
    reporter,
    signal: context.interrupt.signal,
    ...(context.deadline === undefined ? {} : { deadline: context.deadline }),
  });
}

function notSubmitted(loaded: Loaded, error: unknown): JobSummary {
  const exitCode = exitCodeForError(error);
  let message = describeError(error);
  if (isDuplicateSubmitError(error)) {
    // An intent (no job id yet) has no ref to watch: `status intent:<id>` tells what is known of it.
    message += error.intent
      ? `. See "ltx-jobs status ${error.previousRef}", or pass --allow-duplicate to submit again (billed again)`
      : `. Follow it with "ltx-jobs watch ${error.previousRef}", or pass --allow-duplicate to pay for a new one`;
  }
  return {
    file: loaded.file,
    // Sent but the answer was lost: the job may exist and be billed (the ledger keeps the intent).
    state: isSubmitInterruptedError(error) ? 'submit-interrupted' : 'not-submitted',
    artifacts: [],
    error: { type: errorTypeOf(error), message },
    reason: `${loaded.file}: ${message}`,
    exitCode,
  };
}
