import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envWithHome, runCli, startWorld, type TestWorld, textToVideo, writeRequestFile } from './harness.js';

// Issue 9.6 as the user meets it: malformed request files end in exit 2 with a located, bounded
// error, before anything of any file is sent.

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world?.close());

const errors = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error:'));

describe('malformed request files', () => {
  it('a top-level __proto__ holding the envelope is refused at its key, and no file of the run is sent', async () => {
    const dir = join(world.dir, 'proto');
    const good = writeRequestFile(dir, 'good', textToVideo('a calm lake'));
    const alsoGood = writeRequestFile(dir, 'also-good', textToVideo('a windy hill'));
    const hostile = writeRequestFile(
      dir,
      'hostile',
      `{"__proto__": ${JSON.stringify(textToVideo('sneaky'))}}`,
    );
    const before = world.received();
    const run = await runCli(['submit', good, alsoGood, hostile, '--wait'], {
      env: envWithHome(world, 'proto'),
    });
    expect(run.code).toBe(2);
    expect(errors(run.stderr)).toEqual([
      `error: ${hostile}:1:2: $.__proto__: property name "__proto__" is not allowed in a request file`,
    ]);
    expect(world.received()).toBe(before);
  });

  it('nesting 5000 deep is a located error (exit 2), not an internal error', async () => {
    const file = join(world.dir, 'deep.ltx.json');
    const text = `{"provider": "ltx", "endpoint": "text-to-video", "request": {"prompt": ${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    writeFileSync(file, text);
    const run = await runCli(['submit', file], { env: envWithHome(world, 'deep') });
    expect(run.code).toBe(2);
    // Two objects, then the 63rd "[" is the 65th level.
    const column = text.indexOf('[') + 63;
    expect(errors(run.stderr)).toEqual([
      `error: ${file}:1:${column}: $: objects and arrays are nested more than 64 levels deep here; a request file needs a few`,
    ]);
  });

  it('a 1 MB value is cut in the error', async () => {
    const body = textToVideo('x');
    (body.request as Record<string, unknown>).model = 'm'.repeat(1024 * 1024);
    (body.request as Record<string, unknown>).duration = 6.5;
    const file = writeRequestFile(join(world.dir, 'huge'), 'huge-value', body);
    const run = await runCli(['submit', file, '--strict'], { env: envWithHome(world, 'huge') });
    expect(run.code).toBe(2);
    expect(run.stderr.length).toBeLessThan(2000);
    expect(run.stderr).toContain('mmmm...');
  });

  it('a 50 MB file is refused by its size, saying the limit', async () => {
    const file = join(world.dir, 'fifty.ltx.json');
    writeFileSync(file, Buffer.alloc(50 * 1024 * 1024, 0x20));
    const run = await runCli(['submit', file], { env: envWithHome(world, 'fifty') });
    expect(run.code).toBe(2);
    expect(errors(run.stderr)).toEqual([
      `error: ${file}:1:1: $: the file is 50.0 MiB; request files are at most 32.0 MiB (name large media as a local file next to it instead of inlining it as a data: URI; it is uploaded on submit)`,
    ]);
  });

  it('a FIFO or a device given as a request file is refused at once (exit 2), not waited on', async () => {
    const fifo = join(world.dir, 'pipe.ltx.json');
    execFileSync('mkfifo', [fifo]);
    const run = await runCli(['submit', fifo, '/dev/zero'], { env: envWithHome(world, 'fifo') });
    expect(run.code).toBe(2);
    expect(errors(run.stderr)).toEqual([
      `error: Request file ${fifo} is a FIFO (named pipe), not a regular file`,
      'error: Request file /dev/zero is a device, not a regular file',
    ]);
  });
});
