import type * as vscode from 'vscode';
import { deferFeatures, featuresNeededAtStart } from './activation/deferred-features.js';
import { registerContextKeys } from './features/context-keys.js';
import { registerJobsView } from './features/jobs-view.js';
import { registerStatusBar } from './features/status-bar.js';
import { createServices } from './services/services.js';
import { registerTeamNotifications } from './team/team-notify.js';
import { registerTeamStatusBar } from './team/team-status-bar.js';
import { createTestApi, type LtxJobsApi } from './test-api.js';
import { countOf } from './view-model/format.js';

/**
 * Builds the services and the Jobs view, status bar and context keys; every other feature (commands,
 * request-file editor help, gallery, language-model tools) loads on first use (issue 8: activation
 * parses and runs only what it shows; see activation/deferred-features.ts and build.mjs).
 */
export async function activate(context: vscode.ExtensionContext): Promise<LtxJobsApi> {
  const services = await createServices(context);
  const tree = registerJobsView(context, services);
  registerStatusBar(context, services);
  registerTeamStatusBar(context, services);
  registerTeamNotifications(context, services);
  void registerContextKeys(context, services);
  const features = deferFeatures(context, services, () => tree.refreshAll());

  // The job list loads after activate() returns (issue 8: activation waits for no ledger, even one of
  // 10,000 jobs). The views start empty and refresh once it is in; only then are live jobs watched
  // again and unfinished downloads resumed (the features first, so every job end is handled).
  void services.store.ready
    .then(async () => {
      const loaded = featuresNeededAtStart(services) ? await features.load() : undefined;
      const resumed = services.store.resume();
      if (resumed.length > 0) services.logger.info(`Resumed watching ${countOf(resumed.length, 'job')}`);
      loaded?.resumeDownloads();
      // Then the jobs the CLI or its MCP server started in this workspace (issue 13), and the team
      // queue's when ltxJobs.queue.url is set (issue 14; nothing loads or connects when it is blank).
      void services.teamJobs.open();
      await services.cliJobs.open();
    })
    .catch((error: unknown) => services.logger.error(`Could not read the job list: ${String(error)}`));
  return createTestApi(services);
}

/** Everything is disposed through `context.subscriptions`. */
export function deactivate(): void {}
