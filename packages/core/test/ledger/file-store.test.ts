import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileLedgerStore } from '../../src/ledger/file-store.js';
import { createLedger } from '../../src/ledger/ledger.js';
import { recordingLogger } from '../poll/fakes.js';
import { ltxRecord } from './records.js';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ltx-ledger-'));
  path = join(dir, 'state', 'jobs.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const linesOf = async (p: string) => (await readFile(p, 'utf8')).split('\n').filter((l) => l !== '');

describe('file ledger store', () => {
  it('has each put on disk as one whole line when put resolves; load folds by ref, later lines win', async () => {
    const store = createFileLedgerStore(path);
    await store.put(ltxRecord(1));
    expect(await linesOf(path)).toHaveLength(1);
    await store.put(ltxRecord(2));
    await store.put(ltxRecord(1, { watching: false }));
    await store.remove(ltxRecord(2).ref);
    const lines = await linesOf(path);
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[3]!)).toEqual({ v: 1, op: 'remove', ref: ltxRecord(2).ref });
    const loaded = await createFileLedgerStore(path).load();
    expect(loaded).toEqual([ltxRecord(1, { watching: false })]);
  });

  it('skips a torn last line with a warning and appends cleanly after it', async () => {
    const first = createFileLedgerStore(path);
    await first.put(ltxRecord(1));
    await first.put(ltxRecord(2));
    const whole = JSON.stringify({ v: 1, op: 'put', record: ltxRecord(3) });
    await writeFile(path, whole.slice(0, 57), { flag: 'a' }); // killed mid-write
    const logger = recordingLogger();
    const store = createFileLedgerStore(path, { logger });
    expect((await store.load()).map((r) => r.name)).toEqual(['job 1', 'job 2']);
    const warning = logger.calls.find((c) => c.level === 'warn');
    expect(warning?.message).toMatch(/torn last ledger line/);
    expect(warning?.fields).toMatchObject({ where: 'jobs.jsonl:3' });
    await store.put(ltxRecord(4));
    const again = recordingLogger();
    const names = (await createFileLedgerStore(path, { logger: again }).load()).map((r) => r.name);
    expect(names).toEqual(['job 1', 'job 2', 'job 4']);
    expect(again.calls.filter((c) => c.level === 'warn')).toHaveLength(1);
    expect(again.calls[0]!.message).toMatch(/invalid ledger line/);
  });

  it('skips a line that fails the record schema, saying where', async () => {
    const store = createFileLedgerStore(path);
    await store.put(ltxRecord(1));
    await writeFile(
      path,
      `${JSON.stringify({ v: 1, op: 'put', record: { ref: 'x', provider: 'nope' } })}\n`,
      {
        flag: 'a',
      },
    );
    await store.put(ltxRecord(2));
    const logger = recordingLogger();
    expect((await createFileLedgerStore(path, { logger }).load()).map((r) => r.name)).toEqual([
      'job 1',
      'job 2',
    ]);
    expect(logger.calls).toHaveLength(1);
    expect(logger.calls[0]!.fields).toMatchObject({ where: 'jobs.jsonl:2' });
    expect(String(logger.calls[0]!.fields?.issues)).toContain('provider');
  });

  it('compacts to one line per live record via a temp file and rename', async () => {
    const store = createFileLedgerStore(path, { compactMinLines: 10, compactRatio: 2 });
    for (let i = 0; i < 30; i++) await store.put(ltxRecord(i % 3, { name: `v${i}` }));
    expect((await linesOf(path)).length).toBeLessThanOrEqual(10);
    const loaded = await createFileLedgerStore(path).load();
    expect(loaded.map((r) => r.name).sort()).toEqual(['v27', 'v28', 'v29']);
    expect((await readdir(join(dir, 'state'))).sort()).toEqual(['jobs.jsonl']);
  });

  it('keeps every record when two writers append at once while one of them compacts', async () => {
    const logger = recordingLogger();
    const a = createFileLedgerStore(path, { compactMinLines: 20, compactRatio: 1.05, logger });
    const b = createFileLedgerStore(path);
    await Promise.all([a.load(), b.load()]);
    const writer = async (store: typeof a, from: number) => {
      for (let i = from; i < from + 100; i++) {
        await store.put(ltxRecord(i));
        if (i % 3 === 0) await store.put(ltxRecord(i, { watching: false }));
      }
    };
    await Promise.all([writer(a, 0), writer(b, 1000)]);
    expect(logger.calls.filter((c) => c.message === 'Ledger compacted').length).toBeGreaterThan(0);
    const loaded = await createFileLedgerStore(path).load();
    expect(loaded).toHaveLength(200);
    for (const record of loaded) {
      const n = Number(record.id.slice(-12));
      expect(record.watching).toBe(n % 3 !== 0);
    }
  });

  it('backs a ledger that survives a restart', async () => {
    const ledger = await createLedger(createFileLedgerStore(path), { logger: recordingLogger() });
    await ledger.record(ltxRecord(1));
    await ledger.update(ltxRecord(1).ref, (r) => ({ ...r, outputDir: '/videos' }));
    const restarted = await createLedger(createFileLedgerStore(path), { logger: recordingLogger() });
    expect(restarted.get(ltxRecord(1).ref)?.outputDir).toBe('/videos');
    expect(restarted.findByInputHash(ltxRecord(1).inputHash)?.ref).toBe(ltxRecord(1).ref);
  });
});
