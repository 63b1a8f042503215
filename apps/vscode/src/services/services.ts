import type { ApiKeyCheck, Logger, ProviderName } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { RequestDiagnostics } from '../features/request-diagnostics.js';
import type { MediaPreviews } from '../gallery/media-previews.js';
import { ApiKeys } from './api-keys.js';
import { JobStore } from './job-store.js';
import { createChannelLogger } from './logger.js';
import { createRunner } from './runner-factory.js';
import { UnseenFailures } from './unseen-failures.js';
import { ViewState } from './view-state.js';

/**
 * The services activation builds ({@link createServices}): what the Jobs view, the status bar and
 * the context keys need. The features loaded on first use complete them into {@link Services}.
 */
export interface CoreServices {
  context: vscode.ExtensionContext;
  /** The "LTX Jobs" log channel. */
  log: vscode.LogOutputChannel;
  /** The core logger writing to {@link Services.log}. Never given a secret. */
  logger: Logger;
  apiKeys: ApiKeys;
  store: JobStore;
  unseenFailures: UnseenFailures;
  /** Grouping and state filter of the Jobs view (per workspace). */
  viewState: ViewState;
  /** Checks a key with its provider without billing (see `checkKey`). */
  checkKey(provider: ProviderName, apiKey: string): Promise<ApiKeyCheck>;
  /** Shows and focuses a job in the tree (set by the tree feature). */
  revealJob(ref: string): Promise<void>;
  /** Shows and focuses a run's node in the tree (set by the tree feature). */
  revealRun(id: string): Promise<void>;
}

/**
 * The services every feature gets: the core ones plus those of the features loaded on first use
 * (see activation/load-features.ts), on the same object.
 */
export interface Services extends CoreServices {
  diagnostics: RequestDiagnostics;
  /** Video facts, poster frames and sound copies (ffmpeg) for the gallery and the preview. */
  previews: MediaPreviews;
}

/** Builds the log, secrets and the job store over the core runner and its ledger. */
export async function createServices(context: vscode.ExtensionContext): Promise<CoreServices> {
  const log = vscode.window.createOutputChannel('LTX Jobs', { log: true });
  const logger = createChannelLogger(log);
  const apiKeys = new ApiKeys(context.secrets);
  const runner = await createRunner(context, apiKeys, logger);
  const store = new JobStore(runner, logger);
  context.subscriptions.push(log, apiKeys, { dispose: () => store.dispose() });
  return {
    context,
    log,
    logger,
    apiKeys,
    store,
    unseenFailures: new UnseenFailures(),
    viewState: new ViewState(context.workspaceState),
    checkKey: async (provider, apiKey) => (await import('./check-key.js')).checkKey(provider, apiKey, logger),
    revealJob: async () => {},
    revealRun: async () => {},
  };
}
