import { join } from 'node:path';
import type { ApiKeyCheck, Logger, ProviderName } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { RequestDiagnostics } from '../features/request-diagnostics.js';
import { MediaPreviews } from '../gallery/media-previews.js';
import { ApiKeys } from './api-keys.js';
import { JobStore } from './job-store.js';
import { createChannelLogger } from './logger.js';
import { checkKey, createRunner } from './runner-factory.js';
import { readSettings } from './settings.js';
import { UnseenFailures } from './unseen-failures.js';
import { ViewState } from './view-state.js';

/** The services every feature gets; built once per activation by {@link createServices}. */
export interface Services {
  context: vscode.ExtensionContext;
  /** The "LTX Jobs" log channel. */
  log: vscode.LogOutputChannel;
  /** The core logger writing to {@link Services.log}. Never given a secret. */
  logger: Logger;
  apiKeys: ApiKeys;
  store: JobStore;
  diagnostics: RequestDiagnostics;
  unseenFailures: UnseenFailures;
  /** Video facts, poster frames and sound copies (ffmpeg) for the gallery and the preview. */
  previews: MediaPreviews;
  /** Grouping and state filter of the Jobs view (per workspace). */
  viewState: ViewState;
  /** Checks a key with its provider without billing (see `checkKey`). */
  checkKey(provider: ProviderName, apiKey: string): Promise<ApiKeyCheck>;
  /** Shows and focuses a job in the tree (set by the tree feature). */
  revealJob(ref: string): Promise<void>;
  /** Shows and focuses a run's node in the tree (set by the tree feature). */
  revealRun(id: string): Promise<void>;
}

/** Builds the log, secrets, diagnostics and the job store over the core runner and its ledger. */
export async function createServices(context: vscode.ExtensionContext): Promise<Services> {
  const log = vscode.window.createOutputChannel('LTX Jobs', { log: true });
  const logger = createChannelLogger(log);
  const apiKeys = new ApiKeys(context.secrets);
  const runner = await createRunner(context, apiKeys, logger);
  const store = new JobStore(runner, logger);
  const diagnostics = new RequestDiagnostics();
  context.subscriptions.push(log, apiKeys, diagnostics, { dispose: () => store.dispose() });
  return {
    context,
    log,
    logger,
    apiKeys,
    store,
    diagnostics,
    unseenFailures: new UnseenFailures(),
    previews: new MediaPreviews({
      cacheDir: join(context.globalStorageUri.fsPath, 'previews'),
      ffmpegPath: () => readSettings().ffmpegPath,
      logger,
    }),
    viewState: new ViewState(context.workspaceState),
    checkKey: (provider, apiKey) => checkKey(provider, apiKey, logger),
    revealJob: async () => {},
    revealRun: async () => {},
  };
}
