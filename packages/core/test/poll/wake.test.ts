import { describe, expect, it } from 'vitest';
import { createWakeable } from '../../src/poll/wake.js';
import { fakeClock } from './fakes.js';

describe('createWakeable', () => {
  it('sleeps the time asked for through the injected sleep', async () => {
    const clock = fakeClock();
    const start = clock.now();
    await createWakeable(clock.deps.sleep).idle(5000);
    expect(clock.sleeps).toEqual([5000]);
    expect(clock.now() - start).toBe(5000);
  });

  it('a wake during an idle ends it at once; time does not move', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const pause = createWakeable(clock.deps.sleep);
    const idling = pause.idle(60_000);
    pause.wake();
    await idling;
    expect(clock.now()).toBe(start);
  });

  it('a wake while busy is kept for the next idle, once', async () => {
    const clock = fakeClock();
    const pause = createWakeable(clock.deps.sleep);
    pause.wake();
    await pause.idle(Number.POSITIVE_INFINITY);
    expect(clock.sleeps).toEqual([]);
    await pause.idle(1000);
    expect(clock.sleeps).toEqual([1000]);
  });
});
