import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../../src/errors/http-error.js';
import type { JobRef } from '../../src/job-ref.js';
import { createPollScheduler } from '../../src/poll/scheduler.js';
import { BUDGET_FORGET_AFTER_MS, createStatusBudget } from '../../src/poll/status-budget.js';
import { rateLimitedClient } from '../../test-support/rate-limited-client.mjs';
import { fakeClient, fakeClock, makeJob, type Step } from './fakes.js';

const refOf = (i: number): JobRef => ({ provider: 'ltx', endpoint: 'text-to-video', id: `job-${i}` });

describe('adaptive status budget in the poll scheduler', () => {
  it('without pushback, reads every job once per interval: the interval decides, not a budget', async () => {
    const clock = fakeClock();
    const scripts: Record<string, Step[]> = {};
    const refs = Array.from({ length: 1000 }, (_, i) => refOf(i));
    for (const ref of refs) scripts[ref.id] = [makeJob(ref, 'running')];
    const fake = fakeClient('ltx', clock.now, scripts);
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
    const start = clock.now();
    await Promise.all(refs.map((ref) => scheduler.watch(ref, { deadline: start + 12_000 })));
    const offsets = fake.statusCalls.map((c) => c.at - start);
    expect(offsets.filter((t) => t === 0)).toHaveLength(1000);
    expect(offsets.filter((t) => t === 5000)).toHaveLength(1000);
    expect(offsets.filter((t) => t === 10_000)).toHaveLength(1000);
    expect(offsets).toHaveLength(3000);
    expect(scheduler.budgetOf('ltx')?.perSecond).toBe(Number.POSITIVE_INFINITY);
  });

  it('a 429 starts one cool-down for every job of the provider; the refused job is read when it ends', async () => {
    const clock = fakeClock();
    const refs = Array.from({ length: 5 }, (_, i) => refOf(i));
    const scripts: Record<string, Step[]> = {};
    for (const ref of refs) scripts[ref.id] = [makeJob(ref, 'running')];
    const limited = new RateLimitError('slow', { status: 429, provider: 'ltx', retryAfterMs: 3000 });
    scripts['job-2'] = [limited, makeJob(refs[2]!, 'running')];
    const fake = fakeClient('ltx', clock.now, scripts);
    const scheduler = createPollScheduler({
      clients: { ltx: fake.client },
      deps: clock.deps,
      maxInFlight: 1,
    });
    const start = clock.now();
    await Promise.all(refs.map((ref) => scheduler.watch(ref, { deadline: start + 6000 })));
    const order = fake.statusCalls.map((c) => c.ref.id);
    const at = fake.statusCalls.map((c) => c.at - start);
    // job-2 is refused at 0: nothing starts before 3000; then the jobs waiting longest, then job-2,
    // paced at 90 % of the reads answered in the second before the 429 (2/s -> 1.8/s).
    expect(order.slice(0, 6)).toEqual(['job-0', 'job-1', 'job-2', 'job-3', 'job-4', 'job-2']);
    expect(at.slice(0, 4)).toEqual([0, 0, 0, 3000]);
    expect(at[4]! - at[3]!).toBeGreaterThan(500);
    expect(at[4]! - at[3]!).toBeLessThanOrEqual(1000 / 1.8);
    expect(fake.statusCalls.filter((c) => c.at > start && c.at < start + 3000)).toHaveLength(0);
    expect(scheduler.budgetOf('ltx')?.pushbacks).toBe(1);
  });

  it.each([
    [10, 200],
    [50, 1000],
  ])(
    'converges near a %i reads/s limit with %i jobs at 5 s (virtual time): >= 0.9 R answered, < 1 %% refused',
    async (limit, jobs) => {
      const clock = fakeClock();
      const server = rateLimitedClient(clock.now, limit, RateLimitError);
      const scheduler = createPollScheduler({ clients: { ltx: server.client }, deps: clock.deps });
      const start = clock.now();
      const refs = Array.from({ length: jobs }, (_, i) => refOf(i));
      await Promise.all(refs.map((ref) => scheduler.watch(ref, { deadline: start + 300_000 })));
      const steady = server.reads.filter((r) => r.at >= start + 60_000);
      const answeredPerSecond = steady.filter((r) => r.status === 200).length / 240;
      const refused = server.reads.filter((r) => r.status === 429).length;
      expect(answeredPerSecond / limit).toBeGreaterThanOrEqual(0.9);
      expect(answeredPerSecond / limit).toBeLessThanOrEqual(1);
      expect(refused / server.reads.length).toBeLessThan(0.01);
    },
  );
});

