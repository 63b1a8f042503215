import { isTerminal } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { selectedArgs } from './args.js';
import { jobTarget } from './job-arg.js';

/** ltxJobs.resumeWatching <job> [selection]: polls a job again after "Stop Watching" (or a watch error). */
export async function resumeWatching(services: Services, arg: unknown, selected?: unknown): Promise<void> {
  let count = 0;
  for (const one of selectedArgs(arg, selected)) {
    const { record } = jobTarget(services, one);
    if (isTerminal(record.job?.state ?? 'queued')) continue;
    services.store.watch(record.ref);
    count++;
  }
  if (count > 0) vscode.window.setStatusBarMessage('$(eye) Watching again', 5000);
}
