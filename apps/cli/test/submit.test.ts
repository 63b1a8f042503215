import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
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

/** A loopback URL whose port was free a moment ago: connections to it are refused. */
async function closedLoopbackUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/ltx`;
}

const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error:'));

describe('ltx-jobs submit --wait against the simulator', () => {
  it('leaves a playable MP4 and exits 0', async () => {
    const out = join(world.dir, 'ok');
    const run = await runCli(
      ['submit', 'text-to-video.ltx.json', '--wait', '--out', out, '--poll-interval', '0.1'],
      {
        env: envWithHome(world, 'ok'),
      },
    );
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.code).toBe(0);
    const [head, fileLine] = run.stdout.trim().split('\n');
    expect(head).toMatch(/^ltx:text-to-video\/\S+ succeeded$/);
    const path = fileLine?.trim().replace(/ \([^)]*\)$/, '') ?? '';
    expect(path.startsWith(out)).toBe(true);
    expect(playableMp4(path).codecs).toContain('avc1');
    // Piped stderr gets plain progress lines, not a bar redrawn in place.
    expect(run.stderr).not.toContain('\u001b[');
    expect(run.stderr).toMatch(/succeeded/);
  });

  it('uploads a local first frame for image-to-video', async () => {
    const before = world.sim.requestsWhere({ op: 'upload-put' }).length;
    const run = await runCli(
      [
        'submit',
        'image-to-video.ltx.json',
        '--wait',
        '--out',
        join(world.dir, 'i2v'),
        '--json',
        '--poll-interval',
        '0.1',
      ],
      { env: envWithHome(world, 'i2v') },
    );
    expect(run.code).toBe(0);
    expect(world.sim.requestsWhere({ op: 'upload-put' }).length).toBe(before + 1);
    const summary = JSON.parse(run.stdout);
    expect(playableMp4(summary.jobs[0].artifacts[0].path).codecs).toContain('avc1');
  });

  it('a failed job exits with the job-failed code and one line naming content_filtered_error', async () => {
    const run = await runCli(
      [
        'submit',
        'failing/content-filtered.ltx.json',
        '--wait',
        '--out',
        join(world.dir, 'fail'),
        '--poll-interval',
        '0.1',
      ],
      { env: envWithHome(world, 'fail') },
    );
    expect(run.code).toBe(4);
    const lines = errorLines(run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: ltx:text-to-video\/\S+ failed: content_filtered_error: \S/);
  });

  it('--json prints one parseable document on stdout; several files exit with the worst code', async () => {
    const out = join(world.dir, 'json');
    const run = await runCli(
      [
        'submit',
        'text-to-video.ltx.json',
        'failing/content-filtered.ltx.json',
        '--wait',
        '--json',
        '--out',
        out,
        '--poll-interval',
        '0.1',
      ],
      { env: envWithHome(world, 'json') },
    );
    expect(run.code).toBe(4);
    const summary = JSON.parse(run.stdout);
    expect(summary.exitCode).toBe(4);
    const [ok, failed] = summary.jobs;
    expect(ok).toMatchObject({ state: 'succeeded', exitCode: 0, name: 'lighthouse-at-dawn' });
    expect(ok.ref).toMatch(/^ltx:text-to-video\//);
    expect(existsSync(ok.artifacts[0].path)).toBe(true);
    expect(failed).toMatchObject({ state: 'failed', exitCode: 4, error: { type: 'content_filtered_error' } });
  });

  it('runs a useapi job and prints the deprecation notice once', async () => {
    const run = await runCli(
      [
        'submit',
        'useapi-ltx-create.ltx.json',
        '--wait',
        '--out',
        join(world.dir, 'useapi'),
        '--poll-interval',
        '0.1',
      ],
      { env: envWithHome(world, 'useapi') },
    );
    expect(run.code).toBe(0);
    expect(run.stderr.match(/retired its LTX Studio API/g)).toHaveLength(1);
    expect(run.stdout).toMatch(/^useapi:\S+ succeeded$/m);
  });
});

describe('ltx-jobs refuses before anything is sent', () => {
  it('a bad request file exits 2 with file:line:col and the JSON path; the simulator saw no submit', async () => {
    const body = textToVideo('a cat');
    Object.assign(body.request as Record<string, unknown>, { model: 'ltx-2-3-pro', duration: 12 });
    const file = writeRequestFile(join(world.dir, 'bad'), 'bad-duration', body);
    const before = world.received();
    const run = await runCli(['submit', file, '--wait'], { env: envWithHome(world, 'bad') });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:`);
    expect(run.stderr).toMatch(
      /bad-duration\.ltx\.json:8:17: \$\.request\.duration: ltx-2-3-pro renders 2, 3, 4, 5, 6, 8, 10 s at 1920x1080 and 24 fps; got 12/,
    );
    expect(world.received()).toBe(before);
  });

  it('a missing media file in one of two files exits 2 at its line and column; nothing is uploaded or submitted', async () => {
    const dir = join(world.dir, 'media');
    const good = writeRequestFile(dir, 'good', textToVideo('a calm lake'));
    const broken = writeRequestFile(dir, 'broken', {
      provider: 'ltx',
      endpoint: 'image-to-video',
      request: {
        prompt: 'the frame comes alive',
        image_uri: join(EXAMPLES, 'frames', 'first.png'),
        last_frame_uri: './frames/missing.png',
        model: 'ltx-2-3-fast',
        resolution: '1920x1080',
        duration: 6,
      },
    });
    const before = world.received();
    const run = await runCli(['submit', good, broken, '--wait'], { env: envWithHome(world, 'media') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error: \S+broken\.ltx\.json:7:23: \$\.request\.last_frame_uri: file not found: \S+missing\.png/m,
    );
    expect(world.received()).toBe(before);
  });

  it('with --json, a refused run still prints one JSON document naming the error', async () => {
    const file = writeRequestFile(join(world.dir, 'bad'), 'bad-model', {
      ...textToVideo('a dog'),
      request: { prompt: 'a dog', model: 'ltx-2-pro', resolution: '1920x1080', duration: 6 },
    });
    const run = await runCli(['submit', file, '--json'], { env: envWithHome(world, 'badjson') });
    expect(run.code).toBe(2);
    const document = JSON.parse(run.stdout);
    expect(document).toMatchObject({ exitCode: 2, jobs: [], error: { type: 'validation' } });
    expect(document.error.message).toMatch(/\$\.request\.model/);
  });

  it('a JSON syntax error exits 2 with line and column', async () => {
    const file = writeRequestFile(
      join(world.dir, 'bad'),
      'syntax',
      '{\n  "provider": "ltx",\n  "endpoint": \n}\n',
    );
    const run = await runCli(['submit', file], { env: envWithHome(world, 'syntax') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: \S+syntax\.ltx\.json:4:1: \$: JSON syntax error: expected a value$/m);
  });

  it('a missing key exits 3, names the variable and prints no secret', async () => {
    const env = envWithHome(world, 'nokey');
    delete env.LTX_API_KEY;
    env.USEAPI_API_TOKEN = 'user:super-secret-token-42';
    const before = world.received();
    const run = await runCli(['submit', 'text-to-video.ltx.json', '--wait'], { env });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error: LTX_API_KEY is not set/m);
    expect(run.stdout + run.stderr).not.toContain('super-secret-token-42');
    expect(world.received()).toBe(before);
  });

  it('a rejected key exits 3 and is not printed', async () => {
    const env = { ...envWithHome(world, 'badkey'), LTX_API_KEY: 'sk-wrong-secret-9000' };
    const run = await runCli(['submit', 'text-to-video.ltx.json'], { env });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/authentication_error|401/);
    expect(run.stdout + run.stderr).not.toContain('sk-wrong-secret-9000');
  });

  it('a duplicate submit is refused with exit 7 and names the earlier job', async () => {
    const env = envWithHome(world, 'dup');
    const first = await runCli(['submit', 'text-to-video.ltx.json'], { env });
    expect(first.code).toBe(0);
    const ref = first.stdout.trim().split(' ')[0];
    const before = world.received();
    const second = await runCli(['submit', 'text-to-video.ltx.json'], { env });
    expect(second.code).toBe(7);
    expect(second.stderr).toContain(ref);
    expect(second.stderr).toContain('--allow-duplicate');
    expect(world.received()).toBe(before);
  });

  it('an API nobody listens on exits 6 (network) and the file is not-submitted', async () => {
    const closed = await closedLoopbackUrl();
    const env = { ...envWithHome(world, 'down'), LTX_API_BASE_URL: closed };
    const run = await runCli(['submit', 'text-to-video.ltx.json', '--wait', '--json'], { env });
    expect(run.code).toBe(6);
    expect(JSON.parse(run.stdout).jobs[0]).toMatchObject({ state: 'not-submitted', exitCode: 6 });
  });

  it('usage errors exit 2', async () => {
    const env = envWithHome(world, 'usage');
    expect((await runCli(['watch', 'nope:123'], { env })).code).toBe(2);
    expect((await runCli(['submit'], { env })).code).toBe(2);
    expect(
      (await runCli(['submit', 'text-to-video.ltx.json', '--poll-interval', 'soon'], { env })).code,
    ).toBe(2);
    expect((await runCli(['frobnicate'], { env })).code).toBe(2);
  });
});
