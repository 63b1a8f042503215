import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFileLedgerStore, hashInput, type JobRecord } from '@ltx-jobs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMp4 } from '../../../packages/core/test-support/media-files.mjs';
import { envWithHome, runCli, startWorld, type TestWorld, writeRequestFile } from './harness.js';

let world: TestWorld;
let files: string;
beforeAll(async () => {
  world = await startWorld({ ltxConcurrencyLimit: null });
  files = join(world.dir, 'requests');
  mkdirSync(files, { recursive: true });
  writeFileSync(join(files, 'five.mp4'), makeMp4({ durationSeconds: 5 }));
});
afterAll(() => world?.close());

const ltx = (endpoint: string, request: Record<string, unknown>) => ({ provider: 'ltx', endpoint, request });
/** $0.16/s x 6 s = $0.96. */
const pro1440 = ltx('text-to-video', {
  prompt: 'a harbour',
  model: 'ltx-2-3-pro',
  resolution: '2560x1440',
  duration: 6,
  fps: 24,
});
const retake = ltx('retake', {
  video_uri: 'five.mp4',
  start_time: 1,
  duration: 2,
  model: 'ltx-2-3-pro',
  resolution: '1920x1080',
});
const unpriced = ltx('text-to-video', {
  prompt: 'x',
  model: 'ltx-2-3-fast',
  resolution: '1920x1080',
  duration: 6,
  fps: 24,
});

const fast720 = ltx('text-to-video', {
  prompt: 'a lighthouse',
  model: 'ltx-2-3-fast',
  resolution: '1280x720',
  duration: 6,
  fps: 24,
});

describe('ltx-jobs submit --dry-run', () => {
  it('estimates each file and the total, sends nothing and exits 0', async () => {
    const before = world.received();
    const paths = [
      writeRequestFile(files, 'fast720', fast720),
      writeRequestFile(files, 'retake', retake),
      writeRequestFile(files, 'unpriced', unpriced),
    ];
    const run = await runCli(['submit', ...paths, '--dry-run', '--json'], { env: envWithHome(world, 'dry') });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ exitCode: 0, dryRun: true, total: { usd: 0.68, unknown: 1 } });
    const [t2v, edit, none] = out.jobs;
    expect(t2v).toMatchObject({
      file: paths[0],
      state: 'not-submitted',
      estimate: { usd: 0.18, basis: 'output seconds', exact: false, tableDate: '2026-11' },
    });
    expect(edit.estimate).toMatchObject({ usd: 0.5, basis: 'input seconds', seconds: 5 });
    expect(none.estimate).toEqual({
      unknown: 'no known price for ltx-2-3-fast text-to-video at 1080p (prices of 2026-11)',
    });
    expect(world.received()).toBe(before);
    expect(run.stderr).toContain('nothing was sent');
  });

  it('prints a line per file and the total without --json, with no key set', async () => {
    const env = { ...envWithHome(world, 'dry-text'), LTX_API_KEY: '' };
    const run = await runCli(['submit', writeRequestFile(files, 'pro', pro1440), '--dry-run'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'ltx:text-to-video ≈ $0.96: 6 s × $0.16/s (output seconds, 1440p; prices of 2026-11; an estimate, not a bill)',
    );
    expect(run.stdout).toContain('total ≈ $0.96 for 1 file (estimate, not a bill)');
  });

  it('still validates every file: a bad one is reported and exits 2', async () => {
    const bad = writeRequestFile(files, 'bad', ltx('text-to-video', { prompt: 'x' }));
    const run = await runCli(['submit', bad, '--dry-run'], { env: envWithHome(world, 'dry-bad') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.ltx\.json:\d+:\d+: \$\.request/);
  });
});