describe('createStatusBudget', () => {
  it('is unpaced until a pushback, then paced at 90 % of what the provider accepted in the second before', () => {
    const budget = createStatusBudget();
    // 100 reads in the first second, each answered 30 ms after it started.
    for (let t = 0; t < 1000; t += 10) {
      expect(budget.nextStartAt(t)).toBeLessThanOrEqual(t);
      budget.started(t, false);
      if (t + 30 <= 1000) budget.answered(t, t + 30);
    }
    // A read started at 995 is refused at 1000; 98 of the reads started before it have come back.
    expect(budget.pushedBack(995, 1000, 2000)).toBe(true);
    expect(budget.state.perSecond).toBeCloseTo(0.9 * 98, 5);
    // A read that was already in flight when the rate was cut does not cut it again...
    expect(budget.pushedBack(999, 1001, undefined)).toBe(false);
    // ...and the two others in flight were accepted: counted when the cool-down ends.
    budget.answered(980, 1010);
    budget.answered(990, 1020);
    // The second 429 in a row, without Retry-After, holds reads 2 s from its arrival.
    expect(budget.nextStartAt(1000)).toBe(3001);
    expect(budget.nextStartAt(3001)).toBe(3001);
    expect(budget.state.perSecond).toBeCloseTo(0.9 * 100, 5);
    budget.started(3001, false);
    expect(budget.nextStartAt(3001)).toBeCloseTo(3000 + 1000 / 90, 5); // keeps the pace from 3000
    // Later pushbacks cut the current rate by 5 %.
    expect(budget.pushedBack(3002, 3003, 1000)).toBe(true);
    expect(budget.state.perSecond).toBeCloseTo(90 * 0.95, 5);
  });

  it('without Retry-After cools down 1 s, doubling while pushbacks come in a row', () => {
    const budget = createStatusBudget();
    budget.pushedBack(0, 0, undefined);
    expect(budget.state.coolingUntil).toBe(1000);
    budget.pushedBack(1000, 1000, undefined);
    expect(budget.state.coolingUntil).toBe(3000);
    budget.answered(3400, 3500);
    budget.pushedBack(4000, 4000, undefined);
    expect(budget.state.coolingUntil).toBe(5000);
  });

  it('creeps up only while it holds reads back, and forgets the learned rate after 10 calm minutes', () => {
    const budget = createStatusBudget();
    budget.answered(0, 1);
    budget.pushedBack(1, 2, 0);
    const cut = budget.state.perSecond;
    budget.started(1000, false);
    budget.started(2000, false);
    expect(budget.state.perSecond).toBe(cut);
    budget.started(3000, true);
    expect(budget.state.perSecond).toBeGreaterThan(cut);
    budget.nextStartAt(2 + BUDGET_FORGET_AFTER_MS + 1);
    expect(budget.state.perSecond).toBe(Number.POSITIVE_INFINITY);
  });

  it('climbs back fast to 96 % of the rate last accepted, then probes slowly', () => {
    const budget = createStatusBudget();
    for (let t = 1; t <= 1000; t += 10) budget.answered(t, t + 1);
    budget.pushedBack(1000, 1001, 0); // 100 accepted in the second before: paced at 90
    expect(budget.state.perSecond).toBeCloseTo(90, 5);
    let t = 2000;
    budget.started(t, false);
    const holdBack = (ms: number) => {
      for (const end = t + ms; t < end; ) {
        t += 10;
        budget.started(t, true);
      }
      return budget.state.perSecond;
    };
    // 1 %/s of the plateau (1 read/s per second) up to 96, then 0.1 %/s.
    expect(holdBack(3000)).toBeCloseTo(93, 5);
    expect(holdBack(5000)).toBeCloseTo(96.2, 5);
  });

  it('never goes above a configured ceiling', () => {
    const budget = createStatusBudget(2);
    budget.started(0, false);
    expect(budget.nextStartAt(0)).toBe(500);
    expect(() => createStatusBudget(0)).toThrow('statusRequestsPerSecond must be > 0');
  });
});
