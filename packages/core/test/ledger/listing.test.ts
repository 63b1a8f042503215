import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileLedgerStore } from '../../src/ledger/file-store.js';
import { createLedger } from '../../src/ledger/ledger.js';
import { readListing } from '../../src/ledger/listing.js';
import { putLine } from '../../src/ledger/log-line.js';
import { recordingLogger } from '../poll/fakes.js';
import { ltxRecord } from './records.js';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ltx-listing-'));
  path = join(dir, 'jobs.jsonl');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function summariesOf(file: string) {
  const ledger = await createLedger(createFileLedgerStore(file), { logger: recordingLogger() });
  try {
    return ledger.summaries();
  } finally {
    ledger.close();
  }
}

describe('readListing (the quick way of `list`)', () => {
  it('equals Ledger.summaries() over a snapshot plus updates, removals, a re-put, ties and a torn line', async () => {
    const store = createFileLedgerStore(path, { compactMinLines: Number.POSITIVE_INFINITY });
    const ledger = await createLedger(store, { logger: recordingLogger() });
    for (let i = 0; i < 40; i++) await ledger.record(ltxRecord(i % 25, { name: `n${i}` }));
    const tie = ltxRecord(30, { submittedAt: ltxRecord(3).submittedAt, name: 'same second as 3' });
    await ledger.record(tie);
    await store.compact();
    await ledger.update(ltxRecord(4).ref, (r) => ({ ...r, watching: false, name: 'renamed' }));
    await ledger.remove(ltxRecord(5).ref);
    await ledger.remove(ltxRecord(6).ref);
    await ledger.record(ltxRecord(6, { name: 'back again' }));
    await ledger.record(ltxRecord(99, { name: 'new after the snapshot' }));
    ledger.close();
    // A copy of an older line after the newer ones (a compaction's tail copy): the rev rule keeps the newer.
    await writeFile(path, putLine(ltxRecord(4, { name: 'stale copy' }), 1), { flag: 'a' });
    await writeFile(path, putLine(ltxRecord(7), 9).slice(0, 40), { flag: 'a' }); // torn
    const quick = await readListing(path);
    expect(quick).toEqual(await summariesOf(path));
    expect(quick?.find((s) => s.ref === ltxRecord(4).ref)?.name).toBe('renamed');
    expect(quick?.some((s) => s.ref === ltxRecord(5).ref)).toBe(false);
    expect(quick?.[0]?.name).toBe('new after the snapshot');
  });

  it('equals Ledger.summaries() for a snapshot alone, records written out of date order included', async () => {
    const store = createFileLedgerStore(path, { compactMinLines: Number.POSITIVE_INFINITY });
    const ledger = await createLedger(store, { logger: recordingLogger() });
    for (const i of [3, 1, 4, 15, 9, 2, 6, 5]) await ledger.record(ltxRecord(i, { name: `n${i}` }));
    await store.compact();
    ledger.close();
    const quick = await readListing(path);
    expect(quick).toEqual(await summariesOf(path));
    expect(quick?.map((s) => s.name)).toEqual(['n15', 'n9', 'n6', 'n5', 'n4', 'n3', 'n2', 'n1']);
  });

  it('leaves ledgers it cannot read quickly to the full reader (format 1, no snapshot), and an empty one is empty', async () => {
    expect(await readListing(path)).toEqual([]);
    await writeFile(path, `${JSON.stringify({ v: 1, op: 'put', record: ltxRecord(1) })}\n`);
    expect(await readListing(path)).toBeUndefined();
    await writeFile(path, putLine(ltxRecord(1), 1));
    expect(await readListing(path)).toBeUndefined();
  });
});
