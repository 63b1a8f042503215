import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { envWithHome, runCli, startWorld, type TestWorld, textToVideo, writeRequestFile } from './harness.js';

// Issue 9 item 4: `--timeout` bounds the download too: its transfer and its retries. Before, an
// artifact host that reset every connection held `--timeout 4` for ~15 s of retries, and a silent
// one for the 60 s stall guard.

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world?.close());
beforeEach(() => world.sim.setFaults({ rules: [] }));

const REF = /ltx:text-to-video\/[0-9a-f-]+/;

async function submitAndWait(name: string, timeoutSeconds: number) {
  const file = writeRequestFile(join(world.dir, name), name, textToVideo(`a quiet harbour, ${name}`, name));
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
