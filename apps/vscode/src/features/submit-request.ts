import { dirname } from 'node:path';
import {
  formatEstimate,
  isDuplicateSubmitError,
  type JobRecord,
  parseRequestFile,
  type RequestFile,
  type SubmitOptions,
  UsageError,
} from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { CancelledError } from '../commands/command-error.js';
import type { Services } from '../services/services.js';
import { outputDirFor } from '../services/settings.js';
import { baseName } from '../view-model/format.js';
import { checkCostBeforeSubmit, costSuffix } from './cost-estimate.js';
import { showSubmitWarnings } from './submit-warnings.js';
import { requireTrust } from './trust.js';
import { isStrictValidation } from './validation-setting.js';

/** `sunset.ltx.json` -> `sunset`. */
export function defaultJobName(uri: vscode.Uri): string {
  return baseName(uri.path).replace(/\.ltx\.json$/i, '');
}

/**
 * Validates the request file (its editor text, saved or not) with the core and submits it. Invalid:
 * throws RequestFileError (the command wrapper shows diagnostics) and nothing is sent.
 */
export async function submitRequestFile(services: Services, uri: vscode.Uri): Promise<JobRecord> {
  requireTrust('submit request files');
  if (uri.scheme !== 'file')
    throw new UsageError(`Only request files on disk can be submitted, not ${uri.toString()}`);
  const document = await vscode.workspace.openTextDocument(uri);
  const file = parseRequestFile(document.getText(), uri.toString(), { strict: isStrictValidation(uri) });
  // Errors gone; warnings (values newer than the capability table) stay in the editor.
  services.diagnostics.validate(document);
  return submitRequest(
    services,
    { ...file, name: file.name ?? defaultJobName(uri) },
    {
      baseDir: dirname(uri.fsPath),
      requestFile: uri.toString(),
      outputDir: outputDirFor(uri, file.output),
    },
  );
}

/**
 * Submits with progress; when the core reports an identical earlier submit, asks before billing again.
 */
export async function submitRequest(
  services: Services,
  file: RequestFile,
  options: Omit<SubmitOptions, 'signal' | 'allowDuplicate'>,
): Promise<JobRecord> {
  requireTrust('submit request files');
  services.unseenFailures.clear();
  const name = file.name ?? file.endpoint;
  const estimate = await checkCostBeforeSubmit(services, file, options.baseDir, name);
  const cost = costSuffix(estimate);
  const title = `Submitting LTX job "${name}"${cost}…`;
  let record: JobRecord;
  try {
    record = await submitWithProgress(services, file, { ...options, estimate }, title);
  } catch (error) {
    if (!isDuplicateSubmitError(error)) throw error;
    const previous = services.store.get(error.previousRef);
    const answer = await vscode.window.showWarningMessage(
      `Submit again (billed again, ${formatEstimate(estimate)})?`,
      {
        modal: true,
        // An intent (no job id): the core's message says whether it is in progress or interrupted.
        detail: error.intent
          ? `${error.message}${cost}.`
          : `An identical request was already submitted as "${previous?.name ?? error.previousRef}" (${error.previousRef}). Submitting it again starts and bills a new job${cost}.`,
      },
      'Submit Again',
    );
    if (answer !== 'Submit Again') throw new CancelledError();
    record = await submitWithProgress(services, file, { ...options, estimate, allowDuplicate: true }, title);
  }
  services.logger.info(`Submitted "${name}" as ${record.ref}${cost}`);
  vscode.window.setStatusBarMessage(`$(check) LTX job "${name}" submitted${cost}`, 5000);
  showSubmitWarnings(services, name, file.warnings);
  void services.revealJob(record.ref);
  return record;
}

function submitWithProgress(
  services: Services,
  file: RequestFile,
  options: Omit<SubmitOptions, 'signal'>,
  /** The notification's title, naming the job and its estimated cost. */
  title: string,
): Promise<JobRecord> {
  return Promise.resolve(
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title,
        cancellable: true,
      },
      async (_progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          return await services.store.submit(file, { ...options, signal: controller.signal });
        } finally {
          subscription.dispose();
        }
      },
    ),
  );
}
