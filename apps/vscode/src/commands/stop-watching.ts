import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { countOf } from '../view-model/format.js';
import { selectedArgs } from './args.js';
import { jobTarget } from './job-arg.js';

/**
 * ltxJobs.stopWatching <job> [selection]: stops polling (the paid job goes on at the provider);
 * "Resume Watching" or Refresh polls it again.
 */
export async function stopWatching(services: Services, arg: unknown, selected?: unknown): Promise<void> {
  const targets = selectedArgs(arg, selected).map((one) => jobTarget(services, one).record);
  for (const record of targets) await services.store.stopWatching(record.ref);
  const what = targets.length === 1 ? 'the job keeps' : `${countOf(targets.length, 'job')} keep`;
  vscode.window.setStatusBarMessage(
    `$(debug-pause) Stopped watching; ${what} running at the provider (Resume Watching polls again)`,
    5000,
  );
}
