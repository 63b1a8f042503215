import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestFile } from '@ltx-jobs/core';
import { startSimulator } from '@ltx-jobs/simulator';
import { expect, it } from 'vitest';
import { enqueueRequest, openTeam, queueStatus } from '../src/index.js';
import {
  type ClusterSettings,
  filesIn,
  killProcess,
  spawnWorker,
  textRequest,
  type WorkerProcess,
  waitUntil,
} from './support/cluster.js';
import { useTestRedis } from './support/redis-server.js';

const redis = useTestRedis();

/**
 * A worker killed while its POST is in flight (the provider made the job; its answer is held 2 s).
 * Returns what the simulator and the queue show once a second worker has taken the job over.
 */
async function killWhilePosting(file: RequestFile) {
  const sim = await startSimulator({ pendingMs: 100, processingMs: 300 });
  sim.addFault({ type: 'delay', ms: 2000, after: true, where: { api: file.provider, op: 'submit' } });
  const outDir = mkdtempSync(join(tmpdir(), 'ltx-queue-posting-'));
  const settings: ClusterSettings = {
    redisUrl: redis.url,
    sim,
    outDir,
    slots: 2,
    pollMs: 100,
    lockMs: 2000,
    useapi: file.provider === 'useapi',
  };
  const team = await openTeam(redis.url);
  const workers: WorkerProcess[] = [];
  try {
    const first = await spawnWorker(settings);
    workers.push(first);
    const { jobId } = await enqueueRequest(team, file, { baseDir: outDir });
    await waitUntil(async () => (await team.generations.get(jobId)).stage === 'posting', 20_000, 'the POST');
    await waitUntil(() => sim.jobs.list(file.provider).length === 1, 5000, 'the job at the provider');
    await killProcess(first);
    workers.push(await spawnWorker(settings));
    const queue = team.queue(file.provider);
    await waitUntil(
      async () => {
        const counts = await queue.getJobCounts('completed', 'failed');
        return (counts.completed ?? 0) + (counts.failed ?? 0) === 1;
      },
      30_000,
      'the job to end',
    );
    const job = await queue.getJob(jobId);
    return {
      billed: sim.jobs.list(file.provider).length,
      jobState: await job?.getState(),
      failedReason: job?.failedReason,
      state: await team.generations.get(jobId),
      slotsHeld: await team.redis.zcard(`ltx-jobs:team:slots:${file.provider}`),
      overview: (await queueStatus(team)).find((s) => s.provider === file.provider),
      files: [...filesIn(outDir).keys()],
    };
  } finally {
    await team.close();
    for (const w of workers) await killProcess(w, 'SIGTERM');
    await sim.close();
  }
}

it('useapi: a worker killed mid-POST is replaced by one that finds the job by its replyRef and finishes it, never sending it again', async () => {
  const file: RequestFile = {
    provider: 'useapi',
    endpoint: 'videos/ltx-create',
    name: 'paper boats',
    request: { prompt: 'paper boats in the rain', model: 'ltxv-turbo', duration: '5', aspectRatio: '16:9' },
  };
  const outcome = await killWhilePosting(file);
  expect(outcome.billed).toBe(1);
  expect(outcome.failedReason).toBeFalsy();
  expect(outcome.jobState).toBe('completed');
  expect(outcome.state).toMatchObject({ stage: 'done' });
  expect(outcome.files.filter((n) => !n.startsWith('.'))).toHaveLength(1);
  expect(outcome.slotsHeld).toBe(0);
  expect(outcome.overview?.held).toEqual([]);
});

it('LTX: a worker killed mid-POST leaves the job "submit interrupted — may have been billed", never sent again', async () => {
  const outcome = await killWhilePosting(textRequest('killed while posting'));
  expect(outcome.billed).toBe(1);
  expect(outcome.jobState).toBe('failed');
  expect(outcome.failedReason).toMatch(/submit interrupted — may have been billed.*cannot list jobs/);
  expect(outcome.state).toMatchObject({ stage: 'interrupted' });
  expect(outcome.slotsHeld).toBe(0);
  // Its generation may be running unseen: its slot stays taken (bounded), and queue status says so.
  expect(outcome.overview?.held?.map((h) => h.jobId)).toHaveLength(1);
  expect(outcome.overview?.slotsInUse).toBe(1);
});
