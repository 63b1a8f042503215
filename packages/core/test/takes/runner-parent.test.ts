import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileLedgerStore } from '../../src/ledger/file-store.js';
import { setup } from '../runner/runner-fixtures.js';
import { artifactIn, FIRST_PNG, resultRecord, tempDir } from './take-files.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const submitted = (id: string) => ({ id, raw: { id } });

describe('job runner: takes', () => {
  it('records a job made from a downloaded result as a take of that job, durably', async () => {
    const source = await artifactIn(dir, 'a.mp4', (p) => resultRecord('a', p));
    const store = createFileLedgerStore(join(dir, 'jobs.jsonl'));
    const { runner } = await setup({ submits: [submitted('b')], store });
    const record = await runner.submit(
      { provider: 'ltx', endpoint: 'extend', request: { video_uri: './a.mp4', duration: 4 } },
      { baseDir: dir },
    );
    const parent = {
      file: source,
      field: 'video_uri',
      ref: 'ltx:text-to-video/a',
      endpoint: 'text-to-video',
      chain: [],
    };
    expect(record.parent).toEqual(parent);
    expect((await store.load()).find((r) => r.ref === record.ref)?.parent).toEqual(parent);
  });

  it('a PNG to animate is the parent file; a request without local media has no parent', async () => {
    await copyFile(FIRST_PNG, join(dir, 'first.png'));
    const { runner } = await setup({ submits: [submitted('i'), submitted('t')] });
    const i2v = await runner.submit(
      {
        provider: 'ltx',
        endpoint: 'image-to-video',
        request: {
          image_uri: 'first.png',
          prompt: 'waves',
          model: 'ltx-2-3-fast',
          resolution: '1920x1080',
          duration: 6,
        },
      },
      { baseDir: dir },
    );
    expect(i2v.parent).toEqual({ file: join(dir, 'first.png'), field: 'image_uri', chain: [] });
    const t2v = await runner.submit(
      { provider: 'ltx', endpoint: 'text-to-video', request: { prompt: 'sea' } },
      { baseDir: dir },
    );
    expect(t2v).not.toHaveProperty('parent');
  });

  it('an explicit parent (the CLI’s --from <ref>) wins over what the files say', async () => {
    await artifactIn(dir, 'a.mp4');
    const { runner } = await setup({ submits: [submitted('c')] });
    const parent = { file: join(dir, 'a.mp4'), field: 'video_uri', ref: 'ltx:text-to-video/z', chain: [] };
    const record = await runner.submit(
      {
        provider: 'ltx',
        endpoint: 'retake',
        request: { video_uri: join(dir, 'a.mp4'), start_time: 0, duration: 2 },
      },
      { baseDir: dir, parent },
    );
    expect(record.parent).toEqual(parent);
  });
});
