import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '@ltx-jobs/simulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTeam, queueStatus, teamJobs } from '../src/index.js';
import {
  filesIn,
  killProcess,
  runSubmitter,
  spawnWorker,
  textRequest,
  type WorkerProcess,
  waitUntil,
} from './support/cluster.js';
import { startRedis, type TestRedis } from './support/redis-server.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

it('one worker runs 4 jobs from submit to files', async () => {
  const sim = await startSimulator({ pendingMs: 100, processingMs: 200 });
  const outDir = mkdtempSync(join(tmpdir(), 'ltx-queue-out-'));
  const workers: WorkerProcess[] = [];
  try {
    workers.push(
      await spawnWorker({ redisUrl: redis.url, sim, outDir, slots: 2, pollMs: 100, lockMs: 3000 }),
    );
    const items = [1, 2, 3, 4].map((n) => ({ file: textRequest(`smoke shot ${n}`), baseDir: outDir }));
    const printed = await runSubmitter(redis.url, items);
    expect(printed.every((p) => p.jobId)).toBe(true);
    const team = await openTeam(redis.url);
    try {
      await waitUntil(
        async () => (await teamJobs(team)).filter((j) => j.queueState === 'completed').length === 4,
        30_000,
        '4 completed',
      );
      const status = await queueStatus(team);
      expect(status.find((s) => s.provider === 'ltx')).toMatchObject({
        slots: 2,
        slotsInUse: 0,
        completed: 4,
      });
    } finally {
      await team.close();
    }
    expect([...filesIn(outDir).keys()].filter((n) => n.endsWith('.mp4'))).toHaveLength(4);
    expect(sim.inFlight('ltx').peak).toBeLessThanOrEqual(2);
  } finally {
    for (const w of workers) await killProcess(w, 'SIGTERM');
    await sim.close();
  }
});
