import { isAbsolute, join, resolve } from 'node:path';
import {
  type AgentHost,
  type AgentJobs,
  abortError,
  isTerminal,
  type JobRecord,
  UsageError,
} from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { requireTrust } from '../features/trust.js';
import type { Services } from '../services/services.js';
import { defaultOutputDir, outputDirFor, readSettings } from '../services/settings.js';

/** Where a relative path from the agent points: the first workspace folder. */
function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder?.uri.scheme !== 'file') {
    throw new UsageError('Open a folder: the LTX tools resolve request files against the workspace folder');
  }
  return folder.uri.fsPath;
}

/** A path or `file:` URI string as the agent sees it: workspace-relative inside the workspace. */
export function workspacePath(pathOrUri: string): string {
  const target = pathOrUri.startsWith('file:') ? vscode.Uri.parse(pathOrUri) : vscode.Uri.file(pathOrUri);
  return vscode.workspace.asRelativePath(target, false);
}

/** The text of a request file: the open editor's (saved or not), else the file on disk. */
async function readText(path: string): Promise<string> {
  const uri = vscode.Uri.file(path);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    const why =
      error instanceof vscode.FileSystemError && error.code === 'FileNotFound'
        ? 'not found'
        : 'cannot be read';
    throw new UsageError(`Request file ${workspacePath(path)} ${why}`, { cause: error });
  }
}

/**
 * Resolves with the record of `ref` once it ends, or at `deadline`, from the job store's own watch
 * (started here if nothing watches the job): the tool adds no status reads of its own.
 */
function followInStore(
  services: Services,
  ref: string,
  options: Parameters<AgentJobs['follow']>[1],
): Promise<JobRecord> {
  const { store } = services;
  store.watch(ref);
  return new Promise<JobRecord>((done, fail) => {
    const current = () => store.get(ref);
    const cleanup = () => {
      clearTimeout(timer);
      unsubscribe();
      options.signal?.removeEventListener('abort', onAbort);
    };
    const finish = () => {
      cleanup();
      const record = current();
      if (record) done(record);
      else fail(new UsageError(`${ref} was removed from the jobs list`));
    };
    const onAbort = () => {
      cleanup();
      fail(abortError(options.signal));
    };
    const unsubscribe = store.onDidChange((change) => {
      if (change.ref !== ref) return;
      if (change.record) options.onUpdate?.(change.record);
      if (!change.record || isTerminal(change.record.job?.state ?? 'unknown')) finish();
    });
    const timer = setTimeout(finish, Math.max(0, options.deadline - Date.now()));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (isTerminal(current()?.job?.state ?? 'unknown')) finish();
  });
}

/** `ltxJobs.budget.daily`, read now, as the tools' daily budget (no quote or confirmation lifts it). */
function dailyBudget(): Pick<AgentHost, 'dailyBudget'> {
  const usd = readSettings().dailyBudget;
  return usd === null ? {} : { dailyBudget: { usd, from: 'ltxJobs.budget.daily' } };
}

/**
 * The agent tools' view of the extension: request files from the workspace (open editors first), the
 * extension's job store and ledger (jobs appear in the Jobs view at once), its settings for output
 * folders. Submitting and downloading need a trusted workspace.
 */
export function createVscodeAgentHost(services: Services): AgentHost {
  const { store } = services;
  const jobs: AgentJobs = {
    async submit(file, options) {
      requireTrust('submit request files');
      const requestFile = options.requestFile && vscode.Uri.file(options.requestFile).toString();
      const record = await store.submit(file, { ...options, ...(requestFile ? { requestFile } : {}) });
      services.logger.info(`An agent submitted "${record.name ?? record.ref}" as ${record.ref}`);
      void services.revealJob(record.ref);
      return record;
    },
    list: async () => store.list(),
    get: async (ref) => store.get(ref),
    // The store watches every live job already; its record is as fresh as the poll interval.
    async refresh(ref) {
      const record = store.get(ref);
      if (!record) throw new UsageError(`${ref} is not in the LTX Jobs list`);
      return record;
    },
    follow: (ref, options) => followInStore(services, ref, options),
    async download(ref, options) {
      requireTrust('download artifacts');
      await store.download(ref, options);
      const record = store.get(ref);
      if (!record) throw new UsageError(`${ref} was removed from the jobs list`);
      return record;
    },
  };
  return {
    jobs,
    resolvePath: (path) => (isAbsolute(path) ? path : resolve(workspaceRoot(), path)),
    readText,
    showPath: workspacePath,
    outputDirFor(loaded) {
      if (loaded.requestFile) return outputDirFor(vscode.Uri.file(loaded.requestFile), loaded.file.output);
      if (loaded.file.output) return resolve(loaded.baseDir, loaded.file.output);
      return defaultOutputDir() ?? join(loaded.baseDir, 'ltx-output');
    },
    ledgerLabel: 'the LTX Jobs view of this workspace',
    ...dailyBudget(),
  };
}
