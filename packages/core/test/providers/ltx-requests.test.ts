import { describe, expect, it } from 'vitest';
import { isRequestFileError, type RequestFileError } from '../../src/errors/request-file-error.js';
import {
  MEDIA_FIELDS,
  mediaFieldsOf,
  requestBodySchema,
  requestWarnings,
  validateRequestBody,
} from '../../src/providers/body-schemas.js';
import { checkLtxMatrix } from '../../src/providers/ltx/models.js';

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

describe('LTX support matrix', () => {
  it.each([
    ['ltx-2-3-fast', '1920x1080', 24, 20],
    ['ltx-2-3-fast', '1080x1920', 25, 14],
    ['ltx-2-3-fast', '1920x1080', 50, 10],
    ['ltx-2-3-fast', '3840x2160', 48, 8],
    ['ltx-2-3-pro', '2160x3840', 50, 6],
    ['ltx-2-fast', '1920x1080', 25, 20],
    ['ltx-2-fast', '2560x1440', 50, 10],
    ['ltx-2-pro', '3840x2160', 25, 8],
  ] as const)('allows %s %s %s fps %s s', (model, resolution, fps, duration) => {
    expect(checkLtxMatrix(model, resolution, fps, duration)).toBeUndefined();
  });

  it.each([
    [
      'ltx-2-3-pro',
      '1920x1080',
      25,
      12,
      'duration',
      'ltx-2-3-pro supports durations 6, 8, 10 at 1920x1080/25 fps; got 12',
    ],
    [
      'ltx-2-3-fast',
      '1920x1080',
      50,
      12,
      'duration',
      'ltx-2-3-fast supports durations 6, 8, 10 at 1920x1080/50 fps; got 12',
    ],
    [
      'ltx-2-3-fast',
      '2560x1440',
      24,
      12,
      'duration',
      'ltx-2-3-fast supports durations 6, 8, 10 at 2560x1440/24 fps; got 12',
    ],
    [
      'ltx-2-fast',
      '1920x1080',
      undefined,
      6,
      'fps',
      'ltx-2-fast supports fps 25, 50 at 1920x1080; got none (the API default is 24); set fps',
    ],
    ['ltx-2-pro', '1920x1080', 24, 6, 'fps', 'ltx-2-pro supports fps 25, 50 at 1920x1080; got 24'],
    [
      'ltx-2-pro',
      '1080x1920',
      25,
      6,
      'resolution',
      'ltx-2-pro supports resolutions 1920x1080, 2560x1440, 3840x2160; got 1080x1920',
    ],
  ] as const)('refuses %s %s %s fps %s s', (model, resolution, fps, duration, field, message) => {
    expect(checkLtxMatrix(model, resolution, fps, duration)).toEqual({ field, message });
  });
});

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
      { video_uri: 'v.mp4', start_time: 1.5, duration: 2, mode: 'replace_audio', model: 'ltx-2-pro' },
    ],
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
      { ...t2v, duration: 7 },
      ['$.request.duration: expected one of 6, 8, 10, 12, 14, 16, 18, 20; got 7'],
    ],
    [
      'text-to-video',
      { ...t2v, resolution: '1080p' },
      [
        '$.request.resolution: expected one of "1920x1080", "1080x1920", "2560x1440", "1440x2560", "3840x2160", "2160x3840"; got "1080p"',
      ],
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
      { prompt: 'p', model: 'ltx-2-3-fast', duration: 6 },
      [
        '$.request.resolution: missing required property "resolution" (expected one of "1920x1080", "1080x1920", "2560x1440", "1440x2560", "3840x2160", "2160x3840")',
      ],
    ],
    ['text-to-video', { ...t2v, fps: '24' }, ['$.request.fps: expected one of 24, 25, 48, 50; got "24"']],
    [
      'image-to-video',
      { ...t2v, model: 'ltx-2-pro', fps: 25, image_uri: 'a.png', last_frame_uri: 'b.png' },
      ['$.request.last_frame_uri: last_frame_uri needs an ltx-2-3 model; got model ltx-2-pro'],
    ],
    [
      'audio-to-video',
      { audio_uri: 'a.wav' },
      ['$.request.prompt: audio-to-video needs prompt or image_uri; got neither'],
    ],
    [
      'audio-to-video',
      { audio_uri: 'a.wav', prompt: 'x', model: 'ltx-2-3-fast' },
      ['$.request.model: expected one of "ltx-2-3-pro", "ltx-2-pro"; got "ltx-2-3-fast"'],
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

  it('warns about deprecated models and the retired provider', () => {
    expect(requestWarnings('ltx', 'text-to-video', { model: 'ltx-2-pro' })).toEqual([
      '$.request.model: ltx-2-pro is deprecated since 2026-07-15 and removed on 2026-08-15; use ltx-2-3-pro (text-to-video)',
    ]);
    expect(requestWarnings('ltx', 'text-to-video', { model: 'ltx-2-3-pro' })).toEqual([]);
    expect(requestWarnings('useapi', 'images/create', {})[0]).toContain(
      'retired its LTX Studio API on 2026-03-09',
    );
  });
});
