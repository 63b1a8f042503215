import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provenanceOf } from '../../src/download/provenance.js';
import { findTakeParent, takeParentOfFile, takeParentOfRecord } from '../../src/takes/find-parent.js';
import { artifactIn, FIRST_PNG, fileIn, resultRecord, tempDir } from './take-files.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('findTakeParent', () => {
  it('a plain image is a parent without a job: the take names the file it animates', async () => {
    await copyFile(FIRST_PNG, join(dir, 'first.png'));
    const body = { image_uri: './first.png', prompt: 'waves', model: 'ltx-2-3-fast' };
    expect(await findTakeParent('ltx', 'image-to-video', body, dir)).toEqual({
      file: join(dir, 'first.png'),
      field: 'image_uri',
      chain: [],
    });
  });

  it("a downloaded result brings its job's ref, endpoint and the chain above it", async () => {
    const root = await artifactIn(dir, 'root.mp4', (p) => resultRecord('a', p));
    const rootParent = await takeParentOfFile(root, 'video_uri');
    const extended = await artifactIn(dir, 'extended.mp4', (p) =>
      resultRecord('b', p, { endpoint: 'extend', parent: rootParent }),
    );
    const parent = await findTakeParent(
      'ltx',
      'retake',
      { video_uri: 'extended.mp4', start_time: 0, duration: 2 },
      dir,
    );
    expect(parent).toEqual({
      file: extended,
      field: 'video_uri',
      ref: 'ltx:extend/b',
      endpoint: 'extend',
      chain: [{ file: root, ref: 'ltx:text-to-video/a', endpoint: 'text-to-video' }],
    });
  });

  it('remote media, a request without media, or a missing file make no parent', async () => {
    expect(
      await findTakeParent('ltx', 'extend', { video_uri: 'https://cdn.example/v.mp4', duration: 2 }, dir),
    ).toBeUndefined();
    expect(await findTakeParent('ltx', 'text-to-video', { prompt: 'x' }, dir)).toBeUndefined();
    expect(
      await findTakeParent('ltx', 'extend', { video_uri: 'gone.mp4', duration: 2 }, dir),
    ).toBeUndefined();
  });

  it('a provenance file that is not ours (or not JSON) is ignored: the file is still the parent', async () => {
    const video = await artifactIn(dir, 'v.mp4');
    await fileIn(dir, 'v.mp4.ltx-job.json', '{"format":"something-else","ref":1}');
    expect(await takeParentOfFile(video, 'video_uri')).toEqual({
      file: video,
      field: 'video_uri',
      chain: [],
    });
    await fileIn(dir, 'v.mp4.ltx-job.json', '{ not json');
    expect(await takeParentOfFile(video, 'video_uri')).toEqual({
      file: video,
      field: 'video_uri',
      chain: [],
    });
  });

  it('the parent from a ledger record (--from <ref>) carries that record’s own chain', () => {
    const grand = {
      file: '/o/root.mp4',
      ref: 'ltx:text-to-video/a',
      endpoint: 'text-to-video',
      field: 'video_uri',
      chain: [],
    };
    const record = resultRecord('b', '/o/b.mp4', { endpoint: 'extend', parent: grand });
    expect(takeParentOfRecord(record, '/o/b.mp4', 'video_uri')).toEqual({
      file: '/o/b.mp4',
      field: 'video_uri',
      ref: 'ltx:extend/b',
      endpoint: 'extend',
      chain: [{ file: '/o/root.mp4', ref: 'ltx:text-to-video/a', endpoint: 'text-to-video' }],
    });
  });
});

describe('provenance of a take', () => {
  it('carries takeOf and the whole chain, root first', () => {
    const parent = {
      file: '/o/b.mp4',
      field: 'video_uri',
      ref: 'ltx:extend/b',
      endpoint: 'extend',
      chain: [{ file: '/o/root.mp4', ref: 'ltx:text-to-video/a', endpoint: 'text-to-video' }],
    };
    const record = resultRecord('c', '/o/c.mp4', { endpoint: 'retake', parent });
    const provenance = provenanceOf(record, record.downloads[0]!);
    expect(provenance.takeOf).toEqual(parent);
    expect(provenance.chain).toEqual([
      { file: '/o/root.mp4', ref: 'ltx:text-to-video/a', endpoint: 'text-to-video' },
      { file: '/o/b.mp4', ref: 'ltx:extend/b', endpoint: 'extend' },
    ]);
  });

  it('an original job has neither', () => {
    const record = resultRecord('a', '/o/a.mp4');
    const provenance = provenanceOf(record, record.downloads[0]!);
    expect(provenance).not.toHaveProperty('takeOf');
    expect(provenance).not.toHaveProperty('chain');
  });
});
