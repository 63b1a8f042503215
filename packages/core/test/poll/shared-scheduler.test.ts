import { describe, expect, it } from 'vitest';
import type { JobRef } from '../../src/job-ref.js';
import { createPollScheduler } from '../../src/poll/scheduler.js';
import { watchJob } from '../../src/poll/watch-job.js';
import { fakeClient, fakeClock, makeJob, type Step } from './fakes.js';

function ltxRef(i: number): JobRef {
  return { provider: 'ltx', endpoint: 'text-to-video', id: `job-${i}` };
}

describe('shared poll scheduler', () => {
  it('polls many jobs from one loop within the request budget; finished jobs cost nothing', async () => {
    const clock = fakeClock();
    const refs = Array.from({ length: 20 }, (_, i) => ltxRef(i));
    // Job i needs 1 + (i % 4) reads: it finishes on its last one.
    const scripts: Record<string, Step[]> = {};
    refs.forEach((ref, i) => {
      scripts[ref.id] = [
        ...Array.from({ length: i % 4 }, () => makeJob(ref, 'running')),
        makeJob(ref, 'succeeded'),
      ];
    });
    const fake = fakeClient('ltx', clock.now, scripts);
    const scheduler = createPollScheduler({
      clients: { ltx: fake.client },
      deps: clock.deps,
      limits: { ltx: { statusRequestsPerSecond: 2 } },
    });
    const outcomes = await Promise.all(refs.map((ref) => scheduler.watch(ref)));
    expect(outcomes.every((o) => o.end === 'terminal' && o.job.state === 'succeeded')).toBe(true);

    const expectedReads = refs.reduce((sum, _, i) => sum + 1 + (i % 4), 0);
    expect(fake.statusCalls).toHaveLength(expectedReads);
    refs.forEach((ref, i) => {
      expect(fake.statusCalls.filter((c) => c.ref.id === ref.id)).toHaveLength(1 + (i % 4));
    });
    const starts = fake.statusCalls.map((c) => c.at);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(500);
    expect(clock.maxConcurrentSleeps).toBe(1);
    expect(scheduler.size).toBe(0);
  });

  it('reads each job no sooner than the interval even when the budget allows more', async () => {
    const clock = fakeClock();
    const refs = [ltxRef(1), ltxRef(2)];
    const fake = fakeClient('ltx', clock.now, {
      'job-1': [makeJob(refs[0]!, 'running'), makeJob(refs[0]!, 'running'), makeJob(refs[0]!, 'failed')],
      'job-2': [makeJob(refs[1]!, 'queued'), makeJob(refs[1]!, 'succeeded')],
    });
    const scheduler = createPollScheduler({
      clients: { ltx: fake.client },
      deps: clock.deps,
      intervalMs: 5000,
    });
    await Promise.all(refs.map((ref) => scheduler.watch(ref)));
    for (const ref of refs) {
      const times = fake.statusCalls.filter((c) => c.ref.id === ref.id).map((c) => c.at);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(5000);
    }
    expect(fake.statusCalls).toHaveLength(5);
  });

  it('shares one read between two watches of the same job', async () => {
    const clock = fakeClock();
    const ref = ltxRef(7);
    const fake = fakeClient('ltx', clock.now, {
      [ref.id]: [makeJob(ref, 'running'), makeJob(ref, 'running'), makeJob(ref, 'succeeded')],
    });
    const scheduler = createPollScheduler({ clients: { ltx: fake.client }, deps: clock.deps });
    const seenA: string[] = [];
    const seenB: string[] = [];
    const [a, b] = await Promise.all([
      scheduler.watch(ref, { onUpdate: (j) => seenA.push(j.state) }),
      scheduler.watch(ref, { onUpdate: (j) => seenB.push(j.state) }),
    ]);
    expect(a.job.state).toBe('succeeded');
    expect(b.job.state).toBe('succeeded');
    expect(fake.statusCalls).toHaveLength(3);
    expect(seenA).toEqual(['running', 'running', 'succeeded']);
    expect(seenB).toEqual(seenA);
  });

  it('runs one loop per provider, each with its own budget', async () => {
    const clock = fakeClock();
    const uref: JobRef = { provider: 'useapi', id: 'email:a@b.c-job:1-type:video' };
    const lref = ltxRef(1);
    const ltx = fakeClient('ltx', clock.now, {
      [lref.id]: [makeJob(lref, 'running'), makeJob(lref, 'succeeded')],
    });
    const useapi = fakeClient('useapi', clock.now, {
      [uref.id]: [makeJob(uref, 'running'), makeJob(uref, 'succeeded')],
    });
    const scheduler = createPollScheduler({
      clients: { ltx: ltx.client, useapi: useapi.client },
      deps: clock.deps,
    });
    await Promise.all([scheduler.watch(lref), scheduler.watch(uref)]);
    expect(ltx.statusCalls).toHaveLength(2);
    expect(useapi.statusCalls).toHaveLength(2);
    expect(ltx.statusCalls[0]!.at).toBe(useapi.statusCalls[0]!.at);
    expect(clock.maxConcurrentSleeps).toBeLessThanOrEqual(2);
  });

  it('rejects a watch for a provider without a client', async () => {
    const clock = fakeClock();
    const scheduler = createPollScheduler({ clients: {}, deps: clock.deps });
    await expect(scheduler.watch(ltxRef(1))).rejects.toThrow(/No client configured for provider "ltx"/);
  });
});

describe('watchJob', () => {
  it('watches one job on the same engine and honours the deadline', async () => {
    const clock = fakeClock();
    const ref = ltxRef(3);
    const fake = fakeClient('ltx', clock.now, { [ref.id]: [makeJob(ref, 'running')] });
    const seen: string[] = [];
    const outcome = await watchJob(
      fake.client,
      ref,
      { intervalMs: 1000, deadline: clock.now() + 2500, onUpdate: (j) => seen.push(j.state) },
      clock.deps,
    );
    expect(outcome.end).toBe('deadline');
    expect(fake.statusCalls.map((c) => c.at - fake.statusCalls[0]!.at)).toEqual([0, 1000, 2000]);
    expect(seen).toEqual(['running', 'running', 'running']);
  });
});
