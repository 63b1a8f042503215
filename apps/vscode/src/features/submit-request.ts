import { dirname } from 'node:path';
import {
  type CostEstimate,
  type DuplicateSubmitError,
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
import { confirmBilled } from './confirm-billed.js';
import { checkCostBeforeSubmit, costSuffix } from './cost-estimate.js';
import { showSubmitWarnings } from './submit-warnings.js';
import { requireTrust } from './trust.js';
import { isStrictValidation } from './validation-setting.js';

/** `sunset.ltx.json` -> `sunset`. */
export function defaultJobName(uri: vscode.Uri): string {
  return baseName(uri.path).replace(/\.ltx\.json$/i, '');
}

/** A request file read from its editor text (saved or not) and validated, ready to submit. */
export interface LoadedRequest {
  uri: vscode.Uri;
  file: RequestFile;
  options: Omit<SubmitOptions, 'signal' | 'allowDuplicate'>;
}

/**
 * Reads and validates a request file with the core. Invalid: throws RequestFileError (the command
 * wrapper shows diagnostics) and nothing is sent.
 */
export async function loadRequestFile(services: Services, uri: vscode.Uri): Promise<LoadedRequest> {
  if (uri.scheme !== 'file')
    throw new UsageError(`Only request files on disk can be submitted, not ${uri.toString()}`);
  const document = await vscode.workspace.openTextDocument(uri);
  const file = parseRequestFile(document.getText(), uri.toString(), { strict: isStrictValidation(uri) });
  // Errors gone; warnings (values newer than the capability table) stay in the editor.
  services.diagnostics.validate(document);
  return {
    uri,
    file: { ...file, name: file.name ?? defaultJobName(uri) },
    options: {
      baseDir: dirname(uri.fsPath),
      requestFile: uri.toString(),
      outputDir: outputDirFor(uri, file.output),
    },
  };
}

/** Validates the request file and submits it (see {@link submitRequest}). */
export async function submitRequestFile(services: Services, uri: vscode.Uri): Promise<JobRecord> {
  requireTrust('submit request files');
  const loaded = await loadRequestFile(services, uri);
  return submitRequest(services, loaded.file, loaded.options);
}

/**
 * Submits with progress; when the core reports an identical earlier submit, asks before billing
 * again (the modal's default button is "Show Earlier Job", not the billed one).
 */
export async function submitRequest(
  services: Services,
  file: RequestFile,
  options: Omit<SubmitOptions, 'signal'>,
): Promise<JobRecord> {
  requireTrust('submit request files');
  services.unseenFailures.clear();
  const name = file.name ?? file.endpoint;
  const estimate = await checkCostBeforeSubmit(services, file, options.baseDir, name);
  const cost = costSuffix(estimate);
  const title = `Submitting LTX job "${name}"${cost}…`;
  let record: JobRecord;
  try {
    record = await submitWithProgress(services, file, { ...options, estimate }, name, title);
  } catch (error) {
    if (!isDuplicateSubmitError(error)) throw error;
    if (!(await confirmDuplicate(services, error, estimate))) throw new CancelledError();
    const again = { ...options, estimate, allowDuplicate: true };
    record = await submitWithProgress(services, file, again, name, title);
  }
  services.logger.info(`Submitted "${name}" as ${record.ref}${cost}`);
  vscode.window.setStatusBarMessage(`$(check) LTX job "${name}" submitted${cost}`, 5000);
  showSubmitWarnings(services, name, file.warnings);
  void services.revealJob(record.ref);
  return record;
}

/**
 * "Submit again (billed again, ≈ $0.96)?"; true for "Submit Again". "Show Earlier Job" (the default
 * button) reveals that job.
 */
export async function confirmDuplicate(
  services: Services,
  error: DuplicateSubmitError,
  estimate?: CostEstimate,
  /** What the modal says instead of the default (a team-queue duplicate names the job and who holds it). */
  detail?: string,
): Promise<boolean> {
  const previous = services.store.get(error.previousRef);
  const cost = estimate === undefined ? '' : costSuffix(estimate);
  const answer = await confirmBilled(
    `Submit again (billed again${estimate === undefined ? '' : `, ${formatEstimate(estimate)}`})?`,
    // An intent (no job id): the core's message says whether it is in progress or interrupted.
    detail ??
      (error.intent
        ? `${error.message}${cost}.`
        : `An identical request was already submitted as "${previous?.name ?? error.previousRef}" (${error.previousRef}). Submitting it again starts and bills a new job${cost}.`),
    error.intent ? 'Show Jobs' : 'Show Earlier Job',
    'Submit Again',
  );
  if (answer === 'safe') {
    if (previous !== undefined) await services.revealJob(previous.ref);
    else await vscode.commands.executeCommand('ltxJobs.jobs.focus');
  }
  return answer === 'billed';
}

/** The core's submit inside a cancellable progress notification (the tree shows it as a pending row). */
export function submitWithProgress(
  services: Services,
  file: RequestFile,
  options: Omit<SubmitOptions, 'signal'>,
  /** The job's name (its row while it waits for an id). */
  name: string,
  /** The notification's title, naming the job and its estimated cost; default `Submitting LTX job "<name>"…`. */
  title = `Submitting LTX job "${name}"…`,
): Promise<JobRecord> {
  return Promise.resolve(
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title,
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          return await services.store.submit(
            file,
            {
              ...options,
              signal: controller.signal,
              onPhase: (phase) => {
                if (phase.phase === 'waiting-for-slot')
                  progress.report({
                    message: `waiting for a slot (${phase.running}/${phase.limit} running)`,
                  });
                else progress.report({ message: 'sending…' });
              },
            },
            { name },
          );
        } finally {
          subscription.dispose();
        }
      },
    ),
  );
}
