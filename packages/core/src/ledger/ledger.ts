import { z } from 'zod';
import type { Deps } from '../deps.js';
import { UsageError } from '../errors/usage-error.js';
import { sanitizeForLedger } from './sanitize.js';
import { type JobRecord, JobRecordSchema, type LedgerStore } from './types.js';

/** The job records of one user, in memory, written through to a durable {@link LedgerStore}. */
export interface Ledger {
  /** Validates and stores a new (or replacing) record; durable when the promise resolves. */
  record(record: JobRecord): Promise<JobRecord>;
  /**
   * Applies `change` to the current record of `ref` (after every earlier write has landed) and stores
   * the result durably. Throws UsageError when there is no such record.
   */
  update(ref: string, change: (record: JobRecord) => JobRecord): Promise<JobRecord>;
  get(ref: string): JobRecord | undefined;
  /** Every record, newest `submittedAt` first (ties: the later recorded first). */
  list(): JobRecord[];
  /** The newest record submitted with this input hash, if any. */
  findByInputHash(inputHash: string): JobRecord | undefined;
  /** Forgets `ref` durably (no-op when unknown). */
  remove(ref: string): Promise<void>;
}

/**
 * Loads `store` and returns a {@link Ledger} over it. Writes run one at a time in call order; a
 * write that fails leaves memory unchanged and rejects its caller only. Records are validated with
 * {@link JobRecordSchema} and their `request` passes through {@link sanitizeForLedger}.
 */
export async function createLedger(store: LedgerStore, deps: Pick<Deps, 'logger'>): Promise<Ledger> {
  const records = new Map<string, JobRecord>();
  const byHash = new Map<string, Set<string>>();
  const index = (record: JobRecord) => {
    const refs = byHash.get(record.inputHash) ?? new Set<string>();
    refs.add(record.ref);
    byHash.set(record.inputHash, refs);
  };
  const unindex = (record: JobRecord | undefined) => {
    if (record) byHash.get(record.inputHash)?.delete(record.ref);
  };
  for (const record of await store.load()) {
    unindex(records.get(record.ref));
    records.set(record.ref, record);
    index(record);
  }
  let tail: Promise<unknown> = Promise.resolve();

  function serial<T>(write: () => Promise<T>): Promise<T> {
    const run = tail.then(write);
    tail = run.catch(() => undefined);
    return run;
  }

  function validate(record: JobRecord): JobRecord {
    const parsed = JobRecordSchema.safeParse({ ...record, request: sanitizeForLedger(record.request) });
    if (!parsed.success) {
      throw new UsageError(`Ledger record ${record.ref} is invalid:\n${z.prettifyError(parsed.error)}`);
    }
    return parsed.data;
  }

  async function put(record: JobRecord): Promise<JobRecord> {
    const valid = validate(record);
    await store.put(valid);
    unindex(records.get(valid.ref));
    records.delete(valid.ref);
    records.set(valid.ref, valid);
    index(valid);
    return valid;
  }

  return {
    record: (record) => serial(() => put(record)),
    update: (ref, change) =>
      serial(async () => {
        const current = records.get(ref);
        if (!current) throw new UsageError(`No job ${ref} in the ledger`);
        const next = change(current);
        if (next.ref !== ref) throw new UsageError(`A ledger update may not change the ref (${ref})`);
        const valid = validate(next);
        await store.put(valid);
        unindex(current);
        records.set(ref, valid);
        index(valid);
        return valid;
      }),
    get: (ref) => records.get(ref),
    list: () =>
      [...records.values()]
        .reverse()
        .sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : a.submittedAt > b.submittedAt ? -1 : 0)),
    findByInputHash(inputHash) {
      let found: JobRecord | undefined;
      for (const record of records.values()) {
        if (record.inputHash === inputHash && (!found || record.submittedAt >= found.submittedAt))
          found = record;
      }
      return found;
    },
    remove: (ref) =>
      serial(async () => {
        if (!records.has(ref)) return;
        await store.remove(ref);
        unindex(records.get(ref));
        records.delete(ref);
        deps.logger.debug('Ledger record removed', { ref });
      }),
  };
}
