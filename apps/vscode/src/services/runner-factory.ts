import { createHash } from 'node:crypto';
import {
  createDeps,
  createFileLedgerStore,
  createJobRunner,
  createLedger,
  type JobRunner,
  type LedgerStore,
  type Logger,
  LTX_ENDPOINTS,
  ledgerPath,
  silentLogger,
  USEAPI_ENDPOINTS,
} from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { ApiKeys } from './api-keys.js';
import { type CliLedgerSource, cliHome } from './cli-jobs.js';
import { createLazyClient } from './lazy-client.js';
import { createMementoLedgerStore } from './memento-ledger-store.js';
import { readSettings } from './settings.js';
import { fileExists } from './workspace-files.js';

/**
 * The ledger's storage. With a workspace: a JSONL file (core's file store, durable when `put`
 * resolves, safe for two processes appending) at {@link workspaceLedgerUri}. Without one (an empty
 * window): `workspaceState`.
 */
export async function createLedgerStore(
  context: vscode.ExtensionContext,
  logger: Logger,
): Promise<LedgerStore> {
  const identity = workspaceIdentity();
  if (identity !== undefined && context.globalStorageUri.scheme === 'file') {
    const file = workspaceLedgerUri(context.globalStorageUri, identity);
    const folder = vscode.Uri.joinPath(file, '..');
    await vscode.workspace.fs.createDirectory(folder);
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(folder, 'workspace.json'),
      new TextEncoder().encode(`${JSON.stringify({ workspace: identity })}\n`),
    );
    await adoptOldLedger(context.storageUri, file, logger);
    return createFileLedgerStore(file.fsPath, { logger });
  }
  return createMementoLedgerStore(context.workspaceState, (ref, error) =>
    logger.warn(`Dropped an unreadable job record ${String(ref)}`, { error: String(error) }),
  );
}

/** The open workspace: its `.code-workspace` file, else its first folder; undefined in an empty window. */
export function workspaceIdentity(): string | undefined {
  return (vscode.workspace.workspaceFile ?? vscode.workspace.workspaceFolders?.[0]?.uri)?.toString();
}

/**
 * `<globalStorage>/workspaces/<sha256(workspace) first 16 hex>/jobs.jsonl`: one ledger per workspace.
 * Not `context.storageUri`: VS Code locks that folder per extension host and hands a second host on
 * the same workspace a fresh `-1`, `-2`… folder. code-server keeps the old host alive for minutes
 * after a browser reload, so the reloaded window would start with an empty list.
 */
export function workspaceLedgerUri(globalStorage: vscode.Uri, identity: string): vscode.Uri {
  const id = createHash('sha256').update(identity).digest('hex').slice(0, 16);
  return vscode.Uri.joinPath(globalStorage, 'workspaces', id, 'jobs.jsonl');
}

/** Copies a ledger that an earlier version kept in `storageUri` once, when the new file does not exist yet. */
async function adoptOldLedger(storageUri: vscode.Uri | undefined, file: vscode.Uri, logger: Logger) {
  if (storageUri === undefined || (await fileExists(file))) return;
  const old = vscode.Uri.joinPath(storageUri, 'jobs.jsonl');
  if (!(await fileExists(old))) return;
  await vscode.workspace.fs.copy(old, file, { overwrite: false });
  logger.info(`Moved the job list from ${old.fsPath} to ${file.fsPath}`);
}

/**
 * The core runner with clients that read the key and base URL at call time. The provider clients
 * (their wire schemas, HTTP) load on the first request (issue 8: not at activation).
 */
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
    create: async (apiKey) =>
      (await import('./provider-clients.js')).createLtxClient({
        apiKey,
        baseUrl: readSettings().ltxBaseUrl,
        deps,
      }),
  });
  const useapi = createLazyClient({
    provider: 'useapi',
    endpoints: USEAPI_ENDPOINTS,
    canCancel: true,
    apiKey: () => apiKeys.get('useapi'),
    create: async (apiToken) =>
      (await import('./provider-clients.js')).createUseapiClient({
        apiToken,
        baseUrl: readSettings().useapiBaseUrl,
        deps,
      }),
  });
  return createJobRunner({
    clients: { ltx, useapi },
    store: await createLedgerStore(context, logger),
    deps,
    pollIntervalMs: () => readSettings().pollIntervalSeconds * 1000,
    limits: { ltx: { concurrentJobs: settings.ltxConcurrentJobs } },
    downloads: { maxUnsizedBytes: settings.maxUnsizedDownloadBytes, transport: downloadTransport() },
    // Activation does not wait for the job list (issue 8): JobStore.ready says when it is in.
    loadLedgerInBackground: true,
  });
}

/**
 * `fetch` when the user set a proxy for VS Code (`http.proxy`): VS Code routes the extension host's
 * fetch through it, the core's direct socket would not. Otherwise `auto` (the socket, and fetch when
 * the artifact host cannot be reached directly, as behind a system proxy).
 */
function downloadTransport(): 'auto' | 'fetch' {
  const http = vscode.workspace.getConfiguration('http');
  return http.get<string>('proxy') && http.get<string>('proxySupport') !== 'off' ? 'fetch' : 'auto';
}

// The run store loads with the runner (this module is dist/runner.js, required after activation).
export { createRunStore } from '../runs/run-store-host.js';

/** The `ltx-jobs` CLI's ledger for {@link CliJobs}: its folder per `ltxJobs.cliHome` and a read-only opener. */
export function cliLedgerSource(): CliLedgerSource {
  const home = cliHome(readSettings().cliHome);
  const path = ledgerPath(home);
  return { home, path, open: () => createLedger(createFileLedgerStore(path), { logger: silentLogger }) };
}
