import { describe, expect, it } from 'vitest';
import { catalogFindings } from '../../src/catalog/check.js';
import {
  CATALOG_CHECKED_ON,
  durationsFor,
  knownDurations,
  knownFps,
  knownResolutions,
  listModels,
  modelInfo,
  modelsForEndpoint,
  resolutionTier,
  tierForSize,
} from '../../src/catalog/lookup.js';
import { LTX_CATALOG } from '../../src/catalog/table.js';
import { isRequestFileError } from '../../src/errors/request-file-error.js';
import { validateRequestBody } from '../../src/providers/body-schemas.js';
import { LTX_ENDPOINTS } from '../../src/providers/ltx/endpoints.js';

/** A minimal valid body of `endpoint` naming `model`. */
function bodyFor(endpoint: string, model: string): Record<string, unknown> {
  switch (endpoint) {
    case 'text-to-video':
      return { prompt: 'p', model, resolution: '1920x1080', duration: 6 };
    case 'image-to-video':
      return {
        prompt: 'p',
        model,
        resolution: '1920x1080',
        duration: 6,
        image_uri: 'https://x.example/a.png',
      };
    case 'audio-to-video':
      return { audio_uri: 'https://x.example/a.wav', prompt: 'p', model };
    case 'retake':
      return { video_uri: 'https://x.example/v.mp4', start_time: 0, duration: 3, model };
    case 'extend':
      return { video_uri: 'https://x.example/v.mp4', duration: 4, model };
    case 'video-to-video-reframe':
      return { video_uri: 'https://x.example/v.mp4', model, resolution: '1280x720' };
    default:
      return { video_uri: 'https://x.example/v.mp4' };
  }
}

