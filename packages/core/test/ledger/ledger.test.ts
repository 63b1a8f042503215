import { describe, expect, it } from 'vitest';
import { isUsageError } from '../../src/errors/usage-error.js';
import { canonicalJson, hashInput } from '../../src/ledger/hash.js';
import { createLedger } from '../../src/ledger/ledger.js';
import { createMemoryLedgerStore } from '../../src/ledger/memory-store.js';
import { recordingLogger } from '../poll/fakes.js';
import { ltxRecord } from './records.js';

describe('hashInput', () => {
  it('ignores key order at every depth and tells different inputs apart', () => {
    const a = hashInput('ltx', 'text-to-video', { prompt: 'x', opts: { b: 1, a: [1, { d: 2, c: 3 }] } });
    const b = hashInput('ltx', 'text-to-video', { opts: { a: [1, { c: 3, d: 2 }], b: 1 }, prompt: 'x' });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(hashInput('ltx', 'image-to-video', { prompt: 'x' })).not.toBe(
      hashInput('ltx', 'text-to-video', { prompt: 'x' }),
    );
    expect(hashInput('useapi', 'text-to-video', { prompt: 'x' })).not.toBe(
      hashInput('ltx', 'text-to-video', { prompt: 'x' }),
    );
    expect(hashInput('ltx', 'text-to-video', { duration: 6 })).not.toBe(
      hashInput('ltx', 'text-to-video', { duration: '6' }),
    );
    expect(canonicalJson({ b: undefined, a: [undefined] })).toBe('{"a":[null]}');
  });
});

describe('ledger', () => {
  it('records, updates, lists newest first, finds duplicates and removes', async () => {
    const store = createMemoryLedgerStore();
    const ledger = await createLedger(store, { logger: recordingLogger() });
    await ledger.record(ltxRecord(2));
    await ledger.record(ltxRecord(1));
    await ledger.record(ltxRecord(3));
    expect(ledger.list().map((r) => r.name)).toEqual(['job 3', 'job 2', 'job 1']);
    const updated = await ledger.update(ltxRecord(1).ref, (r) => ({ ...r, watching: false }));
    expect(updated.watching).toBe(false);
    expect(ledger.findByInputHash(ltxRecord(2).inputHash)?.ref).toBe(ltxRecord(2).ref);
    expect(ledger.findByInputHash('nope')).toBeUndefined();
    await ledger.remove(ltxRecord(2).ref);
    expect(ledger.get(ltxRecord(2).ref)).toBeUndefined();
    const reloaded = await createLedger(store, { logger: recordingLogger() });
    expect(reloaded.list().map((r) => [r.name, r.watching])).toEqual([
      ['job 3', true],
      ['job 1', false],
    ]);
  });

  it('applies updates in call order, each on the result of the one before', async () => {
    const ledger = await createLedger(createMemoryLedgerStore([ltxRecord(1)]), { logger: recordingLogger() });
    const ref = ltxRecord(1).ref;
    const addDownload = (label: string) =>
      ledger.update(ref, (r) => ({
        ...r,
        downloads: [...r.downloads, { label, path: `/tmp/${label}`, bytes: 1, completedAt: r.submittedAt }],
      }));
    await Promise.all([addDownload('a'), addDownload('b'), addDownload('c')]);
    expect(ledger.get(ref)?.downloads.map((d) => d.label)).toEqual(['a', 'b', 'c']);
  });

  it('rejects invalid records and unknown refs with a UsageError naming the ref', async () => {
    const ledger = await createLedger(createMemoryLedgerStore(), { logger: recordingLogger() });
    const bad = { ...ltxRecord(1), downloads: [{ label: 'x', path: 'p', bytes: -1, completedAt: 'now' }] };
    const error = await ledger.record(bad).catch((e: unknown) => e);
    expect(isUsageError(error)).toBe(true);
    expect(String(error)).toContain(ltxRecord(1).ref);
    expect(String(error)).toContain('downloads');
    await expect(ledger.update('ltx:text-to-video/missing', (r) => r)).rejects.toThrow(
      /No job ltx:text-to-video\/missing/,
    );
    expect(ledger.list()).toEqual([]);
  });

  it('never stores secrets or whole data URIs', async () => {
    const ledger = await createLedger(createMemoryLedgerStore(), { logger: recordingLogger() });
    const image = `data:image/png;base64,${'A'.repeat(10_000)}`;
    const stored = await ledger.record(
      ltxRecord(1, {
        request: { prompt: 'p', image_uri: image, nested: { Authorization: 'Bearer sk-123', api_key: 'k' } },
      }),
    );
    const text = JSON.stringify(stored);
    expect(text).not.toContain('sk-123');
    expect(text).not.toContain('AAAAAAAAAA');
    expect(stored.request).toEqual({
      prompt: 'p',
      image_uri: 'data:image/png;base64,… (10022 characters not stored)',
      nested: { Authorization: '[redacted]', api_key: '[redacted]' },
    });
  });
});

describe('ledger refresh', () => {
  it('a whole reread that was read before our own write landed keeps our newer record', async () => {
    const memory = createMemoryLedgerStore();
    let release: () => void = () => {};
    let staleEntries: Map<string, unknown> | undefined;
    // A store whose refresh reads the whole ledger (as after a compaction), then is slow to answer.
    const store = {
      ...memory,
      async refresh() {
        const read = new Map(
          (await memory.load()).map((record) => [
            record.ref,
            { ref: record.ref, inputHash: record.inputHash, submittedAt: record.submittedAt, rev: 1, record },
          ]),
        );
        staleEntries = read;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return { entries: read, removed: new Map<string, number>(), full: true };
      },
    };
    const ledger = await createLedger(store as never, { logger: recordingLogger() });
    await ledger.record(ltxRecord(1));
    const refreshing = ledger.refresh();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Written while the reread is under way: the reread does not have it.
    await ledger.record(ltxRecord(2));
    await ledger.update(ltxRecord(1).ref, (r) => ({ ...r, watching: false }));
    expect(staleEntries?.has(ltxRecord(2).ref)).toBe(false);
    release();
    await refreshing;
    expect(ledger.get(ltxRecord(2).ref)?.name).toBe('job 2');
    expect(ledger.get(ltxRecord(1).ref)?.watching).toBe(false);
  });
});
