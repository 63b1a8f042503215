import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDeps, createUseapiClient } from '@ltx-jobs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  envWithHome,
  eventually,
  readTree,
  runCli,
  spawnCli,
  startWorld,
  type TestWorld,
  textToVideo,
  writeRequestFile,
} from './harness.js';

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world?.close());

const INTERRUPTED = 'submit interrupted — may have been billed';
/** Jobs the simulator made (billed), whether or not the client heard the answer. */
const made = () => world.sim.jobs.list().length;

function useapiVideo(prompt: string): Record<string, unknown> {
  return { provider: 'useapi', endpoint: 'videos/ltx-create', request: { prompt, duration: 3 } };
}

describe('interrupted submits (issue 9 items 5, 7, 8)', () => {
  it('an LTX answer lost after the body was sent: interrupted, listed, resubmit refused (exit 7) unless allowed', async () => {
    const env = envWithHome(world, 'lost-ltx');
    const file = writeRequestFile(join(world.dir, 'lost-ltx'), 'lost', textToVideo('a lost answer', 'lost'));
    world.sim.addFault({ type: 'reset', after: true, where: { api: 'ltx', op: 'submit' } });
    const before = made();
    const run = await runCli(['submit', file, '--json'], { env });
    expect(run.code).toBe(6);
    expect(made()).toBe(before + 1); // the simulator made (and billed) the job
    const summary = JSON.parse(run.stdout);
    expect(summary.jobs[0]).toMatchObject({ state: 'submit-interrupted', file });
    expect(run.stderr).toMatch(/may have been created and billed; LTX's API cannot list jobs/);

    const list = await runCli(['list'], { env });
    expect(list.stdout).toContain(INTERRUPTED);
    const intentRef = list.stdout.match(/intent:[0-9a-f]{16}/)?.[0] ?? '';
    const status = await runCli(['status', intentRef], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/cannot be recovered/);

    const again = await runCli(['submit', file], { env });
    expect(again.code).toBe(7);
    expect(again.stderr).toMatch(/interrupted after it was sent .* may have been billed/);
    expect(made()).toBe(before + 1);

    const allowed = await runCli(['submit', file, '--allow-duplicate'], { env });
    expect(allowed.code).toBe(0);
    expect(made()).toBe(before + 2);
  });

  it('a malformed submit answer counts as interrupted, not as not-submitted', async () => {
    const env = envWithHome(world, 'malformed');
    const file = writeRequestFile(join(world.dir, 'malformed'), 'bad', textToVideo('half an answer', 'bad'));
    world.sim.addFault({ type: 'malformed-json', where: { api: 'ltx', op: 'submit' } });
    const run = await runCli(['submit', file, '--json'], { env });
    expect(run.code).toBe(6);
    expect(JSON.parse(run.stdout).jobs[0].state).toBe('submit-interrupted');
    const list = await runCli(['list', '--json'], { env });
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ state: 'submit-interrupted' })]);
  });

  it('a useapi answer lost after the body was sent is found again by its replyRef and recorded', async () => {
    const env = envWithHome(world, 'lost-useapi');
    const file = writeRequestFile(join(world.dir, 'lost-useapi'), 'boat', useapiVideo('a boat, answer lost'));
    world.sim.addFault({ type: 'reset', after: true, where: { api: 'useapi', op: 'submit' } });
    const run = await runCli(['submit', file, '--json'], { env });
    expect(run.code).toBe(0);
    const job = JSON.parse(run.stdout).jobs[0];
    expect(job.ref).toMatch(/^useapi:email:/);
    const sent = world.sim.jobs.get(job.ref.slice('useapi:'.length));
    expect((sent?.body as { replyRef?: string } | undefined)?.replyRef).toMatch(/^ltx-jobs:[0-9a-f]{16}$/);
    const list = await runCli(['list'], { env });
    expect(list.stdout).not.toContain(INTERRUPTED);
  });

  it("finds a finished useapi job among the account's assets by replyRef (GET assets/)", async () => {
    const deps = createDeps();
    const client = createUseapiClient({
      apiToken: world.env.USEAPI_API_TOKEN ?? '',
      baseUrl: world.sim.useapiBaseUrl,
      deps,
    });
    const submitted = await client.submit('videos/ltx-create', {
      prompt: 'done before we looked [sim:processing-ms=1]',
      replyRef: 'ltx-jobs:00000000000000ab',
    });
    await eventually(
      () => (world.sim.jobs.get(submitted.id)?.phase === 'ended' ? true : undefined),
      'the job to end',
    );
    const found = await client.findSubmitted?.({
      marker: 'ltx-jobs:00000000000000ab',
      endpoint: 'videos/ltx-create',
    });
    expect(found?.id).toBe(submitted.id);
    expect(found?.job?.state).toBe('succeeded');
    expect(
      await client.findSubmitted?.({ marker: 'ltx-jobs:ffffffffffffffff', endpoint: 'videos/ltx-create' }),
    ).toBeUndefined();
  });

  it('three CLIs submitting the same file at once bill it once; the others exit 7', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const env = envWithHome(world, `race-${trial}`);
      const file = writeRequestFile(
        join(world.dir, `race-${trial}`),
        'race',
        textToVideo(`one of three, trial ${trial}`, 'race'),
      );
      world.sim.addFault({ type: 'delay', ms: 300, where: { api: 'ltx', op: 'submit' } });
      const before = made();
      const runs = await Promise.all([0, 1, 2].map(() => runCli(['submit', file], { env })));
      expect(made() - before).toBe(1);
      expect(runs.map((r) => r.code).sort()).toEqual([0, 7, 7]);
      for (const refused of runs.filter((r) => r.code === 7)) {
        expect(refused.stderr).toMatch(/being submitted right now by process \d+|already submitted as ltx:/);
      }
    }
  });

  it('a stale compaction lock (dead pid) costs a submit nothing; the job is recorded at once', async () => {
    const env = envWithHome(world, 'stale-lock');
    const home = env.LTX_JOBS_HOME ?? '';
    const file = writeRequestFile(
      join(world.dir, 'stale-lock'),
      'stale',
      textToVideo('behind a stale lock', 'stale'),
    );
    await runCli(['list'], { env }); // creates nothing, but the folder must exist for the lock
    (await import('node:fs')).mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'jobs.jsonl.lock'), '999999');
    const started = Date.now();
    const run = await runCli(['submit', file], { env });
    expect(run.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(readTree(home)).toContain(run.stdout.match(/ltx:text-to-video\/[0-9a-f-]+/)?.[0] ?? 'no ref');
  });

  it('kill -9 while the POST is in flight leaves an interrupted intent; the resubmit is refused', async () => {
    const env = envWithHome(world, 'kill-post');
    const file = writeRequestFile(
      join(world.dir, 'kill-post'),
      'killed',
      textToVideo('killed mid POST', 'killed'),
    );
    world.sim.addFault({ type: 'delay', ms: 2000, where: { api: 'ltx', op: 'submit' } });
    const before = world.sim.requestsWhere({ op: 'submit' }).length;
    const run = spawnCli(['submit', file], { env });
    // The POST has reached the simulator (which holds it): the intent said `posting` before it left.
    await eventually(
      () => (world.sim.requestsWhere({ op: 'submit' }).length > before ? true : undefined),
      'the POST to arrive',
    );
    run.child.kill('SIGKILL');
    await run.done;
    const list = await runCli(['list'], { env });
    expect(list.stdout).toContain(INTERRUPTED);
    const again = await runCli(['submit', file], { env });
    expect(again.code).toBe(7);
  });
});
