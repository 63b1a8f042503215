import { describe, expect, it } from 'vitest';
import { readVideoFacts, soundOf } from '../../src/preview/video-facts.js';
import { LANDSCAPE_MP4, PORTRAIT_MP4 } from '../takes/take-files.js';

describe('video facts from the MP4 boxes', () => {
  it('an LTX-style result (H.264 + AAC) has AAC sound, its size and length', async () => {
    expect(await readVideoFacts(LANDSCAPE_MP4)).toEqual({
      durationSeconds: 3,
      width: 640,
      height: 360,
      sound: 'aac',
    });
    expect(await readVideoFacts(PORTRAIT_MP4)).toMatchObject({ width: 360, height: 640, sound: 'aac' });
  });

  it.each([
    [[{ kind: 'video', codec: 'avc1' }], 'none'],
    [
      [
        { kind: 'video', codec: 'avc1' },
        { kind: 'audio', codec: 'mp4a' },
      ],
      'aac',
    ],
    [
      [
        { kind: 'video', codec: 'avc1' },
        { kind: 'audio', codec: 'fLaC' },
      ],
      'playable',
    ],
    [
      [
        { kind: 'audio', codec: 'Opus' },
        { kind: 'audio', codec: 'mp4a' },
      ],
      'aac',
    ],
    [[{ kind: 'other', codec: 'tmcd' }], 'none'],
  ] as const)('tracks %j sound %s', (tracks, sound) => {
    expect(soundOf({ tracks: [...tracks] })).toBe(sound);
  });

  it('a file that is no MP4 is an error naming it', async () => {
    await expect(readVideoFacts(new URL(import.meta.url).pathname)).rejects.toThrow(/video-facts\.test\.ts/);
  });
});
