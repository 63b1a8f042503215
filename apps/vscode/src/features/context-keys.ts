import * as vscode from 'vscode';
import type { CoreServices } from '../services/services.js';

/**
 * Keeps `ltxJobs.hasApiKey` and `ltxJobs.hasJobs` (welcome views, menus) in step with secrets and jobs,
 * and sets `ltxJobs.ready` once both are known, so the welcome views do not claim "no API key" or
 * "no jobs" while the extension is still activating or its job list is still loading.
 */
export function registerContextKeys(context: vscode.ExtensionContext, services: CoreServices): Promise<void> {
  const updateJobs = () =>
    vscode.commands.executeCommand('setContext', 'ltxJobs.hasJobs', services.store.list().length > 0);
  const updateKeys = async () => {
    const configured = await services.apiKeys.configured();
    await vscode.commands.executeCommand('setContext', 'ltxJobs.hasApiKey', configured.length > 0);
  };
  const off = services.store.onDidChange(() => void updateJobs());
  context.subscriptions.push(
    { dispose: off },
    services.apiKeys.onDidChange(() => void updateKeys()),
  );
  // `ltxJobs.hasJobs` is known once the job list has loaded (after activation).
  const jobsKnown = services.store.ready.catch(() => undefined).then(updateJobs);
  return Promise.all([jobsKnown, updateKeys()]).then(async () => {
    await vscode.commands.executeCommand('setContext', 'ltxJobs.ready', true);
  });
}
