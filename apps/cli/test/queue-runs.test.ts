import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EXAMPLES, runCli, spawnCli, writeRequestFile } from './harness.js';
import { useQueueWorld } from './queue-world.js';

const queue = useQueueWorld();

const FIRST_PNG = join(EXAMPLES, 'frames', 'first.png');

it('a run of variations with a local image: enqueued with its image (deleted before any worker starts), resumed with run resume --queue', async () => {
  const dir = join(queue.world.dir, 'machine-a');
  mkdirSync(dir, { recursive: true });
  copyFileSync(FIRST_PNG, join(dir, 'still.png'));
  const file = writeRequestFile(dir, 'waves', {
    provider: 'ltx',
    endpoint: 'image-to-video',
    name: 'waves',
    request: {
      prompt: 'waves',
      image_uri: 'still.png',
      model: 'ltx-2-3-fast',
      resolution: '1280x720',
      duration: 6,
    },
    variations: { prompts: ['calm waves', 'stormy waves', 'filtered [sim:fail=content_filtered_error]'] },
  });
  const env = { ...queue.world.env, LTX_JOBS_USER: 'alice', LTX_JOBS_QUEUE: queue.redis.url };

  // No worker yet: the run is written down and its 3 jobs wait, each carrying the image.
  const submitted = await runCli(['submit', file, '--json'], { env });
  expect(submitted.stderr).not.toMatch(/^error:/m);
  expect(submitted.code).toBe(0);
  expect(submitted.stderr).toMatch(/run run-\d{8}-\d{6}-[0-9a-f]{4}: .*3 jobs/);
  expect(JSON.parse(submitted.stdout).jobs.map((j: { state: string }) => j.state)).toEqual([
    'queued',
    'queued',
    'queued',
  ]);
  // Options a team queue does not take are refused with what to do instead.
  const withOut = await runCli(['run', 'resume', 'latest', '--out', dir], { env });
  expect(withOut.code).toBe(2);
  expect(withOut.stderr).toContain('run resume --queue does not take --out (the workers write into');

  // The image is gone from the enqueuing machine: the worker (another folder) uploads the carried bytes.
  rmSync(join(dir, 'still.png'));
  const shared = join(queue.world.dir, 'shared');
  const worker = spawnCli(['worker', '--out', shared, '--poll-interval', '0.1', '--interrupted-hold', '10'], {
    env: { ...env, LTX_JOBS_HOME: join(queue.world.dir, 'worker-home') },
  });
  try {
    const first = await runCli(['run', 'resume', 'latest', '--json'], { env });
    expect(first.stderr).toMatch(/0 of 3 done; enqueuing 0 again, following 3/);
    const firstJobs = JSON.parse(first.stdout).jobs as { state: string }[];
    expect(firstJobs.map((j) => j.state).sort()).toEqual(['failed', 'succeeded', 'succeeded']);
    expect(first.code, first.stderr).toBe(4);
    const png = readFileSync(FIRST_PNG);
    const uploaded = queue.world.sim.uploads().filter((u) => u.data?.equals(png));
    expect(uploaded.length).toBeGreaterThanOrEqual(3);
    const submitsBefore = queue.world.sim.submitCount('ltx');

    // Resumed (from a machine without the image: the failed attempt's carried image goes again): only
    // the failed job is enqueued again (a new attempt); the done ones are left.
    const second = await runCli(['run', 'resume', 'latest', '--json'], { env });
    expect(second.stderr).toMatch(/2 of 3 done; enqueuing 1 again, following 0/);
    expect(queue.world.sim.submitCount('ltx'), second.stderr + second.stdout).toBe(submitsBefore + 1);
    const status = await runCli(['run', 'status', 'latest'], { env });
    expect(status.stdout).toMatch(/run run-\S+ \(waves ×3\): 2 of 3 done, 1 failed/);
    expect(status.stderr).toContain('Resume with: ltx-jobs run resume --queue');

    // Takes of the same request (variations.count) are one job each, not duplicates of each other.
    const takes = writeRequestFile(dir, 'takes', {
      provider: 'ltx',
      endpoint: 'text-to-video',
      request: { prompt: 'three takes', model: 'ltx-2-3-fast', resolution: '1280x720', duration: 6 },
      variations: { count: 3 },
    });
    const taken = await runCli(['submit', takes, '--json'], { env });
    expect(taken.code, taken.stderr).toBe(0);
    expect(JSON.parse(taken.stdout).jobs.map((j: { state: string }) => j.state)).toEqual([
      'queued',
      'queued',
      'queued',
    ]);

    // The daily budget counts the team's spend today (this machine's own ledger is empty).
    const more = writeRequestFile(dir, 'more', {
      provider: 'ltx',
      endpoint: 'text-to-video',
      request: { prompt: 'one more', model: 'ltx-2-3-fast', resolution: '1280x720', duration: 6 },
    });
    const overBudget = await runCli(['submit', more], { env: { ...env, LTX_JOBS_DAILY_BUDGET: '0.5' } });
    expect(overBudget.code).toBe(8);
    const spent = /Daily budget \$0\.50: \$(\d+\.\d\d) spent today/.exec(overBudget.stderr)?.[1];
    expect(Number(spent), overBudget.stderr).toBeGreaterThanOrEqual(0.36); // 2 takes done at $0.18 each
  } finally {
    worker.child.kill('SIGINT');
    await worker.done;
  }
});
