import { isTerminal, type JobRecord } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { countOf } from '../view-model/format.js';
import { displayName } from '../view-model/job-view.js';
import { selectedArgs } from './args.js';
import { CancelledError } from './command-error.js';
import { jobTarget } from './job-arg.js';

/**
 * ltxJobs.removeJob <job> [selection]: forgets the job, or every selected job (downloaded files
 * stay); asks first when one of them still runs.
 */
export async function removeJob(services: Services, arg: unknown, selected?: unknown): Promise<void> {
  const records = selectedArgs(arg, selected).map((one) => jobTarget(services, one).record);
  const live = records.filter((r) => !isTerminal(r.job?.state ?? 'queued'));
  if (live.length > 0) {
    const what =
      records.length === 1 ? `"${displayName(records[0] as JobRecord)}"` : countOf(records.length, 'job');
    const answer = await vscode.window.showWarningMessage(
      `Remove ${what} from the list?`,
      {
        modal: true,
        detail: `${live.length === 1 ? 'One job keeps' : `${live.length} jobs keep`} running (and ${live.length === 1 ? 'is' : 'are'} billed) at the provider; LTX Jobs just stops following ${live.length === 1 ? 'it' : 'them'}.`,
      },
      'Remove',
    );
    if (answer !== 'Remove') throw new CancelledError();
  }
  await removeRecords(services, records);
}

/** Removes `records` from the list (their files stay). */
export async function removeRecords(services: Services, records: readonly JobRecord[]): Promise<void> {
  for (const record of records) {
    await services.store.remove(record.ref);
    services.unseenFailures.delete(record.ref);
  }
  if (records.length > 1)
    vscode.window.setStatusBarMessage(`$(close) Removed ${countOf(records.length, 'job')}`, 5000);
}
