import { describe, expect, it } from 'vitest';
import { isAbortError } from '../../src/deps.js';
import { RateLimitError } from '../../src/errors/http-error.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { createSubmitQueue } from '../../src/runner/submit-queue.js';
import { fakeClock } from '../poll/fakes.js';

const concurrency = (retryAfterMs?: number) =>
  new RateLimitError('Too many concurrent generations', {
    status: 429,
    provider: 'ltx',
    errorType: 'concurrency_limit_error',
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
const tick = () => new Promise((r) => setImmediate(r));

describe('submit queue', () => {
  it('lets at most 2 LTX generations in flight by default and hands slots on in order', async () => {
    const clock = fakeClock();
    const queue = createSubmitQueue({}, clock.deps);
    const sent: number[] = [];
    const runs = [1, 2, 3, 4].map((n) =>
      queue.submit('ltx', async () => {
        sent.push(n);
        return n;
      }),
    );
    await tick();
    expect(sent).toEqual([1, 2]);
    expect(queue.inUse('ltx')).toBe(2);
    expect(queue.waiting('ltx')).toBe(2);
    const first = await runs[0]!;
    first.slot.release();
    first.slot.release(); // idempotent
    await tick();
    expect(sent).toEqual([1, 2, 3]);
    (await runs[1]!).slot.release();
    await tick();
    expect(sent).toEqual([1, 2, 3, 4]);
    expect(queue.inUse('ltx')).toBe(2);
    expect(queue.inUse('useapi')).toBe(0);
  });

  it('honours a configured limit per provider (useapi default 20)', async () => {
    const clock = fakeClock();
    const queue = createSubmitQueue({ useapi: { concurrentJobs: 3 } }, clock.deps);
    const slots = await Promise.all([1, 2, 3].map(() => queue.acquire('useapi')));
    const fourth = queue.acquire('useapi');
    await tick();
    expect(queue.waiting('useapi')).toBe(1);
    slots[0]!.release();
    await fourth;
    expect(queue.inUse('useapi')).toBe(3);
    const defaults = createSubmitQueue({}, clock.deps);
    await Promise.all(Array.from({ length: 20 }, () => defaults.acquire('useapi')));
    expect(defaults.inUse('useapi')).toBe(20);
  });

  it('waits Retry-After on concurrency_limit_error and sends again, keeping the slot', async () => {
    const clock = fakeClock();
    const queue = createSubmitQueue({}, clock.deps);
    let calls = 0;
    const { value, slot } = await queue.submit('ltx', async () => {
      if (++calls === 1) throw concurrency(7000);
      return 'job-1';
    });
    expect(value).toBe('job-1');
    expect(calls).toBe(2);
    expect(clock.sleeps).toEqual([7000]);
    expect(queue.inUse('ltx')).toBe(1);
    slot.release();
    expect(queue.inUse('ltx')).toBe(0);
  });

  it('retries a concurrency 429 as soon as one of its slots frees', async () => {
    const clock = fakeClock();
    const sleepSignals: AbortSignal[] = [];
    const deps = {
      ...clock.deps,
      sleep: (_ms: number, signal?: AbortSignal) =>
        new Promise<void>((_, reject) => {
          if (signal) sleepSignals.push(signal);
          signal?.addEventListener('abort', () =>
            reject(Object.assign(new Error('x'), { name: 'AbortError' })),
          );
        }),
    };
    const queue = createSubmitQueue({}, deps);
    const running = await queue.acquire('ltx');
    let calls = 0;
    const second = queue.submit('ltx', async () => {
      if (++calls === 1) throw concurrency();
      return 'job-2';
    });
    while (sleepSignals.length === 0) await tick();
    expect(calls).toBe(1);
    running.release();
    expect((await second).value).toBe('job-2');
    expect(calls).toBe(2);
  });

  it('does not resend after a NetworkError once the body was sent, nor on a plain rate limit', async () => {
    const clock = fakeClock();
    const queue = createSubmitQueue({}, clock.deps);
    const dropped = new NetworkError('socket hang up', { provider: 'ltx', requestSent: true });
    const limited = new RateLimitError('slow', {
      status: 429,
      provider: 'ltx',
      errorType: 'rate_limit_error',
    });
    for (const error of [dropped, limited]) {
      let calls = 0;
      await expect(
        queue.submit('ltx', async () => {
          calls++;
          throw error;
        }),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
    expect(queue.inUse('ltx')).toBe(0);
    expect(clock.sleeps).toEqual([]);
  });

  it('gives up after maxConcurrencyRetries and releases the slot', async () => {
    const clock = fakeClock();
    const queue = createSubmitQueue({}, clock.deps, { maxConcurrencyRetries: 3, concurrencyRetryMs: 1000 });
    let calls = 0;
    const error = concurrency();
    await expect(
      queue.submit('ltx', async () => {
        calls++;
        throw error;
      }),
    ).rejects.toBe(error);
    expect(calls).toBe(4);
    expect(clock.sleeps).toHaveLength(3);
    clock.sleeps.forEach((ms, i) => {
      expect(ms).toBeLessThanOrEqual(1000 * 2 ** i);
      expect(ms).toBeGreaterThanOrEqual((1000 * 2 ** i) / 2);
    });
    expect(queue.inUse('ltx')).toBe(0);
  });

  it('rejects a caller that aborts while waiting for a slot without taking one', async () => {
    const clock = fakeClock();
    const queue = createSubmitQueue({ ltx: { concurrentJobs: 1 } }, clock.deps);
    const held = await queue.acquire('ltx');
    const controller = new AbortController();
    const waiting = queue.acquire('ltx', controller.signal);
    controller.abort();
    expect(isAbortError(await waiting.catch((e: unknown) => e))).toBe(true);
    held.release();
    expect(queue.inUse('ltx')).toBe(0);
    expect(queue.waiting('ltx')).toBe(0);
  });
});
