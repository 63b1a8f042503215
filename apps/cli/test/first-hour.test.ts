import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI,
  EXAMPLES,
  envWithHome,
  eventually,
  playableMp4,
  runCli,
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

/** Runs any program to its end without blocking this process (the simulator answers from here). */
function runCommand(
  program: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const REF = /ltx:text-to-video\/[0-9a-f-]+/;

/** Reads of job `id` the simulator answered (status polls only). */
const statusReads = (id: string) =>
  world.sim.requestsWhere({ op: 'status' }).filter((r) => r.jobId === id).length;
const idOf = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

function useapiFile(dir: string, name: string, prompt: string): string {
  return writeRequestFile(dir, name, {
    provider: 'useapi',
    endpoint: 'videos/ltx-create',
    name,
    request: { prompt, model: 'ltxv-turbo', duration: '5', aspectRatio: '16:9' },
  });
}

describe('running ltx-jobs the way a newcomer does', () => {
  it('`pnpm ltx-jobs submit <file>` from a subfolder reads the path against that folder (INIT_CWD)', async () => {
    const env = envWithHome(world, 'pnpm');
    const out = join(world.dir, 'pnpm-out');
    // examples/failing is a subfolder of the repository; pnpm runs the root script from the root.
    const run = await runCommand(
      'pnpm',
      ['-s', 'ltx-jobs', 'submit', 'content-filtered.ltx.json', '--out', out, '--json'],
      { cwd: join(EXAMPLES, 'failing'), env },
    );
    expect(run.stderr).not.toMatch(/ENOENT|no such file/i);
    const summary = JSON.parse(run.stdout);
    expect(summary.jobs[0].file).toBe(join(EXAMPLES, 'failing', 'content-filtered.ltx.json'));
    expect(summary.jobs[0].ref).toMatch(REF);
  });

  it('the package bin works after `npm i -g` (ltx-jobs on PATH)', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'ltx-jobs-global-'));
    try {
      const install = spawnSync(
        'npm',
        [
          'install',
          '--global',
          '--prefix',
          prefix,
          '--offline',
          '--no-audit',
          '--no-fund',
          dirname(dirname(CLI)),
        ],
        { encoding: 'utf8', timeout: 120_000, env: { ...process.env, npm_config_yes: 'true' } },
      );
      expect(install.status, install.stderr).toBe(0);
      const bin = join(prefix, 'bin', 'ltx-jobs');
      const version = spawnSync(bin, ['--version'], { encoding: 'utf8', cwd: tmpdir() });
      expect(version.stdout.trim()).toBe('0.1.0');
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  it('--help shows examples, the environment variables and the exit codes', async () => {
    const top = await runCli(['--help'], { env: world.env });
    expect(top.code).toBe(0);
    for (const part of [
      'EXAMPLES',
      '$ ltx-jobs submit',
      'ENVIRONMENT',
      'LTX_API_KEY',
      'LTX_JOBS_HOME',
      'EXIT CODES',
      '130',
    ])
      expect(top.stdout).toContain(part);
    const watch = await runCli(['watch', '--help'], { env: world.env });
    expect(watch.stdout).toContain('$ ltx-jobs watch latest');
    expect(watch.stdout).toContain('NAMING A JOB');
  });
});

describe('list --refresh and status read the provider for unfinished jobs, once each', () => {
  it('list alone shows the ledger; --refresh reads each live job once and shows current states', async () => {
    const env = envWithHome(world, 'refresh');
    const dir = join(world.dir, 'refresh');
    const files = ['one', 'two'].map((n) =>
      writeRequestFile(dir, n, textToVideo(`refresh ${n} [sim:processing-ms=300]`, n)),
    );
    const submit = await runCli(['submit', ...files, '--json'], { env });
    expect(submit.code).toBe(0);
    const refs: string[] = JSON.parse(submit.stdout).jobs.map((j: { ref: string }) => j.ref);
    // let the simulator finish both jobs
    await new Promise((r) => setTimeout(r, 900));
    const stale = await runCli(['list'], { env });
    expect(stale.stdout.split('\n').filter((l) => l.startsWith('queued'))).toHaveLength(2);
    // SUBMITTED is local time, not a UTC ISO string
    expect(stale.stdout).toMatch(/today \d\d:\d\d/);
    expect(stale.stdout).not.toMatch(/\d{4}-\d\d-\d\dT/);

    const fresh = await runCli(['list', '--refresh'], { env });
    expect(fresh.code).toBe(0);
    expect(fresh.stdout.split('\n').filter((l) => l.startsWith('succeeded'))).toHaveLength(2);
    expect(fresh.stderr).toContain('Read 2 unfinished jobs');
    for (const ref of refs) expect(statusReads(idOf(ref))).toBe(1);

    // terminal now: a second refresh sends nothing
    await runCli(['list', '--refresh'], { env });
    for (const ref of refs) expect(statusReads(idOf(ref))).toBe(1);
  });

  it('status reads a live job once; --no-refresh and a missing key show the ledger state', async () => {
    const env = envWithHome(world, 'status');
    const file = writeRequestFile(
      join(world.dir, 'status'),
      'dawn',
      textToVideo('dawn [sim:processing-ms=200]', 'dawn'),
    );
    const submit = await runCli(['submit', file, '--json'], { env });
    const ref: string = JSON.parse(submit.stdout).jobs[0].ref;
    await new Promise((r) => setTimeout(r, 700));
    const cached = await runCli(['status', ref, '--no-refresh'], { env });
    expect(cached.stdout).toMatch(/state:\s+queued/);
    expect(statusReads(idOf(ref))).toBe(0);
    const { LTX_API_KEY: _key, ...noKey } = env;
    const keyless = await runCli(['status', ref], { env: noKey });
    expect(keyless.stdout).toMatch(/state:\s+queued/);
    expect(keyless.stderr).toContain('set LTX_API_KEY to read the current one');
    const fresh = await runCli(['status', ref], { env });
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/state:\s+succeeded/);
    expect(fresh.stdout).toMatch(/prompt:\s+dawn/);
    expect(fresh.stdout).toMatch(/submitted:\s+today \d\d:\d\d \((just now|\dm ago)\)/);
    expect(statusReads(idOf(ref))).toBe(1);
  });
});

