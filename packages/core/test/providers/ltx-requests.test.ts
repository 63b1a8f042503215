import { describe, expect, it } from 'vitest';
import { isRequestFileError, type RequestFileError } from '../../src/errors/request-file-error.js';
import {
  MEDIA_FIELDS,
  mediaFieldsOf,
  requestBodySchema,
  requestWarnings,
  validateRequestBody,
} from '../../src/providers/body-schemas.js';

function issuesOf(endpoint: string, body: unknown) {
  try {
    validateRequestBody('ltx', endpoint, body);
  } catch (error) {
    if (isRequestFileError(error))
      return (error as RequestFileError).issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

const t2v = { prompt: 'p', model: 'ltx-2-3-fast', resolution: '1920x1080', duration: 6 };

describe('LTX request schemas', () => {
  it.each([
    ['text-to-video', t2v],
    ['text-to-video', { ...t2v, fps: 24, generate_audio: false, camera_motion: 'jib_up' }],
    [
      'image-to-video',
      { ...t2v, prompt: '', image_uri: 'first.png', last_frame_uri: 'https://x.example/l.png' },
    ],
    ['audio-to-video', { audio_uri: 'a.wav', prompt: 'a singer' }],
    [
      'audio-to-video',
      { audio_uri: 'a.wav', image_uri: 'face.png', prompt: '', resolution: '1080x1920', guidance_scale: 9 },
    ],
    [
      'retake',
      { video_uri: 'v.mp4', start_time: 1.5, duration: 2, mode: 'replace_audio', model: 'ltx-2-3-pro' },
    ],
    ['text-to-video', { ...t2v, model: 'ltx-2-5-fast', resolution: '1280x720', duration: 4 }],
    ['image-to-video', { ...t2v, model: 'ltx-2-5-pro', duration: null, image_uri: 'a.png' }],
    ['audio-to-video', { audio_uri: 'a.wav', prompt: 'x', model: 'ltx-2-5-fast', resolution: '1280x720' }],
    ['text-to-video', { ...t2v, model: 'ltx-9-ultra' }],
    ['text-to-video', { ...t2v, duration: 7 }],
    ['extend', { video_uri: 'v.mp4', duration: 5, context: 16, mode: 'start' }],
    ['video-to-video-hdr', { video_uri: 'https://x.example/v.mp4' }],
    [
      'video-to-video-reframe',
      { video_uri: 'v.mp4', model: 'ltx-2-3-pro', resolution: '1080x1350', placement: { anchor: 'top' } },
    ],
  ])('accepts a valid %s body', (endpoint, body) => {
    expect(issuesOf(endpoint, body)).toEqual([]);
  });

  it.each([
    [
      'text-to-video',
      { ...t2v, duration: 6.5 },
      ['$.request.duration: expected an integer or null; got 6.5'],
    ],
    [
      'text-to-video',
      { ...t2v, resolution: '1080p' },
      ['$.request.resolution: expected WIDTHxHEIGHT, e.g. 1920x1080; got "1080p"'],
    ],
    ['text-to-video', { ...t2v, prompt: '' }, ['$.request.prompt: expected a non-empty string; got ""']],
    [
      'text-to-video',
      { ...t2v, seed: 3 },
      [
        '$.request.seed: unknown property "seed"; expected one of prompt, model, duration, resolution, fps, generate_audio, camera_motion',
      ],
    ],
    [
      'text-to-video',
      { ...t2v, durration: 6 },
      ['$.request.durration: unknown property "durration"; did you mean "duration"?'],
    ],
    [
      'text-to-video',
      { prompt: 'p', model: 'ltx-2-3-fast', duration: 6 },
      ['$.request.resolution: missing required property "resolution" (expected a string)'],
    ],
    ['text-to-video', { ...t2v, fps: '24' }, ['$.request.fps: expected a number, got string "24"']],
    [
      'image-to-video',
      { ...t2v, model: 'ltx-2-pro', fps: 25, image_uri: 'a.png', last_frame_uri: 'b.png' },
      ['$.request.model: ltx-2-pro was removed on 2026-08-15 and LTX refuses it; use ltx-2-3-pro'],
    ],
    [
      'audio-to-video',
      { audio_uri: 'a.wav', prompt: '' },
      [
        '$.request.prompt: audio-to-video needs a non-empty prompt when there is no image_uri (an empty prompt is allowed only with an image)',
      ],
    ],
    [
      'audio-to-video',
      { audio_uri: 'a.wav' },
      ['$.request.prompt: audio-to-video needs prompt or image_uri; got neither'],
    ],
    [
      'audio-to-video',
      { audio_uri: 'a.wav', prompt: 'x', model: 'ltx-2-3-fast' },
      [
        '$.request.model: ltx-2-3-fast cannot do audio-to-video; models that can: ltx-2-5-fast, ltx-2-5-pro, ltx-2-3-pro',
      ],
    ],
    [
      'retake',
      { video_uri: 'v.mp4', start_time: 0, duration: 1 },
      ['$.request.duration: expected a number >= 2; got 1'],
    ],
    [
      'extend',
      { video_uri: 'v.mp4', duration: 20, context: 5 },
      [
        '$.request.context: context + duration must fit in 505 frames (about 21.0 s at 24 fps); got 5 + 20 = 25 s',
      ],
    ],
    ['extend', { video_uri: 'v.mp4', duration: 25 }, ['$.request.duration: expected a number <= 20; got 25']],
    [
      'video-to-video-reframe',
      { video_uri: 'v.mp4', model: 'ltx-2-3-pro', resolution: '1920x1200' },
      [
        '$.request.resolution: expected one of "720x720", "1080x1080", "720x900", "1080x1350", "900x720", "1350x1080", "720x1280", "1080x1920", "1280x720", "1920x1080"; got "1920x1200"',
      ],
    ],
    [
      'video-to-video-hdr',
      { video_uri: 'v.mp4', model: 'ltx-2-3-pro' },
      ['$.request.model: unknown property "model"; expected one of video_uri'],
    ],
  ])('reports %s %j', (endpoint, body, expected) => {
    expect(issuesOf(endpoint, body)).toEqual(expected);
  });
});

describe('shared body helpers', () => {
  it('exposes schemas and media fields per endpoint', () => {
    expect(requestBodySchema('ltx', 'retake')).toBeDefined();
    expect(requestBodySchema('ltx', 'videos/ltx-create')).toBeUndefined();
    expect(requestBodySchema('useapi', 'images/edit')).toBeDefined();
    expect(mediaFieldsOf('ltx', 'audio-to-video')).toEqual(['audio_uri', 'image_uri']);
    expect(mediaFieldsOf('useapi', 'images/create')).toEqual([
      'referenceAssetId',
      'referenceAssetId2',
      'referenceAssetId3',
    ]);
    expect(MEDIA_FIELDS.ltx['text-to-video']).toEqual([]);
  });

  it('warns about values newer than the table and the retired provider, located under $.request', () => {
    const [model] = requestWarnings('ltx', 'text-to-video', { ...t2v, model: 'ltx-9-ultra' });
    expect(model).toMatchObject({ path: '$.request.model', severity: 'warning', code: 'unknown-model' });
    expect(model?.message).toContain('not in the capability table checked on 2026-11-29');
    expect(requestWarnings('ltx', 'text-to-video', t2v)).toEqual([]);
    expect(requestWarnings('useapi', 'images/create', {})[0]?.message).toContain(
      'retired its LTX Studio API on 2026-03-09',
    );
  });
});
