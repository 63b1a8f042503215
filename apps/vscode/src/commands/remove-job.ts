import { isTerminal } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { displayName } from '../view-model/job-view.js';
import { CancelledError } from './command-error.js';
import { jobTarget } from './job-arg.js';

/** ltxJobs.removeJob <job>: forgets the job (downloaded files stay); asks first while it still runs. */
export async function removeJob(services: Services, arg: unknown): Promise<void> {
  const { record } = jobTarget(services, arg);
  if (!isTerminal(record.job?.state ?? 'queued')) {
    const answer = await vscode.window.showWarningMessage(
      `Remove "${displayName(record)}" from the list?`,
      {
        modal: true,
        detail: 'The job keeps running (and is billed) at the provider; LTX Jobs just stops following it.',
      },
      'Remove',
    );
    if (answer !== 'Remove') throw new CancelledError();
  }
  await services.store.remove(record.ref);
  services.unseenFailures.delete(record.ref);
}
