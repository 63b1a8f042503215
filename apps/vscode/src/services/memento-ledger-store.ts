import { type JobRecord, JobRecordSchema, type LedgerStore } from '@ltx-jobs/core';
import type * as vscode from 'vscode';

/** Memento key under which the records live. */
export const MEMENTO_KEY = 'ltxJobs.ledger.v1';

/**
 * A core {@link LedgerStore} over a Memento (`context.workspaceState`), used when the window has no
 * workspace storage folder. Records are re-validated on load; a record that does not parse is dropped
 * and reported through `onInvalid`.
 */
export function createMementoLedgerStore(
  memento: vscode.Memento,
  onInvalid: (ref: unknown, error: unknown) => void = () => {},
): LedgerStore {
  const read = (): Record<string, unknown> => memento.get<Record<string, unknown>>(MEMENTO_KEY) ?? {};
  return {
    async load() {
      const records: JobRecord[] = [];
      for (const [ref, value] of Object.entries(read())) {
        const parsed = JobRecordSchema.safeParse(value);
        if (parsed.success) records.push(parsed.data);
        else onInvalid(ref, parsed.error);
      }
      return records;
    },
    async put(record) {
      await memento.update(MEMENTO_KEY, { ...read(), [record.ref]: record });
    },
    async remove(ref) {
      const { [ref]: _removed, ...rest } = read();
      await memento.update(MEMENTO_KEY, rest);
    },
  };
}
