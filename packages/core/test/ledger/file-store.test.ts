import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileLedgerStore } from '../../src/ledger/file-store.js';
import { createLedger } from '../../src/ledger/ledger.js';
import { readListing } from '../../src/ledger/listing.js';
import { putLine, sealLine } from '../../src/ledger/log-line.js';
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
const v1 = (record: unknown) => `${JSON.stringify({ v: 1, op: 'put', record })}\n`;

describe('file ledger store', () => {
  it('has each put on disk as one sealed line when put resolves; load folds by ref, later revs win', async () => {
    const store = createFileLedgerStore(path);
    await store.put(ltxRecord(1));
    expect(await linesOf(path)).toHaveLength(1);
    await store.put(ltxRecord(2));
    await store.put(ltxRecord(1, { watching: false }));
    await store.remove(ltxRecord(2).ref);
    const lines = (await linesOf(path)).map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.op, l.rev])).toEqual([
      ['put', 1],
      ['put', 1],
      ['put', 2],
      ['remove', 2],
    ]);
    expect(lines[3]).toMatchObject({ v: 2, op: 'remove', ref: ltxRecord(2).ref, s: expect.any(String) });
    const loaded = await createFileLedgerStore(path).load();
    expect(loaded).toEqual([ltxRecord(1, { watching: false })]);
    store.close();
  });

  it('keeps lines of a newer ltx-jobs: skipped when read, and never compacted away', async () => {
    const first = createFileLedgerStore(path, { compactMinLines: Number.POSITIVE_INFINITY });
    await first.put(ltxRecord(1));
    await first.compact();
    first.close();
    // What a later version might write: a record line of format 3 and a kind this one does not know.
    const future = [
      sealLine(`{"v":3,"op":"put","rev":1,"record":${JSON.stringify({ ...ltxRecord(2), shape: 'new' })}}`),
      sealLine('{"v":2,"op":"tag","ref":"x","tags":["a"]}'),
    ];
    await writeFile(path, future.join(''), { flag: 'a' });
    const logger = recordingLogger();
    const store = createFileLedgerStore(path, { logger, compactMinLines: 1, compactRatio: 0 });
    expect((await store.load()).map((r) => r.name)).toEqual(['job 1']);
    expect(logger.calls.filter((c) => c.level === 'warn').map((c) => c.message)).toEqual([
      expect.stringMatching(/newer ltx-jobs: update ltx-jobs/),
      expect.stringMatching(/unknown kind/),
    ]);
    // Appends go on (they would compact at once otherwise), and an explicit compaction refuses.
    await store.put(ltxRecord(3));
    await store.put(ltxRecord(4));
    await store.compact();
    await store.idle();
    const text = await readFile(path, 'utf8');
    for (const line of future) expect(text).toContain(line);
    expect(logger.calls.some((c) => /not compacted: it holds lines of a newer/.test(c.message))).toBe(true);
    expect((await readListing(path))?.map((s) => s.name)).toEqual(['job 4', 'job 3', 'job 1']);
    store.close();
  });

  it('still compacts a ledger whose snapshot header was damaged (its summary line is no unknown kind)', async () => {
    const first = createFileLedgerStore(path, { compactMinLines: Number.POSITIVE_INFINITY });
    await first.put(ltxRecord(1));
    await first.put(ltxRecord(2));
    await first.compact();
    first.close();
    const text = await readFile(path, 'utf8');
    await writeFile(path, `{"s":"00000000"${text.slice(15)}`); // the header fails its seal
    const logger = recordingLogger();
    const store = createFileLedgerStore(path, { logger });
    expect((await store.load()).map((r) => r.name).sort()).toEqual(['job 1', 'job 2']);
    expect(logger.calls.some((c) => /unknown kind|newer/.test(c.message))).toBe(false);
    await store.compact();
    expect(JSON.parse((await linesOf(path))[0] as string).op).toBe('snapshot');
    expect((await createFileLedgerStore(path).load()).map((r) => r.name).sort()).toEqual(['job 1', 'job 2']);
    store.close();
  });

  it('skips a torn last line with a warning, and the next append starts a line of its own', async () => {
    const first = createFileLedgerStore(path);
    await first.put(ltxRecord(1));
    await first.put(ltxRecord(2));
    first.close();
    const whole = putLine(ltxRecord(3), 1);
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
    expect(again.calls[0]!.message).toMatch(/checksum does not match/);
    store.close();
  });

  it('reads format-1 lines through the schema, skipping an invalid one and saying where', async () => {
    const store = createFileLedgerStore(path);
    await store.put(ltxRecord(0));
    store.close();
    await writeFile(path, v1(ltxRecord(1)), { flag: 'a' });
    await writeFile(path, v1({ ref: 'x', provider: 'nope' }), { flag: 'a' });
    await writeFile(path, v1(ltxRecord(2)), { flag: 'a' });
    const logger = recordingLogger();
    expect((await createFileLedgerStore(path, { logger }).load()).map((r) => r.name)).toEqual([
      'job 0',
      'job 1',
      'job 2',
    ]);
    expect(logger.calls).toHaveLength(1);
    expect(logger.calls[0]!.fields).toMatchObject({ where: 'jobs.jsonl:3' });
    expect(String(logger.calls[0]!.fields?.issues)).toContain('provider');
  });

  it('skips a sealed line that was edited (its checksum no longer matches)', async () => {
    const store = createFileLedgerStore(path);
    await store.put(ltxRecord(1));
    await store.put(ltxRecord(2));
    store.close();
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('job 2', 'job X'));
    const logger = recordingLogger();
    expect((await createFileLedgerStore(path, { logger }).load()).map((r) => r.name)).toEqual(['job 1']);
    expect(logger.calls[0]).toMatchObject({ level: 'warn', fields: { where: 'jobs.jsonl:2' } });
  });

  it('compacts to a snapshot line plus one line per live record; records load unparsed until read', async () => {
    const store = createFileLedgerStore(path, { compactMinLines: 10, compactRatio: 0.5 });
    for (let i = 0; i < 30; i++) await store.put(ltxRecord(i % 3, { name: `v${i}` }));
    await store.idle();
    await store.compact();
    const lines = (await linesOf(path)).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({
      op: 'snapshot',
      count: 3,
      refs: expect.any(String),
      lens: expect.any(Array),
    });
    expect(lines[1]).toMatchObject({
      op: 'summaries',
      recordsBytes: expect.any(Number),
      rows: [
        [ltxRecord(0).ref, ltxRecord(0).submittedAt, 10, 'v27', null, null, null, 0, 0, 1],
        expect.any(Array),
        expect.any(Array),
      ],
    });
    const { entries } = await createFileLedgerStore(path).loadEntries();
    expect([...entries.values()].map((e) => e.record)).toEqual([undefined, undefined, undefined]);
    const ledger = await createLedger(createFileLedgerStore(path), { logger: recordingLogger() });
    expect(ledger.summaries().map((s) => s.name)).toEqual(['v29', 'v28', 'v27']);
    ledger.close();
    const loaded = await createFileLedgerStore(path).load();
    expect(loaded.map((r) => r.name).sort()).toEqual(['v27', 'v28', 'v29']);
    expect((await readdir(join(dir, 'state'))).sort()).toEqual(['jobs.jsonl']);
    store.close();
  });

  it('upgrades a format-1 ledger on its first compaction, keeping every record', async () => {
    await mkdir(join(dir, 'state'), { recursive: true });
    await writeFile(path, Array.from({ length: 20 }, (_, i) => v1(ltxRecord(i))).join(''));
    const store = createFileLedgerStore(path, { compactMinLines: 5 });
    await store.loadEntries();
    await store.put(ltxRecord(20));
    await store.idle();
    const lines = (await linesOf(path)).map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ v: 2, op: 'snapshot', count: 21 });
    expect(lines.slice(1).every((l) => l.v === 2 && typeof l.s === 'string')).toBe(true);
    expect((await createFileLedgerStore(path).load()).map((r) => r.name)).toHaveLength(21);
    store.close();
  });

  it('keeps the newer rev when a compaction copies an older line after it', async () => {
    await mkdir(join(dir, 'state'), { recursive: true });
    const newer = putLine(ltxRecord(1, { name: 'newer' }), 5);
    const older = putLine(ltxRecord(1, { name: 'older' }), 4);
    await writeFile(path, newer + older);
    expect((await createFileLedgerStore(path).load()).map((r) => r.name)).toEqual(['newer']);
  });

  it('folds in the lines a compaction that died after its rename left in a .prev link', async () => {
    const store = createFileLedgerStore(path);
    await store.put(ltxRecord(1));
    store.close();
    // The old file of a dead compaction: it had a line appended after the compactor read it.
    await writeFile(`${path}.prev-0badf00d`, putLine(ltxRecord(1), 1) + putLine(ltxRecord(2), 1));
    const loaded = await createFileLedgerStore(path).load();
    expect(loaded.map((r) => r.name).sort()).toEqual(['job 1', 'job 2']);
    const next = createFileLedgerStore(path);
    await next.compact();
    expect((await readdir(join(dir, 'state'))).sort()).toEqual(['jobs.jsonl']);
    expect((await createFileLedgerStore(path).load()).map((r) => r.name).sort()).toEqual(['job 1', 'job 2']);
  });

  it('takes over the compaction lock of a dead process at once, and appends never wait for a lock', async () => {
    const store = createFileLedgerStore(path);
    await store.put(ltxRecord(1));
    await writeFile(`${path}.lock`, '999999'); // `echo 999999 > jobs.jsonl.lock`: nobody runs as 999999
    const started = Date.now();
    await store.put(ltxRecord(2));
    await store.compact();
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await readdir(join(dir, 'state'))).sort()).toEqual(['jobs.jsonl']);
    expect(JSON.parse((await linesOf(path))[0]!)).toMatchObject({ op: 'snapshot', count: 2 });
    // A live holder (this process) keeps its lock: compaction is skipped, appends go on.
    await writeFile(`${path}.lock`, String(process.pid));
    await store.put(ltxRecord(3));
    await store.compact();
    expect(await readFile(`${path}.lock`, 'utf8')).toBe(String(process.pid));
    expect((await createFileLedgerStore(path).load()).map((r) => r.name)).toEqual([
      'job 1',
      'job 2',
      'job 3',
    ]);
    store.close();
  });

  it('keeps every record when two writers append at once while one of them compacts', async () => {
    const logger = recordingLogger();
    const a = createFileLedgerStore(path, { compactMinLines: 20, compactRatio: 0.1, logger });
    const b = createFileLedgerStore(path);
    await Promise.all([a.load(), b.load()]);
    const writer = async (store: typeof a, from: number) => {
      for (let i = from; i < from + 100; i++) {
        await store.put(ltxRecord(i));
        if (i % 3 === 0) await store.put(ltxRecord(i, { watching: false }));
      }
    };
    await Promise.all([writer(a, 0), writer(b, 1000)]);
    await a.idle();
    expect(logger.calls.filter((c) => c.message === 'Ledger compacted').length).toBeGreaterThan(0);
    const loaded = await createFileLedgerStore(path).load();
    expect(loaded).toHaveLength(200);
    for (const record of loaded) {
      const n = Number(record.id.slice(-12));
      expect(record.watching).toBe(n % 3 !== 0);
    }
    a.close();
    b.close();
  });

  it('refresh brings what another writer appended, then the whole file after a compaction', async () => {
    const a = createFileLedgerStore(path, { compactMinLines: 2, compactRatio: 0 });
    const b = createFileLedgerStore(path);
    await a.put(ltxRecord(1));
    await b.loadEntries();
    await a.put(ltxRecord(2));
    const news = await b.refresh();
    expect(news.full).toBe(false);
    expect([...news.entries.keys()]).toEqual([ltxRecord(2).ref]);
    await a.put(ltxRecord(3));
    await a.put(ltxRecord(4));
    await a.idle();
    const full = await b.refresh();
    expect(full.full).toBe(true);
    expect([...full.entries.keys()].sort()).toEqual([1, 2, 3, 4].map((n) => ltxRecord(n).ref).sort());
    a.close();
  });

  it('backs a ledger that survives a restart', async () => {
    const ledger = await createLedger(createFileLedgerStore(path), { logger: recordingLogger() });
    await ledger.record(ltxRecord(1));
    await ledger.update(ltxRecord(1).ref, (r) => ({ ...r, outputDir: '/videos' }));
    ledger.close();
    const restarted = await createLedger(createFileLedgerStore(path), { logger: recordingLogger() });
    expect(restarted.get(ltxRecord(1).ref)?.outputDir).toBe('/videos');
    expect(restarted.findByInputHash(ltxRecord(1).inputHash)?.ref).toBe(ltxRecord(1).ref);
    restarted.close();
  });
});
