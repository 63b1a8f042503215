import { describe, expect, it } from 'vitest';
import { isAbortError } from '../../src/deps.js';
import { AuthError, NotFoundError, RateLimitError, ServerError } from '../../src/errors/http-error.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { TimeoutError } from '../../src/errors/timeout-error.js';
import type { JobRef } from '../../src/job-ref.js';
import { createPollScheduler } from '../../src/poll/scheduler.js';
import { fakeClient, fakeClock, fixture, hangingStatus, makeJob } from './fakes.js';

const ref: JobRef = {
  provider: 'ltx',
  endpoint: 'text-to-video',
  id: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
};
const running = makeJob(ref, 'running', {
  raw: fixture('ltx/job-processing.json'),
  wireStatus: 'processing',
});
const done = makeJob(ref, 'succeeded', {
  raw: fixture('ltx/job-completed-video.json'),
  artifacts: [{ label: 'video_url', url: 'https://storage.googleapis.com/example/video.mp4' }],
});
const server = (status = 500) => new ServerError('boom', { status, provider: 'ltx', errorType: 'api_error' });

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}

describe('poll scheduler: one job', () => {
  it('waits max(interval, Retry-After) between reads', async () => {
    const clock = fakeClock();
    const fake = fakeClient('ltx', clock.now, {
      [ref.id]: [{ job: running, retryAfterMs: 12_000 }, { job: running, retryAfterMs: 1000 }, running, done],
    });
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
    const outcome = await scheduler.watch(ref);
    expect(outcome).toEqual({ job: done, end: 'terminal' });
    expect(gaps(fake.statusCalls.map((c) => c.at))).toEqual([12_000, 5000, 5000]);
  });

  it.each([
    ['no jitter taken', 0],
    ['most jitter taken', 0.999],
  ])(
    'backs off exponentially on 5xx, 529, timeouts and network errors (%s), capped at 60 s',
    async (_, r) => {
      const clock = fakeClock({ random: () => r });
      const errors = [
        server(500),
        server(529),
        new TimeoutError('slow', { provider: 'ltx', timeoutMs: 30_000 }),
        new NetworkError('reset', { provider: 'ltx', requestSent: true }),
        server(503),
        server(502),
      ];
      const fake = fakeClient('ltx', clock.now, { [ref.id]: [...errors, done] });
      const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
      await scheduler.watch(ref);
      const ceilings = [5000, 10_000, 20_000, 40_000, 60_000, 60_000];
      const observed = gaps(fake.statusCalls.map((c) => c.at));
      expect(observed).toHaveLength(ceilings.length);
      observed.forEach((gap, i) => {
        expect(gap).toBeLessThanOrEqual(ceilings[i]!);
        expect(gap).toBeGreaterThanOrEqual(ceilings[i]! / 2);
      });
      expect(clock.logger.calls.filter((c) => c.level === 'warn')).toHaveLength(errors.length);
    },
  );

  it('resets the backoff after a success and honours a longer Retry-After on a 429', async () => {
    const clock = fakeClock({ random: () => 0 });
    const limited = new RateLimitError('slow', { status: 429, provider: 'ltx', retryAfterMs: 90_000 });
    const fake = fakeClient('ltx', clock.now, {
      [ref.id]: [server(), server(), running, server(), limited, done],
    });
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
    await scheduler.watch(ref);
    expect(gaps(fake.statusCalls.map((c) => c.at))).toEqual([5000, 10_000, 5000, 5000, 90_000]);
  });

  it('logs an unknown state once and keeps polling at the normal pace', async () => {
    const clock = fakeClock();
    const unknown = makeJob(ref, 'unknown', { wireStatus: 'warming_up', raw: { status: 'warming_up' } });
    const fake = fakeClient('ltx', clock.now, { [ref.id]: [unknown, unknown, unknown, unknown, done] });
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
    const updates: string[] = [];
    await scheduler.watch(ref, { onUpdate: (job) => updates.push(job.state) });
    expect(gaps(fake.statusCalls.map((c) => c.at))).toEqual([5000, 5000, 5000, 5000]);
    const warnings = clock.logger.calls.filter((c) => c.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.fields).toMatchObject({ wireStatus: 'warming_up' });
    expect(updates).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'succeeded']);
  });

  it('keeps polling a useapi job that is completed without an artifact yet', async () => {
    const clock = fakeClock();
    const uref: JobRef = { provider: 'useapi', id: 'email:user@example.com-job:7a34b821-type:video' };
    const waiting = makeJob(uref, 'running', {
      wireStatus: 'completed',
      message: 'completed, waiting for artifact URL',
      raw: fixture('useapi/job-completed-no-artifact.json'),
    });
    const complete = makeJob(uref, 'succeeded', { raw: fixture('useapi/job-completed.json') });
    const fake = fakeClient('useapi', clock.now, { [uref.id]: [waiting, waiting, complete] });
    const scheduler = createPollScheduler({ clients: { useapi: fake.client }, deps: clock.deps });
    const outcome = await scheduler.watch(uref);
    expect(outcome.job.state).toBe('succeeded');
    expect(fake.statusCalls).toHaveLength(3);
    expect(clock.logger.calls.filter((c) => c.level === 'warn')).toHaveLength(0);
  });

  it('gives up after 3 tries on a host name that never resolved, with a message that says so', async () => {
    const clock = fakeClock({ random: () => 0 });
    const dns = new NetworkError(
      'ltx GET https://api.ltx.vide/v2/t/x failed: getaddrinfo ENOTFOUND api.ltx.vide',
      {
        provider: 'ltx',
        requestSent: false,
        code: 'ENOTFOUND',
      },
    );
    const fake = fakeClient('ltx', clock.now, { [ref.id]: [dns] });
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
    const error = (await scheduler.watch(ref).catch((e: unknown) => e)) as NetworkError;
    expect(fake.statusCalls).toHaveLength(3);
    expect(error.message).toBe(
      `${dns.message}; gave up after 3 tries: the host name does not resolve, so the base URL is likely mistyped (the job, if it exists, goes on)`,
    );
    expect(scheduler.size).toBe(0);
  });

  it('keeps retrying network errors, unresolved host included, once the provider has answered', async () => {
    const clock = fakeClock({ random: () => 0 });
    const dns = new NetworkError('offline', { provider: 'ltx', requestSent: false, code: 'ENOTFOUND' });
    const fake = fakeClient('ltx', clock.now, { [ref.id]: [running, dns, dns, dns, dns, dns, done] });
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
    expect((await scheduler.watch(ref)).job.state).toBe('succeeded');
    expect(fake.statusCalls).toHaveLength(7);
  });

  it('turns a 404 into a terminal expired job', async () => {
    const clock = fakeClock();
    const notFound = new NotFoundError('Job not found', {
      status: 404,
      provider: 'ltx',
      errorType: 'not_found_error',
    });
    const fake = fakeClient('ltx', clock.now, { [ref.id]: [running, notFound] });
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
    const outcome = await scheduler.watch(ref);
    expect(outcome.end).toBe('terminal');
    expect(outcome.job.state).toBe('expired');
    expect(outcome.job.error).toEqual({ type: 'not_found_error', message: 'Job not found' });
    expect(outcome.job.wireStatus).toBe('processing');
  });

  it.each([
    ['401', new AuthError('bad key', { status: 401, provider: 'ltx', errorType: 'authentication_error' })],
    ['plain error', new TypeError('response failed validation')],
  ])('rejects on %s without retrying', async (_, error) => {
    const clock = fakeClock();
    const fake = fakeClient('ltx', clock.now, { [ref.id]: [error] });
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
    await expect(scheduler.watch(ref)).rejects.toBe(error);
    expect(fake.statusCalls).toHaveLength(1);
    expect(scheduler.size).toBe(0);
  });

  it('stops at the deadline without cancelling the job', async () => {
    const clock = fakeClock();
    const fake = fakeClient('ltx', clock.now, { [ref.id]: [running] });
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
    const outcome = await scheduler.watch(ref, { deadline: clock.now() + 12_000 });
    expect(outcome).toEqual({ job: running, end: 'deadline' });
    expect(fake.statusCalls).toHaveLength(3);
    expect(fake.cancelCalls).toHaveLength(0);
    expect(scheduler.size).toBe(0);
  });

  it('costs no request for a job that is already terminal', async () => {
    const clock = fakeClock();
    const fake = fakeClient('ltx', clock.now, { [ref.id]: [running] });
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
    const seen: string[] = [];
    const outcome = await scheduler.watch(ref, { initial: done, onUpdate: (j) => seen.push(j.state) });
    expect(outcome).toEqual({ job: done, end: 'terminal' });
    expect(seen).toEqual(['succeeded']);
    expect(fake.statusCalls).toHaveLength(0);
  });

  it('survives an onUpdate listener that throws', async () => {
    const clock = fakeClock();
    const fake = fakeClient('ltx', clock.now, { [ref.id]: [running, done] });
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
    const outcome = await scheduler.watch(ref, {
      initial: running,
      onUpdate: () => {
        throw new Error('view bug');
      },
    });
    expect(outcome.job.state).toBe('succeeded');
    expect(clock.logger.calls.filter((c) => c.level === 'error')).toHaveLength(3);
  });

  it('stop() ends the watch with end "deadline"', async () => {
    const clock = fakeClock();
    const fake = fakeClient('ltx', clock.now, { [ref.id]: [running] });
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
    let reads = 0;
    const outcome = await scheduler.watch(ref, {
      onUpdate: () => {
        if (++reads === 2) scheduler.stop(ref);
      },
    });
    expect(outcome.end).toBe('deadline');
    expect(fake.statusCalls).toHaveLength(2);
  });
});

