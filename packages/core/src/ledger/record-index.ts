import type { LedgerSnapshot, StoredEntry } from './log-reader.js';
import type { RecordSummary } from './summary.js';
import type { JobRecord } from './types.js';

/**
 * The ledger's records in memory with the lookups it needs, none of which scans every record once
 * built: by ref (the load's own map, adopted without a copy), by input hash (a map built on the first
 * lookup, then kept up to date), and newest first (sorted on the first listing, and again only when a
 * record is added, removed or re-dated). It also knows each ref's rev (see log-line.ts), removed refs
 * included, so a new line gets the next one. Entries loaded unparsed are parsed through `parse` when
 * first read, all pending ones at once for a listing.
 */
export interface RecordIndex {
  /** Takes `snapshot` (a whole reread), keeping what is newer here (rev) than in it. */
  replaceAll(snapshot: LedgerSnapshot): void;
  /** Adds or replaces; `moveToEnd` makes it the later recorded one among equal `submittedAt`s. */
  put(entry: StoredEntry, moveToEnd: boolean): void;
  remove(ref: string, rev: number): void;
  /** The rev of the last line of `ref` (0 when none). */
  revOf(ref: string): number;
  get(ref: string): JobRecord | undefined;
  list(): JobRecord[];
  findByInputHash(inputHash: string): JobRecord | undefined;
  /** Every record with this input hash. */
  allWithInputHash(inputHash: string): JobRecord[];
  /** What a listing shows of every record, newest first, parsing no record that has a summary. */
  summaries(): RecordSummary[];
}

export function createRecordIndex(
  parse: (entries: StoredEntry[]) => void,
  summary: (entry: StoredEntry) => RecordSummary | undefined,
): RecordIndex {
  let entries = new Map<string, StoredEntry>();
  let removed = new Map<string, number>();
  let byHash: Map<string, string[]> | undefined;
  let order: StoredEntry[] | undefined;

  function hashIndex(): Map<string, string[]> {
    if (!byHash) {
      byHash = new Map();
      for (const entry of entries.values()) addHash(byHash, entry);
    }
    return byHash;
  }

  function dropHash(entry: StoredEntry): void {
    const refs = byHash?.get(entry.inputHash);
    if (!refs) return;
    const at = refs.indexOf(entry.ref);
    if (at >= 0) refs.splice(at, 1);
    if (refs.length === 0) byHash?.delete(entry.inputHash);
  }

  function put(entry: StoredEntry, moveToEnd: boolean): void {
    const old = entries.get(entry.ref);
    if (old) dropHash(old);
    if (byHash) addHash(byHash, entry);
    removed.delete(entry.ref);
    if (old && !moveToEnd && old.submittedAt === entry.submittedAt) {
      Object.assign(old, entry); // the same object keeps its place in the map and in the order
      return;
    }
    entries.delete(entry.ref);
    entries.set(entry.ref, entry);
    order = undefined;
  }

  function drop(ref: string): void {
    const old = entries.get(ref);
    if (!old) return;
    dropHash(old);
    entries.delete(ref);
    order = undefined;
  }

  /** Parses what is pending among `wanted`; drops those that could not be parsed. */
  function ensureParsed(wanted: readonly StoredEntry[]): void {
    const pending = wanted.filter((e) => e.record === undefined);
    if (pending.length === 0) return;
    parse(pending);
    for (const entry of pending) if (entry.record === undefined) drop(entry.ref);
  }

  function sorted(): StoredEntry[] {
    // Reversed map order, then a stable sort: equal dates keep the later recorded first.
    order ??= [...entries.values()]
      .reverse()
      .sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : a.submittedAt > b.submittedAt ? -1 : 0));
    return order;
  }

  function withHash(inputHash: string): StoredEntry[] {
    return (hashIndex().get(inputHash) ?? []).flatMap((ref) => entries.get(ref) ?? []);
  }

  return {
    replaceAll(snapshot) {
      // A write of ours may have landed while the snapshot was being read: a ref whose rev here is
      // newer than the snapshot's keeps what we know (a record just put, or just removed).
      const theirs = (ref: string) => snapshot.entries.get(ref)?.rev ?? snapshot.removed.get(ref) ?? 0;
      for (const [ref, entry] of entries) {
        if (entry.rev <= theirs(ref)) continue;
        snapshot.removed.delete(ref);
        snapshot.entries.set(ref, entry);
      }
      for (const [ref, rev] of removed) {
        if (rev <= theirs(ref)) continue;
        snapshot.entries.delete(ref);
        snapshot.removed.set(ref, rev);
      }
      entries = snapshot.entries;
      removed = snapshot.removed;
      byHash = undefined;
      order = undefined;
    },
    put,
    remove(ref, rev) {
      drop(ref);
      removed.set(ref, rev);
    },
    revOf: (ref) => entries.get(ref)?.rev ?? removed.get(ref) ?? 0,
    get(ref) {
      const entry = entries.get(ref);
      if (!entry) return undefined;
      ensureParsed([entry]);
      return entry.record;
    },
    list() {
      ensureParsed(sorted());
      return sorted().map((e) => e.record as JobRecord);
    },
    findByInputHash(inputHash) {
      for (;;) {
        let best: StoredEntry | undefined;
        // Later in the list = recorded later: it wins a tie.
        for (const entry of withHash(inputHash))
          if (!best || entry.submittedAt >= best.submittedAt) best = entry;
        if (!best) return undefined;
        ensureParsed([best]);
        if (best.record) return best.record;
      }
    },
    summaries() {
      return sorted().flatMap((entry) => summary(entry) ?? []);
    },
    allWithInputHash(inputHash) {
      const found = withHash(inputHash);
      ensureParsed(found);
      return found.flatMap((e) => (e.record ? [e.record] : []));
    },
  };
}

function addHash(index: Map<string, string[]>, entry: StoredEntry): void {
  const refs = index.get(entry.inputHash);
  if (refs) refs.push(entry.ref);
  else index.set(entry.inputHash, [entry.ref]);
}
