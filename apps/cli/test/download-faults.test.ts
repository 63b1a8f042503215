import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  envWithHome,
  eventually,
  playableMp4,
  runCli,
  spawnCli,
  startWorld,
  type TestWorld,
  textToVideo,
  writeRequestFile,
} from './harness.js';

// Issue 9 item 4: `--timeout` bounds the download too: its transfer and its retries. Before, an
// artifact trickling 1 byte/s held `--timeout 5` for 25 s, a host that reset every connection held
// it for ~15 s of retries, and a silent one for the 60 s stall guard. And kill -9 mid-download
// still leaves only a part file that the next run resumes.

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world?.close());
beforeEach(() => world.sim.setFaults({ rules: [] }));

const REF = /ltx:text-to-video\/[0-9a-f-]+/;
/** What the simulator serves for a 16:9 LTX video. */
const LANDSCAPE_MP4 = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'packages',
  'simulator',
  'assets',
  'landscape.mp4',
);

async function submitAndWait(name: string, timeoutSeconds: number, directive = '') {
  const prompt = `a quiet harbour, ${name} ${directive}`;
  const file = writeRequestFile(join(world.dir, name), name, textToVideo(prompt, name));
  const out = join(world.dir, `${name}-out`);
  const started = Date.now();
  const args = [
    'submit',
    file,
    '--wait',
    '--timeout',
    String(timeoutSeconds),
    '--out',
    out,
    '--poll-interval',
    '0.1',
  ];
  const run = await runCli(args, { env: envWithHome(world, name) });
  return { run, seconds: (Date.now() - started) / 1000, out };
}

describe('--timeout bounds artifact downloads', () => {
  it('an artifact trickling 1 byte/s: exit 6 at the deadline, the bytes kept in the part file', async () => {
    const { run, seconds, out } = await submitAndWait('trickle', 5, '[sim:slow-download=1]');
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/deadline passed while downloading .*\(\d+ bytes so far, kept for a resume\)/);
    expect(seconds).toBeLessThan(5 + 3);
    expect(readdirSync(out)).toEqual([expect.stringMatching(/^\.trickle-.*\.mp4\.part$/)]);
  });

  it('an artifact host that resets every connection: exit 6 at the deadline, not after all retries', async () => {
    world.sim.setFaults({
      rules: [{ type: 'reset', where: { api: 'storage', op: 'download' }, times: Infinity }],
    });
    const { run, seconds } = await submitAndWait('resets', 4);
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/deadline passed while downloading/);
    expect(run.stdout).toMatch(REF);
    expect(seconds).toBeLessThan(4 + 3);
  });

  it('an artifact host that never answers: exit 6 at the deadline, the job on record as succeeded', async () => {
    world.sim.setFaults({
      rules: [{ type: 'delay', ms: 120_000, where: { api: 'storage', op: 'download' }, times: Infinity }],
    });
    const { run, seconds, out } = await submitAndWait('silent', 3);
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/deadline passed while downloading/);
    expect(seconds).toBeLessThan(3 + 3);
    const list = await runCli(['list', '--json'], { env: envWithHome(world, 'silent') });
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ state: 'succeeded' })]);
    // Nothing half-written under a final name.
    expect(readdirSync(out).filter((n) => !n.startsWith('.'))).toEqual([]);
  });
});

describe('kill -9 in the middle of a download', () => {
  it('leaves only the part file; the next run resumes it with Range into a playable MP4', async () => {
    const env = envWithHome(world, 'killed');
    const name = 'killed';
    const file = writeRequestFile(
      join(world.dir, name),
      name,
      textToVideo('a slow tide [sim:slow-download=40000]', name),
    );
    const out = join(world.dir, 'killed-out');
    const args = ['submit', file, '--wait', '--out', out, '--poll-interval', '0.1'];
    const { child, done } = spawnCli(args, { env });
    const part = await eventually(() => {
      const names = existsSync(out) ? readdirSync(out) : [];
      const found = names.find((n) => n.endsWith('.mp4.part'));
      return found && statSync(join(out, found)).size >= 20_000 ? found : undefined;
    }, 'a part file with 20 kB');
    child.kill('SIGKILL');
    await done;
    expect(readdirSync(out).filter((n) => !n.startsWith('.'))).toEqual([]);
    const kept = statSync(join(out, part)).size;

    const ref = REF.exec((await runCli(['list', '--json'], { env })).stdout)?.[0] ?? '';
    const resumed = await runCli(['watch', ref, '--poll-interval', '0.1', '--json'], { env });
    expect(resumed.code).toBe(0);
    const path: string = JSON.parse(resumed.stdout).jobs[0].artifacts[0].path;
    expect(playableMp4(path).codecs).toContain('avc1');
    // Byte for byte the simulator's 16:9 asset: the kept prefix and the resumed rest fit together.
    expect(readFileSync(path).equals(readFileSync(LANDSCAPE_MP4))).toBe(true);
    expect(readdirSync(out)).toEqual([part.slice(1, -'.part'.length)]);
    const ranges = world.sim.requestsWhere({ api: 'storage', op: 'download' }).map((r) => r.headers.range);
    expect(ranges.at(-1)).toMatch(/^bytes=(\d+)-$/);
    expect(Number(/\d+/.exec(ranges.at(-1) ?? '')?.[0])).toBeGreaterThanOrEqual(kept);
  });
});
