import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeps, createLtxClient } from '@ltx-jobs/core';
import { startSimulator } from '@ltx-jobs/simulator';
import { expect, it } from 'vitest';
import { enqueueRequest, openTeam } from '../src/index.js';
import {
  type ClusterSettings,
  filesIn,
  killProcess,
  runSubmitter,
  spawnWorker,
  textRequest,
  type WorkerProcess,
  waitUntil,
} from './support/cluster.js';
import { useTestRedis } from './support/redis-server.js';

const redis = useTestRedis();

it('the same requests submitted from two processes at once are enqueued once and billed once', async () => {
  const sim = await startSimulator({ pendingMs: 50, processingMs: 150 });
  const outDir = mkdtempSync(join(tmpdir(), 'ltx-queue-dup-'));
  const settings: ClusterSettings = { redisUrl: redis.url, sim, outDir, slots: 2, pollMs: 100, lockMs: 3000 };
  const workers: WorkerProcess[] = [];
  const team = await openTeam(redis.url);
  try {
    workers.push(await spawnWorker(settings));
    const items = [1, 2, 3, 4, 5].map((n) => ({ file: textRequest(`same request ${n}`), baseDir: outDir }));
    const [a, b] = await Promise.all([runSubmitter(redis.url, items), runSubmitter(redis.url, items)]);
    for (let i = 0; i < items.length; i++) {
      // Exactly one of the two got the job; the other was told it is a duplicate.
      expect([a[i]?.jobId, b[i]?.jobId].filter(Boolean)).toHaveLength(1);
      expect([a[i]?.duplicate, b[i]?.duplicate].filter(Boolean)).toHaveLength(1);
    }
    const queue = team.queue('ltx');
    await waitUntil(
      async () => (await queue.getJobCounts('completed')).completed === 5,
      30_000,
      '5 jobs done',
    );
    // A third submit after the jobs ended is refused too (the team's ledger remembers the input).
    const [again] = await runSubmitter(redis.url, [items[0] as (typeof items)[number]]);
    expect(again?.duplicate).toMatch(/^ltx:text-to-video\//);
    expect(sim.jobs.list('ltx')).toHaveLength(5);
    expect([...filesIn(outDir).keys()].filter((n) => n.endsWith('.mp4'))).toHaveLength(5);
  } finally {
    await team.close();
    for (const w of workers) await killProcess(w, 'SIGTERM');
    await sim.close();
  }
});

it("a provider's concurrency_limit_error pauses the whole queue (BullMQ rate limit); the jobs finish and no user sees it", async () => {
  const sim = await startSimulator({ pendingMs: 50, processingMs: 150 });
  const outDir = mkdtempSync(join(tmpdir(), 'ltx-queue-429-'));
  const settings: ClusterSettings = { redisUrl: redis.url, sim, outDir, slots: 2, pollMs: 100, lockMs: 3000 };
  const workers: WorkerProcess[] = [];
  const team = await openTeam(redis.url);
  try {
    workers.push(await spawnWorker(settings), await spawnWorker(settings));
    // Someone outside the queue holds both account slots for about 3 s; the jobs are enqueued right after.
    const outsider = createLtxClient({ apiKey: sim.ltxApiKey, baseUrl: sim.ltxBaseUrl, deps: createDeps() });
    for (const n of [1, 2]) {
      await outsider.submit('text-to-video', {
        ...textRequest(`outside the queue ${n} [sim:processing-ms=3000]`).request,
      });
    }
    for (const n of [1, 2, 3])
      await enqueueRequest(team, textRequest(`queued behind ${n}`), { baseDir: outDir });
    const queue = team.queue('ltx');
    let paused = 0;
    await waitUntil(
      async () => {
        if ((await queue.getRateLimitTtl()) > 0) paused++;
        return (await queue.getJobCounts('completed')).completed === 3;
      },
      30_000,
      '3 jobs done',
    );
    expect(paused).toBeGreaterThan(0);
    expect(await queue.getFailed()).toEqual([]);
    const refused = sim.requestsWhere({ op: 'submit', status: 429 });
    expect(refused.length).toBeGreaterThan(0);
    // Paused as a whole: each pause lets at most the 2 jobs already active try once.
    expect(refused.length).toBeLessThanOrEqual(4);
    expect([...filesIn(outDir).keys()].filter((n) => n.endsWith('.mp4'))).toHaveLength(3);
  } finally {
    await team.close();
    for (const w of workers) await killProcess(w, 'SIGTERM');
    await sim.close();
  }
});
