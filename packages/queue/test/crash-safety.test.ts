import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestFile } from '@ltx-jobs/core';
import { startSimulator } from '@ltx-jobs/simulator';
import { expect, it } from 'vitest';
import { openTeam, queueStatus, type Team } from '../src/index.js';
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
import { runKillCampaign } from './support/kill-campaign.js';
import { useTestRedis } from './support/redis-server.js';

const MP4_BYTES = readFileSync(
  join(import.meta.dirname, '..', 'node_modules', '@ltx-jobs', 'simulator', 'assets', 'landscape.mp4'),
).length;

const redis = useTestRedis();

/**
 * 30 requests: every third one uploads a local image (its upload is held 1.5 s by the simulator, so a
 * kill in `preparing` lands before the POST), every third one downloads slowly (a kill in `downloading`).
 */
function requests(imagePath: string): RequestFile[] {
  return Array.from({ length: 30 }, (_, i) => {
    if (i % 3 === 0) {
      return {
        provider: 'ltx',
        endpoint: 'image-to-video',
        name: `image shot ${i}`,
        request: {
          image_uri: imagePath,
          prompt: `crash run shot ${i}`,
          model: 'ltx-2-3-fast',
          duration: 6,
          resolution: '1920x1080',
        },
      } satisfies RequestFile;
    }
    const slow = i % 3 === 1 ? ' [sim:slow-download=150000]' : '';
    return textRequest(`crash run shot ${i}${slow}`);
  });
}

it('3 workers, 2 submitters, 30 jobs, 2 slots, >= 10 kill -9 across submit, poll and download: nothing lost, nothing billed twice, no partial file', async () => {
  const sim = await startSimulator({ pendingMs: 100, processingMs: 400 });
  sim.addFault({
    type: 'delay',
    // Longer than the kill margin below by 800 ms: the slack between reading a job's stage and the
    // kill landing, on a loaded machine (a 600 ms hold with a 1 s margin once let a kill land mid-POST).
    ms: 1500,
    where: { api: 'storage', op: 'upload-put' },
    times: Number.POSITIVE_INFINITY,
  });
  const outDir = mkdtempSync(join(tmpdir(), 'ltx-queue-shared-'));
  const mediaDir = mkdtempSync(join(tmpdir(), 'ltx-queue-media-'));
  writeFileSync(
    join(mediaDir, 'still.png'),
    readFileSync(
      join(import.meta.dirname, '..', 'node_modules', '@ltx-jobs', 'simulator', 'assets', 'image.png'),
    ),
  );
  const settings: ClusterSettings = { redisUrl: redis.url, sim, outDir, slots: 2, pollMs: 100, lockMs: 3000 };
  const workers: WorkerProcess[] = [];
  let team: Team | undefined;
  try {
    for (let i = 0; i < 3; i++) workers.push(await spawnWorker(settings));
    team = await openTeam(redis.url);
    const items = requests('still.png').map((file) => ({ file, baseDir: mediaDir }));
    const [first, second] = await Promise.all([
      runSubmitter(
        redis.url,
        items.filter((_, i) => i % 2 === 0),
      ),
      runSubmitter(
        redis.url,
        items.filter((_, i) => i % 2 === 1),
      ),
    ]);
    expect([...first, ...second].filter((p) => !p.jobId)).toEqual([]);
    const queue = team.queue('ltx');
    const finished = async () => {
      const counts = await queue.getJobCounts('completed', 'failed');
      return (counts.completed ?? 0) + (counts.failed ?? 0) >= 30;
    };
    const kills = await runKillCampaign({
      team,
      settings,
      workers,
      kills: 12,
      stages: ['preparing', 'polling', 'downloading'],
      // Below the upload's hold: a job seen preparing this recently cannot have sent its POST yet.
      marginMs: { preparing: 700 },
      eligible: (stage, name) => stage !== 'preparing' || name.startsWith('image'),
      done: finished,
      deadlineMs: 80_000,
    });
    await waitUntil(finished, 60_000, 'every job to end');

    const counts = await queue.getJobCounts('completed', 'failed');
    const failed = await queue.getFailed();
    expect(failed.map((j) => j.failedReason)).toEqual([]);
    expect(counts.completed).toBe(30);
    expect(kills.length).toBeGreaterThanOrEqual(10);
    for (const stage of ['preparing', 'polling', 'downloading'])
      expect(kills.filter((k) => k.stage === stage).length, `kills in ${stage}`).toBeGreaterThanOrEqual(2);

    // Billed once each: 30 generations at the simulator, one per prompt; never more than 2 at once.
    const prompts = sim.jobs.list('ltx').map((j) => String(j.body.prompt));
    expect(new Set(prompts).size).toBe(30);
    expect(prompts).toHaveLength(30);
    expect(sim.inFlight('ltx').peak).toBeLessThanOrEqual(2);
    expect(sim.requestsWhere({ op: 'submit', status: 429 })).toHaveLength(0);

    // Every MP4 is complete under its final name.
    const mp4s = [...filesIn(outDir)].filter(([name]) => name.endsWith('.mp4'));
    expect(mp4s).toHaveLength(30);
    expect(mp4s.filter(([, size]) => size !== MP4_BYTES)).toEqual([]);
    const [ltx] = await queueStatus(team);
    expect(ltx).toMatchObject({ slotsInUse: 0, waiting: 0, active: 0 });
    console.log(
      `kills: ${kills.length} (${['preparing', 'polling', 'downloading'].map((s) => `${s} ${kills.filter((k) => k.stage === s).length}`).join(', ')}); peak in flight ${sim.inFlight('ltx').peak}`,
    );
  } finally {
    await team?.close();
    for (const w of workers) await killProcess(w, 'SIGTERM');
    await sim.close();
  }
});
