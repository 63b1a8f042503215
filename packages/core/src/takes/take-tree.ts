import type { JobRecord } from '../ledger/types.js';

/** Records arranged as takes under their sources; built by {@link takeForest}. */
export interface TakeForest {
  /** Records that are no take of another record in the list, in the list's order. */
  roots: JobRecord[];
  /** The direct takes of `ref`, in the list's order. */
  takesOf(ref: string): JobRecord[];
  /** The record `ref` is a take of, when that record is in the list. */
  parentOf(ref: string): JobRecord | undefined;
}

/**
 * Arranges `records` (any order, kept) so that a take sits under the job whose artifact it was made
 * from. A take whose source job is not in the list (removed, or a plain file) is a root; a cycle
 * (which only a hand-edited ledger can make) is broken by treating its members as roots.
 */
export function takeForest(records: readonly JobRecord[]): TakeForest {
  const byRef = new Map(records.map((r) => [r.ref, r]));
  const parentRef = (r: JobRecord): string | undefined => {
    const ref = r.parent?.ref;
    return ref !== undefined && ref !== r.ref && byRef.has(ref) ? ref : undefined;
  };
  const inCycle = (r: JobRecord): boolean => {
    const seen = new Set<string>([r.ref]);
    for (let ref = parentRef(r); ref !== undefined; ref = parentRef(byRef.get(ref)!)) {
      if (seen.has(ref)) return true;
      seen.add(ref);
    }
    return false;
  };
  const children = new Map<string, JobRecord[]>();
  const roots: JobRecord[] = [];
  for (const record of records) {
    const parent = parentRef(record);
    if (parent === undefined || inCycle(record)) roots.push(record);
    else children.set(parent, [...(children.get(parent) ?? []), record]);
  }
  return {
    roots,
    takesOf: (ref) => children.get(ref) ?? [],
    parentOf: (ref) => {
      const record = byRef.get(ref);
      const parent = record === undefined || inCycle(record) ? undefined : parentRef(record);
      return parent === undefined ? undefined : byRef.get(parent);
    },
  };
}
