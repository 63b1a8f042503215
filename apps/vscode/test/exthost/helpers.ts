import type { JobRecord } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { SuiteConfig } from './config.js';

/** The extension id fixed by the VS Code contract. */
export const EXTENSION_ID = 'ltx-jobs.ltx-jobs-vscode';

/** What `activate()` returns (the test API of the contract). */
export interface LtxJobsApi {
  listJobs(): JobRecord[];
  onDidChangeJobs(listener: (ref: string) => void): vscode.Disposable;
}

/** Upper bound for one wait, milliseconds; a safety net, not a speed assertion. Default 60 000. */
export const WAIT_MS = 60_000;

/** Activates the extension (idempotent) and returns its test API. */
export async function extensionApi(): Promise<LtxJobsApi> {
  const extension = vscode.extensions.getExtension<LtxJobsApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed in this extension host`);
  const api = await extension.activate();
  if (typeof api?.listJobs !== 'function' || typeof api.onDidChangeJobs !== 'function') {
    throw new Error(`${EXTENSION_ID} activate() did not return { listJobs, onDidChangeJobs }`);
  }
  return api;
}

/**
 * Resolves with the first non-undefined value of `probe`, checked now, on every job change and every
 * 250 ms. Rejects after `timeoutMs` with `what` and the last job list, so a failure says where it stuck.
 */
export function waitFor<T>(
  api: LtxJobsApi,
  what: string,
  probe: () => T | undefined,
  timeoutMs = WAIT_MS,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(interval);
      clearTimeout(timer);
      sub.dispose();
      action();
    };
    const check = () => {
      try {
        const value = probe();
        if (value !== undefined) finish(() => resolve(value));
      } catch (error) {
        finish(() => reject(error));
      }
    };
    const sub = api.onDidChangeJobs(check);
    const interval = setInterval(check, 250);
    const timer = setTimeout(() => {
      const jobs = api.listJobs().map((r) => `${r.name ?? r.ref}: ${r.job?.state ?? 'no job yet'}`);
      finish(() =>
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; jobs: [${jobs.join(', ')}]`)),
      );
    }, timeoutMs);
    check();
  });
}

/** The record of the job submitted from the request file whose `name` is `name`, if any. */
export function recordNamed(api: LtxJobsApi, name: string): JobRecord | undefined {
  return api.listJobs().find((r) => r.name === name);
}

/** The first workspace folder (the fixture workspace copy). */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder)
    throw new Error('no workspace folder is open: the runner must open the fixture workspace copy');
  return folder;
}

/** Uri of a file of the fixture workspace, by path relative to its root. */
export function workspaceFile(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...relative.split('/'));
}

/** One entry of the simulator's request log (the fields these tests read). */
export interface SimRequest {
  seq: number;
  api: string;
  op: string;
  method: string;
  path: string;
  status: number;
  jobId?: string;
}

/** Every request the simulator has received so far, in order. */
export async function simulatorRequests(config: SuiteConfig): Promise<SimRequest[]> {
  const res = await fetch(config.simulator.logUrl);
  if (!res.ok) throw new Error(`simulator log ${config.simulator.logUrl} answered ${res.status}`);
  const body = (await res.json()) as { entries: SimRequest[] };
  return body.entries;
}

/** Stores the simulator's LTX key through the real command (no UI when apiKey is given). */
export async function setLtxKey(config: SuiteConfig): Promise<void> {
  await vscode.commands.executeCommand('ltxJobs.setApiKey', {
    provider: 'ltx',
    apiKey: config.simulator.ltxApiKey,
  });
}
