import { resolve } from 'node:path';
import { planResume, type ResumeStep } from '@ltx-jobs/core';
import { parseArgs, RunResumeArgsSchema } from '../args.js';
import { loadConfig, requireKey } from '../config.js';
import { noticeDeprecations } from '../services.js';
import type { CommandContext } from './context.js';
import { enforceCostLimits, plannedEstimate, type RunEstimate, totalLine } from './cost.js';
import { loadRun } from './run-status.js';
import { runSteps } from './run-steps.js';

/** The estimate of the jobs a resume submits again (their planned estimates). */
function resubmitEstimate(steps: readonly ResumeStep[]): RunEstimate {
  return plannedEstimate(steps.flatMap((s) => (s.kind === 'submit' ? [s.job] : [])));
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

  return runSteps(args.wait ? steps : steps.filter((s) => s.kind !== 'follow'), config, context, {
    run,
    providers,
    flags: args,
    outputDir: args.out === undefined ? undefined : resolve(args.out),
  });
}
