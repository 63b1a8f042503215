import { formatRunTotal, isAbortError, type ResumeStep, type RunRecord } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { keyProblemOf, showKeyProblem } from '../features/key-problems.js';
import type { Services } from '../services/services.js';
import { readSettings } from '../services/settings.js';
import { countOf } from '../view-model/format.js';
import type { RunJobResult } from './runs.js';

/**
 * Sends a run's steps (submits, and jobs to follow) with a cancellable notification counting what
 * was sent; cancelling leaves the rest unsent (Resume Failed sends it later). Ends with one message
 * saying how many were submitted; when a key was missing or refused, its "Set API Key" resumes the run.
 */
export async function sendRun(
  services: Services,
  run: RunRecord,
  steps: readonly ResumeStep[],
  allowDuplicate: boolean,
): Promise<RunJobResult[]> {
  const toSend = steps.filter((s) => s.kind === 'submit').length;
  const limit = readSettings().ltxConcurrentJobs;
  const results = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `LTX run "${run.name}"${run.total ? ` (${formatRunTotal(run.total)})` : ''}`,
      cancellable: true,
    },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      let sent = 0;
      progress.report({ message: `sending ${countOf(toSend, 'job')}…` });
      try {
        return await services.runs.carryOut(run, steps, {
          allowDuplicate,
          signal: controller.signal,
          lanes: { ltx: limit },
          onSubmitted: () => {
            sent++;
            progress.report({
              message: `${sent}/${toSend} sent (LTX takes ${limit} at a time)`,
              increment: 100 / Math.max(1, toSend),
            });
          },
        });
      } finally {
        subscription.dispose();
      }
    },
  );
  report(services, run, results);
  return results;
}

/** `submitted 3 of 3 request files` (a run of plain files), else `submitted 4 of 4 jobs`. */
function report(services: Services, run: RunRecord, results: readonly RunJobResult[]): void {
  const failed = results.filter((r) => r.error !== undefined);
  const submitted = results.length - failed.length;
  const noun = run.kind === 'files' && run.jobs.length === run.sources.length ? 'request file' : 'job';
  const text = `LTX run "${run.name}": submitted ${submitted} of ${countOf(results.length, noun)}`;
  services.logger.info(`${text} (${run.id})`);
  if (failed.length === 0) {
    void vscode.window.showInformationMessage(text);
    return;
  }
  const keyProblem = failed.map((f) => keyProblemOf(f.error)).find((k) => k !== undefined);
  if (keyProblem !== undefined) {
    // Those jobs were not sent: once the key is set, Resume Failed sends them.
    showKeyProblem(services, { ...keyProblem, message: `${text}. ${keyProblem.message}` }, () =>
      vscode.commands.executeCommand('ltxJobs.resumeRun', run.id),
    );
    return;
  }
  if (failed.every((f) => isAbortError(f.error))) {
    void vscode.window.showInformationMessage(
      `${text}; ${failed.length} not sent (stopped). Resume Failed sends them.`,
    );
    return;
  }
  const first = failed.find((f) => !isAbortError(f.error))?.error;
  const why = first instanceof Error ? first.message : String(first);
  void vscode.window
    .showWarningMessage(`${text}; ${failed.length} not (${why}). Resume Failed sends them.`, 'Show Output')
    .then((choice) => {
      if (choice === 'Show Output') services.log.show(true);
    });
}
