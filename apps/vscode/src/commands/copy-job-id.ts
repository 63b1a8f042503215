import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { jobTarget } from './job-arg.js';

/** ltxJobs.copyJobId <job>: copies the provider's job id. */
export async function copyJobId(services: Services, arg: unknown): Promise<void> {
  const { record } = jobTarget(services, arg);
  await vscode.env.clipboard.writeText(record.id);
  vscode.window.setStatusBarMessage(`$(copy) Copied job id (track it elsewhere as ${record.ref})`, 5000);
}
