import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bytesSource,
  isMediaReadError,
  readMediaInfo,
  readMediaInfoFrom,
  readMp4Info,
} from '../../src/media/index.js';
import { makeAdts, makeMp3, makeMp4, makeWav } from '../../test-support/media-files.mjs';

const SIM_ASSET = fileURLToPath(new URL('../../../simulator/assets/landscape.mp4', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-'));
});
async function file(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

describe('readMp4Info', () => {
  it('reads duration and tracks with their codec fourcc from a real H.264 + AAC MP4', async () => {
    const info = await readMp4Info(SIM_ASSET);
    expect(info.durationSeconds).toBeCloseTo(3, 1);
    expect(info.tracks.map((t) => [t.kind, t.codec])).toEqual([
      ['video', 'avc1'],
      ['audio', 'mp4a'],
    ]);
    expect(info.tracks[0]).toMatchObject({ width: 640, height: 360 });
  });

  it.each([
    ['faststart', {}],
    ['moov after mdat', { moovAtEnd: true }],
    ['64-bit mvhd', { version: 1 as const }],
    ['QuickTime MOV', { brand: 'qt  ' }],
  ])('reads a %s file', async (_name, extra) => {
    const path = await file('a.mp4', makeMp4({ durationSeconds: 5, ...extra }));
    const info = await readMp4Info(path);
    expect(info.durationSeconds).toBe(5);
    expect(info.tracks.map((t) => t.codec)).toEqual(['avc1', 'mp4a']);
  });

  it('reports hvc1 and Opus tracks as they are, and a text track as other', async () => {
    const bytes = makeMp4({
      durationSeconds: 2.5,
      tracks: [
        { handler: 'vide', codec: 'hvc1', width: 1280, height: 720 },
        { handler: 'soun', codec: 'Opus' },
        { handler: 'text', codec: 'tx3g' },
      ],
    });
    const info = await readMp4Info(await file('b.mp4', bytes));
    expect(info.tracks).toEqual([
      { kind: 'video', codec: 'hvc1', width: 1280, height: 720, durationSeconds: 2.5 },
      { kind: 'audio', codec: 'Opus', durationSeconds: 2.5 },
      { kind: 'other', codec: 'tx3g', durationSeconds: 2.5 },
    ]);
  });

  it('refuses a file cut short inside its moov, naming the file', async () => {
    const bytes = makeMp4({ durationSeconds: 5 });
    const path = await file('cut.mp4', bytes.subarray(0, 200));
    await expect(readMp4Info(path)).rejects.toThrow(
      `${path}: the file ends inside its moov box (cut short?)`,
    );
  });

  it('refuses a file that is not an MP4 and a missing file', async () => {
    const path = await file('text.mp4', new TextEncoder().encode('hello, this is not a video at all'));
    await expect(readMp4Info(path)).rejects.toThrow(/not an MP4\/MOV file/);
    const error = await readMp4Info(join(dir, 'nope.mp4')).catch((e: unknown) => e);
    expect(isMediaReadError(error)).toBe(true);
    expect(String(error)).toContain('cannot open (ENOENT)');
  });
});

describe('readMediaInfo (format sniffed from the bytes)', () => {
  it('reads a WAV with a LIST chunk before data', async () => {
    const info = await readMediaInfo(await file('a.wav', makeWav({ durationSeconds: 4.5 })));
    expect(info).toEqual({ format: 'wav', durationSeconds: 4.5 });
  });

  it('reads a VBR MP3 from its Info header, after an ID3v2 tag', async () => {
    const info = await readMediaInfo(await file('a.mp3', makeMp3({ frames: 383, xing: true, id3: true })));
    expect(info.format).toBe('mp3');
    expect(info.durationSeconds).toBeCloseTo((383 * 1152) / 44100, 6);
    expect(info.approximate).toBeUndefined();
  });

  it('estimates a constant-bitrate MP3 without a header from its size, and says it is approximate', async () => {
    const info = await readMediaInfo(await file('cbr.mp3', makeMp3({ frames: 100 })));
    expect(info.durationSeconds).toBeCloseTo((100 * 417 * 8) / 128000, 6);
    expect(info.approximate).toBe(true);
  });

  it('walks every ADTS frame of a raw AAC stream', async () => {
    const info = await readMediaInfo(await file('a.aac', makeAdts({ frames: 431 })));
    expect(info).toEqual({ format: 'aac', durationSeconds: (431 * 1024) / 44100 });
  });

  it('ignores the extension: an MP4 named .wav is read as MP4; an M4A is MP4', async () => {
    const audioOnly = makeMp4({ durationSeconds: 7, tracks: [{ handler: 'soun', codec: 'mp4a' }] });
    expect(await readMediaInfo(await file('x.wav', audioOnly))).toEqual({
      format: 'mp4',
      durationSeconds: 7,
    });
  });

  it('gives the first video track size for HDR and reframe tiers', async () => {
    const info = await readMediaInfoFrom(bytesSource(makeMp4({ durationSeconds: 3 })), 'mem');
    expect(info).toEqual({ format: 'mp4', durationSeconds: 3, width: 1920, height: 1080 });
  });

  it('refuses an unknown format with a message naming it', async () => {
    await expect(readMediaInfoFrom(bytesSource(new Uint8Array(64)), 'clip.ogg')).rejects.toThrow(
      'clip.ogg: not an MP4/MOV, WAV, MP3 or AAC file; its duration cannot be read',
    );
  });
});
