import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock, type Simulator, startSimulator } from '../src/index.js';
import { RateLimiter, retryAfterSeconds } from '../src/rate-limit.js';
import { json, ltx, submitLtx, useapi } from './helpers.js';

describe('rateLimit: requests per second per API', () => {
  let sim: Simulator;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = createManualClock();
    sim = await startSimulator({ now: clock.now, rateLimit: 3, ltxConcurrencyLimit: null });
  });
  afterEach(() => sim.close());

  it('answers 429 rate_limit_error with Retry-After past R requests in 1 s, and lets the next second in', async () => {
    const id = await submitLtx(sim);
    clock.advance(200);
    expect((await ltx(sim, 'GET', `/v2/text-to-video/${id}`)).status).toBe(200);
    expect((await ltx(sim, 'GET', `/v2/text-to-video/${id}`)).status).toBe(200);
    const limited = await ltx(sim, 'GET', `/v2/text-to-video/${id}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await json(limited)).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Rate limit exceeded: at most 3 requests per second' },
    });
    // useapi is counted apart, in its own envelope.
    for (let i = 0; i < 3; i++) expect((await useapi(sim, 'GET', 'scheduler')).status).toBe(200);
    const refused = await useapi(sim, 'GET', 'scheduler');
    expect(refused.status).toBe(429);
    expect(await json(refused)).toEqual({
      error: 'Rate limit exceeded: at most 3 requests per second',
      code: 429,
    });
    // The submit at t=0 leaves the window at t=1000; a refused request never counted.
    clock.advance(800);
    expect((await ltx(sim, 'GET', `/v2/text-to-video/${id}`)).status).toBe(200);
    expect((await ltx(sim, 'GET', `/v2/text-to-video/${id}`)).status).toBe(429);
    expect(sim.requestsWhere({ status: 429 }).map((e) => e.fault)).toEqual([
      'rate-limit',
      'rate-limit',
      'rate-limit',
    ]);
  });

  it('is switched off with setFaults({ rateLimit: null })', async () => {
    sim.setFaults({ rateLimit: null });
    for (let i = 0; i < 10; i++) expect((await useapi(sim, 'GET', 'scheduler')).status).toBe(200);
  });
});

describe('RateLimiter', () => {
  it('keeps a sliding window: the wait is until the oldest accepted request is 1 s old', () => {
    const limiter = new RateLimiter();
    limiter.set(2);
    expect(limiter.take('ltx', 0)).toEqual({ ok: true });
    expect(limiter.take('ltx', 400)).toEqual({ ok: true });
    expect(limiter.take('ltx', 600)).toEqual({ ok: false, retryAfterMs: 400 });
    expect(limiter.take('ltx', 1000)).toEqual({ ok: true });
    expect(limiter.take('ltx', 1200)).toEqual({ ok: false, retryAfterMs: 200 });
    expect(limiter.take('ltx', 1400)).toEqual({ ok: true });
    expect(retryAfterSeconds(200)).toBe('1');
    expect(retryAfterSeconds(1200)).toBe('2');
    expect(() => limiter.set(0.5)).toThrow('rateLimit must be a whole number >= 1 or null');
  });
});
