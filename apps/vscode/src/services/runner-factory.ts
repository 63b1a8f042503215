import {
  createDeps,
  createFileLedgerStore,
  createJobRunner,
  createLtxClient,
  createUseapiClient,
  type JobRunner,
  type LedgerStore,
  type Logger,
  LTX_ENDPOINTS,
  USEAPI_ENDPOINTS,
} from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { ApiKeys } from './api-keys.js';
import { createLazyClient } from './lazy-client.js';
import { createMementoLedgerStore } from './memento-ledger-store.js';
import { readSettings } from './settings.js';

/**
 * The ledger's storage: a JSONL file in the extension's workspace storage (core's file store, durable
 * when `put` resolves), or `workspaceState` when the window has no workspace storage folder.
 */
export async function createLedgerStore(
  context: vscode.ExtensionContext,
  logger: Logger,
): Promise<LedgerStore> {
  if (context.storageUri !== undefined && context.storageUri.scheme === 'file') {
    await vscode.workspace.fs.createDirectory(context.storageUri);
    return createFileLedgerStore(vscode.Uri.joinPath(context.storageUri, 'jobs.jsonl').fsPath, { logger });
  }
  return createMementoLedgerStore(context.workspaceState, (ref, error) =>
    logger.warn(`Dropped an unreadable job record ${String(ref)}`, { error: String(error) }),
  );
}

/** The core runner with clients that read the key and base URL at call time. */
export async function createRunner(
  context: vscode.ExtensionContext,
  apiKeys: ApiKeys,
  logger: Logger,
): Promise<JobRunner> {
  const deps = createDeps({ logger });
  const settings = readSettings();
  const ltx = createLazyClient({
    provider: 'ltx',
    endpoints: LTX_ENDPOINTS,
    canCancel: false,
    apiKey: () => apiKeys.get('ltx'),
    create: (apiKey) => createLtxClient({ apiKey, baseUrl: readSettings().ltxBaseUrl, deps }),
  });
  const useapi = createLazyClient({
    provider: 'useapi',
    endpoints: USEAPI_ENDPOINTS,
    canCancel: true,
    apiKey: () => apiKeys.get('useapi'),
    create: (apiToken) => createUseapiClient({ apiToken, baseUrl: readSettings().useapiBaseUrl, deps }),
  });
  return createJobRunner({
    clients: { ltx, useapi },
    store: await createLedgerStore(context, logger),
    deps,
    pollIntervalMs: () => readSettings().pollIntervalSeconds * 1000,
    limits: { ltx: { concurrentJobs: settings.ltxConcurrentJobs } },
  });
}
