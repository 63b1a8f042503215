import { createLedger, silentLogger } from '@ltx-jobs/core';
import { describe, expect, it } from 'vitest';
import type * as vscode from 'vscode';
import { createMementoLedgerStore, MEMENTO_KEY } from '../../src/services/memento-ledger-store.js';
import { record, succeeded } from './records.js';

/** An in-memory Memento with VS Code's semantics (get returns what the last update stored). */
function memoryMemento(): vscode.Memento & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    keys: () => [...data.keys()],
    get: <T>(key: string, fallback?: T) => (data.has(key) ? (data.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => {
      data.set(key, structuredClone(value));
    },
  } as vscode.Memento & { data: Map<string, unknown> };
}

describe('createMementoLedgerStore', () => {
  it('keeps records across a reload through the core ledger', async () => {
    const memento = memoryMemento();
    const ledger = await createLedger(createMementoLedgerStore(memento), { logger: silentLogger });
    await ledger.record(record({ ref: 'ltx:text-to-video/a', submittedAt: '2026-11-23T09:00:00Z' }));
    await ledger.record(succeeded({ ref: 'ltx:text-to-video/b', submittedAt: '2026-11-23T09:30:00Z' }));
    await ledger.update('ltx:text-to-video/a', (r) => ({ ...r, watching: false }));
    await ledger.remove('ltx:text-to-video/b');
    await ledger.record(record({ ref: 'ltx:text-to-video/c', submittedAt: '2026-11-23T09:45:00Z' }));

    const reloaded = await createLedger(createMementoLedgerStore(memento), { logger: silentLogger });
    expect(reloaded.list().map((r) => [r.ref, r.watching])).toEqual([
      ['ltx:text-to-video/c', true],
      ['ltx:text-to-video/a', false],
    ]);
  });

  it('drops a stored record that no longer parses and reports it', async () => {
    const memento = memoryMemento();
    await memento.update(MEMENTO_KEY, { good: record(), bad: { ref: 'bad', provider: 'nope' } });
    const invalid: unknown[] = [];
    const records = await createMementoLedgerStore(memento, (ref) => invalid.push(ref)).load();
    expect(records.map((r) => r.ref)).toEqual([record().ref]);
    expect(invalid).toEqual(['bad']);
  });
});
