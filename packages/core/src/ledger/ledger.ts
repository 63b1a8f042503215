import type { Deps } from '../deps.js';
import { UsageError } from '../errors/usage-error.js';
import { createMemoryIntentStore, type IntentStore, type SubmitIntentView, viewIntent } from './intents.js';
import type { LedgerSnapshot, StoredEntry } from './log-reader.js';
import { createRecordIndex } from './record-index.js';
import { materialize, summaryOf } from './record-lines.js';
import { type ClaimRequest, claimSubmit, type SubmitClaim } from './submit-claim.js';
import type { RecordSummary } from './summary.js';
import type { JobRecord, LedgerChange, LedgerStore } from './types.js';

/** The job records of one user, in memory, written through to a durable {@link LedgerStore}. */
export interface Ledger {
  /** Validates and stores a new (or replacing) record; durable when the promise resolves. */
  record(record: JobRecord): Promise<JobRecord>;
  /**
   * Applies `change` to the current record of `ref` (after every earlier write has been applied) and
   * stores the result durably. Throws UsageError when there is no such record.
   */
  update(ref: string, change: (record: JobRecord) => JobRecord): Promise<JobRecord>;
  get(ref: string): JobRecord | undefined;
  /** Every record, newest `submittedAt` first (ties: the later recorded first). */
  list(): JobRecord[];
  /** What a listing shows of every record, in the order of {@link Ledger.list}, parsing as little as it can. */
  summaries(): RecordSummary[];
  /** The newest record submitted with this input hash, if any. */
  findByInputHash(inputHash: string): JobRecord | undefined;
  /** Forgets `ref` durably (no-op when unknown). */
  remove(ref: string): Promise<void>;
  /** Reads what other processes recorded since this ledger was opened (records and intents). */
  refresh(): Promise<void>;
  /** Submits that have no job id yet: in progress in some process, or interrupted (see SubmitIntent). */
  intents(): SubmitIntentView[];
  /**
   * Claims `request.inputHash` for a submit (atomic across processes) and writes its intent durably.
   * Throws DuplicateSubmitError when the input was recorded before or another intent holds it (unless
   * `allowDuplicate`). See {@link SubmitClaim} for the rest of the submit's life.
   */
  claimSubmit(request: ClaimRequest): Promise<SubmitClaim>;
  /** Forgets an intent (an interrupted submit the user dismissed, or one that was recovered). */
  dismissIntent(id: string): Promise<void>;
  /** Lets go of open files. */
  close(): void;
}

/**
 * Loads `store` and returns a {@link Ledger} over it. Records are validated (validateRecord: schema,
 * `request` cleaned by sanitizeForLedger) before they are written. Writes are applied in
 * call order; those that queue up while a write is in flight are written together with one fsync
 * (group commit) when the store can (`commit`). A write that fails leaves memory unchanged and rejects
 * the callers whose changes it carried. Records the store loads unparsed are parsed on first read.
 */
