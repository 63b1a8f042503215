import {
  newRunRecord,
  type PlannedJob,
  planRun,
  type RunPlan,
  type RunRecord,
  requestOf,
} from '@ltx-jobs/core';
import type { Io } from '../output/print-run.js';
import { estimateRun, type RunEstimate } from './cost.js';
import { type FromSource, fromParent } from './from-source.js';

/** What a submit plans from: its files and the options that shape the jobs. */
export interface PlanSubmitArgs {
  files: string[];
  strict: boolean;
  template?: string | undefined;
  skipInvalid: boolean;
}

/**
 * Plans the jobs of a submit (variations expanded, manifests read, `--from` filled in), prints the
 * plan's warnings and skipped lines on stderr, and estimates each job (`estimates.files[i]` is
 * `plan.jobs[i]`'s). Throws when an input is bad (nothing is sent).
 */
export async function planSubmit(
  args: PlanSubmitArgs,
  io: Io,
  from?: FromSource | undefined,
): Promise<{ plan: RunPlan; estimates: RunEstimate }> {
  const plan = await planRun(args.files, {
    strict: args.strict,
    template: args.template,
    skipInvalid: args.skipInvalid,
    ...(from === undefined ? {} : { from: { path: from.path, parent: (field) => fromParent(from, field) } }),
  });
  for (const warning of plan.warnings) io.stderr.write(`${warning.message.replace(/^/gm, 'warning: ')}\n`);
  for (const s of plan.skipped) io.stderr.write(`skipped: ${s.where}: ${s.message}\n`);
  const estimates = await estimateRun(
    plan.jobs.map((j) => ({ file: j.requestFile, request: requestOf(j), baseDir: j.baseDir })),
  );
  return { plan, estimates };
}

/** The record of a run about to be sent: its plan, its jobs as they will be sent, and its total. */
export function runRecordOf(plan: RunPlan, jobs: PlannedJob[], estimates: RunEstimate): RunRecord {
  return newRunRecord({
    name: plan.name,
    kind: plan.kind,
    sources: plan.sources,
    jobs,
    ...(plan.skipped.length > 0 ? { skipped: plan.skipped } : {}),
    total: estimates.total,
  });
}
