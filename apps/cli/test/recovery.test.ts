import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  envWithHome,
  eventually,
  playableMp4,
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

const REF = /ltx:text-to-video\/[0-9a-f-]+/;

/** A job the simulator keeps processing for `ms`, so the CLI is surely mid-poll when we act. */
function slowJob(name: string, ms: number): string {
  return writeRequestFile(
    join(world.dir, name),
    name,
    textToVideo(`a slow river, take ${name} [sim:processing-ms=${ms}]`, name),
  );
}

describe('jobs outlive the CLI: kill -9, Ctrl-C, --timeout, tracking, queueing', () => {
  it('kill -9 mid-poll, then list shows the job and watch downloads it; exactly one submit', async () => {
    const env = envWithHome(world, 'kill');
    const file = slowJob('kill', 1500);
    const out = join(world.dir, 'kill-out');
    const before = world.submits();
    const first = spawnCli(['submit', file, '--wait', '--out', out, '--poll-interval', '0.1'], { env });
    const ref = await eventually(
      () => readTree(env.LTX_JOBS_HOME ?? '').match(REF)?.[0],
      'the job in the ledger',
    );
    // Mid-poll: the CLI has printed the job's first state.
    await eventually(() => (/queued|running/.test(first.stderr()) ? true : undefined), 'a first status line');
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');

    const list = await runCli(['list'], { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(ref);

    const watch = await runCli(['watch', ref, '--poll-interval', '0.1', '--json'], { env });
    expect(watch.code).toBe(0);
    const summary = JSON.parse(watch.stdout);
    expect(summary.jobs[0]).toMatchObject({ ref, state: 'succeeded' });
    const path: string = summary.jobs[0].artifacts[0].path;
    expect(path.startsWith(out)).toBe(true);
    expect(playableMp4(path).codecs).toContain('avc1');
    expect(world.submits()).toBe(before + 1);

    const status = await runCli(['status', ref, '--json'], { env });
    expect(JSON.parse(status.stdout)).toMatchObject({ ref, state: 'succeeded', artifacts: [{ path }] });
  });

  it('Ctrl-C stops watching, says how to resume and exits 130; the job goes on', async () => {
    const env = envWithHome(world, 'sigint');
    const file = slowJob('sigint', 1500);
    const run = spawnCli(
      ['submit', file, '--wait', '--out', join(world.dir, 'sigint-out'), '--poll-interval', '0.1'],
      {
        env,
      },
    );
    const ref = await eventually(
      () => readTree(env.LTX_JOBS_HOME ?? '').match(REF)?.[0],
      'the job in the ledger',
    );
    await eventually(() => (/queued|running/.test(run.stderr()) ? true : undefined), 'a first status line');
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(`ltx-jobs watch ${ref}`);

    const resumed = await runCli(['watch', ref, '--poll-interval', '0.1'], { env });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`${ref} succeeded`);
  });

  it('watch tracks a ref the ledger has never seen', async () => {
    const submitted = await runCli(['submit', slowJob('track', 100)], { env: envWithHome(world, 'track-a') });
    expect(submitted.code).toBe(0);
    const ref = submitted.stdout.match(REF)?.[0] ?? '';
    const other = envWithHome(world, 'track-b');
    const run = await runCli(
      ['watch', ref, '--out', join(world.dir, 'track-out'), '--poll-interval', '0.1'],
      {
        env: other,
      },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('tracking');
    const list = await runCli(['list', '--json'], { env: other });
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ ref, state: 'succeeded' })]);
  });

  it('--timeout stops watching with exit 6 and says how to resume; the job goes on', async () => {
    const env = envWithHome(world, 'timeout');
    const run = await runCli(
      ['submit', slowJob('timeout', 3000), '--wait', '--timeout', '0.3', '--poll-interval', '0.1'],
      {
        env,
      },
    );
    expect(run.code).toBe(6);
    const ref = run.stdout.match(REF)?.[0] ?? '';
    expect(run.stderr).toContain(`error: ${ref} still`);
    expect(run.stderr).toContain(`Resume with: ltx-jobs watch ${ref}`);
    const resumed = await runCli(['watch', ref, '--poll-interval', '0.1'], { env });
    expect(resumed.code).toBe(0);
  });

  it('three LTX jobs queue behind the concurrency limit of 2: no 429, all downloaded', async () => {
    const files = ['q1', 'q2', 'q3'].map((n) => slowJob(n, 400));
    const before = world.sim.requestsWhere({ op: 'submit', status: 429 }).length;
    const run = await runCli(
      ['submit', ...files, '--wait', '--json', '--out', join(world.dir, 'q-out'), '--poll-interval', '0.1'],
      {
        env: envWithHome(world, 'queue'),
      },
    );
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.jobs.map((j: { state: string }) => j.state)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(world.sim.requestsWhere({ op: 'submit', status: 429 }).length).toBe(before);
  });

  it('a job past its retention exits 5 (expired) naming not_found_error', async () => {
    const env = envWithHome(world, 'expired');
    const file = writeRequestFile(
      join(world.dir, 'expired'),
      'expired',
      textToVideo('gone [sim:processing-ms=10] [sim:retention-ms=1]'),
    );
    const submitted = await runCli(['submit', file], { env });
    const ref = submitted.stdout.match(REF)?.[0] ?? '';
    const id = ref.split('/')[1] ?? '';
    await eventually(
      () => (world.sim.jobs.get(id)?.phase === 'expired' ? true : undefined),
      'the job to expire',
    );
    const run = await runCli(['watch', ref, '--poll-interval', '0.1'], { env });
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(new RegExp(`^error: ${ref} expired: not_found_error: `, 'm'));
  });

  it('a submit refused with 402 exits 4 with one line naming insufficient_funds_error', async () => {
    const env = envWithHome(world, 'funds');
    const file = writeRequestFile(
      join(world.dir, 'funds'),
      'funds',
      textToVideo('pricey [sim:insufficient-funds]'),
    );
    const run = await runCli(['submit', file, '--wait'], { env });
    expect(run.code).toBe(4);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/funds\.ltx\.json: .*insufficient_funds_error/);
  });

  it('status of a ref the ledger does not have exits 2 and says how to track it', async () => {
    // status and list read the ledger only: no key, and a base URL they do not use may be wrong.
    const env = { ...envWithHome(world, 'empty'), LTX_API_KEY: '', LTX_API_BASE_URL: 'http://example.com' };
    const run = await runCli(['status', 'ltx:text-to-video/00000000-0000-0000-0000-000000000000'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ltx-jobs watch ltx:text-to-video/00000000-0000-0000-0000-000000000000');
    const list = await runCli(['list'], { env });
    expect(list.code).toBe(0);
    expect(list.stderr).toMatch(/^No jobs yet \(ledger: \S+jobs\.jsonl\)/);
  });
});
