import type { JobRecord } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { CoreServices } from './services/services.js';

/** What `activate()` returns: the contract's API for the extension-host tests. */
export interface LtxJobsApi {
  /** Resolves once the job list has loaded (it loads after activation). */
  ready: Promise<void>;
  /** Every job, newest first. */
  listJobs(): JobRecord[];
  /** Called with the ref of every job that changed (added, updated, removed). */
  onDidChangeJobs(listener: (ref: string) => void): vscode.Disposable;
}

export function createTestApi(services: CoreServices): LtxJobsApi {
  return {
    ready: services.store.ready,
    listJobs: () => services.store.list(),
    onDidChangeJobs: (listener) =>
      new vscode.Disposable(services.store.onDidChange(({ ref }) => listener(ref))),
  };
}
