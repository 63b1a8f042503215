import {
  type CostEstimate,
  checkDailyBudget,
  isDuplicateSubmitError,
  isKnownCost,
  isRequestFileError,
  type JobRecord,
  spentToday,
} from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { CancelledError } from '../commands/command-error.js';
import type { Services } from '../services/services.js';
import { readSettings } from '../services/settings.js';
import { countOf } from '../view-model/format.js';
import { confirmBilled } from './confirm-billed.js';
import { checkCostBeforeSubmit } from './cost-estimate.js';
import { keyProblemOf, showKeyProblem } from './key-problems.js';
import { type LoadedRequest, loadRequestFile, submitWithProgress } from './submit-request.js';
import { showSubmitWarnings } from './submit-warnings.js';
import { requireTrust } from './trust.js';

/** What happened to each of several request files. */
export interface ManySubmitted {
  submitted: JobRecord[];
  /** Files that failed to submit, with why (duplicates the user declined are not here). */
  failed: { uri: vscode.Uri; message: string; error: unknown }[];
  /** Identical to an earlier submit, and the user chose not to pay again. */
  skipped: vscode.Uri[];
}

/**
 * Submits several request files (the explorer's multi-selection): validates ALL first (one invalid
 * file sends nothing: every problem goes to the Problems view), then submits them at once (the
 * provider's queue keeps LTX's concurrency). Identical earlier submits are asked about once, for all
 * of them. Ends with one message saying how many were submitted.
 */
export async function submitRequestFiles(
  services: Services,
  uris: readonly vscode.Uri[],
): Promise<ManySubmitted> {
  requireTrust('submit request files');
  services.unseenFailures.clear();
  const loaded = await validateAll(services, uris);
  const estimates = await checkCosts(services, loaded);
  const result: ManySubmitted = { submitted: [], failed: [], skipped: [] };
  const duplicates: LoadedRequest[] = [];
  const submitOne = async (request: LoadedRequest, allowDuplicate: boolean) => {
    const name = request.file.name ?? request.file.endpoint;
    try {
      const estimate = estimates.get(request);
      const options = { ...request.options, allowDuplicate, ...(estimate === undefined ? {} : { estimate }) };
      result.submitted.push(await submitWithProgress(services, request.file, options, name));
      showSubmitWarnings(services, name, request.file.warnings);
    } catch (error) {
      if (!allowDuplicate && isDuplicateSubmitError(error)) duplicates.push(request);
      else
        result.failed.push({
          uri: request.uri,
          message: error instanceof Error ? error.message : String(error),
          error,
        });
    }
  };
  await Promise.all(loaded.map((request) => submitOne(request, false)));
  if (duplicates.length > 0) {
    const names = duplicates.map((d) => d.file.name ?? vscode.workspace.asRelativePath(d.uri)).join(', ');
    const answer = await confirmBilled(
      `${countOf(duplicates.length, 'file was', 'files were')} submitted before with identical input. Submit again (billed again)?`,
      `${names}: submitting again starts and bills new jobs.`,
      'Skip Them',
      'Submit Again',
    );
    if (answer === 'billed') await Promise.all(duplicates.map((request) => submitOne(request, true)));
    else result.skipped.push(...duplicates.map((d) => d.uri));
  }
  report(services, uris.length, result);
  return result;
}

/**
 * The cost checks of every file before anything is sent, one after the other (each may ask, per
 * `ltxJobs.confirmAbove`), then the daily budget against all of them together.
 */
async function checkCosts(
  services: Services,
  loaded: readonly LoadedRequest[],
): Promise<Map<LoadedRequest, CostEstimate>> {
  const estimates = new Map<LoadedRequest, CostEstimate>();
  for (const request of loaded) {
    const name = request.file.name ?? request.file.endpoint;
    estimates.set(
      request,
      await checkCostBeforeSubmit(services, request.file, request.options.baseDir, name),
    );
  }
  const { dailyBudget } = readSettings();
  const known = [...estimates.values()].filter(isKnownCost);
  if (dailyBudget !== null && known.length > 1) {
    const total = known.reduce((sum, e) => sum + e.usd, 0);
    checkDailyBudget(
      dailyBudget,
      spentToday(services.store.list(), Date.now()),
      total,
      `these ${known.length} submits`,
    );
  }
  return estimates;
}

async function validateAll(services: Services, uris: readonly vscode.Uri[]): Promise<LoadedRequest[]> {
  const settled = await Promise.allSettled(uris.map((uri) => loadRequestFile(services, uri)));
  const problems = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (problems.length === 0) return settled.map((s) => (s as PromiseFulfilledResult<LoadedRequest>).value);
  let count = 0;
  for (const problem of problems) {
    if (!isRequestFileError(problem)) throw problem;
    count += services.diagnostics.showError(problem);
  }
  services.logger.warn(
    `${countOf(problems.length, 'request file')} of ${uris.length} invalid; nothing was sent`,
  );
  void vscode.window
    .showErrorMessage(
      `${countOf(problems.length, 'request file')} of ${uris.length} ${problems.length === 1 ? 'has' : 'have'} ${countOf(count, 'problem')}; nothing was sent.`,
      'Show Problems',
    )
    .then((choice) => {
      if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  // The message is out; end the command without a second one.
  throw new CancelledError();
}

function report(services: Services, total: number, result: ManySubmitted): void {
  const parts = [`submitted ${result.submitted.length} of ${countOf(total, 'request file')}`];
  if (result.skipped.length > 0) parts.push(`${result.skipped.length} skipped (submitted before)`);
  if (result.failed.length > 0) parts.push(`${result.failed.length} failed`);
  const text = `LTX Jobs: ${parts.join('; ')}`;
  services.logger.info(text);
  for (const f of result.failed) services.logger.error(`${f.uri.fsPath}: ${f.message}`);
  if (result.failed.length === 0) {
    void vscode.window.showInformationMessage(text);
    return;
  }
  const keyProblem = result.failed.map((f) => keyProblemOf(f.error)).find((k) => k !== undefined);
  if (keyProblem !== undefined) {
    // Nothing was sent for these files: once the key is set, submit them again.
    const again = result.failed.filter((f) => keyProblemOf(f.error) !== undefined).map((f) => f.uri);
    showKeyProblem(services, { ...keyProblem, message: `${text}. ${keyProblem.message}` }, () =>
      submitRequestFiles(services, again),
    );
    return;
  }
  const first = result.failed[0];
  void vscode.window
    .showErrorMessage(
      `${text}. ${vscode.workspace.asRelativePath(first?.uri ?? '')}: ${first?.message ?? ''}`,
      'Show Output',
    )
    .then((choice) => {
      if (choice === 'Show Output') services.log.show(true);
    });
}
