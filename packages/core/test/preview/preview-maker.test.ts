import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPreviewMaker } from '../../src/preview/preview-maker.js';
import { isFfmpegError } from '../../src/preview/run-ffmpeg.js';
import { artifactIn, tempDir } from '../takes/take-files.js';
import { ensureFfmpeg, output } from './ensure-ffmpeg.js';

let tools: { ffmpeg: string; ffprobe: string };
let dir: string;
beforeAll(() => {
  tools = ensureFfmpeg();
}, 900_000);
beforeEach(async () => {
  dir = await tempDir('ltx-preview-');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Codec of each stream: `video:h264`, `audio:aac`. */
function streams(path: string): string[] {
  return output(tools.ffprobe, [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_type,codec_name',
    '-of',
    'csv=p=0',
    path,
  ])
    .trim()
    .split('\n')
    .map((line) => {
      const [name, type] = line.split(',');
      return `${type}:${name}`;
    });
}

/** One md5 per video packet, as stored (no decoding): equal lists mean the same video bytes. */
function videoPackets(path: string): string[] {
  return output(tools.ffmpeg, ['-v', 'error', '-i', path, '-map', '0:v', '-c', 'copy', '-f', 'framemd5', '-'])
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'));
}

describe('preview copies (real ffmpeg)', () => {
  it('an AAC result gets a copy with MP3 audio and the very same video packets; the artifact is untouched', async () => {
    const artifact = await artifactIn(dir, 'lighthouse.mp4');
    const before = sha(await readFile(artifact));
    const beforeStat = await stat(artifact);
    expect(streams(artifact)).toEqual(['video:h264', 'audio:aac']);

    const maker = createPreviewMaker({ ffmpeg: tools.ffmpeg, cacheDir: join(dir, 'cache') });
    const copy = await maker.soundCopy(artifact);

    expect(copy.startsWith(join(dir, 'cache'))).toBe(true);
    expect(copy.endsWith('/lighthouse.mp4')).toBe(true);
    expect(streams(copy)).toEqual(['video:h264', 'audio:mp3']);
    const packets = videoPackets(artifact);
    expect(packets.length).toBeGreaterThan(10);
    expect(videoPackets(copy)).toEqual(packets);
    expect(sha(await readFile(artifact))).toBe(before);
    expect((await stat(artifact)).mtimeMs).toBe(beforeStat.mtimeMs);
    expect(await readdir(dir)).toEqual(['cache', 'lighthouse.mp4']);
  });

  it('is cached by path, size and time: asked again (even twice at once) it is not made again', async () => {
    const artifact = await artifactIn(dir, 'a.mp4');
    const maker = createPreviewMaker({ ffmpeg: tools.ffmpeg, cacheDir: join(dir, 'cache') });
    const [one, two] = await Promise.all([maker.soundCopy(artifact), maker.soundCopy(artifact)]);
    expect(one).toBe(two);
    const made = (await stat(one)).mtimeMs;
    expect(await maker.soundCopy(artifact)).toBe(one);
    expect((await stat(one)).mtimeMs).toBe(made);
    const [key] = await readdir(join(dir, 'cache'));
    expect(await readdir(join(dir, 'cache', key!))).toEqual(['a.mp4']);
  });

  it('a poster frame is a JPEG of the requested width', async () => {
    const artifact = await artifactIn(dir, 'a.mp4');
    const maker = createPreviewMaker({
      ffmpeg: tools.ffmpeg,
      cacheDir: join(dir, 'cache'),
      posterWidth: 320,
    });
    const poster = await maker.poster(artifact);
    const bytes = await readFile(poster);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(
      output(tools.ffprobe, [
        '-v',
        'error',
        '-show_entries',
        'stream=width,height',
        '-of',
        'csv=p=0',
        poster,
      ]).trim(),
    ).toBe('320,180');
  });

  it('a file ffmpeg cannot read fails with its words, and leaves nothing in the cache', async () => {
    const broken = join(dir, 'broken.mp4');
    await import('node:fs/promises').then((fs) => fs.writeFile(broken, 'not a video'));
    const maker = createPreviewMaker({ ffmpeg: tools.ffmpeg, cacheDir: join(dir, 'cache') });
    const error = await maker.soundCopy(broken).catch((e: unknown) => e);
    expect(isFfmpegError(error)).toBe(true);
    expect(String(error)).toMatch(/ffmpeg exited with \d+: .*broken\.mp4/s);
    const [key] = await readdir(join(dir, 'cache'));
    expect(await readdir(join(dir, 'cache', key!))).toEqual([]);
  });

  it('an abort stops ffmpeg and rejects with an AbortError', async () => {
    const artifact = await artifactIn(dir, 'a.mp4');
    const maker = createPreviewMaker({ ffmpeg: tools.ffmpeg, cacheDir: join(dir, 'cache') });
    const error = await maker.soundCopy(artifact, AbortSignal.abort()).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
  });
});
