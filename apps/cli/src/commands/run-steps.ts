import { type ProviderName, type ResumeStep, type RunRecord, runProgress } from '@ltx-jobs/core';
import type { CliConfig } from '../config.js';
import { EXIT, worstExitCode } from '../exit-codes.js';
import { type Io, printRun } from '../output/print-run.js';
import { createProgressReporter } from '../output/progress.js';
import { openRunner } from '../services.js';
import type { CommandContext } from './context.js';
import { carryOut, runInfo } from './run-jobs.js';

/** The flags `run submit` and `run resume` share, as parsed (their args objects pass as they are). */
export interface RunFlags {
  wait: boolean;
  allowDuplicate: boolean;
  json: boolean;
  /** `--timeout`, seconds, for the whole command. */
  timeout?: number | undefined;
  pollInterval?: number | undefined;
}

/** How `run submit` / `run resume` carry out their steps. */
export interface RunStepsOptions {
  run: RunRecord;
  providers: readonly ProviderName[];
  flags: RunFlags;
  /** `--out` of `run resume`: where followed jobs download. */
  outputDir?: string | undefined;
}

/**
 * Opens a runner for the run's providers, carries out `steps` (bars only with `--wait`), prints the
 * run's summary and its last line, and returns the worst exit code of its jobs.
 */
export async function runSteps(
  steps: readonly ResumeStep[],
  config: CliConfig,
  context: CommandContext,
  options: RunStepsOptions,
): Promise<number> {
  const { run } = options;
  const { wait } = options.flags;
  const reporter = createProgressReporter(context.progressStream, { bars: wait });
  const runner = await openRunner(
    config,
    options.providers,
    (line) => reporter.log(line),
    options.flags.pollInterval,
  );
  try {
    const summaries = await carryOut(steps, {
      ...context,
      runner,
      reporter,
      config,
      run,
      wait,
      allowDuplicate: options.flags.allowDuplicate,
      deadline: options.flags.timeout === undefined ? undefined : Date.now() + options.flags.timeout * 1000,
      outputDir: options.outputDir,
    });
    reporter.stop();
    const exitCode = worstExitCode(summaries.map((s) => s.exitCode ?? EXIT.ok));
    const progress = runProgress(run, runner.list(), runner.intents());
    printRun({ exitCode, run: runInfo(progress), jobs: summaries }, options.flags.json, context.io);
    printRunEnd(run.id, progress.text, exitCode, wait, context.io);
    return exitCode;
  } finally {
    reporter.stop();
    runner.dispose();
  }
}

/** The last stderr line of a run: where it stands and how to go on. */
export function printRunEnd(id: string, progress: string, exitCode: number, wait: boolean, io: Io): void {
  const next =
    exitCode === EXIT.ok
      ? ''
      : `. ${wait ? 'Submit again what failed' : 'Follow it'} with: ltx-jobs run resume ${id}`;
  io.stderr.write(`run ${id}: ${progress}${next}\n`);
}
