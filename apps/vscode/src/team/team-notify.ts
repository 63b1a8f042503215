import * as vscode from 'vscode';
import type { CoreServices } from '../services/services.js';
import { readSettings } from '../services/settings.js';
import { displayName } from '../view-model/job-state.js';
import type { TeamRow } from './team-row.js';

/**
 * Tells the end of a team job this user submitted from this machine (per `ltxJobs.notifications`):
 * "LTX team job "x" succeeded" with **Open** when its file is reachable here and **Show Job**; a
 * failure with the worker's reason. The jobs of one team run are told together, once the last ended.
 * Others' jobs are only shown in the Jobs view.
 */
export function registerTeamNotifications(context: vscode.ExtensionContext, services: CoreServices): void {
  const told = new Set<string>();
  const off = services.teamJobs.onDidEndMine((row) => {
    const runId = row.info.runId;
    if (runId === undefined) void notify(services, row);
    else if (!told.has(runId) && runEnded(services, runId)) {
      told.add(runId);
      void notifyRun(services, runId);
    }
  });
  context.subscriptions.push({ dispose: off });
}

/** This user's rows of team run `runId` (several files or takes sent together). */
function runRows(services: CoreServices, runId: string): TeamRow[] {
  return services.teamJobs.list().flatMap((record) => {
    const info = services.teamJobs.info(record.ref);
    return info?.mine === true && info.runId === runId ? [{ record, info }] : [];
  });
}

function hasEnded({ info }: TeamRow): boolean {
  return info.queueState === 'completed' || info.queueState === 'failed';
}

function runEnded(services: CoreServices, runId: string): boolean {
  return runRows(services, runId).every(hasEnded);
}

/**
 * A team run is told once, when its last job ended: "LTX team run "x ×3" finished: 3/3 succeeded"
 * (one toast, not one per take), with **Show Job** on its first failure, else on its first job.
 */
async function notifyRun(services: CoreServices, runId: string): Promise<void> {
  const rows = runRows(services, runId);
  const failed = rows.filter((row) => !succeededRow(row));
  const first = rows[0];
  if (first === undefined) return;
  const name = `${displayName(first.record).replace(/-v\d+$/, '')} ×${rows.length}`;
  const text = `LTX team run "${name}" finished: ${rows.length - failed.length}/${rows.length} succeeded${
    failed.length > 0 ? `, ${failed.length} failed` : ''
  }`;
  services.logger.info(`${text} (run ${runId})`);
  const { notifications } = readSettings();
  if (notifications === 'none' || (failed.length === 0 && notifications === 'errors')) return;
  const choice =
    failed.length === 0
      ? await vscode.window.showInformationMessage(text, 'Show Job')
      : await vscode.window.showErrorMessage(text, 'Show Job');
  if (choice === 'Show Job') await services.revealJob((failed[0] ?? first).record.ref);
}

function succeededRow({ record, info }: TeamRow): boolean {
  return info.queueState === 'completed' && record.job?.state === 'succeeded';
}

async function notify(services: CoreServices, { record, info }: TeamRow): Promise<void> {
  const { notifications } = readSettings();
  const name = displayName(record);
  const succeeded = succeededRow({ record, info });
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
