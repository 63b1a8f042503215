import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  envWithHome,
  playableMp4,
  runCli,
  startWorld,
  type TestWorld,
  textToVideo,
  writeRequestFile,
} from './harness.js';

// The capability table as the user meets it: the built CLI against the simulator, which knows the
// same table (and can be told to accept what it does not know).

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world?.close());

const lines = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));
const fileOf = (stdout: string) => (stdout.trim().split('\n')[1] ?? '').trim().replace(/ \([^)]*\)$/, '');

describe('LTX-2.5 and today catalog, end to end', () => {
  it('an ltx-2-5-fast 1280x720 4 s text-to-video file ends with a playable MP4, exit 0', async () => {
    const out = join(world.dir, 'fast25');
    const run = await runCli(
      ['submit', 'text-to-video-2-5-fast.ltx.json', '--wait', '--out', out, '--poll-interval', '0.1'],
      { env: envWithHome(world, 'fast25') },
    );
    expect(run.stderr).not.toMatch(/^(error|warning):/m);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ltx:text-to-video\/\S+ succeeded$/m);
    expect(playableMp4(fileOf(run.stdout)).codecs).toContain('avc1');
    const sent = world.sim.jobs.list('ltx').at(-1);
    expect(sent).toMatchObject({ endpoint: 'text-to-video' });
  });

  it('an ltx-2-5-pro duration:null image-to-video file (local frame uploaded) ends with a playable MP4, exit 0', async () => {
    const out = join(world.dir, 'pro25');
    const run = await runCli(
      ['submit', 'image-to-video-auto-length.ltx.json', '--wait', '--out', out, '--poll-interval', '0.1'],
      { env: envWithHome(world, 'pro25') },
    );
    expect(run.stderr).not.toMatch(/^(error|warning):/m);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ltx:image-to-video\/\S+ succeeded$/m);
    expect(playableMp4(fileOf(run.stdout)).codecs).toContain('avc1');
    const ledger = readFileSync(join(world.dir, 'home-pro25', 'jobs.jsonl'), 'utf8');
    expect(ledger).toContain('"duration":null');
    expect(ledger).toContain('"model":"ltx-2-5-pro"');
  });

  it('an ltx-2-5-pro retake is refused before sending, naming the models that can retake', async () => {
    const file = writeRequestFile(join(world.dir, 'retake'), 'retake-25', {
      provider: 'ltx',
      endpoint: 'retake',
      request: { video_uri: 'https://cdn.example/in.mp4', start_time: 1, duration: 3, model: 'ltx-2-5-pro' },
    });
    const before = world.received();
    const run = await runCli(['submit', file], { env: envWithHome(world, 'retake') });
    expect(run.code).toBe(2);
    expect(lines(run.stderr, 'error:')).toEqual([
      `error: ${file}:8:14: $.request.model: ltx-2-5-pro cannot do retake; models that can: ltx-2-3-pro`,
    ]);
    expect(world.received()).toBe(before);
  });

  it('ltx-2-fast is refused before sending, with the exact replacement ltx-2-3-fast', async () => {
    const body = textToVideo('a fox');
    (body.request as Record<string, unknown>).model = 'ltx-2-fast';
    const file = writeRequestFile(join(world.dir, 'removed'), 'removed', body);
    const before = world.received();
    const run = await runCli(['submit', file], { env: envWithHome(world, 'removed') });
    expect(run.code).toBe(2);
    expect(lines(run.stderr, 'error:')).toEqual([
      `error: ${file}:6:14: $.request.model: ltx-2-fast was removed on 2026-08-15 and LTX refuses it; use ltx-2-3-fast`,
    ]);
    expect(world.received()).toBe(before);
  });

  it('a model id the table does not know is sent with one warning; --strict refuses it', async () => {
    const body = textToVideo('an owl');
    (body.request as Record<string, unknown>).model = 'ltx-3-0-fast';
    const file = writeRequestFile(join(world.dir, 'unknown'), 'unknown-model', body);
    const strict = await runCli(['submit', file, '--strict'], { env: envWithHome(world, 'strict') });
    expect(strict.code).toBe(2);
    expect(lines(strict.stderr, 'error:')[0]).toContain(
      '$.request.model: model "ltx-3-0-fast" is not in the capability table checked on 2026-11-29',
    );
    expect(strict.stderr).toContain('(refused: strict validation)');

    world.sim.setFaults({ acceptUnknownValues: true });
    try {
      const run = await runCli(['submit', file, '--wait', '--poll-interval', '0.1'], {
        env: envWithHome(world, 'unknown'),
      });
      expect(run.code).toBe(0);
      const warnings = lines(run.stderr, 'warning:');
      expect(warnings).toEqual([
        `warning: ${file}:6:14: $.request.model: model "ltx-3-0-fast" is not in the capability table checked on 2026-11-29; it is sent as is and LTX decides (known: ltx-2-5-fast, ltx-2-5-pro, ltx-2-3-fast, ltx-2-3-pro)`,
      ]);
      expect(world.sim.jobs.list('ltx').some((j) => j.outcome === 'succeeded')).toBe(true);
    } finally {
      world.sim.setFaults({ acceptUnknownValues: false });
    }
  });

  it('without acceptUnknownValues the simulator refuses the unknown model as the table says (exit 2, 400)', async () => {
    const body = textToVideo('a hare');
    (body.request as Record<string, unknown>).model = 'ltx-3-0-pro';
    const file = writeRequestFile(join(world.dir, 'unknown2'), 'unknown-refused', body);
    const run = await runCli(['submit', file], { env: envWithHome(world, 'unknown2') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/model: "ltx-3-0-pro": not supported/);
  });
});

