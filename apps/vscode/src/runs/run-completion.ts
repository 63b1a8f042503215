import type { JobRecord } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { readSettings } from '../services/settings.js';
import { displayName } from '../view-model/job-view.js';

/** Run ends already told of (`<run id> <progress text>`): two jobs ending at once tell it once. */
const told = new Set<string>();

/**
 * The end of a job of a run this window knows: one message for the whole run once nothing of it runs
 * or is being sent any more (`LTX run "takes ×4" finished: 3/4 done, 1 failed`, with Resume Failed),
 * instead of one per job; `announce` false (a download resumed after a reload) tells nothing. Returns
 * false for a job outside any run (the caller tells of it alone).
 */
export function onRunJobEnded(services: Services, ended: JobRecord, announce = true): boolean {
  const id = ended.runId;
  const run = id === undefined ? undefined : services.runs.get(id);
  if (id === undefined || run === undefined) return false;
  const state = ended.job?.state ?? 'unknown';
  if (state !== 'succeeded') {
    services.logger.warn(`LTX job "${displayName(ended)}" of run ${id} ended ${state}`, {
      ref: ended.ref,
      errorType: ended.job?.error?.type,
    });
  }
  const progress = services.runs.progress(id);
  if (!announce || progress === undefined || !progress.settled || services.runs.isSending(id)) return true;
  if (told.has(`${id} ${progress.text}`)) return true;
  told.add(`${id} ${progress.text}`);
  const { notifications } = readSettings();
  const failed = progress.counts.failed + progress.counts.interrupted;
  const text = `LTX run "${run.name}" finished: ${progress.text}`;
  services.logger.info(`${text} (${id})`);
  if (notifications === 'none' || (notifications === 'errors' && failed === 0)) return true;
  const show = failed > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const actions = failed > 0 ? ['Resume Failed', 'Show Run'] : ['Open Gallery', 'Show Run'];
  void show(text, ...actions).then(async (choice) => {
    if (choice === 'Resume Failed') await vscode.commands.executeCommand('ltxJobs.resumeRun', id);
    if (choice === 'Open Gallery') await vscode.commands.executeCommand('ltxJobs.openGallery');
    if (choice === 'Show Run') await services.revealRun(id);
  });
  return true;
}
