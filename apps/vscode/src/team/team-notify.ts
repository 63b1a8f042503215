import * as vscode from 'vscode';
import type { CoreServices } from '../services/services.js';
import { readSettings } from '../services/settings.js';
import { displayName } from '../view-model/job-state.js';
import type { TeamRow } from './team-row.js';

/**
 * Tells the end of a team job this user submitted from this machine (per `ltxJobs.notifications`):
 * "LTX team job "x" succeeded" with **Open** when its file is reachable here and **Show Job**; a
 * failure with the worker's reason. Others' jobs are only shown in the Jobs view.
 */
export function registerTeamNotifications(context: vscode.ExtensionContext, services: CoreServices): void {
  const off = services.teamJobs.onDidEndMine((row) => void notify(services, row));
  context.subscriptions.push({ dispose: off });
}

async function notify(services: CoreServices, { record, info }: TeamRow): Promise<void> {
  const { notifications } = readSettings();
  const name = displayName(record);
  const succeeded = info.queueState === 'completed' && record.job?.state === 'succeeded';
  services.logger.info(`Team job "${name}" (${info.jobId}) ${succeeded ? 'succeeded' : 'failed'}`);
  if (notifications === 'none' || (succeeded && notifications === 'errors')) return;
  const file = record.downloads.find((d) => !info.unreachable.includes(d.path));
  const actions = succeeded && file !== undefined ? ['Open', 'Show Job'] : ['Show Job'];
  const choice = succeeded
    ? await vscode.window.showInformationMessage(`LTX team job "${name}" succeeded`, ...actions)
    : await vscode.window.showErrorMessage(
        `LTX team job "${name}" failed: ${record.job?.error?.message ?? info.failedReason ?? 'see the Jobs view'}`,
        ...actions,
      );
  if (choice === 'Open') await vscode.commands.executeCommand('ltxJobs.openArtifact', record.ref);
  else if (choice === 'Show Job') await services.revealJob(record.ref);
}
