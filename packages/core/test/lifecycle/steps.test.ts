import { describe, expect, it } from 'vitest';
import { AuthError, NotFoundError, RateLimitError, ServerError } from '../../src/errors/http-error.js';
import { NetworkError } from '../../src/errors/network-error.js';
import type { JobRef } from '../../src/job-ref.js';
import { pollOnce } from '../../src/lifecycle/poll-step.js';
import { submitOnce } from '../../src/lifecycle/submit-step.js';
import { fakeClient, makeJob } from '../poll/fakes.js';

const ref: JobRef = { provider: 'ltx', endpoint: 'text-to-video', id: 'j1' };
const now = () => 1_000_000;
const settings = { intervalMs: 500, now, random: () => 0 };

describe('pollOnce: one status read, sorted by the poll engine rules', () => {
  it('a running job: read again after the interval (or a longer Retry-After)', async () => {
    const { client } = fakeClient('ltx', now, { j1: [{ job: makeJob(ref, 'running'), retryAfterMs: 2000 }] });
    const step = await pollOnce(client, ref, {}, settings);
    expect(step).toMatchObject({ terminal: false, nextPollMs: 2000, failures: 0 });
    expect(step.job.state).toBe('running');
  });

  it('a succeeded job is terminal; a 404 reads as expired (terminal), keeping what was known', async () => {
    const done = fakeClient('ltx', now, { j1: [{ job: makeJob(ref, 'succeeded') }] });
    expect(await pollOnce(done.client, ref, {}, settings)).toMatchObject({ terminal: true });
    const gone = fakeClient('ltx', now, {
      j1: [new NotFoundError('gone', { status: 404, provider: 'ltx' })],
    });
    const step = await pollOnce(gone.client, ref, { last: makeJob(ref, 'running') }, settings);
    expect(step).toMatchObject({ terminal: true });
    expect(step.job.state).toBe('expired');
  });

  it('5xx and network errors back off (failures count up); a 429 also asks to pause every read', async () => {
    const flaky = fakeClient('ltx', now, { j1: [new ServerError('down', { status: 503, provider: 'ltx' })] });
    const first = await pollOnce(flaky.client, ref, { failures: 2 }, settings);
    expect(first).toMatchObject({ terminal: false, failures: 3 });
    expect(first.nextPollMs).toBeGreaterThanOrEqual(1000);
    expect(first.rateLimitedMs).toBeUndefined();
    const net = fakeClient('ltx', now, {
      j1: [new NetworkError('reset', { requestSent: true, code: 'ECONNRESET' })],
    });
    expect(await pollOnce(net.client, ref, {}, settings)).toMatchObject({ terminal: false, failures: 1 });
    const limited = fakeClient('ltx', now, {
      j1: [new RateLimitError('slow', { status: 429, provider: 'ltx', retryAfterMs: 7000 })],
    });
    expect(await pollOnce(limited.client, ref, {}, settings)).toMatchObject({
      rateLimitedMs: 7000,
      nextPollMs: 7000,
    });
  });

  it('a rejected key is thrown (not retried)', async () => {
    const denied = fakeClient('ltx', now, { j1: [new AuthError('no', { status: 401, provider: 'ltx' })] });
    await expect(pollOnce(denied.client, ref, {}, settings)).rejects.toThrow('no');
  });
});

describe('submitOnce: one billed POST, its failure sorted by whether a job may exist', () => {
  it('accepted: the id', async () => {
    const { client } = fakeClient('ltx', now, {}, [{ id: 'new', raw: {} }]);
    expect(await submitOnce(client, 'text-to-video', {})).toMatchObject({
      outcome: 'submitted',
      result: { id: 'new' },
    });
  });

  it('a concurrency 429 is refused (no job) with its Retry-After; a 400 is refused; a drop after sending is unknown', async () => {
    const limited = new RateLimitError('busy', {
      status: 429,
      provider: 'ltx',
      errorType: 'concurrency_limit_error',
      retryAfterMs: 3000,
    });
    const { client } = fakeClient('ltx', now, {}, [
      limited,
      new ServerError('bad', { status: 400, provider: 'ltx' }),
      new NetworkError('socket hang up', { requestSent: true, code: 'ECONNRESET' }),
    ]);
    expect(await submitOnce(client, 'text-to-video', {})).toMatchObject({
      outcome: 'refused',
      concurrencyLimited: true,
      retryAfterMs: 3000,
    });
    expect(await submitOnce(client, 'text-to-video', {})).toMatchObject({
      outcome: 'refused',
      concurrencyLimited: false,
    });
    expect(await submitOnce(client, 'text-to-video', {})).toMatchObject({ outcome: 'unknown' });
  });
});