describe('ltx-jobs models', () => {
  it('prints the table with its date, the removed ids with their replacements, and the sources', async () => {
    const run = await runCli(['models'], { env: world.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('LTX capability table, checked 2026-11-29');
    expect(run.stdout).toMatch(/^ltx-2-5-pro {2}LTX-2\.5 Pro {2}current/m);
    expect(run.stdout).toContain(
      'ltx-2-fast  LTX-2 Fast  removed 2026-08-15 (LTX refuses it); use ltx-2-3-fast',
    );
    expect(run.stdout).toContain('Lightricks LTX-Desktop');
  });

  it('--json prints the table as data', async () => {
    const run = await runCli(['models', '--json'], { env: world.env });
    expect(run.code).toBe(0);
    const table = JSON.parse(run.stdout);
    expect(table.checkedOn).toBe('2026-11-29');
    expect(table.models.map((m: { id: string }) => m.id)).toEqual([
      'ltx-2-5-fast',
      'ltx-2-5-pro',
      'ltx-2-3-fast',
      'ltx-2-3-pro',
      'ltx-2-fast',
      'ltx-2-pro',
    ]);
  });
});

describe('edges from LTX OpenAPI document', () => {
  it('a result URL that is not https is a provider error (exit 4), not bad input', async () => {
    const file = writeRequestFile(
      join(world.dir, 'scheme'),
      'ftp-result',
      textToVideo('a boat [sim:result-url=ftp://files.example/v.mp4?sig=secret]'),
    );
    const run = await runCli(['submit', file, '--wait', '--poll-interval', '0.1'], {
      env: envWithHome(world, 'scheme'),
    });
    expect(run.code).toBe(4);
    expect(lines(run.stderr, 'error:')[0]).toMatch(
      /invalid_result_url: LTX answered a result URL that is not https \(ftp:\/\/files\.example\/…\) for video_url; nothing was downloaded/,
    );
    expect(run.stderr).not.toContain('secret');
  });

  it('--timeout also bounds the download retries when the artifact host is unreachable (exit 6)', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const file = writeRequestFile(
      join(world.dir, 'unreachable'),
      'unreachable',
      textToVideo(`a gull [sim:result-url=http://127.0.0.1:${port}/video.mp4]`),
    );
    const started = Date.now();
    const run = await runCli(['submit', file, '--wait', '--poll-interval', '0.1', '--timeout', '3'], {
      env: envWithHome(world, 'unreachable'),
    });
    const seconds = (Date.now() - started) / 1000;
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/deadline passed while downloading http:\/\/127\.0\.0\.1:\d+\/video\.mp4/);
    expect(run.stderr).toMatch(/^Resume with: ltx-jobs watch ltx:text-to-video\//m);
    // Without the bound the retries alone take more than 10 s (backoff 1 + 2 + 4 + 8 s with jitter).
    expect(seconds).toBeLessThan(9);
  });

  it('audio-to-video with an empty prompt and no image is refused before sending', async () => {
    const file = writeRequestFile(join(world.dir, 'a2v'), 'empty-prompt', {
      provider: 'ltx',
      endpoint: 'audio-to-video',
      request: { audio_uri: 'https://cdn.example/a.wav', prompt: '' },
    });
    const before = world.received();
    const run = await runCli(['submit', file], { env: envWithHome(world, 'a2v') });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '$.request.prompt: audio-to-video needs a non-empty prompt when there is no image_uri',
    );
    expect(world.received()).toBe(before);
  });
});

describe('opaque job ids round-trip through refs, the ledger and the status URL', () => {
  const ids = ['run/../../etc/passwd', 'a%2Fb c', 'folder/x y%z'];
  let odd: TestWorld;
  beforeAll(async () => {
    odd = await startWorld({ ltxJobId: (n) => ids[(n - 1) % ids.length]! });
  });
  afterAll(() => odd?.close());

  it('submit --wait, status and watch all reach the same job and file', async () => {
    const env = envWithHome(odd, 'ids');
    for (const [i, id] of ids.entries()) {
      const file = writeRequestFile(join(odd.dir, 'ids'), `odd-${i}`, textToVideo(`odd id ${i}`));
      const run = await runCli(['submit', file, '--wait', '--poll-interval', '0.1'], { env });
      expect(run.code).toBe(0);
      const ref = `ltx:text-to-video/${id}`;
      expect(run.stdout.split('\n')[0]).toBe(`${ref} succeeded`);
      const mp4 = fileOf(run.stdout);
      expect(mp4.startsWith(join(odd.dir, 'ids'))).toBe(true);
      playableMp4(mp4);

      const status = await runCli(['status', ref, '--json'], { env });
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ ref, state: 'succeeded' });

      const watch = await runCli(['watch', ref, '--poll-interval', '0.1'], { env });
      expect(watch.code).toBe(0);
      expect(watch.stdout.split('\n')[0]).toBe(`${ref} succeeded`);
    }
    const polled = odd.sim
      .requestsWhere({ op: 'status' })
      .map((r) => decodeURIComponent(r.path.split('/').at(-1) ?? ''));
    expect(new Set(polled)).toEqual(new Set(ids));
    expect(odd.sim.requestsWhere({ op: 'status', status: 404 })).toEqual([]);
  });
});
