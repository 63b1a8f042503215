import type * as vscode from 'vscode';
import { generateVariations, removeRun, resumeRun, stopWatchingRun } from '../runs/run-commands.js';
import { downloadRun } from '../runs/run-download.js';
import type { Services } from '../services/services.js';
import { clearQueuePassword, setQueuePassword } from '../team/team-password.js';
import { cancelJob } from './cancel-job.js';
import { clearApiKey } from './clear-api-key.js';
import { registerCommand } from './command-error.js';
import { copyJobId } from './copy-job-id.js';
import { copyResultUrl } from './copy-result-url.js';
import { createExample } from './create-example.js';
import { downloadArtifacts } from './download-artifacts.js';
import { editPrompt } from './edit-prompt.js';
import { dismissInterrupted, findInterruptedJob } from './interrupted-submit.js';
import { openArtifact } from './open-artifact.js';
import { openRequestFile } from './open-request-file.js';
import { refresh } from './refresh.js';
import { removeJob } from './remove-job.js';
import { resubmit } from './resubmit.js';
import { resumeWatching } from './resume-watching.js';
import { revealArtifact } from './reveal-artifact.js';
import { setApiKey } from './set-api-key.js';
import { showJobs } from './show-jobs.js';
import { showLog } from './show-log.js';
import { stopWatching } from './stop-watching.js';
import { submitFile } from './submit-file.js';
import { trackJob } from './track-job.js';
import { clearFilter, clearFinished, filterByState, groupBy } from './view-commands.js';

/** Registers every `ltxJobs.*` command, each inside the one error wrapper. */
export function registerCommands(
  context: vscode.ExtensionContext,
  services: Services,
  redrawTree: () => void,
): void {
  const table: Record<string, (...args: unknown[]) => Promise<unknown>> = {
    'ltxJobs.submitFile': (arg, all) => submitFile(services, arg, all),
    'ltxJobs.createExample': () => createExample(services),
    'ltxJobs.trackJob': (arg) => trackJob(services, arg),
    'ltxJobs.setApiKey': (arg) => setApiKey(services, arg),
    'ltxJobs.clearApiKey': (arg) => clearApiKey(services, arg),
    'ltxJobs.setQueuePassword': () => setQueuePassword(services),
    'ltxJobs.clearQueuePassword': () => clearQueuePassword(services),
    'ltxJobs.refresh': () => refresh(services, redrawTree),
    'ltxJobs.showLog': () => showLog(services),
    'ltxJobs.showJobs': () => showJobs(services),
    'ltxJobs.downloadArtifacts': (arg, all) => downloadArtifacts(services, arg, all),
    'ltxJobs.openArtifact': (arg) => openArtifact(services, arg),
    'ltxJobs.revealArtifact': (arg) => revealArtifact(services, arg),
    'ltxJobs.copyJobId': (arg) => copyJobId(services, arg),
    'ltxJobs.copyResultUrl': (arg) => copyResultUrl(services, arg),
    'ltxJobs.openRequestFile': (arg) => openRequestFile(services, arg),
    'ltxJobs.resubmit': (arg) => resubmit(services, arg),
    'ltxJobs.stopWatching': (arg, all) => stopWatching(services, arg, all),
    'ltxJobs.resumeWatching': (arg, all) => resumeWatching(services, arg, all),
    'ltxJobs.removeJob': (arg, all) => removeJob(services, arg, all),
    'ltxJobs.cancelJob': (arg) => cancelJob(services, arg),
    'ltxJobs.editPrompt': (arg) => editPrompt(services, arg),
    'ltxJobs.findInterruptedJob': (arg) => findInterruptedJob(services, arg),
    'ltxJobs.dismissInterrupted': (arg) => dismissInterrupted(services, arg),
    'ltxJobs.groupBy': () => groupBy(services),
    'ltxJobs.filterByState': () => filterByState(services),
    'ltxJobs.clearFilter': () => clearFilter(services),
    'ltxJobs.clearFinished': () => clearFinished(services),
    'ltxJobs.generateVariations': (arg) => generateVariations(services, arg),
    'ltxJobs.resumeRun': (arg) => resumeRun(services, arg),
    'ltxJobs.stopWatchingRun': (arg) => stopWatchingRun(services, arg),
    'ltxJobs.downloadRun': (arg) => downloadRun(services, arg),
    'ltxJobs.removeRun': (arg) => removeRun(services, arg),
  };
  for (const [id, handler] of Object.entries(table)) {
    context.subscriptions.push(registerCommand(services, id, handler));
  }
}
