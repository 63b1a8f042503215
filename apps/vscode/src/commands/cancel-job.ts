import { UsageError } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { displayName, stateOf } from '../view-model/job-view.js';
import { CancelledError } from './command-error.js';
import { jobTarget } from './job-arg.js';

/**
 * ltxJobs.cancelJob <job>: cancels where the provider can (useapi's scheduler), after a modal whose
 * buttons say what they do ("Keep Running" closes it). The job becomes `cancelled` (grey, not a
 * failure). A job that had ended before the cancel arrived is reported as such. LTX jobs cannot be
 * cancelled.
 */
export async function cancelJob(services: Services, arg: unknown): Promise<void> {
  const { record } = jobTarget(services, arg);
  if (record.provider !== 'useapi')
    throw new UsageError('LTX jobs cannot be cancelled (the API has no cancel); use "Stop Watching" instead');
  const answer = await vscode.window.showWarningMessage(
    `Cancel "${displayName(record)}"?`,
    { modal: true, detail: 'useapi.net stops the job in its scheduler; it cannot be resumed.' },
    { title: 'Keep Running', isCloseAffordance: true },
    { title: 'Cancel Job' },
  );
  if (answer?.title !== 'Cancel Job') throw new CancelledError();
  const outcome = await services.store.cancel(record.ref);
  if (outcome.outcome === 'cancelled') {
    services.logger.info(`Cancelled ${record.ref} at useapi.net`);
    return;
  }
  const state = stateOf(outcome.record);
  services.logger.info(`${record.ref} had already ended (${state}) before the cancel`);
  void vscode.window.showInformationMessage(
    `"${displayName(record)}" had already ended (${state}) before the cancel arrived; nothing was cancelled.`,
  );
}
