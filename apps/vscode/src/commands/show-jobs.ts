import * as vscode from 'vscode';
import type { Services } from '../services/services.js';

/** ltxJobs.showJobs (status bar click): shows the Jobs view and marks failures as seen. */
export async function showJobs(services: Services): Promise<void> {
  services.unseenFailures.clear();
  await vscode.commands.executeCommand('ltxJobs.jobs.focus');
}
