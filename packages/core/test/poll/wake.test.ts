import { describe, expect, it } from 'vitest';
import { createWakeable } from '../../src/poll/wake.js';
import { fakeClock } from './fakes.js';

describe('createWakeable', () => {
  it('sleeps until the time asked for through the injected sleep', async () => {
    const clock = fakeClock();
    const start = clock.now();
    await createWakeable(clock.deps).idleUntil(start + 5000);
    expect(clock.sleeps).toEqual([5000]);
    expect(clock.now() - start).toBe(5000);
  });

  it('a wake during an idle ends it at once, without aborting anything; time does not move', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const pause = createWakeable(clock.deps);
    const idling = pause.idleUntil(start + 60_000);
    pause.wake();
    await idling;
    expect(clock.now()).toBe(start);
    expect(clock.signals.every((s) => !s.aborted)).toBe(true);
  });

  it('reuses its timer while it fires no later than needed, and replaces it when something is due sooner', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const pause = createWakeable(clock.deps);
    const first = pause.idleUntil(start + 5000);
    pause.wake();
    await first;
    await pause.idleUntil(start + 8000); // the 5 s timer still runs: it ends this idle early
    expect(clock.now() - start).toBe(5000);
    expect(clock.sleeps).toEqual([5000]);
    const later = pause.idleUntil(start + 9000);
    const sooner = (async () => {
      pause.wake();
      await later;
      return pause.idleUntil(start + 6000);
    })();
    await sooner;
    expect(clock.now() - start).toBe(6000);
    expect(clock.sleeps).toEqual([5000, 4000, 1000]);
    expect(clock.signals[1]?.aborted).toBe(true);
  });

  it('a wake while busy is kept for the next idle, once', async () => {
    const clock = fakeClock();
    const pause = createWakeable(clock.deps);
    pause.wake();
    await pause.idleUntil(Number.POSITIVE_INFINITY);
    expect(clock.sleeps).toEqual([]);
    await pause.idleUntil(clock.now() + 1000);
    expect(clock.sleeps).toEqual([1000]);
  });

  it('stop() ends the idle and cancels the timer', async () => {
    const clock = fakeClock();
    const pause = createWakeable(clock.deps);
    const idling = pause.idleUntil(clock.now() + 60_000);
    pause.stop();
    await idling;
    expect(clock.signals[0]?.aborted).toBe(true);
  });
});