describe('poll scheduler: abort', () => {
  it('cuts the sleep between reads', async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    const sleepSignals: AbortSignal[] = [];
    const deps = {
      ...clock.deps,
      sleep: (ms: number, signal?: AbortSignal) => {
        if (signal) sleepSignals.push(signal);
        queueMicrotask(() => controller.abort());
        return clock.deps.sleep(ms, signal);
      },
    };
    const fake = fakeClient('ltx', clock.now, { [ref.id]: [running] });
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps });
    const error = await scheduler.watch(ref, { signal: controller.signal }).catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    expect(fake.statusCalls).toHaveLength(1);
    expect(sleepSignals).toHaveLength(1);
    expect(sleepSignals[0]!.aborted).toBe(true);
    expect(clock.sleeps).toEqual([5000]);
    expect(scheduler.size).toBe(0);
  });

  it('cuts the request in flight', async () => {
    const clock = fakeClock();
    const fake = fakeClient('ltx', clock.now, { [ref.id]: [hangingStatus] });
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
    const controller = new AbortController();
    const watching = scheduler.watch(ref, { signal: controller.signal });
    while (fake.statusCalls.length === 0) await new Promise((r) => setImmediate(r));
    controller.abort();
    expect(isAbortError(await watching.catch((e: unknown) => e))).toBe(true);
    expect(fake.statusCalls[0]!.signal?.aborted).toBe(true);
  });

  it('dispose() rejects every watch with AbortError', async () => {
    const clock = fakeClock();
    const fake = fakeClient('ltx', clock.now, { [ref.id]: [hangingStatus] });
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
    const watching = scheduler.watch(ref);
    while (fake.statusCalls.length === 0) await new Promise((r) => setImmediate(r));
    scheduler.dispose();
    expect(isAbortError(await watching.catch((e: unknown) => e))).toBe(true);
    expect(fake.statusCalls[0]!.signal?.aborted).toBe(true);
  });
});
