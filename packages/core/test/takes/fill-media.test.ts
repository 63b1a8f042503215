import { describe, expect, it } from 'vitest';
import { parseRequestFile } from '../../src/request-file/parse.js';
import { fillMediaField } from '../../src/takes/fill-media.js';

const extend = `{
  "provider": "ltx",
  "endpoint": "extend",
  "request": {
    "prompt": "the tide comes in",
    "duration": 4
  }
}
`;

describe('fillMediaField (ltx-jobs submit --from)', () => {
  it('adds the media field a video goes into, keeping the rest as written', () => {
    const filled = fillMediaField(extend, 'e.ltx.json', '/out/a.mp4');
    expect(filled.field).toBe('video_uri');
    const file = parseRequestFile(filled.text, 'e.ltx.json');
    expect(file.request).toEqual({ prompt: 'the tide comes in', duration: 4, video_uri: '/out/a.mp4' });
    expect(filled.text.startsWith('{\n  "provider": "ltx",\n  "endpoint": "extend",')).toBe(true);
  });

  it('replaces an image field for an image, skipping a field of another kind', () => {
    const i2v = JSON.stringify({
      provider: 'ltx',
      endpoint: 'audio-to-video',
      request: { audio_uri: 'song.mp3', image_uri: 'old.png', prompt: '' },
    });
    const filled = fillMediaField(i2v, 'a.ltx.json', '/frames/first.png');
    expect(filled.field).toBe('image_uri');
    expect(JSON.parse(filled.text).request).toEqual({
      audio_uri: 'song.mp3',
      image_uri: '/frames/first.png',
      prompt: '',
    });
  });

  it.each([
    [extend, '/frames/first.png', /is an image, but ltx extend takes video_uri \(video\)/],
    [
      JSON.stringify({ provider: 'ltx', endpoint: 'text-to-video', request: {} }),
      '/o/a.mp4',
      /ltx text-to-video takes no media/,
    ],
    ['{"request": {}}', '/o/a.mp4', /needs a request file with "provider" and "endpoint"/],
    [extend, '/o/notes.txt', /is a \.txt file/],
  ])('says why a source does not fit: %#', (text, source, message) => {
    expect(() => fillMediaField(text, 'x.ltx.json', source)).toThrow(message);
  });
});
