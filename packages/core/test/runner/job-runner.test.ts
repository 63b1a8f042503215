import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/errors/config-error.js';
import { isDuplicateSubmitError } from '../../src/errors/duplicate-submit-error.js';
import { NotFoundError, RateLimitError } from '../../src/errors/http-error.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { isSubmitInterruptedError } from '../../src/errors/submit-interrupted-error.js';
import { isUsageError } from '../../src/errors/usage-error.js';
import { hashInput } from '../../src/ledger/hash.js';
import { createMemoryLedgerStore } from '../../src/ledger/memory-store.js';
import type { JobRecord } from '../../src/ledger/types.js';
import { fixture, makeJob } from '../poll/fakes.js';
import { ltxRef, setup, succeeded, textToVideo } from './runner-fixtures.js';

const accepted = fixture('ltx/submit-accepted.json') as { id: string; created_at: string };
const submitted = (id = accepted.id) => ({ id, createdAt: accepted.created_at, raw: { ...accepted, id } });

describe('job runner: submit', () => {
  it('records the job durably before returning, hashing the request as written', async () => {
    const store = createMemoryLedgerStore();
    const order: string[] = [];
    const slowStore = {
      ...store,
      load: store.load,
      put: async (record: JobRecord) => {
        await new Promise((r) => setTimeout(r, 5));
        await store.put(record);
        order.push(`put ${record.ref}`);
      },
    };
    const { runner, ltx } = await setup({ store: slowStore, submits: [submitted()] });
    runner.onDidChange((ref) => order.push(`change ${ref}`));
    const file = textToVideo();
    const record = await runner.submit(file, {
      baseDir: '/requests',
      requestFile: '/requests/t.ltx.json',
      outputDir: '/out',
    });
    const ref = `ltx:text-to-video/${accepted.id}`;
    expect(order).toEqual([`put ${ref}`, `change ${ref}`]);
    expect((await store.load()).map((r) => r.ref)).toEqual([ref]);
    expect(record).toMatchObject({
      ref,
      name: 'lighthouse-at-dawn',
      inputHash: hashInput('ltx', 'text-to-video', file.request),
      request: { ...file.request, resolved: true },
      outputDir: '/out',
      watching: true,
      job: { state: 'queued', createdAt: accepted.created_at },
    });
    expect(ltx.resolveCalls).toEqual([{ endpoint: 'text-to-video', baseDir: '/requests' }]);
    expect(ltx.submitCalls[0]!.body).toEqual({ ...file.request, resolved: true });
  });

  it('refuses a duplicate input unless allowDuplicate, without sending anything', async () => {
    const { runner, ltx } = await setup({ submits: [submitted('id-1'), submitted('id-2')] });
    await runner.submit(textToVideo(), { baseDir: '/r' });
    const error = await runner.submit(textToVideo(), { baseDir: '/r' }).catch((e: unknown) => e);
    expect(isDuplicateSubmitError(error)).toBe(true);
    expect(error).toMatchObject({ previousRef: 'ltx:text-to-video/id-1' });
    expect(ltx.submitCalls).toHaveLength(1);
    await runner.submit(textToVideo(), { baseDir: '/r', allowDuplicate: true });
    expect(runner.list().map((r) => r.id)).toEqual(['id-2', 'id-1']);
  });

  it('refuses the same input twice at once', async () => {
    const { runner } = await setup({ submits: [submitted('id-1'), submitted('id-2')] });
    const [a, b] = await Promise.allSettled([
      runner.submit(textToVideo(), { baseDir: '/r' }),
      runner.submit(textToVideo(), { baseDir: '/r' }),
    ]);
    expect(a.status).toBe('fulfilled');
    expect(b.status === 'rejected' && isDuplicateSubmitError(b.reason)).toBe(true);
  });

  it('does not resubmit after a drop once the body was sent: the submit is interrupted, a resubmit refused', async () => {
    const dropped = new NetworkError('socket hang up', { provider: 'ltx', requestSent: true });
    const { runner, ltx } = await setup({ submits: [dropped, submitted()] });
    const error = await runner.submit(textToVideo(), { baseDir: '/r' }).catch((e: unknown) => e);
    expect(isSubmitInterruptedError(error)).toBe(true);
    expect(String(error)).toMatch(/may have been created and billed; LTX's API cannot list jobs/);
    expect(ltx.submitCalls).toHaveLength(1);
    expect(runner.list()).toEqual([]);
    expect(runner.intents()).toEqual([
      expect.objectContaining({ state: 'interrupted', stage: 'interrupted', reason: 'socket hang up' }),
    ]);
    const again = await runner.submit(textToVideo(), { baseDir: '/r' }).catch((e: unknown) => e);
    expect(isDuplicateSubmitError(again)).toBe(true);
    expect(String(again)).toMatch(/was interrupted after it was sent .* may have been billed/);
    expect(ltx.submitCalls).toHaveLength(1);
    await runner.submit(textToVideo(), { baseDir: '/r', allowDuplicate: true });
    expect(runner.list()).toHaveLength(1);
  });

  it('retries a concurrency_limit_error 429 (no job was started)', async () => {
    const limited = new RateLimitError('busy', {
      status: 429,
      provider: 'ltx',
      errorType: 'concurrency_limit_error',
      retryAfterMs: 3000,
    });
    const { runner, ltx, clock } = await setup({ submits: [limited, submitted()] });
    const record = await runner.submit(textToVideo(), { baseDir: '/r' });
    expect(record.id).toBe(accepted.id);
    expect(ltx.submitCalls).toHaveLength(2);
    expect(clock.sleeps).toContain(3000);
  });

  it('holds 2 LTX slots until the jobs end, polling the holders so a third submit can go', async () => {
    const scripts = {
      'id-1': [
        makeJob(ltxRef('id-1'), 'running'),
        makeJob(ltxRef('id-1'), 'running'),
        succeeded(ltxRef('id-1'), {}),
      ],
      'id-2': [makeJob(ltxRef('id-2'), 'running')],
    };
    const { runner, ltx } = await setup({
      scripts,
      submits: [submitted('id-1'), submitted('id-2'), submitted('id-3')],
    });
    const records = await Promise.all(
      ['a', 'b', 'c'].map((s) => runner.submit(textToVideo(s), { baseDir: '/r' })),
    );
    expect(records.map((r) => r.id)).toEqual(['id-1', 'id-2', 'id-3']);
    const id1Reads = ltx.statusCalls.filter((c) => c.ref.id === 'id-1');
    expect(id1Reads).toHaveLength(3);
    expect(ltx.submitCalls[2]!.at).toBeGreaterThanOrEqual(id1Reads[2]!.at);
    expect(runner.get('ltx:text-to-video/id-1')?.job?.state).toBe('succeeded');
    runner.dispose();
  });

  it('releases the slot at once with willWatch: false', async () => {
    const { runner, ltx } = await setup({
      submits: [submitted('id-1'), submitted('id-2'), submitted('id-3')],
    });
    for (const s of ['a', 'b', 'c']) await runner.submit(textToVideo(s), { baseDir: '/r', willWatch: false });
    expect(ltx.submitCalls).toHaveLength(3);
    expect(ltx.statusCalls).toHaveLength(0);
  });

  it('says the job is billed when the ledger cannot record it', async () => {
    const store = createMemoryLedgerStore();
    const broken = {
      ...store,
      put: async () => Promise.reject(new Error('ENOSPC: no space left on device')),
    };
    const { runner } = await setup({ store: broken, submits: [submitted()] });
    await expect(runner.submit(textToVideo(), { baseDir: '/r' })).rejects.toThrow(
      new RegExp(`ltx:text-to-video/${accepted.id} was submitted \\(and is billed\\).*ENOSPC`),
    );
  });

  it('fails with ConfigError for a provider without a client', async () => {
    const { runner } = await setup();
    const clientless = await import('../../src/runner/job-runner.js').then((m) =>
      m.createJobRunner({ clients: {}, store: createMemoryLedgerStore() }),
    );
    expect(
      isConfigError(await clientless.submit(textToVideo(), { baseDir: '/r' }).catch((e: unknown) => e)),
    ).toBe(true);
    runner.dispose();
  });
});

describe('job runner: watch, track, stop, cancel, remove', () => {
  it('updates the ledger and emits only on changed reads, and resumes from the last known state', async () => {
    const ref = ltxRef(accepted.id);
    const running = makeJob(ref, 'running', { wireStatus: 'processing' });
    const scripts = {
      [accepted.id]: [running, { ...running, updatedAt: 'later' }, running, succeeded(ref, {})],
    };
    const { runner, ltx, changes } = await setup({ scripts, submits: [submitted()] });
    const record = await runner.submit(textToVideo(), { baseDir: '/r' });
    const seen: string[] = [];
    const outcome = await runner.watch(record.ref, { onUpdate: (j) => seen.push(j.state) });
    expect(outcome.end).toBe('terminal');
    expect(seen).toEqual(['queued', 'running', 'running', 'running', 'succeeded']);
    expect(changes.map(([, state]) => state)).toEqual(['queued', 'running', 'succeeded']);
    expect(runner.get(record.ref)?.job?.state).toBe('succeeded');
    const again = await runner.watch(record.ref);
    expect(again.end).toBe('terminal');
    expect(ltx.statusCalls).toHaveLength(4);
  });

  it('records a 404 as expired', async () => {
    const notFound = new NotFoundError('Job not found', {
      status: 404,
      provider: 'ltx',
      errorType: 'not_found_error',
    });
    const { runner } = await setup({ scripts: { gone: [notFound] } });
    await runner.track('ltx:text-to-video/gone', { name: 'old one', outputDir: '/out' });
    const outcome = await runner.watch('ltx:text-to-video/gone');
    expect(outcome.job.state).toBe('expired');
    expect(runner.get('ltx:text-to-video/gone')).toMatchObject({
      name: 'old one',
      job: { state: 'expired', error: { type: 'not_found_error' } },
    });
  });

  it('stopWatching ends watches with "deadline" and marks the record', async () => {
    const { runner } = await setup({ scripts: { j: [makeJob(ltxRef('j'), 'running')] } });
    await runner.track('ltx:text-to-video/j');
    let reads = 0;
    const outcome = await runner.watch('ltx:text-to-video/j', {
      onUpdate: () => {
        if (++reads === 2) void runner.stopWatching('ltx:text-to-video/j');
      },
    });
    expect(outcome.end).toBe('deadline');
    await new Promise((r) => setImmediate(r));
    expect(runner.get('ltx:text-to-video/j')?.watching).toBe(false);
  });

  it('cancels useapi jobs only', async () => {
    const { runner, useapi } = await setup();
    await runner.track('ltx:text-to-video/j');
    expect(isUsageError(await runner.cancel('ltx:text-to-video/j').catch((e: unknown) => e))).toBe(true);
    const uref = 'useapi:email:user@example.com-job:7a34b821-9fd0-205e-d21b-4abc6f7839e7-type:video';
    await runner.track(uref);
    await runner.cancel(uref);
    expect(useapi.cancelCalls.map((r) => r.id)).toEqual([uref.slice('useapi:'.length)]);
    expect(runner.get(uref)?.watching).toBe(false);
  });

  it('remove forgets the record and emits undefined; unknown refs are a UsageError', async () => {
    const { runner, changes } = await setup();
    await runner.track('ltx:text-to-video/j');
    await runner.remove('ltx:text-to-video/j');
    expect(runner.get('ltx:text-to-video/j')).toBeUndefined();
    expect(changes.at(-1)).toEqual(['ltx:text-to-video/j', undefined]);
    await expect(runner.watch('ltx:text-to-video/j')).rejects.toThrow(
      /No job ltx:text-to-video\/j in the ledger/,
    );
    expect(runner.get('not a ref')).toBeUndefined();
  });
});