describe('--max-cost and the daily budget', () => {
  it('--max-cost below the total refuses before anything is sent (exit 8)', async () => {
    const before = world.submits();
    const received = world.received();
    const paths = [
      writeRequestFile(files, 'm1', pro1440),
      writeRequestFile(files, 'm2', { ...pro1440, name: 'two' }),
    ];
    const run = await runCli(['submit', ...paths, '--max-cost', '1.50', '--json'], {
      env: envWithHome(world, 'max'),
    });
    expect(run.code).toBe(8);
    expect(run.stderr).toContain(
      'error: The estimated total $1.92 is above --max-cost $1.50. Nothing was sent',
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ exitCode: 8, error: { type: 'cost-limit' } });
    expect(world.submits()).toBe(before);
    expect(world.received()).toBe(received);
  });

  it('--max-cost refuses a run with a file of unknown cost, and accepts one within it', async () => {
    const unknown = await runCli(['submit', writeRequestFile(files, 'u', unpriced), '--max-cost', '5'], {
      env: envWithHome(world, 'max-unknown'),
    });
    expect(unknown.code).toBe(8);
    expect(unknown.stderr).toContain('--max-cost cannot be checked');
    const before = world.submits();
    const ok = await runCli(['submit', writeRequestFile(files, 'ok', pro1440), '--max-cost', '1'], {
      env: envWithHome(world, 'max-ok'),
    });
    expect(ok.code).toBe(0);
    expect(world.submits()).toBe(before + 1);
  });

  it("LTX_JOBS_DAILY_BUDGET refuses a submit that would go over today's spend, saying what is left", async () => {
    const env = { ...envWithHome(world, 'budget'), LTX_JOBS_DAILY_BUDGET: '1.5' };
    const first = await runCli(['submit', writeRequestFile(files, 'b1', pro1440), '--json'], { env });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).jobs[0].estimate).toMatchObject({ usd: 0.96 });
    const before = world.submits();
    const second = await runCli(['submit', writeRequestFile(files, 'b2', { ...pro1440, name: 'again' })], {
      env,
    });
    expect(second.code).toBe(8);
    expect(second.stderr).toContain(
      'error: Daily budget $1.50: $0.96 spent today (estimated), $0.54 left; this submit ≈ $0.96. Nothing was sent',
    );
    expect(world.submits()).toBe(before);
  });

  it('a 402 from LTX names the console where credits are bought (simulated balance)', async () => {
    world.sim.setFaults({ balanceUsd: 0.5 });
    try {
      const run = await runCli(['submit', writeRequestFile(files, 'broke', { ...pro1440, name: 'broke' })], {
        env: envWithHome(world, 'broke'),
      });
      expect(run.code).toBe(4);
      expect(run.stderr).toContain('insufficient_funds_error');
      expect(run.stderr).toContain(
        'buy API credits in the Billing section of the LTX Developer Console, https://console.ltx.io/',
      );
    } finally {
      world.sim.setFaults({ balanceUsd: null });
    }
  });
});

describe('ltx-jobs spend', () => {
  const home = () => join(world.dir, 'home-spend');
  const noon = (day: string) => new Date(`${day}T12:00:00`).toISOString();
  function record(
    n: number,
    day: string,
    model: string,
    usd: number | null,
    endpoint = 'text-to-video',
  ): JobRecord {
    const request = { prompt: `job ${n}`, model };
    return {
      ref: `ltx:${endpoint}/00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      provider: 'ltx',
      endpoint,
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      request,
      inputHash: hashInput('ltx', endpoint, request),
      submittedAt: noon(day),
      downloads: [],
      watching: false,
      estimate:
        usd === null
          ? { unknown: 'no known price' }
          : { usd, basis: 'output seconds', exact: false, tableDate: '2026-11' },
    };
  }

  beforeAll(async () => {
    const store = createFileLedgerStore(join(home(), 'jobs.jsonl'));
    for (const r of [
      record(1, '2026-11-10', 'ltx-2-3-fast', 0.18),
      record(2, '2026-11-10', 'ltx-2-3-pro', 0.5, 'retake'),
      record(3, '2026-11-11', 'ltx-2-3-pro', 0.96),
      record(4, '2026-11-12', 'ltx-2-3-fast', null),
      record(5, '2026-11-12', 'ltx-2-3-fast', 0.18),
    ])
      await store.put(r);
  });

  it('sums the estimates of several days by day, model and endpoint (--json)', async () => {
    const run = await runCli(['spend', '--json'], { env: { ...world.env, LTX_JOBS_HOME: home() } });
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.total).toEqual({ key: 'total', usd: 1.82, jobs: 5, unestimated: 1 });
    expect(summary.byDay.map((g: { key: string; usd: number }) => [g.key, g.usd])).toEqual([
      ['2026-11-12', 0.18],
      ['2026-11-11', 0.96],
      ['2026-11-10', 0.68],
    ]);
    expect(summary.byModel.map((g: { key: string; usd: number }) => [g.key, g.usd])).toEqual([
      ['ltx-2-3-pro', 1.46],
      ['ltx-2-3-fast', 0.36],
    ]);
    expect(summary.byEndpoint.map((g: { key: string }) => g.key)).toEqual([
      'ltx:text-to-video',
      'ltx:retake',
    ]);
  });

  it('prints tables, and --since keeps the recent days only', async () => {
    const env = { ...world.env, LTX_JOBS_HOME: home() };
    const text = await runCli(['spend'], { env });
    expect(text.stdout).toContain('Estimated spend: $1.82 over 5 jobs (1 without an estimate)');
    expect(text.stdout).toMatch(/by day\s+usd\s+jobs\s+no estimate\n2026-11-12\s+\$0\.18\s+2\s+1/);
    const since = await runCli(['spend', '--since', '2026-11-11', '--json'], { env });
    expect(JSON.parse(since.stdout).total).toMatchObject({ usd: 1.14, jobs: 3 });
    const bad = await runCli(['spend', '--since', 'yesterday'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since: expected a span like 7d');
  });
});
