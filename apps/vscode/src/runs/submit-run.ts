import { dirname } from 'node:path';
import {
  checkDailyBudget,
  type DuplicateRunError,
  formatRunTotal,
  formatUsd,
  isDuplicateRunError,
  isRequestFileError,
  newRunRecord,
  type PlannedJob,
  planRun,
  type RequestFileError,
  type RunPlan,
  type RunRecord,
  type RunTotal,
  refuseRepeats,
  requestOf,
  spentToday,
  sumEstimates,
} from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { CancelledError } from '../commands/command-error.js';
import { confirmBilled } from '../features/confirm-billed.js';
import { estimateRequest } from '../features/cost-estimate.js';
import { requireTrust } from '../features/trust.js';
import { isStrictValidation } from '../features/validation-setting.js';
import type { Services } from '../services/services.js';
import { outputDirFor, readSettings } from '../services/settings.js';
import { baseName, countOf } from '../view-model/format.js';
import { sendRun } from './send-run.js';

/** Options of {@link submitRun}. */
export interface SubmitRunOptions {
  /** Takes of each request ("Generate Variations…"): replaces `variations.count`. */
  count?: number;
}

/** Saves open, changed request files first, so the run sends what the editor shows. */
async function saveDirty(uris: readonly vscode.Uri[]): Promise<void> {
  const wanted = new Set(uris.map((u) => u.toString()));
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && wanted.has(document.uri.toString())) await document.save();
  }
}

