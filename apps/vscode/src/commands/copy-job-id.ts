import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { jobTarget } from './job-arg.js';

/**
 * ltxJobs.copyJobId <job>: copies the full job ref (`ltx:text-to-video/<id>`, `useapi:<jobId>`), the
 * form "Track Existing Job" and `ltx-jobs watch` accept (an LTX id alone cannot be looked up without
 * its endpoint).
 */
export async function copyJobId(services: Services, arg: unknown): Promise<void> {
  const { record } = jobTarget(services, arg);
  await vscode.env.clipboard.writeText(record.ref);
  vscode.window.setStatusBarMessage(
    `$(copy) Copied ${record.ref} (Track Existing Job and ltx-jobs watch take it)`,
    5000,
  );
}
