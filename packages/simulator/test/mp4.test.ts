import { describe, expect, it } from 'vitest';
import { inspectMp4, loadAsset } from '../src/index.js';

describe('inspectMp4', () => {
  it.each([
    ['landscape-mp4', 640, 360],
    ['portrait-mp4', 360, 640],
  ] as const)('reads the shipped %s: H.264 + AAC, 3 s, %dx%d', (key, width, height) => {
    // The same facts ffprobe reports for these files.
    expect(inspectMp4(loadAsset(key))).toEqual({
      brand: 'isom',
      durationSeconds: 3,
      codecs: ['avc1', 'mp4a'],
      width,
      height,
    });
  });

  it('refuses a file cut short, even though it starts with ftyp', () => {
    const mp4 = loadAsset('landscape-mp4');
    expect(() => inspectMp4(mp4.subarray(0, mp4.length - 1000))).toThrow(
      /MP4: box "mdat" at offset \d+ claims/,
    );
  });

  it('refuses bytes that only look like an MP4', () => {
    const fake = Buffer.alloc(64);
    fake.writeUInt32BE(24, 0);
    fake.write('ftypisom', 4, 'latin1');
    fake.writeUInt32BE(40, 24);
    fake.write('free', 28, 'latin1');
    expect(() => inspectMp4(fake)).toThrow('MP4: no mdat box (no media data)');
    expect(() => inspectMp4(loadAsset('image-png'))).toThrow(/MP4: /);
  });
});
