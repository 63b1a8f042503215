import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { jobTarget } from './job-arg.js';

/** ltxJobs.stopWatching <job>: stops polling (the paid job goes on at the provider). */
export async function stopWatching(services: Services, arg: unknown): Promise<void> {
  const { record } = jobTarget(services, arg);
  await services.store.stopWatching(record.ref);
  vscode.window.setStatusBarMessage(
    '$(debug-pause) Stopped watching; the job keeps running at the provider',
    5000,
  );
}
