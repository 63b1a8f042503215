import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadArtifact } from '../../src/download/download.js';
import { isNetworkError } from '../../src/errors/network-error.js';
import { isTimeoutError } from '../../src/errors/timeout-error.js';
import { fakeClock } from '../poll/fakes.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ltx-deadline-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A loopback URL on a port nobody listens on (connections are refused at once). */
async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/video.mp4`;
}

function deps() {
  const clock = fakeClock();
  return {
    clock,
    deps: { ...clock.deps, fetch: (i: string | URL | Request, o?: RequestInit) => fetch(i, o) },
  };
}

describe('downloadArtifact deadline (the CLI --timeout)', () => {
  it('without a deadline, an unreachable host is retried 5 times over more than 10 s of backoff', async () => {
    const { clock, deps: d } = deps();
    const error = await downloadArtifact({
      url: await unreachableUrl(),
      dir,
      fileName: 'v.mp4',
      deps: d,
    }).catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect(clock.sleeps).toHaveLength(4);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThan(10_000);
  });

  it('with a deadline, no retry waits past it: a TimeoutError within the deadline', async () => {
    const { clock, deps: d } = deps();
    const deadline = clock.now() + 5000;
    const error = await downloadArtifact({
      url: await unreachableUrl(),
      dir,
      fileName: 'v.mp4',
      deps: d,
      deadline,
    }).catch((e: unknown) => e);
    expect(isTimeoutError(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /deadline passed while downloading http:\/\/127\.0\.0\.1:\d+\/video\.mp4/,
    );
    expect(clock.now()).toBeLessThanOrEqual(deadline);
    expect(clock.sleeps.length).toBeGreaterThan(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a deadline already past starts no attempt', async () => {
    const { clock, deps: d } = deps();
    let fetched = 0;
    const error = await downloadArtifact({
      url: 'http://127.0.0.1:9/v.mp4',
      dir,
      fileName: 'v.mp4',
      deps: { ...d, fetch: () => Promise.reject(new Error(`fetched ${++fetched}`)) },
      deadline: clock.now() - 1,
    }).catch((e: unknown) => e);
    expect(isTimeoutError(error)).toBe(true);
    expect(fetched).toBe(0);
  });
});
