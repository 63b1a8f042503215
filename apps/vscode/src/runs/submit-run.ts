import {
  checkDailyBudget,
  type DuplicateRunError,
  formatRunTotal,
  isDuplicateRunError,
  isRequestFileError,
  newRunId,
  type PlannedJob,
  planRun,
  type RequestFileError,
  type ResumeStep,
  type RunRecord,
  refuseRepeats,
  requestOf,
  spentToday,
  sumEstimates,
} from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { CancelledError } from '../commands/command-error.js';
import { estimateRequest } from '../features/cost-estimate.js';
import { requireTrust } from '../features/trust.js';
import { isStrictValidation } from '../features/validation-setting.js';
import type { Services } from '../services/services.js';
import { outputDirFor, readSettings } from '../services/settings.js';
import type { RunJobResult, Runs } from './runs.js';

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
      `${problems} problem${problems === 1 ? '' : 's'} in ${errors.length} file${errors.length === 1 ? '' : 's'} or line${errors.length === 1 ? '' : 's'}; nothing was sent.`,
      'Show Problems',
    )
    .then((choice) => {
      if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  throw new CancelledError();
}

/**
 * Submits request files (a file with `variations`, several files, a `*.ltx.jsonl` manifest, or one
 * file `count` times) as one run: every job planned and checked first (nothing is sent when one is
 * bad), their total estimate confirmed (and `ltxJobs.budget.daily` applied to it), a run whose jobs
 * were submitted before confirmed as billed again, the run written down, then its jobs sent as the
 * provider's slots free, with a cancellable notification. Returns the run.
 */
export async function submitRun(
  services: Services,
  runs: Runs,
  uris: readonly vscode.Uri[],
  options: SubmitRunOptions = {},
): Promise<RunRecord> {
  requireTrust('submit request files');
  if (uris.some((u) => u.scheme !== 'file')) throw new Error('Only request files on disk can be submitted');
  await saveDirty(uris);
  const plan = await planRun(
    uris.map((u) => u.fsPath),
    { strict: isStrictValidation(uris[0]), ...(options.count === undefined ? {} : { count: options.count }) },
  ).catch((error: unknown) => showPlanErrors(services, error));
  const jobs = await Promise.all(
    plan.jobs.map(async (job): Promise<PlannedJob> => {
      const fileUri = vscode.Uri.file(job.requestFile);
      const source = job.manifest === undefined ? fileUri : vscode.Uri.file(job.manifest);
      return {
        ...job,
        requestFile: fileUri.toString(),
        ...(job.manifest === undefined ? {} : { manifest: source.toString() }),
        outputDir: outputDirFor(fileUri, job.file.output),
        estimate: await estimateRequest(requestOf(job), job.baseDir),
      };
    }),
  );
  const total = sumEstimates(jobs.map((j) => j.estimate));
  const { dailyBudget } = readSettings();
  if (dailyBudget !== null) {
    checkDailyBudget(
      dailyBudget,
      spentToday(services.store.list(), Date.now()),
      total.usd,
      `these ${jobs.length} submits`,
    );
  }
  const name = plan.name;
  const answer = await vscode.window.showWarningMessage(
    `Submit ${jobs.length} LTX jobs (${name}), ${formatRunTotal(total)}?`,
    {
      modal: true,
      detail: `${jobs
        .slice(0, 8)
        .map((j) => `• ${j.name}`)
        .join(
          '\n',
        )}${jobs.length > 8 ? `\n… and ${jobs.length - 8} more` : ''}\n\nEach job is billed (an estimate, not a bill). LTX runs ${readSettings().ltxConcurrentJobs} at a time; the others wait for a free slot.`,
    },
    `Submit ${jobs.length} Jobs`,
  );
  if (answer !== `Submit ${jobs.length} Jobs`) throw new CancelledError();
  const allowDuplicate = await confirmRepeats(services, jobs, plan.repeats);
  const run: RunRecord = {
    v: 1,
    id: newRunId(Date.now()),
    createdAt: new Date().toISOString(),
    name,
    kind: plan.kind,
    sources: plan.sources.map((p) => vscode.Uri.file(p).toString()),
    jobs,
    total,
  };
  await runs.add(run);
  void services.revealRun?.(run.id);
  await send(
    services,
    runs,
    run,
    jobs.map((job) => ({ kind: 'submit', job, attempt: 1 })),
    allowDuplicate,
  );
  return run;
}

/** Asks once when jobs of the run were submitted before (each would be billed again); true to send them. */
async function confirmRepeats(
  services: Services,
  jobs: readonly PlannedJob[],
  repeats: Parameters<typeof refuseRepeats>[2],
): Promise<boolean> {
  try {
    refuseRepeats(jobs, services.store.list(), repeats, services.store.intents?.() ?? []);
    return false;
  } catch (error) {
    if (!isDuplicateRunError(error)) throw error;
    const answer = await vscode.window.showWarningMessage(
      'Submit them again (billed again)?',
      { modal: true, detail: (error as DuplicateRunError).message.replace(/\nNothing was sent$/, '') },
      'Submit Again',
    );
    if (answer !== 'Submit Again') throw new CancelledError();
    return true;
  }
}

/**
 * Sends a run's steps with a cancellable notification counting what was sent; cancelling leaves the
 * rest unsent (Resume Failed sends it later). Ends with one message saying how the sending went.
 */
export async function send(
  services: Services,
  runs: Runs,
  run: RunRecord,
  steps: readonly ResumeStep[],
  allowDuplicate: boolean,
): Promise<RunJobResult[]> {
  const toSend = steps.filter((s) => s.kind === 'submit').length;
  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `LTX run "${run.name}"`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      let sent = 0;
      progress.report({ message: `sending ${toSend} job${toSend === 1 ? '' : 's'}…` });
      try {
        return await runs.carryOut(run, steps, {
          allowDuplicate,
          signal: controller.signal,
          lanes: { ltx: readSettings().ltxConcurrentJobs },
          onSubmitted: () => {
            sent++;
            progress.report({
              message: `${sent}/${toSend} sent (LTX takes ${readSettings().ltxConcurrentJobs} at a time)`,
              increment: 100 / Math.max(1, toSend),
            });
          },
        });
      } finally {
        subscription.dispose();
      }
    },
  );
  const failed = results.filter((r) => r.error !== undefined);
  const submitted = results.length - failed.length;
  services.logger.info(`Run ${run.id} "${run.name}": ${submitted} of ${results.length} submitted`);
  if (failed.length === 0) {
    vscode.window.setStatusBarMessage(`$(check) LTX run "${run.name}": ${submitted} jobs submitted`, 5000);
  } else {
    const first = failed[0]?.error;
    const why = first instanceof Error ? first.message : String(first);
    void vscode.window
      .showWarningMessage(
        `LTX run "${run.name}": ${submitted} of ${results.length} jobs submitted; ${failed.length} not (${why}).`,
        'Show Output',
      )
      .then((choice) => {
        if (choice === 'Show Output') services.log.show(true);
      });
  }
  return results;
}
