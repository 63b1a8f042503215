import type { JobRecord, LedgerChange, LedgerRefresh, LedgerStore } from '@ltx-jobs/core';
import type { Redis } from 'ioredis';
import { teamKeys } from './keys.js';

type StoredEntry = LedgerRefresh['entries'] extends Map<string, infer E> ? E : never;

/** One record as the hash keeps it: the record and its change count. */
interface StoredValue {
  rev: number;
  record: JobRecord;
}

/** The shared ledger: a {@link LedgerStore} on Redis, plus direct reads for views. */
export interface RedisLedgerStore extends LedgerStore {
  /** The current record of `ref` as Redis holds it (no cache). */
  get(ref: string): Promise<JobRecord | undefined>;
}

/**
 * The team's ledger: every job record in one Redis hash (field: the job ref), written with the same
 * changes the file ledger logs (`put` / `remove`, several in one MULTI). Durable as far as Redis is
 * (run it with `--appendonly yes` for a team: see the README). `refresh` reads the whole hash again,
 * so a ledger opened over this store sees what every machine recorded. Unreadable values are skipped.
 * Submit intents are not kept here: the team queue claims inputs itself (see `claimInput`), so a
 * runner over this store keeps intents in memory.
 */
export function createRedisLedgerStore(redis: Redis): RedisLedgerStore {
  async function readAll(): Promise<Map<string, StoredValue>> {
    const raw = await redis.hgetall(teamKeys.records);
    const values = new Map<string, StoredValue>();
    for (const [ref, text] of Object.entries(raw)) {
      const value = parse(text);
      if (value) values.set(ref, value);
    }
    return values;
  }

  async function snapshot(): Promise<LedgerRefresh> {
    const entries = new Map<string, StoredEntry>();
    for (const [ref, { rev, record }] of await readAll()) {
      const { inputHash, submittedAt } = record;
      entries.set(ref, { ref, inputHash, submittedAt, rev, record } as StoredEntry);
    }
    return { entries, removed: new Map(), full: true };
  }

  async function commit(changes: readonly LedgerChange[]): Promise<void> {
    const multi = redis.multi();
    for (const change of changes) {
      if (change.op === 'put') {
        const value: StoredValue = { rev: change.rev, record: change.record };
        multi.hset(teamKeys.records, change.record.ref, JSON.stringify(value));
      } else {
        multi.hdel(teamKeys.records, change.ref);
      }
    }
    const results = await multi.exec();
    const failed = results?.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }

  return {
    load: async () => [...(await readAll()).values()].map((v) => v.record),
    loadEntries: snapshot,
    refresh: snapshot,
    put: (record) => commit([{ op: 'put', record, rev: 0 }]),
    remove: (ref) => commit([{ op: 'remove', ref, rev: 0 }]),
    commit,
    async get(ref) {
      const text = await redis.hget(teamKeys.records, ref);
      return text === null ? undefined : parse(text)?.record;
    },
  };
}

function parse(text: string): StoredValue | undefined {
  try {
    const value = JSON.parse(text) as Partial<StoredValue>;
    if (typeof value.rev !== 'number' || typeof value.record !== 'object' || value.record === null)
      return undefined;
    return value as StoredValue;
  } catch {
    return undefined;
  }
}