function errorsOf(endpoint: string, body: Record<string, unknown>): string[] {
  try {
    validateRequestBody('ltx', endpoint, body);
    return [];
  } catch (error) {
    if (!isRequestFileError(error)) throw error;
    return error.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

const MODEL_ENDPOINTS = LTX_ENDPOINTS.filter((e) => e !== 'video-to-video-hdr');

describe('the capability table (data)', () => {
  it('is dated and names its sources', () => {
    expect(CATALOG_CHECKED_ON).toBe('2026-11-29');
    for (const model of LTX_CATALOG.models) {
      for (const source of model.sources)
        expect(LTX_CATALOG.sources[source], `${model.id} ${source}`).toBeDefined();
    }
  });

  it('lists the 2.5 models first, then 2.3, then the removed LTX-2 ids with their replacements', () => {
    expect(listModels().map((m) => `${m.id}:${m.status}`)).toEqual([
      'ltx-2-5-fast:current',
      'ltx-2-5-pro:current',
      'ltx-2-3-fast:current',
      'ltx-2-3-pro:current',
      'ltx-2-fast:removed',
      'ltx-2-pro:removed',
    ]);
    expect(modelInfo('ltx-2-fast')?.replacement).toBe('ltx-2-3-fast');
    expect(modelInfo('ltx-2-pro')?.replacement).toBe('ltx-2-3-pro');
    expect(modelInfo('ltx-3')).toBeUndefined();
  });

  it('exposes tiers for price lookups', () => {
    expect(resolutionTier('1280x720')).toBe('720p');
    expect(resolutionTier('1080x1920')).toBe('1080p');
    expect(resolutionTier('2160x3840')).toBe('2160p');
    expect(resolutionTier('1024x576')).toBeUndefined();
    expect(tierForSize(1920, 1080)).toBe('1080p');
    expect(tierForSize(1921, 1080)).toBe('1440p');
    expect(tierForSize(4096, 2160)).toBeUndefined();
  });

  it.each<[string, string[]]>([
    ['text-to-video', ['ltx-2-5-fast', 'ltx-2-5-pro', 'ltx-2-3-fast', 'ltx-2-3-pro']],
    ['image-to-video', ['ltx-2-5-fast', 'ltx-2-5-pro', 'ltx-2-3-fast', 'ltx-2-3-pro']],
    ['audio-to-video', ['ltx-2-5-fast', 'ltx-2-5-pro', 'ltx-2-3-pro']],
    ['retake', ['ltx-2-3-pro']],
    ['extend', ['ltx-2-3-pro']],
    ['video-to-video-reframe', ['ltx-2-3-pro']],
    ['video-to-video-hdr', []],
  ])('%s is served by %j', (endpoint, models) => {
    expect(modelsForEndpoint(endpoint).map((m) => m.id)).toEqual(models);
  });
});

describe('every model x endpoint', () => {
  const cases = listModels().flatMap((m) => MODEL_ENDPOINTS.map((e) => [m.id, e] as const));
  it.each(cases)('%s on %s: accepted exactly when the table says it serves it', (model, endpoint) => {
    const info = modelInfo(model)!;
    const errors = errorsOf(endpoint, bodyFor(endpoint, model));
    if (info.status !== 'removed' && (info.endpoints as readonly string[]).includes(endpoint)) {
      expect(errors).toEqual([]);
    } else if (info.status === 'removed') {
      expect(errors).toEqual([
        expect.stringMatching(
          new RegExp(
            `^\\$\\.request\\.model: ${model} was removed on 2026-08-15 and LTX refuses it; (use ltx-2-3-|its replacement ltx-2-3-fast does not do ${endpoint}: use ltx-2-)`,
          ),
        ),
      ]);
    } else {
      const able = modelsForEndpoint(endpoint)
        .map((m) => m.id)
        .join(', ');
      expect(errors).toEqual([`$.request.model: ${model} cannot do ${endpoint}; models that can: ${able}`]);
    }
  });
});

describe('every model x size x fps x duration on text- and image-to-video', () => {
  const models = listModels().filter((m) => m.video);
  for (const endpoint of ['text-to-video', 'image-to-video']) {
    it(`${endpoint}: refused exactly outside the envelope, unknown values only warned about`, () => {
      let checked = 0;
      for (const model of models) {
        for (const { id: resolution } of knownResolutions()) {
          for (const fps of knownFps()) {
            for (const duration of [...knownDurations(), 7, 30]) {
              const body = { ...bodyFor(endpoint, model.id), resolution, fps, duration };
              const errors = errorsOf(endpoint, body);
              const renders = model.video!.resolutions.includes(resolution);
              const allowed = renders ? durationsFor(model, resolution, fps) : [];
              const unknown = !knownDurations().includes(duration);
              const ok = renders && allowed.length > 0 && (unknown || allowed.includes(duration));
              expect([model.id, resolution, fps, duration, errors.length === 0]).toEqual([
                model.id,
                resolution,
                fps,
                duration,
                ok,
              ]);
              if (ok && unknown) {
                expect(catalogFindings(endpoint, body).map((f) => `${f.severity}:${f.code}`)).toEqual([
                  'warning:unknown-duration',
                ]);
              }
              checked++;
            }
          }
        }
      }
      expect(checked).toBe(models.length * 8 * 4 * 14);
    });
  }

  it('allows 12-20 s only on the Fast models at 720p/1080p and 24/25 fps', () => {
    const long = (model: string, resolution: string, fps: number) =>
      durationsFor(modelInfo(model)!, resolution, fps).includes(20);
    expect(long('ltx-2-5-fast', '1280x720', 24)).toBe(true);
    expect(long('ltx-2-3-fast', '1080x1920', 25)).toBe(true);
    expect(long('ltx-2-3-fast', '1920x1080', 50)).toBe(false);
    expect(long('ltx-2-3-fast', '2560x1440', 24)).toBe(false);
    expect(long('ltx-2-3-pro', '1920x1080', 24)).toBe(false);
    expect(long('ltx-2-5-pro', '1280x720', 24)).toBe(false);
  });

  it.each<[string, boolean]>([
    ['ltx-2-5-fast', true],
    ['ltx-2-5-pro', true],
    ['ltx-2-3-fast', false],
    ['ltx-2-3-pro', false],
  ])('duration null (auto) on %s: %s', (model, allowed) => {
    for (const endpoint of ['text-to-video', 'image-to-video']) {
      const errors = errorsOf(endpoint, { ...bodyFor(endpoint, model), duration: null });
      expect(errors.length === 0).toBe(allowed);
      if (!allowed)
        expect(errors[0]).toContain('duration null (auto length) needs ltx-2-5-fast or ltx-2-5-pro');
    }
  });

  it('camera_motion: refused on 2.5 Fast, a warning on 2.3 Fast, accepted on the Pro models', () => {
    const withMotion = (model: string) => ({ ...bodyFor('text-to-video', model), camera_motion: 'static' });
    expect(errorsOf('text-to-video', withMotion('ltx-2-5-fast'))).toEqual([
      '$.request.camera_motion: ltx-2-5-fast does not take camera_motion; models that do: ltx-2-5-pro, ltx-2-3-pro',
    ]);
    expect(errorsOf('text-to-video', withMotion('ltx-2-3-fast'))).toEqual([]);
    expect(catalogFindings('text-to-video', withMotion('ltx-2-3-fast'))[0]).toMatchObject({
      severity: 'warning',
      code: 'unconfirmed-feature',
    });
    expect(catalogFindings('text-to-video', withMotion('ltx-2-5-pro'))).toEqual([]);
    expect(catalogFindings('text-to-video', withMotion('ltx-2-3-pro'))).toEqual([]);
  });

  it('a known size a model does not render is an error with the nearest one as fix; an unknown size a warning', () => {
    const [size] = catalogFindings('text-to-video', {
      ...bodyFor('text-to-video', 'ltx-2-5-pro'),
      resolution: '3840x2160',
    });
    expect(size).toMatchObject({
      severity: 'error',
      code: 'unsupported-resolution',
      fix: { kind: 'replace', title: 'Change to 1920x1080', value: '1920x1080' },
    });
    const [odd] = catalogFindings('text-to-video', {
      ...bodyFor('text-to-video', 'ltx-2-5-pro'),
      resolution: '1024x576',
    });
    expect(odd).toMatchObject({ severity: 'warning', code: 'unknown-resolution' });
    expect(odd?.message).toContain('2026-11-29');
  });
});

describe('fixes', () => {
  it('names the replacement of a removed model and the nearest allowed value', () => {
    expect(catalogFindings('retake', bodyFor('retake', 'ltx-2-pro'))[0]?.fix).toEqual({
      kind: 'replace',
      title: 'Use ltx-2-3-pro',
      value: 'ltx-2-3-pro',
    });
    expect(catalogFindings('audio-to-video', bodyFor('audio-to-video', 'ltx-2-3-fast'))[0]?.fix?.title).toBe(
      'Use ltx-2-5-fast',
    );
    expect(
      catalogFindings('text-to-video', { ...bodyFor('text-to-video', 'ltx-2-3-pro'), duration: 14 })[0]?.fix,
    ).toEqual({ kind: 'replace', title: 'Change to 10', value: 10 });
    expect(
      catalogFindings('text-to-video', { ...bodyFor('text-to-video', 'ltx-2-5-pro'), fps: 48 })[0]?.fix
        ?.title,
    ).toBe('Change to 50');
  });
});