describe('naming a job: id prefix, name, latest; cancel, open, download', () => {
  let env: Record<string, string>;
  let first: string;
  let second: string;
  beforeAll(async () => {
    env = envWithHome(world, 'names');
    const dir = join(world.dir, 'names');
    const a = writeRequestFile(dir, 'harbour', textToVideo('a harbour at dawn', 'harbour'));
    const b = writeRequestFile(dir, 'meadow', textToVideo('a meadow at noon', 'meadow'));
    const run = await runCli(
      ['submit', a, b, '--wait', '--poll-interval', '0.1', '--json', '--out', join(dir, 'out')],
      { env },
    );
    expect(run.code).toBe(0);
    [first, second] = JSON.parse(run.stdout).jobs.map((j: { ref: string }) => j.ref);
  });

  it('status accepts a short id prefix, a name and latest, and says which job it picked', async () => {
    const byPrefix = await runCli(['status', idOf(first).slice(0, 8)], { env });
    expect(byPrefix.code).toBe(0);
    expect(byPrefix.stdout).toContain(first);
    expect(byPrefix.stderr).toMatch(
      new RegExp(`^Using ${first} \\("harbour", submitted today \\d\\d:\\d\\d, id prefix`, 'm'),
    );
    const byName = await runCli(['status', 'meadow'], { env });
    expect(byName.stdout).toContain(second);
    expect(byName.stderr).toMatch(
      new RegExp(`^Using ${second} \\("meadow", submitted today \\d\\d:\\d\\d\\)$`, 'm'),
    );
    const byStart = await runCli(['status', 'HARB'], { env });
    expect(byStart.code).toBe(0);
    expect(byStart.stdout).toContain(first);
    expect(byStart.stderr).toContain('name starts "HARB"');
    const latest = await runCli(['status', 'latest', '--json'], { env });
    const newest = JSON.parse((await runCli(['list', '--json'], { env })).stdout)[0].ref;
    expect(JSON.parse(latest.stdout).ref).toBe(newest);
    expect(latest.stderr).toContain('the newest job');
    const none = await runCli(['status', 'nothing-like-this'], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No job matches "nothing-like-this"/);
  });

  it('watch accepts a name and resumes that job', async () => {
    const run = await runCli(['watch', 'harbour', '--json'], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).jobs[0].ref).toBe(first);
    expect(run.stderr).toContain(`Using ${first}`);
  });

  it('download fetches again what was deleted, and nothing that is still there', async () => {
    const status = JSON.parse((await runCli(['status', first, '--json'], { env })).stdout);
    const path: string = status.artifacts[0].path;
    unlinkSync(path);
    const before = world.sim.requestsWhere({ op: 'download' }).length;
    const run = await runCli(['download', 'harbour'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(path);
    expect(playableMp4(path).codecs).toContain('avc1');
    expect(world.sim.requestsWhere({ op: 'download' }).length).toBe(before + 1);
    await runCli(['download', 'harbour'], { env });
    expect(world.sim.requestsWhere({ op: 'download' }).length).toBe(before + 1);
  });

  it('open hands the video to the system player (LTX_JOBS_OPEN_WITH) and prints its path', async () => {
    const log = join(world.dir, 'opened.txt');
    const player = join(world.dir, 'fake-player.sh');
    writeFileSync(player, `#!/bin/sh\necho "$@" > ${log}\n`);
    chmodSync(player, 0o755);
    const run = await runCli(['open', 'meadow'], { env: { ...env, LTX_JOBS_OPEN_WITH: player } });
    expect(run.code).toBe(0);
    const path = run.stdout.trim();
    expect(path).toMatch(/\.mp4$/);
    await eventually(() => (existsSync(log) ? true : undefined), 'the player to start');
    expect(readFileSync(log, 'utf8').trim()).toBe(path);
    expect(run.stderr).toContain('Opened the video with');
  });

  it('submit --from takes a job named the same ways (here: its name)', async () => {
    const extend = writeRequestFile(join(world.dir, 'names'), 'extend-meadow', {
      provider: 'ltx',
      endpoint: 'extend',
      request: { prompt: 'The wind picks up', duration: 4 },
    });
    const run = await runCli(['submit', extend, '--from', 'meadow', '--json'], { env });
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.code).toBe(0);
    const take: string = JSON.parse(run.stdout).jobs[0].ref;
    const lines = readFileSync(join(env.LTX_JOBS_HOME ?? '', 'jobs.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const records = lines.map((l) => JSON.parse(l)).map((e) => e.record ?? e);
    const parent = records.filter((r) => r?.ref === take).at(-1)?.parent;
    expect(parent?.ref).toBe(second);
  });

  it('cancel refuses an LTX job, saying LTX cannot cancel', async () => {
    const run = await runCli(['cancel', first], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/LTX jobs cannot be cancelled/);
    expect(world.sim.requestsWhere({ op: 'cancel' })).toHaveLength(0);
  });

  it('cancel stops a running useapi job; a cancel after the end says so instead of a 404', async () => {
    const dir = join(world.dir, 'cancel');
    const slow = useapiFile(dir, 'slow-boats', 'paper boats [sim:processing-ms=60000]');
    const submit = await runCli(['submit', slow, '--json'], { env });
    const ref: string = JSON.parse(submit.stdout).jobs[0].ref;
    const cancel = await runCli(['cancel', 'slow-boats'], { env });
    expect(cancel.code).toBe(0);
    expect(cancel.stdout.trim()).toBe(`${ref} cancelled`);
    const list = await runCli(['list'], { env });
    expect(list.stdout).toMatch(/^cancelled\s+slow-boats/m);
    const again = await runCli(['cancel', ref], { env });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/had already ended \(cancelled\)/);

    const quick = useapiFile(dir, 'quick-boats', 'paper boats, quick');
    const done = await runCli(['submit', quick, '--json'], { env });
    const quickRef: string = JSON.parse(done.stdout).jobs[0].ref;
    await new Promise((r) => setTimeout(r, 600));
    const late = await runCli(['cancel', quickRef], { env });
    expect(late.code).toBe(0);
    expect(late.stderr).toMatch(/had already ended \(succeeded\) before the cancel; nothing was cancelled/);
    expect(late.stderr).not.toMatch(/404/);
  });
});

describe("a submit that waits for one of LTX's slots says so", () => {
  it('the third job of three with --wait prints "waiting for a slot (2/2 LTX jobs running)"', async () => {
    const env = envWithHome(world, 'slots');
    const dir = join(world.dir, 'slots');
    const files = ['s1', 's2', 's3'].map((n) =>
      writeRequestFile(dir, n, textToVideo(`slot ${n} [sim:processing-ms=400]`, n)),
    );
    const run = await runCli(
      ['submit', ...files, '--wait', '--poll-interval', '0.1', '--out', join(dir, 'out')],
      { env },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/s3: waiting for a slot \(2\/2 LTX jobs running\)/);
  });
});
