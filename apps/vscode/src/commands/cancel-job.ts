import { UsageError } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { displayName } from '../view-model/job-view.js';
import { CancelledError } from './command-error.js';
import { jobTarget } from './job-arg.js';

/** ltxJobs.cancelJob <job>: cancels where the provider can (useapi's scheduler); LTX jobs cannot be cancelled. */
export async function cancelJob(services: Services, arg: unknown): Promise<void> {
  const { record } = jobTarget(services, arg);
  if (record.provider !== 'useapi')
    throw new UsageError('LTX jobs cannot be cancelled; use "Stop Watching" instead');
  const answer = await vscode.window.showWarningMessage(
    `Cancel "${displayName(record)}"?`,
    { modal: true, detail: 'useapi.net stops the job in its scheduler.' },
    'Cancel Job',
  );
  if (answer !== 'Cancel Job') throw new CancelledError();
  await services.store.cancel(record.ref);
  services.logger.info(`Cancelled ${record.ref} at useapi.net`);
}
