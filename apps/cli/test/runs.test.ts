import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
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

const FAILING = [5, 12, 20, 33, 47];
const TIMING = { pendingMs: 10, processingMs: 40 };
let world: TestWorld;
beforeAll(async () => {
  world = await startWorld(TIMING);
});
afterAll(() => world?.close());

const POLL = ['--poll-interval', '0.05'];
/** Distinct jobs recorded in the ledger under `home` (a record is written again on every change). */
const recordedJobs = (home: string) => new Set(readTree(home).match(/"ref":"ltx:[^"]+"/g) ?? []).size;
const mp4s = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.mp4'));
/** The 720p request the price table knows ($0.03/s). */
const body = (prompt: string) => ({ prompt, model: 'ltx-2-3-fast', resolution: '1280x720', duration: 6 });
const line = (prompt: string, name?: string) =>
  JSON.stringify({
    provider: 'ltx',
    endpoint: 'text-to-video',
    ...(name ? { name } : {}),
    request: body(prompt),
  });

describe('runs: variations, manifests, resume (the real CLI against the simulator)', () => {
  it('a file with variations.count 4 gives four jobs and four MP4s, then is refused as a duplicate run', async () => {
    const env = envWithHome(world, 'takes');
    const dir = join(world.dir, 'takes');
    const file = writeRequestFile(dir, 'dawn', {
      ...textToVideo('a lighthouse at dawn', 'dawn'),
      variations: { count: 4 },
    });
    const out = join(dir, 'out');
    const before = world.submits();
    const run = await runCli(['submit', file, '--wait', '--out', out, '--json', ...POLL], { env });
    expect(run.stderr).not.toMatch(/duplicate|^error:/im);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.run).toMatchObject({ name: 'dawn ×4', kind: 'variations', progress: '4/4 done' });
    expect(summary.jobs.map((j: { name: string }) => j.name)).toEqual([
      'dawn-v1',
      'dawn-v2',
      'dawn-v3',
      'dawn-v4',
    ]);
    expect(summary.jobs.map((j: { variantKey: string }) => j.variantKey)).toEqual([
      'dawn.ltx.json#1',
      'dawn.ltx.json#2',
      'dawn.ltx.json#3',
      'dawn.ltx.json#4',
    ]);
    const files = mp4s(out);
    expect(files).toHaveLength(4);
    expect(new Set(files.map((f) => f.replace(/-[0-9a-f]{8}\.mp4$/, ''))).size).toBe(4);
    for (const f of files) expect(playableMp4(join(out, f)).codecs).toContain('avc1');
    expect(world.submits()).toBe(before + 4);

    const again = await runCli(['submit', file, '--wait', '--out', out, ...POLL], { env });
    expect(again.code).toBe(7);
    expect(again.stderr).toMatch(/All 4 jobs of this run were submitted before \(run run-/);
    expect(again.stderr).toContain('--allow-duplicate');
    expect(world.submits()).toBe(before + 4);

    const allowed = await runCli(['submit', file, '--allow-duplicate', '--json'], { env });
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout).jobs).toHaveLength(4);
    expect(world.submits()).toBe(before + 8);
  });

  it('a 50-line manifest where 5 jobs fail ends with 45 MP4s and exit 4; run resume submits exactly those 5', async () => {
    // The 5th, 12th, … accepted submit of this simulator fails (by submit order: their resubmits work).
    const jobFaults = Object.fromEntries(FAILING.map((n) => [n, { fail: 'api_error' }]));
    const world = await startWorld({ ...TIMING, jobFaults });
    onTestFinished(() => world.close());
    const env = envWithHome(world, 'manifest');
    const dir = join(world.dir, 'manifest');
    const manifest = join(dir, 'shots.ltx.jsonl');
    writeRequestFile(dir, 'unused', textToVideo('x')); // makes the folder
    writeFileSync(
      manifest,
      `${Array.from({ length: 50 }, (_, i) => line(`shot ${i + 1}: a harbour at night`)).join('\n')}\n`,
    );
    const out = join(dir, 'out');
    const before = world.submits();
    const first = await runCli(['submit', manifest, '--wait', '--out', out, '--json', ...POLL], { env });
    expect(first.code, first.stderr.slice(-2000)).toBe(4);
    const summary = JSON.parse(first.stdout);
    expect(summary.exitCode).toBe(4);
    expect(summary.run.counts).toMatchObject({ total: 50, succeeded: 45, failed: 5 });
    expect(summary.jobs.filter((j: { state: string }) => j.state === 'failed')).toHaveLength(5);
    expect(mp4s(out)).toHaveLength(45);
    expect(world.submits()).toBe(before + 50);
    const failedNames = summary.jobs
      .filter((j: { state: string }) => j.state === 'failed')
      .map((j: { name: string }) => j.name);
    expect(failedNames).toEqual(FAILING.map((n) => `shots-${String(n).padStart(2, '0')}`));
    const runId: string = summary.run.id;

    const resumed = await runCli(['run', 'resume', runId, '--json', ...POLL], { env });
    expect(resumed.stderr).toContain('submitting 5 again, following 45');
    expect(resumed.code).toBe(0);
    expect(world.submits()).toBe(before + 55);
    const after = JSON.parse(resumed.stdout);
    expect(after.run.counts).toMatchObject({ total: 50, succeeded: 50, failed: 0 });
    const retried = after.jobs.filter((j: { attempt?: number }) => j.attempt === 2);
    expect(retried.map((j: { name: string }) => j.name)).toEqual(failedNames);
    expect(mp4s(out)).toHaveLength(50);

    const status = await runCli(['run', 'status', runId.slice(-4), '--json'], { env });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).run.progress).toBe('50/50 done');
    const again = await runCli(['run', 'resume', runId, ...POLL], { env });
    expect(again.code).toBe(0);
    expect(world.submits()).toBe(before + 55);
  }, 240_000);

  it('kill -9 in the middle of a 20-job run, then run resume: every job finishes, none is submitted twice', async () => {
    const env = envWithHome(world, 'kill');
    const dir = join(world.dir, 'kill');
    // Jobs 9 and 10 run for 3 s: once both are submitted, no further POST can start for a while.
    const prompts = Array.from({ length: 20 }, (_, i) =>
      i === 8 || i === 9 ? `take ${i + 1} [sim:processing-ms=3000]` : `take ${i + 1}`,
    );
    writeRequestFile(dir, 'unused', textToVideo('x'));
    const manifest = join(dir, 'twenty.ltx.jsonl');
    writeFileSync(manifest, `${prompts.map((p) => line(p)).join('\n')}\n`);
    const out = join(dir, 'out');
    const before = world.submits();
    const first = spawnCli(['submit', manifest, '--wait', '--out', out, ...POLL], { env });
    const home = env.LTX_JOBS_HOME ?? '';
    await eventually(
      () => (world.submits() - before === 10 && recordedJobs(home) === 10 ? true : undefined),
      'ten jobs submitted and recorded',
      60_000,
    );
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const runId = readTree(join(home, 'runs')).match(/run-\d{8}-\d{6}-[0-9a-f]{4}/)?.[0] ?? '';

    const resumed = await runCli(['run', 'resume', runId, '--json', ...POLL], { env });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('submitting 10 again, following 10');
    const summary = JSON.parse(resumed.stdout);
    expect(summary.run.counts).toMatchObject({ total: 20, succeeded: 20 });
    expect(world.submits() - before).toBe(20);
    expect(mp4s(out)).toHaveLength(20);
  }, 240_000);

  it('kill -9 while a POST is on its way: run resume leaves that job alone (it may be billed) until allowed', async () => {
    const env = envWithHome(world, 'kill-post');
    const dir = join(world.dir, 'kill-post');
    // Jobs 3 and 4 run for 2 s, so the 5th POST comes well after the fault below is in place; jobs 6
    // to 8 run for 3 s, so once the 6th is recorded no other POST starts before the kill.
    const slow = (i: number) => (i === 2 || i === 3 ? 2000 : i >= 5 ? 3000 : 0);
    const prompts = Array.from({ length: 8 }, (_, i) =>
      slow(i) > 0 ? `shot ${i + 1} [sim:processing-ms=${slow(i)}]` : `shot ${i + 1}`,
    );
    writeRequestFile(dir, 'unused', textToVideo('x'));
    const manifest = join(dir, 'eight.ltx.jsonl');
    writeFileSync(manifest, `${prompts.map((p) => line(p)).join('\n')}\n`);
    const arrived = () => world.sim.requestsWhere({ api: 'ltx', op: 'submit' }).length;
    const before = arrived();
    const first = spawnCli(['submit', manifest, '--wait', '--out', join(dir, 'out'), ...POLL], { env });
    await eventually(() => (arrived() - before === 4 ? true : undefined), 'four submits', 60_000);
    // The 5th submit makes its job, then its answer is held back: the CLI waits for it, and dies.
    world.sim.addFault({ type: 'delay', ms: 10_000, after: true, where: { api: 'ltx', op: 'submit' } });
    const made = () => world.sim.jobs.list('ltx').length;
    const madeBefore = made() - 4;
    // Six jobs made, all recorded but the held 5th: only its POST is on its way.
    const home = env.LTX_JOBS_HOME ?? '';
    await eventually(
      () => (made() - madeBefore === 6 && recordedJobs(home) === 5 ? true : undefined),
      'six jobs made, five recorded',
      30_000,
    );
    first.child.kill('SIGKILL');
    await first.done;
    const runId =
      readTree(join(env.LTX_JOBS_HOME ?? '', 'runs')).match(/run-\d{8}-\d{6}-[0-9a-f]{4}/)?.[0] ?? '';

    const resumed = await runCli(['run', 'resume', runId, '--json', ...POLL], { env });
    expect(resumed.stderr).toMatch(/leaving 1 alone/);
    expect(resumed.stderr).toMatch(/shots?-5|eight-5/);
    expect(resumed.code).toBe(7);
    const summary = JSON.parse(resumed.stdout);
    expect(summary.run.counts).toMatchObject({ total: 8, succeeded: 7, interrupted: 1 });
    expect(made() - madeBefore).toBe(8);

    const allowed = await runCli(['run', 'resume', runId, '--allow-duplicate', '--json', ...POLL], { env });
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout).run.counts).toMatchObject({ total: 8, succeeded: 8 });
    expect(made() - madeBefore).toBe(9);
  }, 240_000);

  it('checks every manifest line first: one bad line sends nothing; --skip-invalid sends the rest', async () => {
    const env = envWithHome(world, 'invalid');
    const dir = join(world.dir, 'invalid');
    writeRequestFile(dir, 'unused', textToVideo('x'));
    const manifest = join(dir, 'mixed.ltx.jsonl');
    const bad = JSON.stringify({
      provider: 'ltx',
      endpoint: 'text-to-video',
      request: { ...body('bad'), duration: 'long' },
    });
    writeFileSync(manifest, [line('one'), bad, line('three')].join('\n'));
    const before = world.received();
    const refused = await runCli(['submit', manifest], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: \S+mixed\.ltx\.jsonl:2:\d+: \$\.request\.duration: /m);
    expect(world.received()).toBe(before);

    const skipped = await runCli(['submit', manifest, '--skip-invalid', '--json'], { env });
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toMatch(/^skipped: \S+mixed\.ltx\.jsonl:2: \$\.request\.duration: /m);
    expect(JSON.parse(skipped.stdout).jobs.map((j: { name: string }) => j.name)).toEqual([
      'mixed-1',
      'mixed-3',
    ]);
  });

  it('a CSV of prompts with a template: the total estimate first, --max-cost on the total, then the jobs', async () => {
    const env = envWithHome(world, 'csv');
    const dir = join(world.dir, 'csv');
    const template = writeRequestFile(dir, 'shot', {
      provider: 'ltx',
      endpoint: 'text-to-video',
      request: body(''),
    });
    const csv = join(dir, 'prompts.csv');
    writeFileSync(csv, 'prompt,duration\n"a fox, running",8\na hare,\n');
    const dry = await runCli(['submit', csv, '--template', template, '--dry-run', '--json'], { env });
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout);
    expect(plan.jobs.map((j: { name: string; line: number }) => [j.name, j.line])).toEqual([
      ['prompts-2', 2],
      ['prompts-3', 3],
    ]);
    expect(plan.total.usd).toBeCloseTo(0.42, 6); // (8 s + 6 s) x $0.03
    const before = world.received();
    const over = await runCli(['submit', csv, '--template', template, '--max-cost', '0.40'], { env });
    expect(over.code).toBe(8);
    expect(over.stderr).toMatch(/run of 2 jobs \(prompts\.csv\): total ≈ \$0\.42/);
    expect(world.received()).toBe(before);
    const sent = await runCli(
      ['submit', csv, '--template', template, '--max-cost', '0.50', '--wait', ...POLL],
      { env },
    );
    expect(sent.code).toBe(0);
    expect(mp4s(join(dir, 'ltx-output'))).toHaveLength(2);
    const list = await runCli(['run', 'list'], { env });
    expect(list.stdout).toMatch(/run-\S+\s+prompts\.csv\s+2\/2 done/);
    expect(readFileSync(join(env.LTX_JOBS_HOME ?? '', 'jobs.jsonl'), 'utf8')).toContain('"runJob"');
  });
});
