import type * as vscode from 'vscode';
import { registerCommands } from './commands/index.js';
import { registerCompletion, resumeDownloads } from './features/completion.js';
import { registerContextKeys } from './features/context-keys.js';
import { registerJobsView } from './features/jobs-view.js';
import { registerKeyProblems } from './features/key-problems.js';
import { registerRequestDiagnostics } from './features/request-diagnostics.js';
import { registerRequestEditorHelp } from './features/request-editor-help.js';
import { registerRequestQuickFixes } from './features/request-quick-fixes.js';
import { registerStatusBar } from './features/status-bar.js';
import { registerSubmitCodeLens } from './features/submit-code-lens.js';
import { registerGallery } from './gallery/register-gallery.js';
import { registerLmTools } from './lm-tools/register.js';
import { createServices } from './services/services.js';
import { registerTakes } from './takes/register-takes.js';
import { createTestApi, type LtxJobsApi } from './test-api.js';
import { countOf } from './view-model/format.js';

/** Builds the services, then wires one feature at a time. */
export async function activate(context: vscode.ExtensionContext): Promise<LtxJobsApi> {
  const services = await createServices(context);
  const tree = registerJobsView(context, services);
  registerStatusBar(context, services);
  void registerContextKeys(context, services);
  registerRequestDiagnostics(context, services.diagnostics);
  registerRequestEditorHelp(context);
  registerRequestQuickFixes(context, services.diagnostics);
  registerSubmitCodeLens(context);
  registerCompletion(context, services);
  registerKeyProblems(context, services);
  registerCommands(context, services, () => tree.refreshAll());
  registerGallery(context, services);
  registerTakes(context, services);
  registerLmTools(context, services);

  // The job list loads after activate() returns (issue 8: activation waits for no ledger, even one of
  // 10,000 jobs). The views start empty and refresh once it is in; only then are live jobs watched
  // again and unfinished downloads resumed.
  void services.store.ready.then(
    () => {
      const resumed = services.store.resume();
      if (resumed.length > 0) services.logger.info(`Resumed watching ${countOf(resumed.length, 'job')}`);
      resumeDownloads(services);
    },
    (error: unknown) => services.logger.error(`Could not read the job list: ${String(error)}`),
  );
  return createTestApi(services);
}

/** Everything is disposed through `context.subscriptions`. */
export function deactivate(): void {}
