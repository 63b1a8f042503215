import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@ltx-jobs/core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureFfmpeg } from '../../../../packages/core/test-support/ensure-ffmpeg.mjs';
import { MediaPreviews } from '../../src/gallery/media-previews.js';

/** The simulator's H.264 + AAC result, as every simulated LTX job returns it. */
const LANDSCAPE = fileURLToPath(
  new URL('../../../../packages/simulator/assets/landscape.mp4', import.meta.url),
);

let ffmpeg: string;
let dir: string;
beforeAll(() => {
  ffmpeg = ensureFfmpeg().ffmpeg;
}, 900_000);
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ltx-previews-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function previews(ffmpegPath: () => string) {
  return new MediaPreviews({ cacheDir: join(dir, 'cache'), ffmpegPath, logger: silentLogger });
}

describe('MediaPreviews', () => {
  it('reads a video’s facts once and says so; other files have none', async () => {
    const video = join(dir, 'a.mp4');
    await copyFile(LANDSCAPE, video);
    const media = previews(() => ffmpeg);
    const changed: string[] = [];
    media.onDidChange((path) => changed.push(path));
    expect(media.factsOf(video)).toBeUndefined();
    expect(await media.readFacts(video)).toEqual({
      durationSeconds: 3,
      width: 640,
      height: 360,
      sound: 'aac',
    });
    await media.readFacts(video);
    expect(changed).toEqual([video]);
    expect(media.factsOf(video)?.sound).toBe('aac');
    await writeFile(join(dir, 'b.mp4'), 'not a video');
    expect(await media.readFacts(join(dir, 'b.mp4'))).toBeUndefined();
    expect(await media.readFacts(join(dir, 'notes.txt'))).toBeUndefined();
  });

  it('readMissingFacts reads each video once, whatever the number of redraws that ask', async () => {
    const videos = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const path = join(dir, `v${i}.mp4`);
        await copyFile(LANDSCAPE, path);
        return path;
      }),
    );
    const media = previews(() => ffmpeg);
    const changed: string[] = [];
    const all = new Promise<void>((resolve) =>
      media.onDidChange((path) => {
        changed.push(path);
        if (changed.length === videos.length) resolve();
      }),
    );
    media.readMissingFacts([...videos, join(dir, 'notes.txt')]);
    media.readMissingFacts(videos);
    await all;
    media.readMissingFacts(videos);
    await new Promise((r) => setTimeout(r, 50));
    expect(changed.sort()).toEqual([...videos].sort());
    expect(videos.every((v) => media.factsOf(v)?.sound === 'aac')).toBe(true);
  });

  it('with ffmpeg, an AAC video plays as its cached sound copy and gets a poster', async () => {
    const video = join(dir, 'a.mp4');
    await copyFile(LANDSCAPE, video);
    const media = previews(() => ffmpeg);
    const playable = await media.playable(video);
    expect(playable.sound).toBe('copy');
    expect(playable.path.startsWith(join(dir, 'cache'))).toBe(true);
    expect(await media.poster(video)).toMatch(/poster\.jpg$/);
  });

  it('without ffmpeg (a setting naming a missing file), the file itself plays, silent; no poster', async () => {
    const video = join(dir, 'a.mp4');
    await copyFile(LANDSCAPE, video);
    let setting = join(dir, 'no-ffmpeg');
    const media = previews(() => setting);
    expect(await media.ffmpeg()).toEqual({
      found: false,
      reason: `ffmpegPath ${setting} is not an executable file`,
    });
    expect(await media.playable(video)).toEqual({ path: video, sound: 'silent' });
    expect(await media.poster(video)).toBeUndefined();
    setting = ffmpeg;
    expect(await media.ffmpeg()).toMatchObject({ found: true, path: ffmpeg, from: 'setting' });
    expect((await media.playable(video)).sound).toBe('copy');
  });
});
