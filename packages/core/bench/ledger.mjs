import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeps, createFileLedgerStore, createLedger, hashInput } from '../dist/index.js';
import { ltxRecord } from '../test-support/ledger-records.mjs';

/** Record number `n`, without a `name` (as the bench has always written). */
const record = (n) => ltxRecord(n, { hashInput });

/** Appends `count` records through the ledger (each fsynced before the next), then loads them back. */
export async function benchLedger({ count = 10_000 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'ltx-bench-ledger-'));
  try {
    const path = join(dir, 'jobs.jsonl');
    const deps = createDeps();
    const ledger = await createLedger(createFileLedgerStore(path), deps);
    const t0 = performance.now();
    for (let i = 0; i < count; i++) await ledger.record(record(i));
    const appendMs = performance.now() - t0;
    const { size } = await stat(path);
    const t1 = performance.now();
    const loaded = await createLedger(createFileLedgerStore(path), deps);
    const loadMs = performance.now() - t1;
    if (loaded.list().length !== count) throw new Error(`loaded ${loaded.list().length} of ${count}`);
    const hashes = Array.from({ length: 1000 }, (_, i) => record(count - 1 - i).inputHash);
    const t2 = performance.now();
    for (const hash of hashes) loaded.findByInputHash(hash);
    const lookupMs = performance.now() - t2;
    return {
      records: count,
      fileMb: size / 1e6,
      appendPerSecond: count / (appendMs / 1000),
      appendMsEach: appendMs / count,
      loadMs,
      loadPerSecond: count / (loadMs / 1000),
      duplicateLookupUs: (lookupMs * 1000) / 1000,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
