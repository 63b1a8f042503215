import { join } from 'node:path';
import {
  createFileRunStore,
  type Logger,
  type RunRecord,
  RunRecordSchema,
  type RunStore,
} from '@ltx-jobs/core';
import type * as vscode from 'vscode';
import { workspaceIdentity, workspaceLedgerUri } from '../services/runner-factory.js';

/** Memento key of the runs of a window without a workspace folder. */
export const RUNS_MEMENTO_KEY = 'ltxJobs.runs.v1';

/**
 * Where this window keeps its run records: beside the workspace's ledger (`…/workspaces/<id>/runs/`,
 * one JSON file per run, written atomically), or, in a window without a workspace, `workspaceState`.
 */
export function createRunStore(context: vscode.ExtensionContext, logger: Logger): RunStore {
  const identity = workspaceIdentity();
  if (identity !== undefined && context.globalStorageUri.scheme === 'file') {
    const ledger = workspaceLedgerUri(context.globalStorageUri, identity);
    return createFileRunStore(join(ledger.fsPath, '..', 'runs'), { logger });
  }
  return createMementoRunStore(context.workspaceState, logger);
}

/** Runs in a Memento, validated on read (a run that does not parse is skipped with a warning). */
export function createMementoRunStore(memento: vscode.Memento, logger: Logger): RunStore {
  const read = (): Record<string, unknown> => memento.get<Record<string, unknown>>(RUNS_MEMENTO_KEY) ?? {};
  const parsed = (id: string, value: unknown): RunRecord | undefined => {
    const result = RunRecordSchema.safeParse(value);
    if (!result.success) logger.warn(`Skipped an unreadable run ${id}`);
    return result.success ? result.data : undefined;
  };
  return {
    list: async () =>
      Object.entries(read())
        .flatMap(([id, value]) => parsed(id, value) ?? [])
        .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)),
    get: async (id) => {
      const value = read()[id];
      return value === undefined ? undefined : parsed(id, value);
    },
    put: async (run) => {
      await memento.update(RUNS_MEMENTO_KEY, { ...read(), [run.id]: RunRecordSchema.parse(run) });
    },
    remove: async (id) => {
      const { [id]: _removed, ...rest } = read();
      await memento.update(RUNS_MEMENTO_KEY, rest);
    },
  };
}
