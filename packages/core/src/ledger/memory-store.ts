import type { JobRecord, LedgerStore } from './types.js';

/** A {@link LedgerStore} in memory (tests, and hosts that persist elsewhere). Hands out copies. */
export function createMemoryLedgerStore(initial: JobRecord[] = []): LedgerStore & { readonly size: number } {
  const records = new Map<string, JobRecord>(initial.map((r) => [r.ref, structuredClone(r)]));
  return {
    get size() {
      return records.size;
    },
    load: async () => [...records.values()].map((r) => structuredClone(r)),
    put: async (record) => {
      records.delete(record.ref);
      records.set(record.ref, structuredClone(record));
    },
    remove: async (ref) => {
      records.delete(ref);
    },
  };
}
