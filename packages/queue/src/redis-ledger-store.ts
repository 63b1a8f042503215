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
  /** The whole ledger on the first call; then only the records changed (or removed) since the last read. */
  refresh(): Promise<LedgerRefresh>;
  loadEntries(): Promise<LedgerRefresh>;
}

// The first change number: above any per-record rev written before change numbers existed.
const FIRST_SEQ = 1_000_000;

// Applies changes (ARGV: op, ref, value triples) and gives each the team's next change number, kept
// by ref in the `changed` set: one atomic step, so a reader never sees one without the other.
const COMMIT = `
redis.call('SET', KEYS[3], ARGV[1], 'NX')
local seq = 0
for i = 2, #ARGV, 3 do
  seq = redis.call('INCR', KEYS[3])
  if ARGV[i] == 'put' then redis.call('HSET', KEYS[1], ARGV[i + 1], ARGV[i + 2])
  else redis.call('HDEL', KEYS[1], ARGV[i + 1]) end
  redis.call('ZADD', KEYS[2], seq, ARGV[i + 1])
end
return seq`;

// The refs changed after change number ARGV[1], their change numbers and current values (false when
// removed), in one atomic read.
const CHANGED_SINCE = `
local changed = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf', 'WITHSCORES')
local out = {}
for i = 1, #changed, 2 do
  out[#out + 1] = changed[i]
  out[#out + 1] = changed[i + 1]
  out[#out + 1] = redis.call('HGET', KEYS[1], changed[i]) or ''
end
return out`;

/**
 * The team's ledger: every job record in one Redis hash (field: the job ref), written with the same
 * changes the file ledger logs (`put` / `remove`, several in one atomic step). Durable as far as Redis
 * is (run it with `--appendonly yes` for a team: see the README). Each change gets the team's next
 * change number (its rev, rising across every machine), so `refresh` reads only the records changed
 * since the last load or refresh (a worker starting a job reads one record, not the team's history),
 * and sees what every machine recorded. Unreadable values are skipped. Submit intents are not kept
 * here: the team queue claims inputs itself (see `enqueueRequest`), so a runner over this store keeps
 * intents in memory.
 */
export function createRedisLedgerStore(redis: Redis): RedisLedgerStore {
  /** The last change number this store has read (0 before the first load). */
  let seenSeq = 0;
  let loaded = false;

  async function snapshot(): Promise<LedgerRefresh> {
    const [seqReply, recordsReply, changedReply] = (await redis
      .multi()
      .get(teamKeys.changeSeq)
      .hgetall(teamKeys.records)
      .zrange(teamKeys.changed, 0, -1, 'WITHSCORES')
      .exec()) as [Error | null, unknown][];
    const raw = (recordsReply?.[1] ?? {}) as Record<string, string>;
    const changed = (changedReply?.[1] ?? []) as string[];
    const seqOf = new Map<string, number>();
    for (let i = 0; i + 1 < changed.length; i += 2) seqOf.set(changed[i] as string, Number(changed[i + 1]));
    const out: LedgerRefresh = { entries: new Map(), removed: new Map(), full: true };
    for (const [ref, text] of Object.entries(raw)) {
      const value = parse(text);
      if (value) out.entries.set(ref, entryOf(ref, seqOf.get(ref) ?? value.rev, value.record));
    }
    for (const [ref, seq] of seqOf) if (!(ref in raw)) out.removed.set(ref, seq);
    seenSeq = Math.max(seenSeq, Number(seqReply?.[1] ?? 0) || 0);
    loaded = true;
    return out;
  }

  async function changes(): Promise<LedgerRefresh> {
    if (!loaded) return snapshot();
    const reply = (await redis.eval(
      CHANGED_SINCE,
      2,
      teamKeys.records,
      teamKeys.changed,
      seenSeq,
    )) as string[];
    const out: LedgerRefresh = { entries: new Map(), removed: new Map(), full: false };
    for (let i = 0; i + 2 < reply.length; i += 3) {
      const ref = reply[i] as string;
      const seq = Number(reply[i + 1]);
      const value = reply[i + 2] ? parse(reply[i + 2] as string) : undefined;
      if (reply[i + 2] === '') out.removed.set(ref, seq);
      else if (value) out.entries.set(ref, entryOf(ref, seq, value.record));
      seenSeq = Math.max(seenSeq, seq);
    }
    return out;
  }

  async function commit(list: readonly LedgerChange[]): Promise<void> {
    if (list.length === 0) return;
    const args: string[] = [String(FIRST_SEQ)];
    for (const change of list) {
      if (change.op === 'put') {
        const value: StoredValue = { rev: change.rev, record: change.record };
        args.push('put', change.record.ref, JSON.stringify(value));
      } else {
        args.push('remove', change.ref, '');
      }
    }
    await redis.eval(COMMIT, 3, teamKeys.records, teamKeys.changed, teamKeys.changeSeq, ...args);
  }

  return {
    load: async () => [...(await snapshot()).entries.values()].map((e) => e.record as JobRecord),
    loadEntries: snapshot,
    refresh: changes,
    put: (record) => commit([{ op: 'put', record, rev: 0 }]),
    remove: (ref) => commit([{ op: 'remove', ref, rev: 0 }]),
    commit,
    async get(ref) {
      const text = await redis.hget(teamKeys.records, ref);
      return text === null ? undefined : parse(text)?.record;
    },
  };
}

function entryOf(ref: string, rev: number, record: JobRecord): StoredEntry {
  const { inputHash, submittedAt } = record;
  return { ref, inputHash, submittedAt, rev, record } as StoredEntry;
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
