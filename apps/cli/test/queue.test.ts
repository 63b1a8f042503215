import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { CHUNKS, chunkNamed, ESM_ENTRY, staticClosure } from './bundle-closure.js';
import { CLI, runCli, spawnCli, textToVideo, writeRequestFile } from './harness.js';
import { useQueueWorld } from './queue-world.js';

const queue = useQueueWorld();

it('ltx-jobs worker + submit --queue --wait + list/status/run status/queue status read the team queue', async () => {
  const shared = join(queue.world.dir, 'shared');
  const worker = spawnCli(['worker', '--queue', queue.redis.url, '--out', shared, '--poll-interval', '0.1'], {
    env: queue.world.env,
  });
  try {
    const requests = join(queue.world.dir, 'team');
    const a = writeRequestFile(requests, 'dawn', textToVideo('team dawn', 'dawn'));
    const b = writeRequestFile(requests, 'dusk', textToVideo('team dusk', 'dusk'));
    const env = { ...queue.world.env, LTX_JOBS_USER: 'alice' };
    const submitted = await runCli(['submit', a, b, '--queue', queue.redis.url, '--wait', '--json'], { env });
    expect(submitted.stderr).toContain('queued as job');
    expect(submitted.code).toBe(0);
    const document = JSON.parse(submitted.stdout) as {
      jobs: { state: string; artifacts: { path?: string }[] }[];
    };
    expect(document.jobs.map((j) => j.state)).toEqual(['succeeded', 'succeeded']);
    for (const job of document.jobs) expect(dirname(job.artifacts[0]?.path ?? '')).toBe(shared);
    expect(readdirSync(shared).filter((n) => n.endsWith('.mp4'))).toHaveLength(2);

    // The same request again, from the queue's point of view of the whole team: refused, exit 7.
    const again = await runCli(['submit', a, '--queue', queue.redis.url], { env: queue.world.env });
    expect(again.code).toBe(7);
    expect(again.stderr).toContain('already in the team queue');

    // Options that mean nothing to a team queue are refused, not ignored.
    const withOut = await runCli(['submit', b, '--queue', queue.redis.url, '--out', shared], {
      env: queue.world.env,
    });
    expect(withOut.code).toBe(2);
    expect(withOut.stderr).toContain('submit --queue does not take --out');

    // LTX_JOBS_QUEUE works like --queue; the list says who submitted each job.
    const list = await runCli(['list'], { env: { ...queue.world.env, LTX_JOBS_QUEUE: queue.redis.url } });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/dawn/);
    expect(list.stdout).toMatch(/alice@/);
    const status = await runCli(['status', '--queue', queue.redis.url, 'dusk'], { env: queue.world.env });
    expect(status.stdout).toMatch(/succeeded[\s\S]*submitted by alice@/);
    const watched = await runCli(['watch', '--queue', queue.redis.url, 'dawn', '--json'], {
      env: queue.world.env,
    });
    expect(watched.code).toBe(0);
    expect(JSON.parse(watched.stdout).jobs[0]).toMatchObject({
      state: 'succeeded',
      queue: { state: 'completed' },
    });
    const run = await runCli(['run', 'status', '--queue', queue.redis.url, 'latest'], {
      env: queue.world.env,
    });
    expect(run.stdout).toMatch(/2 of 2 done/);
    const overview = await runCli(['queue', 'status', '--queue', queue.redis.url, '--json'], {
      env: queue.world.env,
    });
    const providers = (
      JSON.parse(overview.stdout) as {
        providers: { provider: string; slotsInUse: number; slots: number; workers: string[] }[];
      }
    ).providers;
    expect(providers.find((p) => p.provider === 'ltx')).toMatchObject({ slotsInUse: 0, slots: 2 });
    expect(providers.find((p) => p.provider === 'ltx')?.workers).toHaveLength(1);
    // Only the two jobs were billed.
    expect(queue.world.submits()).toBe(2);
  } finally {
    worker.child.kill('SIGINT');
    const end = await worker.done;
    expect(end.stderr).toContain('serving ltx');
  }
});

it('never prints a Redis password, and a plain `list` does not load BullMQ or its Redis client', async () => {
  const withPassword = 'redis://alice:hunter2-secret@127.0.0.1:1/0';
  const refused = await runCli(['list', '--queue', withPassword], { env: queue.world.env });
  expect(refused.code).toBe(6);
  expect(refused.stderr).toContain('redis://alice:***@127.0.0.1:1/0');
  expect(refused.stdout + refused.stderr).not.toContain('hunter2');
  const wrong = await runCli(
    ['queue', 'status', '--queue', queue.redis.url.replace('//', '//bob:hunter2-secret@')],
    {
      env: queue.world.env,
    },
  );
  expect(wrong.code).toBe(3);
  expect(wrong.stdout + wrong.stderr).not.toContain('hunter2');

  // What `list` loads: the launcher, the ES entry, the ledger-views chunk, and what they import statically.
  const loaded = staticClosure(CLI, ESM_ENTRY, chunkNamed('ledger-views-'));
  const queueChunks = readdirSync(CHUNKS).filter(
    (n) => n.endsWith('.js') && /\bmoveStalledJobsToWait\b/.test(readFileSync(join(CHUNKS, n), 'utf8')),
  );
  expect(queueChunks.length).toBeGreaterThan(0);
  for (const file of loaded) expect(readFileSync(file, 'utf8')).not.toMatch(/moveStalledJobsToWait|ioredis/);
});
