import * as vscode from 'vscode';
import type { CoreServices } from '../services/services.js';
import { isRequestFileUri } from '../services/workspace-files.js';
import { downloadsToResume, isActive } from '../view-model/job-state.js';
import type { LoadedFeatures } from './features.js';

/** What package.json contributes that activation must answer for before the features are loaded. */
interface Manifest {
  contributes?: { commands?: { command: string }[]; languageModelTools?: { name: string }[] };
}

/** Loads the features (features.ts and its chunks) once, on first use. */
export interface DeferredFeatures {
  /** Loads and registers them (once); resolves when their commands, providers and tools are in. */
  load(): Promise<LoadedFeatures>;
}

/**
 * Activation's stand-ins for everything features.ts registers (issue 8: activation parses only the
 * job store, the Jobs view, the status bar and the context keys):
 * - every command of package.json: the first call loads the features (which replace the stand-ins
 *   with the real commands) and runs the real command with the same arguments;
 * - every language-model tool of package.json: registered now, its calls go to the loaded tools;
 * - a request file open in an editor (now or later) loads them: diagnostics, completion, hovers,
 *   quick fixes and the Submit CodeLens are theirs;
 * - jobs to watch or downloads to finish once the job list is in load them before watching starts,
 *   so every job end is handled (download, notification); so does a trust grant with downloads due.
 */
export function deferFeatures(
  context: vscode.ExtensionContext,
  services: CoreServices,
  redrawTree: () => void,
): DeferredFeatures {
  const manifest = (context.extension?.packageJSON ?? {}) as Manifest;
  const standIns: vscode.Disposable[] = [];
  let loading: Promise<LoadedFeatures> | undefined;
  const load = () => {
    loading ??= import('./features.js').then((module) => {
      // No await between these two: a command call never finds neither a stand-in nor the real one.
      for (const standIn of standIns.splice(0)) standIn.dispose();
      return module.registerFeatures(context, services, redrawTree);
    });
    loading.catch((error: unknown) =>
      services.logger.error(`Could not load LTX Jobs' features: ${String(error)}`),
    );
    return loading;
  };

  for (const { command } of manifest.contributes?.commands ?? []) {
    standIns.push(
      vscode.commands.registerCommand(command, async (...args: unknown[]) => {
        await load();
        return vscode.commands.executeCommand(command, ...args);
      }),
    );
  }
  context.subscriptions.push({
    dispose: () => {
      for (const standIn of standIns.splice(0)) standIn.dispose();
    },
  });

  if (typeof vscode.lm?.registerTool === 'function') {
    for (const { name } of manifest.contributes?.languageModelTools ?? []) {
      const tool = async () => {
        const found = (await load()).tools.get(name);
        if (found === undefined) throw new Error(`LTX Jobs has no tool ${name}`);
        return found;
      };
      const standIn: vscode.LanguageModelTool<Record<string, unknown>> = {
        prepareInvocation: async (options, token) => (await tool()).prepareInvocation?.(options, token),
        invoke: async (options, token) => (await tool()).invoke(options, token),
      };
      context.subscriptions.push(vscode.lm.registerTool(name, standIn));
    }
  } else {
    services.logger.info('This VS Code has no language-model tools API; the LTX tools are not registered');
  }

  const isRequestFile = (document: vscode.TextDocument) => isRequestFileUri(document.uri);
  if (vscode.workspace.textDocuments.some(isRequestFile)) void load();
  const opened = vscode.workspace.onDidOpenTextDocument((document) => {
    if (isRequestFile(document)) void load();
  });
  context.subscriptions.push(opened);

  const downloadsDue = () => downloadsToResume(services.store.actionable(), Date.now()).length > 0;
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (loading !== undefined || downloadsDue()) void load().then((features) => features.resumeDownloads());
    }),
  );
  return { load };
}

/**
 * True when the loaded job list has jobs to watch again or downloads to finish: then the features
 * load before watching starts (see {@link deferFeatures}).
 */
export function featuresNeededAtStart(services: CoreServices): boolean {
  const records = services.store.actionable();
  return records.some(isActive) || downloadsToResume(records, Date.now()).length > 0;
}
