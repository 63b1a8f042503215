import { resolve } from 'node:path';
import { planResume, type ResumeStep, runProgress, sumEstimates } from '@ltx-jobs/core';
import { parseArgs, RunResumeArgsSchema } from '../args.js';
import { loadConfig, requireKey } from '../config.js';
import { EXIT, worstExitCode } from '../exit-codes.js';
import { printRun } from '../output/print-run.js';
import { createProgressReporter } from '../output/progress.js';
import { noticeDeprecations, openRunner } from '../services.js';
import type { CommandContext } from './context.js';
import { enforceCostLimits, type RunEstimate, totalLine } from './cost.js';
import { carryOut, runInfo } from './run-jobs.js';
import { loadRun } from './run-status.js';
import { printRunEnd } from './run-submit.js';

/** The estimate of the jobs a resume submits again (their planned estimates). */
function resubmitEstimate(steps: readonly ResumeStep[]): RunEstimate {
  const files = steps.flatMap((s) =>
    s.kind === 'submit' && s.job.estimate
      ? [
          {
            file: s.job.requestFile,
            name: s.job.name,
            provider: s.job.file.provider,
            endpoint: s.job.file.endpoint,
            estimate: s.job.estimate,
          },
        ]
      : [],
  );
  return { files, total: sumEstimates(files.map((f) => f.estimate)) };
}

function count(steps: readonly ResumeStep[], kind: ResumeStep['kind']): number {
  return steps.filter((s) => s.kind === kind).length;
}

/**
 * `ltx-jobs run resume <run>`: submits again only the run's jobs that never got an id or ended
 * failed/expired (each as a new attempt), never one that succeeded or is running: those are followed
 * to their files (only missing downloads are fetched). With --no-wait it only submits. The estimate
 * of what is submitted again is shown first and --max-cost applies to it. The exit code and --json
 * summary cover the whole run.
 */
export async function runRunResume(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const args = parseArgs(RunResumeArgsSchema, raw);
  const config = loadConfig(context.env);
  const progress = await loadRun(config.home, args.run);
  const { run } = progress;
  const steps = planResume(progress, { allowDuplicate: args.allowDuplicate });
  const resubmit = count(steps, 'submit');
  const estimate = resubmitEstimate(steps);
  const { stderr } = context.io;
  const parts = [
    `submitting ${resubmit} again`,
    `following ${count(steps, 'follow')}`,
    ...(count(steps, 'skip') > 0 ? [`leaving ${count(steps, 'skip')} alone`] : []),
  ];
  stderr.write(`run ${run.id} (${run.name}): ${progress.text}; ${parts.join(', ')}\n`);
  if (resubmit > 0) stderr.write(`resubmit ${totalLine(estimate, 'job')}\n`);
  const providers = [...new Set(steps.filter((s) => s.kind !== 'skip').map((s) => s.job.file.provider))];
  for (const provider of providers) requireKey(config, provider);
  noticeDeprecations(providers, context.io);
  await enforceCostLimits(estimate, {
    maxCost: args.maxCost,
    dailyBudget: config.dailyBudget,
    home: config.home,
  });

  const reporter = createProgressReporter(context.progressStream, { bars: args.wait });
  const runner = await openRunner(config, providers, (line) => reporter.log(line), args.pollInterval);
  try {
    const summaries = await carryOut(args.wait ? steps : steps.filter((s) => s.kind !== 'follow'), {
      ...context,
      runner,
      reporter,
      config,
      run,
      wait: args.wait,
      allowDuplicate: args.allowDuplicate,
      deadline: args.timeout === undefined ? undefined : Date.now() + args.timeout * 1000,
      outputDir: args.out === undefined ? undefined : resolve(args.out),
    });
    reporter.stop();
    const exitCode = worstExitCode(summaries.map((s) => s.exitCode ?? EXIT.ok));
    const after = runProgress(run, runner.list(), runner.intents());
    printRun({ exitCode, run: runInfo(after), jobs: summaries }, args.json, context.io);
    printRunEnd(run.id, after.text, exitCode, args.wait, context.io);
    return exitCode;
  } finally {
    reporter.stop();
    runner.dispose();
  }
}
