import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeps, createFileLedgerStore, createLedger, hashInput } from '../dist/index.js';
import { ltxRecord } from '../test-support/ledger-records.mjs';

/** Record number `n`, without a `name` (as the bench has always written). */
const record = (n) => ltxRecord(n, { hashInput });
const deps = createDeps();
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Writes `count` records (1,000 at a time, so they share fsyncs), compacts, then appends `tail` updates. */
async function buildLedger(path, count, tail) {
  const store = createFileLedgerStore(path, { compactMinLines: Number.POSITIVE_INFINITY });
  const ledger = await createLedger(store, deps);
  for (let i = 0; i < count; i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 1000); j++) batch.push(ledger.record(record(j)));
    await Promise.all(batch);
  }
  await store.compact();
  for (let i = 0; i < tail; i++) await ledger.update(record(i).ref, (r) => ({ ...r, watching: false }));
  ledger.close();
}

/**
 * Opens a ledger of `count` records (a snapshot plus 100 appended lines) 5 times and takes the median
 * time until `get`/`list`/`findByInputHash` can be called; then the first full `list()` (which parses
 * every record) and 1,000 duplicate lookups.
 */
export async function benchLedgerLoad({ count = 10_000 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'ltx-bench-ledger-'));
  try {
    const path = join(dir, 'jobs.jsonl');
    await buildLedger(path, count, 100);
    const { size } = await stat(path);
    const loads = [];
    const lists = [];
    let ledger;
    for (let run = 0; run < 5; run++) {
      ledger?.close();
      globalThis.gc?.();
      const t0 = performance.now();
      ledger = await createLedger(createFileLedgerStore(path), deps);
      loads.push(performance.now() - t0);
      if (run < 4) continue;
      const t1 = performance.now();
      const all = ledger.list();
      lists.push(performance.now() - t1);
      if (all.length !== count) throw new Error(`loaded ${all.length} of ${count}`);
    }
    const hashes = Array.from({ length: 1000 }, (_, i) => record(count - 1 - i).inputHash);
    const t2 = performance.now();
    for (const hash of hashes) ledger.findByInputHash(hash);
    const lookupMs = performance.now() - t2;
    ledger.close();
    return {
      records: count,
      fileMb: size / 1e6,
      loadMsMedianOf5: median(loads),
      goalMs: count >= 100_000 ? 500 : 50,
      firstFullListMs: median(lists),
      duplicateLookupUs: lookupMs,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Appends through the ledger (validate, seal, one write + one fsync per record, each awaited before the
 * next) against the reference: one file opened once, `write` + `fsync` of the same bytes per line.
 * The two alternate record by record, so the disk's moods (other processes' I/O) hit both alike;
 * records are built before timing. The ratio is of the summed times.
 */
export async function benchLedgerAppend({ records = 2000 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'ltx-bench-append-'));
  try {
    const ledger = await createLedger(createFileLedgerStore(join(dir, 'jobs.jsonl')), deps);
    const raw = await open(join(dir, 'raw.jsonl'), 'a');
    const built = Array.from({ length: records }, (_, i) => record(i));
    const lines = built.map((r) =>
      Buffer.from(`${JSON.stringify({ v: 2, op: 'put', rev: 1, record: r })}\n`),
    );
    let ledgerMs = 0;
    let rawMs = 0;
    for (let i = 0; i < records; i++) {
      const t0 = performance.now();
      await ledger.record(built[i]);
      const t1 = performance.now();
      await raw.write(lines[i]);
      await raw.sync();
      const t2 = performance.now();
      ledgerMs += t1 - t0;
      rawMs += t2 - t1;
    }
    await raw.close();
    ledger.close();
    return {
      records,
      ledgerMsEach: ledgerMs / records,
      rawWriteFsyncMsEach: rawMs / records,
      ratio: ledgerMs / rawMs,
      goalRatio: 1.5,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** 200 jobs change at once (one update each, not awaited one by one): how many fsyncs group commit needs. */
export async function benchGroupCommit({ jobs = 200 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'ltx-bench-group-'));
  try {
    const store = createFileLedgerStore(join(dir, 'jobs.jsonl'));
    let commits = 0;
    const counting = {
      ...store,
      commit: (changes) => {
        commits++;
        return store.commit(changes);
      },
    };
    const ledger = await createLedger(counting, deps);
    await Promise.all(Array.from({ length: jobs }, (_, i) => ledger.record(record(i))));
    commits = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: jobs }, (_, i) =>
        ledger.update(record(i).ref, (r) => ({ ...r, watching: false })),
      ),
    );
    const ms = performance.now() - t0;
    ledger.close();
    return { jobsChangingAtOnce: jobs, writesWithFsync: commits, totalMs: ms };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
