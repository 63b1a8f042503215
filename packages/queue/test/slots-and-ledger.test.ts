import { createDeps, createLedger, type JobRecord, submittedRecord } from '@ltx-jobs/core';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  createAccountSlots,
  createRedisLedgerStore,
  createSlotWaiter,
  PAUSED_LIMITER_COUNT,
  takeSlot,
  teamKeys,
} from '../src/index.js';
import { useTestRedis } from './support/redis-server.js';

const server = useTestRedis();
let redis: Redis;

beforeEach(() => {
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
});
afterEach(() => {
  redis.disconnect();
});

function recordOf(n: number): JobRecord {
  const request = { prompt: `record ${n}`, model: 'ltx-2-3-fast', duration: 6 };
  return submittedRecord(
    { provider: 'ltx', endpoint: 'text-to-video', request },
    { baseDir: '/tmp', outputDir: '/tmp' },
    { id: `job-${n}`, raw: null },
    request,
    `hash-${n}`,
    Date.UTC(2026, 10, 30, 0, 0, n),
  );
}

it('a job waiting for a slot takes it the moment another worker gives one back (woken, not by its retry timer)', async () => {
  const slots = createAccountSlots(redis, () => 1);
  const waiter = await createSlotWaiter(redis);
  try {
    expect(await slots.acquire('ltx', 'a')).toBe(true);
    // A retry timer of a minute: only the release's message can wake it within the test's timeout.
    const waiting = takeSlot(slots, 'ltx', 'b', { withinMs: 60_000, retryMs: 60_000, waiter });
    await new Promise((r) => setTimeout(r, 200));
    expect(await slots.holders('ltx')).toEqual(['a']);
    await slots.release('ltx', 'a');
    expect(await waiting).toBe(true);
    expect(await slots.holders('ltx')).toEqual(['b']);
  } finally {
    await waiter.close();
  }
});

it('no slot is taken while a provider 429 pauses the queue; the wait gives up when its time is out', async () => {
  const slots = createAccountSlots(redis, () => 2);
  await redis.set(teamKeys.limiter('ltx'), PAUSED_LIMITER_COUNT, 'PX', 5000);
  const attempt = await slots.tryAcquire('ltx', 'a');
  expect(attempt.taken).toBe(false);
  expect(attempt.taken === false && attempt.pausedMs).toBeGreaterThan(0);
  expect(await takeSlot(slots, 'ltx', 'a', { withinMs: 300, retryMs: 100 })).toBe(false);
  expect(await slots.holders('ltx')).toEqual([]);
  await redis.del(teamKeys.limiter('ltx'));
  expect(await slots.acquire('ltx', 'a')).toBe(true);
});

it('a timed hold counts against the account until it lapses', async () => {
  const slots = createAccountSlots(redis, () => 1);
  expect(await slots.acquire('ltx', 'cut-off')).toBe(true);
  await slots.holdUntil('ltx', 'cut-off', Date.now() + 400);
  expect(await slots.holders('ltx')).toEqual([]);
  expect((await slots.held('ltx')).map((h) => h.jobId)).toEqual(['cut-off']);
  expect(await slots.acquire('ltx', 'next')).toBe(false);
  await new Promise((r) => setTimeout(r, 500));
  expect(await slots.held('ltx')).toEqual([]);
  expect(await slots.acquire('ltx', 'next')).toBe(true);
});

it("the shared ledger's refresh reads only what changed since, and sees every machine's writes and removals", async () => {
  const deps = createDeps();
  const other = new Redis(server.url);
  try {
    // A team history written before change numbers existed (no seq): loaded, never re-read.
    for (let n = 0; n < 50; n++) {
      const record = recordOf(n);
      await redis.hset(teamKeys.records, record.ref, JSON.stringify({ rev: 3, record }));
    }
    const a = await createLedger(createRedisLedgerStore(redis), deps);
    const b = await createLedger(createRedisLedgerStore(other), deps);
    // A store of its own shows what a refresh reads (each ledger owns its store).
    const probe = createRedisLedgerStore(redis);
    expect((await probe.loadEntries()).entries.size).toBe(50);
    expect(a.list()).toHaveLength(50);
    expect((await probe.refresh()).entries.size).toBe(0);

    const fresh = await b.record(recordOf(100));
    await b.update(recordOf(7).ref, (r) => ({ ...r, name: 'renamed on B' }));
    await b.remove(recordOf(8).ref);
    const news = await probe.refresh();
    expect(news.full).toBe(false);
    expect([...news.entries.keys()].sort()).toEqual([fresh.ref, recordOf(7).ref].sort());
    expect([...news.removed.keys()]).toEqual([recordOf(8).ref]);

    await a.refresh();
    const c = await createLedger(createRedisLedgerStore(redis), deps);
    for (const ledger of [a, c]) {
      expect(ledger.get(fresh.ref)?.id).toBe('job-100');
      expect(ledger.get(recordOf(7).ref)?.name).toBe('renamed on B');
      expect(ledger.get(recordOf(8).ref)).toBeUndefined();
      expect(ledger.list()).toHaveLength(50);
    }
    // A's own change to the record B renamed wins over B's older one everywhere.
    await a.update(recordOf(7).ref, (r) => ({ ...r, name: 'renamed on A' }));
    await b.refresh();
    expect(b.get(recordOf(7).ref)?.name).toBe('renamed on A');
  } finally {
    other.disconnect();
  }
});
