import type { JobRecord } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { SuiteConfig } from './config.js';

/** The extension id fixed by the VS Code contract. */
export const EXTENSION_ID = 'ltx-jobs.ltx-jobs-vscode';

/** What `activate()` returns (the test API of the contract). */
export interface LtxJobsApi {
  listJobs(): JobRecord[];
  onDidChangeJobs(listener: (ref: string) => void): vscode.Disposable;
  /** Resolves once the job list is loaded (activation does not wait for it). */
  ready: Promise<void>;
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
  await api.ready; // the job list loads after activation
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
  /** `pending` while the simulator still answers (e.g. held by a delay fault), then `responded`, `reset`, `cut`. */
  outcome?: string;
  /** The fault applied, e.g. `delay:30000`. */
  fault?: string;
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

/** Adds a simulator FaultRule (see the simulator README) through the runner's admin endpoint. */
export async function addSimulatorFault(config: SuiteConfig, rule: Record<string, unknown>): Promise<void> {
  const res = await fetch(config.simulator.faultUrl, { method: 'POST', body: JSON.stringify(rule) });
  if (res.status !== 204) throw new Error(`simulator fault ${JSON.stringify(rule)}: ${res.status}`);
}

/**
 * Submits a job straight to the simulator (as another machine or the CLI would), outside the
 * extension: LTX text-to-video, or useapi videos/ltx-create. Returns the job's ref
 * (`ltx:text-to-video/<id>`, `useapi:<jobId>`).
 */
export async function submitElsewhere(
  config: SuiteConfig,
  provider: 'ltx' | 'useapi',
  prompt: string,
): Promise<string> {
  const { ltxBaseUrl, useapiBaseUrl, ltxApiKey, useapiToken } = config.simulator;
  const [url, key, body] =
    provider === 'ltx'
      ? [
          `${ltxBaseUrl}/v2/text-to-video`,
          ltxApiKey,
          { prompt, model: 'ltx-2-3-fast', resolution: '1920x1080', duration: 6, fps: 24 },
        ]
      : [
          `${useapiBaseUrl}/v1/ltxstudio/videos/ltx-create`,
          useapiToken,
          { prompt, model: 'ltxv-turbo', duration: '5', aspectRatio: '16:9' },
        ];
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`simulator submit answered ${res.status}: ${await res.text()}`);
  const data = (await res.json()) as { id?: string; jobId?: string };
  return provider === 'ltx' ? `ltx:text-to-video/${data.id}` : `useapi:${data.jobId}`;
}

/** Waits until the job `ref` ended and, when it succeeded, its artifacts are on disk; fails on failure. */
export function finished(api: LtxJobsApi, ref: string, what = ref): Promise<JobRecord> {
  return waitFor(api, `${what} to succeed with its artifacts on disk`, () => {
    const r = api.listJobs().find((x) => x.ref === ref);
    if (r?.job?.state === 'failed' || r?.job?.state === 'expired') {
      throw new Error(`${what} ended ${r.job.state}: ${JSON.stringify(r.job.error)}`);
    }
    return r?.job?.state === 'succeeded' && r.downloads.length > 0 ? r : undefined;
  });
}

/** Reads a file of the extension host's file system as text. */
export async function readText(path: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path)));
}