/** Shows each invalid file's or line's problems as diagnostics, then one message; nothing was sent. */
function showPlanErrors(services: Services, error: unknown): never {
  const errors = error instanceof AggregateError ? error.errors : [error];
  if (!errors.every(isRequestFileError)) throw error;
  let problems = 0;
  for (const e of errors as RequestFileError[]) problems += services.diagnostics.showError(e);
  services.logger.warn(errors.map((e) => (e as Error).message).join('\n'));
  void vscode.window
    .showErrorMessage(
      `${countOf(problems, 'problem')} in ${countOf(errors.length, 'file or line', 'files or lines')}; nothing was sent.`,
      'Show Problems',
    )
    .then((choice) => {
      if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  throw new CancelledError();
}

/**
 * The run's name in the Jobs view: the plan's (`dawn ×4`, `shots.ltx.jsonl`), and for several request
 * files `3 files in batch` (the folder they share), so it never reads like one of its jobs.
 */
export function runName(plan: Pick<RunPlan, 'kind' | 'name' | 'sources'>): string {
  if (plan.kind !== 'files') return plan.name;
  const folders = new Set(plan.sources.map((s) => dirname(s)));
  const [only] = folders;
  return folders.size === 1 && only !== undefined
    ? `${plan.sources.length} files in ${baseName(only)}`
    : `${plan.sources.length} request files`;
}

/** Plans the run of `uris` (nothing sent): every job checked, with its output folder and estimate. */
export async function planRunOf(
  services: Services,
  uris: readonly vscode.Uri[],
  options: SubmitRunOptions = {},
): Promise<{ plan: RunPlan; jobs: PlannedJob[]; total: RunTotal }> {
  if (uris.some((u) => u.scheme !== 'file')) throw new Error('Only request files on disk can be submitted');
  await saveDirty(uris);
  const plan = await planRun(
    uris.map((u) => u.fsPath),
    { strict: isStrictValidation(uris[0]), ...(options.count === undefined ? {} : { count: options.count }) },
  ).catch((error: unknown) => showPlanErrors(services, error));
  const jobs = await Promise.all(
    plan.jobs.map(async (job): Promise<PlannedJob> => {
      const fileUri = vscode.Uri.file(job.requestFile);
      return {
        ...job,
        requestFile: fileUri.toString(),
        ...(job.manifest === undefined ? {} : { manifest: vscode.Uri.file(job.manifest).toString() }),
        outputDir: outputDirFor(fileUri, job.file.output),
        estimate: await estimateRequest(requestOf(job), job.baseDir),
      };
    }),
  );
  return { plan, jobs, total: sumEstimates(jobs.map((j) => j.estimate)) };
}

/**
 * Submits request files as one run: a file with `variations`, several files (the explorer's
 * multi-selection), or one file `count` times ("Generate Variations…"). Every job is planned and
 * checked first (one bad file or line sends nothing); a run whose jobs were submitted before is
 * refused unless the user chooses to submit again (billed again; the safe button is the default);
 * `ltxJobs.budget.daily` applies to the total and `ltxJobs.confirmAbove` asks above it; the run is
 * written down, then its jobs are sent as the provider's slots free. Returns the run; CancelledError
 * when the user stopped before anything was sent.
 */
export async function submitRun(
  services: Services,
  uris: readonly vscode.Uri[],
  options: SubmitRunOptions = {},
): Promise<RunRecord> {
  requireTrust('submit request files');
  services.unseenFailures.clear();
  const { plan, jobs, total } = await planRunOf(services, uris, options);
  for (const warning of plan.warnings) services.logger.warn(warning.message);
  const name = runName(plan);
  const allowDuplicate = await confirmRepeats(services, jobs, plan.repeats);
  const { dailyBudget } = readSettings();
  if (dailyBudget !== null) {
    checkDailyBudget(
      dailyBudget,
      spentToday(services.store.actionable(), Date.now()),
      total.usd,
      `these ${jobs.length} submits`,
    );
  }
  await confirmTotal(name, jobs, total);
  const run = newRunRecord({
    name,
    kind: plan.kind,
    sources: plan.sources.map((p) => vscode.Uri.file(p).toString()),
    jobs,
    total,
  });
  await services.runs.add(run);
  void services.revealRun(run.id);
  await sendRun(
    services,
    run,
    jobs.map((job) => ({ kind: 'submit', job, attempt: 1 })),
    allowDuplicate,
  );
  return run;
}

/**
 * With `ltxJobs.confirmAbove` set: asks before a run whose estimated total is above it (or has jobs
 * of unknown cost). CancelledError when declined.
 */
export async function confirmTotal(
  name: string,
  jobs: readonly PlannedJob[],
  total: RunTotal,
): Promise<void> {
  const { confirmAbove, ltxConcurrentJobs } = readSettings();
  if (confirmAbove === null || (total.unknown === 0 && total.usd <= confirmAbove)) return;
  const label = `Submit ${countOf(jobs.length, 'Job')}`;
  const listed = jobs
    .slice(0, 8)
    .map((j) => `• ${j.name}`)
    .join('\n');
  const answer = await vscode.window.showWarningMessage(
    `Submit ${countOf(jobs.length, 'LTX job')} (${name}), ${formatRunTotal(total)}?`,
    {
      modal: true,
      detail: `${listed}${jobs.length > 8 ? `\n… and ${jobs.length - 8} more` : ''}\n\nEach job is billed (an estimate, not a bill). You asked to confirm submits above ${formatUsd(confirmAbove)} (ltxJobs.confirmAbove). LTX runs ${ltxConcurrentJobs} at a time; the others wait for a free slot.`,
    },
    label,
  );
  if (answer !== label) throw new CancelledError();
}

/**
 * When jobs of the run were submitted before (or repeat each other), asks once: "Show Earlier Run"
 * (the default button: nothing is billed) or "Submit Again". True to send them anyway.
 */
async function confirmRepeats(
  services: Services,
  jobs: readonly PlannedJob[],
  repeats: RunPlan['repeats'],
): Promise<boolean> {
  try {
    refuseRepeats(jobs, services.store.list(), repeats, services.store.intents());
    return false;
  } catch (error) {
    if (!isDuplicateRunError(error)) throw error;
    const earlier = (error as DuplicateRunError).repeats.find((r) => r.previous !== undefined)?.previous;
    const answer = await confirmBilled(
      'Submit them again (billed again)?',
      (error as DuplicateRunError).message.replace(/\nNothing was sent$/, ''),
      earlier?.runId !== undefined ? 'Show Earlier Run' : 'Show Earlier Job',
      'Submit Again',
    );
    if (answer === 'safe' && earlier !== undefined) {
      if (earlier.runId !== undefined && services.runs.get(earlier.runId) !== undefined)
        await services.revealRun(earlier.runId);
      else await services.revealJob(earlier.ref);
    }
    if (answer !== 'billed') throw new CancelledError();
    return true;
  }
}
