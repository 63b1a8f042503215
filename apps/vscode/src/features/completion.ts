import { basename } from 'node:path';
import type { JobRecord } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { handleCommandError } from '../commands/command-error.js';
import { onRunJobEnded } from '../runs/run-completion.js';
import type { Services } from '../services/services.js';
import { readSettings } from '../services/settings.js';
import { downloadsToResume } from '../view-model/job-state.js';
import { CONTENT_FILTERED, displayName, pendingArtifacts } from '../view-model/job-view.js';
import { downloadJob } from './download-job.js';

/**
 * When a watched job ends: download its artifacts (`ltxJobs.autoDownload`, trusted workspaces
 * only), then notify per `ltxJobs.notifications`.
 */
export function registerCompletion(context: vscode.ExtensionContext, services: Services): void {
  const off = services.store.onDidEnd((record) => {
    void onJobEnded(services, record);
  });
  context.subscriptions.push({ dispose: off });
}

/**
 * Downloads what auto-download would have fetched but a closed window or an untrusted workspace
 * stopped (activation/deferred-features.ts calls it once the job list is in and on a trust grant).
 */
export function resumeDownloads(services: Services): void {
  if (!readSettings().autoDownload || !vscode.workspace.isTrusted) return;
  for (const record of downloadsToResume(services.store.actionable(), Date.now())) {
    services.logger.info(`Resuming the download of ${record.ref}`);
    void onJobEnded(services, record, false);
  }
}

/** `announce` false: a download resumed after a reload (a run's end was told of before). */
async function onJobEnded(services: Services, ended: JobRecord, announce = true): Promise<void> {
  const settings = readSettings();
  const name = displayName(ended);
  if (ended.job?.state === 'cancelled') {
    services.logger.info(`LTX job "${name}" cancelled`, { ref: ended.ref });
    vscode.window.setStatusBarMessage(`$(circle-slash) LTX job "${name}" cancelled`, 5000);
    return;
  }
  if (ended.job?.state !== 'succeeded') {
    // A job of a run: one message for the run once it is done.
    if (!onRunJobEnded(services, ended, announce)) await onJobFailed(services, ended, settings.notifications);
    return;
  }
  if (settings.autoDownload && vscode.workspace.isTrusted && pendingArtifacts(ended).length > 0) {
    try {
      await downloadJob(services, ended.ref);
    } catch (error) {
      handleCommandError(services, 'ltxJobs.autoDownload', error);
      return;
    }
  }
  if (onRunJobEnded(services, services.store.get(ended.ref) ?? ended, announce)) return;
  if (settings.notifications !== 'all') return;
  const record = services.store.get(ended.ref) ?? ended;
  const first = record.downloads[0];
  const saved = first !== undefined ? ` and saved ${basename(first.path)}` : '';
  // Open and Reveal download first, which an untrusted workspace refuses: offer trust instead.
  const trusted = vscode.workspace.isTrusted;
  const choice = await vscode.window.showInformationMessage(
    trusted
      ? `LTX job "${name}" finished${saved}`
      : `LTX job "${name}" finished; trust this workspace to download its artifacts`,
    ...(trusted
      ? ['Open', 'Reveal in Explorer', 'Copy URL', 'Open Gallery']
      : ['Copy URL', 'Manage Workspace Trust']),
  );
  const commands: Record<string, string> = {
    Open: 'ltxJobs.openArtifact',
    'Reveal in Explorer': 'ltxJobs.revealArtifact',
    'Copy URL': 'ltxJobs.copyResultUrl',
  };
  if (choice === 'Open Gallery') {
    await vscode.commands.executeCommand('ltxJobs.openGallery');
    return;
  }
  if (choice === 'Manage Workspace Trust') {
    await vscode.commands.executeCommand('workbench.trust.manage');
    return;
  }
  if (choice !== undefined && commands[choice] !== undefined) {
    await vscode.commands.executeCommand(commands[choice], record.ref);
  }
}

/**
 * A failure says what to do: a prompt LTX's safety filters refused offers "Edit Prompt" (the request
 * file opens with the prompt selected); any failure offers the job and the log.
 */
async function onJobFailed(services: Services, ended: JobRecord, notifications: string): Promise<void> {
  const name = displayName(ended);
  const error = ended.job?.error;
  services.logger.warn(`LTX job "${name}" ended ${ended.job?.state ?? 'unknown'}`, {
    ref: ended.ref,
    errorType: error?.type,
  });
  if (notifications === 'none') return;
  const filtered = error?.type === CONTENT_FILTERED && ended.requestFile !== undefined;
  const why = error ? `: ${error.type}: ${error.message}` : ` (${ended.job?.state})`;
  const message = filtered
    ? `LTX job "${name}" failed: the safety filters refused the prompt (${error?.message}). Change the prompt and submit again.`
    : `LTX job "${name}" failed${why}`;
  const choice = await vscode.window.showErrorMessage(
    message,
    ...(filtered ? ['Edit Prompt', 'Show Job'] : ['Show Job', 'Show Output']),
  );
  if (choice === 'Edit Prompt') {
    services.unseenFailures.delete(ended.ref);
    await vscode.commands.executeCommand('ltxJobs.editPrompt', ended.ref);
  }
  if (choice === 'Show Job') {
    services.unseenFailures.delete(ended.ref);
    await services.revealJob(ended.ref);
  }
  if (choice === 'Show Output') services.log.show(true);
}
