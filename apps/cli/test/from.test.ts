import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXAMPLES,
  envWithHome,
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

const FIRST_PNG = join(EXAMPLES, 'frames', 'first.png');

/** The ledger's last line for `ref` (the ledger is append-only JSONL; later lines win). */
function ledgerRecord(home: string, ref: string): Record<string, unknown> {
  const lines = readFileSync(join(home, 'jobs.jsonl'), 'utf8').trim().split('\n');
  const records = lines.map((l) => JSON.parse(l)).map((entry) => entry.record ?? entry);
  const record = records.filter((r) => r?.ref === ref).at(-1);
  if (record === undefined) throw new Error(`no ${ref} in the ledger`);
  return record;
}

describe('ltx-jobs submit --from <ref|file>', () => {
  it('--from a PNG fills image_uri of an image-to-video file: the PNG is uploaded and recorded as the parent', async () => {
    const dir = join(world.dir, 'animate');
    const file = writeRequestFile(dir, 'animate', {
      provider: 'ltx',
      endpoint: 'image-to-video',
      request: { prompt: 'The waves roll in', model: 'ltx-2-3-fast', resolution: '1920x1080', duration: 6 },
    });
    const env = envWithHome(world, 'animate');
    const uploads = world.sim.requestsWhere({ op: 'upload-put' }).length;
    const run = await runCli(
      ['submit', file, '--from', FIRST_PNG, '--wait', '--json', '--poll-interval', '0.1'],
      { env },
    );
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.code).toBe(0);
    expect(world.sim.requestsWhere({ op: 'upload-put' }).length).toBe(uploads + 1);
    const job = JSON.parse(run.stdout).jobs[0];
    expect(playableMp4(job.artifacts[0].path).codecs).toContain('avc1');
    expect(ledgerRecord(env.LTX_JOBS_HOME!, job.ref).parent).toEqual({
      file: FIRST_PNG,
      field: 'image_uri',
      chain: [],
    });
    expect(readFileSync(file, 'utf8')).not.toContain('image_uri');
  });

  it('--from a job ref extends that job’s downloaded video and records the job as the parent', async () => {
    const env = envWithHome(world, 'extend');
    const dir = join(world.dir, 'extend');
    const source = writeRequestFile(dir, 'source', textToVideo('A lighthouse at dawn', 'lighthouse'));
    const first = await runCli(['submit', source, '--wait', '--json', '--poll-interval', '0.1'], { env });
    expect(first.code).toBe(0);
    const parentJob = JSON.parse(first.stdout).jobs[0];
    const extend = writeRequestFile(dir, 'extend', {
      provider: 'ltx',
      endpoint: 'extend',
      request: { prompt: 'The sun rises', duration: 4 },
    });
    const run = await runCli(
      ['submit', extend, '--from', parentJob.ref, '--wait', '--json', '--poll-interval', '0.1'],
      { env },
    );
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.code).toBe(0);
    const take = JSON.parse(run.stdout).jobs[0];
    expect(take.ref).toMatch(/^ltx:extend\//);
    expect(ledgerRecord(env.LTX_JOBS_HOME!, take.ref).parent).toEqual({
      file: parentJob.artifacts[0].path,
      field: 'video_uri',
      ref: parentJob.ref,
      endpoint: 'text-to-video',
      chain: [],
    });
  });

  it('--from a file this ledger downloaded records that job as the parent (the CLI writes no provenance)', async () => {
    const env = envWithHome(world, 'file-of-job');
    const dir = join(world.dir, 'file-of-job');
    const source = writeRequestFile(dir, 'source', textToVideo('Waves at noon', 'waves'));
    const first = await runCli(['submit', source, '--wait', '--json', '--poll-interval', '0.1'], { env });
    expect(first.code).toBe(0);
    const parentJob = JSON.parse(first.stdout).jobs[0];
    const retake = writeRequestFile(dir, 'retake', {
      provider: 'ltx',
      endpoint: 'retake',
      request: { prompt: 'A boat crosses', start_time: 0, duration: 2 },
    });
    const run = await runCli(
      ['submit', retake, '--from', parentJob.artifacts[0].path, '--json', '--poll-interval', '0.1'],
      { env },
    );
    expect(run.code).toBe(0);
    const take = JSON.parse(run.stdout).jobs[0];
    expect(ledgerRecord(env.LTX_JOBS_HOME!, take.ref).parent).toMatchObject({
      file: parentJob.artifacts[0].path,
      ref: parentJob.ref,
      field: 'video_uri',
    });
  });

  it.each([
    [
      ['--from', 'ltx:text-to-video/00000000-0000-0000-0000-000000000000'],
      /--from: ltx:text-to-video\/0{8}-\S+ is not in the ledger/,
    ],
    [['--from', 'no-such-frame.png'], /--from: file not found: .*no-such-frame\.png/],
    [
      ['--from', FIRST_PNG, '--allow-duplicate'],
      /--from .*first\.png is an image, but ltx extend takes video_uri \(video\)/,
    ],
  ])('a --from that cannot be used stops before anything is sent (exit 2): %#', async (flags, message) => {
    const extend = writeRequestFile(join(world.dir, 'bad'), 'extend', {
      provider: 'ltx',
      endpoint: 'extend',
      request: { duration: 4 },
    });
    const sent = world.received();
    const run = await runCli(['submit', extend, ...flags], { env: envWithHome(world, 'bad') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(world.received()).toBe(sent);
  });
});