export async function createLedger(
  store: LedgerStore,
  deps: Pick<Deps, 'logger'> & Partial<Pick<Deps, 'now'>>,
): Promise<Ledger> {
  const index = createRecordIndex(
    (entries) => materialize(entries, deps.logger),
    (entry) => summaryOf(entry, deps.logger),
  );
  index.replaceAll(store.loadEntries ? await store.loadEntries() : snapshotOf(await store.load()));
  const intentStore: IntentStore = store.intents ?? createMemoryIntentStore();
  let intentViews: SubmitIntentView[] = [];
  await readIntents();

  /** Reads the intents; drops those whose record was written (a crash came between) or that were abandoned. */
  async function readIntents(): Promise<void> {
    const views: SubmitIntentView[] = [];
    for (const intent of await intentStore.list()) {
      const view = viewIntent(intent);
      const recorded = index.allWithInputHash(intent.inputHash).some((r) => r.intentId === intent.id);
      if (view && !recorded) views.push(view);
      else await intentStore.remove(intent);
    }
    intentViews = views;
  }

  type Planned = { op: 'put'; record: JobRecord } | { op: 'remove'; ref: string };
  type Pending = {
    apply(get: (ref: string) => JobRecord | undefined): Planned | undefined;
    /** True for `record` (the record counts as recorded later), false for `update`. */
    replaces: boolean;
    resolve(record: JobRecord | undefined): void;
    reject(error: unknown): void;
  };
  const queue: Pending[] = [];
  let writing = false;

  async function drain(): Promise<void> {
    writing = true;
    try {
      validator ??= (await import('./validate-record.js')).validateRecord;
      while (queue.length > 0) {
        const batch = store.commit ? queue.splice(0) : queue.splice(0, 1);
        // Each change sees the ones before it in this batch; memory changes only once all are durable.
        const overlay = new Map<string, { record: JobRecord | undefined; rev: number }>();
        const get = (ref: string) => (overlay.has(ref) ? overlay.get(ref)?.record : index.get(ref));
        const accepted: { op: Pending; change: LedgerChange }[] = [];
        for (const op of batch) {
          try {
            const planned = op.apply(get);
            if (!planned) {
              op.resolve(undefined);
              continue;
            }
            const ref = planned.op === 'put' ? planned.record.ref : planned.ref;
            const rev = (overlay.get(ref)?.rev ?? index.revOf(ref)) + 1;
            overlay.set(ref, { record: planned.op === 'put' ? planned.record : undefined, rev });
            accepted.push({ op, change: { ...planned, rev } });
          } catch (error) {
            op.reject(error);
          }
        }
        if (accepted.length === 0) continue;
        const changes = accepted.map((a) => a.change);
        try {
          if (store.commit) await store.commit(changes);
          else for (const c of changes) await (c.op === 'put' ? store.put(c.record) : store.remove(c.ref));
        } catch (error) {
          for (const { op } of accepted) op.reject(error);
          continue;
        }
        for (const { op, change } of accepted) {
          if (change.op === 'put') index.put(entryOf(change.record, change.rev), op.replaces);
          else index.remove(change.ref, change.rev);
          op.resolve(change.op === 'put' ? change.record : undefined);
        }
      }
    } finally {
      writing = false;
    }
  }

  function enqueue(apply: Pending['apply'], replaces = false): Promise<JobRecord | undefined> {
    return new Promise((resolve, reject) => {
      queue.push({ apply, replaces, resolve, reject });
      if (!writing) void drain();
    });
  }

  /** The record check (zod) is loaded by the first write (drain): reading a ledger never loads it. */
  let validator: ((record: JobRecord) => JobRecord) | undefined;
  const validate = (record: JobRecord): JobRecord => {
    if (!validator) throw new Error('The ledger record check is not loaded');
    return validator(record);
  };

  const ledger: Ledger = {
    record: async (record) =>
      (await enqueue(() => ({ op: 'put', record: validate(record) }), true)) as JobRecord,
    update: async (ref, change) =>
      (await enqueue((get) => {
        const current = get(ref);
        if (!current) throw new UsageError(`No job ${ref} in the ledger`);
        const next = change(current);
        if (next.ref !== ref) throw new UsageError(`A ledger update may not change the ref (${ref})`);
        return { op: 'put', record: validate(next) };
      })) as JobRecord,
    get: (ref) => index.get(ref),
    list: () => index.list(),
    summaries: () => index.summaries(),
    findByInputHash: (inputHash) => index.findByInputHash(inputHash),
    remove: async (ref) => {
      await enqueue((get) => (get(ref) ? { op: 'remove', ref } : undefined));
    },
    async refresh() {
      if (store.refresh) {
        const news = await store.refresh();
        if (news.full) index.replaceAll(news);
        else {
          // Our own lines come back too, with revs we know: only higher ones are news.
          for (const entry of news.entries.values())
            if (entry.rev > index.revOf(entry.ref)) index.put(entry, false);
          for (const [ref, rev] of news.removed) if (rev > index.revOf(ref)) index.remove(ref, rev);
        }
      }
      await readIntents();
    },
    intents: () => intentViews,
    claimSubmit: async (request) => {
      const claim = await claimSubmit(request, {
        intents: intentStore,
        refresh: () => ledger.refresh(),
        recordsWithHash: (hash) => index.allWithInputHash(hash),
        intentViews: () => intentViews,
        changed: readIntents,
        updated: (intent) => {
          intentViews = intentViews.map((v) => (v.id === intent.id ? (viewIntent(intent) ?? v) : v));
        },
        now: deps.now ?? Date.now,
      });
      await readIntents();
      return claim;
    },
    async dismissIntent(id) {
      const intent = (await intentStore.list()).find((i) => i.id === id);
      if (intent) await intentStore.remove(intent);
      await readIntents();
    },
    close: () => store.close?.(),
  };
  return ledger;
}

function entryOf(record: JobRecord, rev: number): StoredEntry {
  const { ref, inputHash, submittedAt } = record;
  return { ref, inputHash, submittedAt, rev, record, source: undefined, start: undefined, end: undefined };
}

function snapshotOf(records: readonly JobRecord[]): LedgerSnapshot {
  return { entries: new Map(records.map((r) => [r.ref, entryOf(r, 0)])), removed: new Map() };
}
