import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { knownDurations, knownFps, knownResolutions, listModels } from '../../src/catalog/lookup.js';
import { LTX_ENDPOINTS } from '../../src/providers/ltx/endpoints.js';
import { USEAPI_ENDPOINTS } from '../../src/providers/useapi/endpoints.js';
import { requestFileJsonSchema } from '../../src/request-file/json-schema.js';
import { checkRequestFile } from '../../src/request-file/parse.js';

const schema = requestFileJsonSchema();
// VS Code's own keywords (errorMessage, markdownDescription, defaultSnippets...) are annotations here.
const ajv = new Ajv({ strict: false, allErrors: true });
const validateFile = ajv.compile(schema);
const errorsOf = (file: unknown): string[] =>
  validateFile(file)
    ? []
    : [
        ...new Set(
          (validateFile.errors ?? [])
            .filter((e) => !['if', 'allOf'].includes(e.keyword))
            .map((e) => `$${e.instancePath.replaceAll('/', '.')}: ${e.keyword}`),
        ),
      ];

const t2v = {
  provider: 'ltx',
  endpoint: 'text-to-video',
  request: { prompt: 'p', model: 'ltx-2-3-pro', resolution: '1920x1080', duration: 8 },
};

describe('requestFileJsonSchema (validating)', () => {
  it('is a draft-07 schema for the envelope with descriptions and the table date', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['provider', 'endpoint', 'request']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.$comment).toContain('2026-11-29');
    const provider = (schema.properties as Record<string, Record<string, unknown>>).provider;
    expect(provider?.enum).toEqual(['ltx', 'useapi']);
    expect(provider?.description).toContain('retired 2026-03-09');
  });

  it('has one if/then per provider and per provider + endpoint, generated from the zod schemas', () => {
    const allOf = schema.allOf as { if: { properties: Record<string, { const: string }> }; then: unknown }[];
    expect(allOf).toHaveLength(2 + LTX_ENDPOINTS.length + USEAPI_ENDPOINTS.length);
    const branch = allOf.find((b) => b.if.properties.endpoint?.const === 'video-to-video-reframe');
    const request = (branch!.then as { properties: { request: Record<string, unknown> } }).properties.request;
    expect(request.required).toEqual(['video_uri', 'model', 'resolution']);
    expect(request.additionalProperties).toBe(false);
    expect(request.$schema).toBeUndefined();
  });

  it('offers the current models of each endpoint as examples and describes each model', () => {
    const text = JSON.stringify(schema);
    expect(text).toContain('"examples":["ltx-2-5-fast","ltx-2-5-pro","ltx-2-3-fast","ltx-2-3-pro"]');
    expect(text).toContain('"examples":["ltx-2-3-pro"]');
    expect(text).toContain('Removed on 2026-08-15: the API refuses it. Use ltx-2-3-fast.');
    expect(text).toContain('"default":24');
  });

  it('accepts every example file in the repository', () => {
    const dir = new URL('../../../../examples/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ltx.json'));
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      expect([file, errorsOf(JSON.parse(readFileSync(new URL(file, dir), 'utf8')))]).toEqual([file, []]);
    }
  });

  it.each<[string, unknown, string[]]>([
    ['a valid text-to-video file', t2v, []],
    ['an endpoint of the other provider', { ...t2v, endpoint: 'images/create' }, ['$.endpoint: enum']],
    [
      'a duration the table does not know (sent with a warning)',
      { ...t2v, request: { ...t2v.request, duration: 7 } },
      [],
    ],
    ['a model the table does not know', { ...t2v, request: { ...t2v.request, model: 'ltx-9' } }, []],
    [
      '12 s on a Pro model',
      { ...t2v, request: { ...t2v.request, duration: 12 } },
      ['$.request.duration: not'],
    ],
    [
      'a removed model',
      { ...t2v, request: { ...t2v.request, model: 'ltx-2-fast' } },
      ['$.request.model: not'],
    ],
    [
      'retake with ltx-2-5-pro',
      {
        provider: 'ltx',
        endpoint: 'retake',
        request: { video_uri: 'v.mp4', start_time: 0, duration: 2, model: 'ltx-2-5-pro' },
      },
      ['$.request.model: not'],
    ],
    [
      'an unknown request field',
      { ...t2v, request: { ...t2v.request, seed: 1 } },
      ['$.request: additionalProperties'],
    ],
    [
      'a missing request field',
      { ...t2v, request: { prompt: 'p', model: 'ltx-2-3-pro', duration: 8 } },
      ['$.request: required'],
    ],
    ['an unknown top-level field', { ...t2v, extra: true }, ['$: additionalProperties']],
    [
      'a useapi prompt over 2000 characters',
      {
        provider: 'useapi',
        endpoint: 'images/edit',
        request: { prompt: 'x'.repeat(2001), referenceAssetId: 'a.png' },
      },
      ['$.request.prompt: maxLength'],
    ],
  ])('%s', (_name, file, expected) => {
    expect(errorsOf(file)).toEqual(expected);
  });

  it('agrees with the parser on every model x size x fps x duration (text- and image-to-video)', () => {
    let checked = 0;
    for (const endpoint of ['text-to-video', 'image-to-video']) {
      for (const model of listModels()) {
        for (const { id: resolution } of knownResolutions()) {
          for (const fps of knownFps()) {
            for (const duration of [...knownDurations(), null, 7]) {
              const request = { prompt: 'p', model: model.id, resolution, fps, duration };
              const file = {
                provider: 'ltx',
                endpoint,
                request: endpoint === 'image-to-video' ? { ...request, image_uri: 'a.png' } : request,
              };
              const parser = checkRequestFile(JSON.stringify(file)).issues.filter(
                (i) => i.severity !== 'warning',
              );
              expect([endpoint, model.id, resolution, fps, duration, errorsOf(file).length > 0]).toEqual([
                endpoint,
                model.id,
                resolution,
                fps,
                duration,
                parser.length > 0,
              ]);
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBe(2 * listModels().length * 8 * 4 * 14);
  });
});

describe('requestFileJsonSchema({ mode: "editor-hints" })', () => {
  const editor = requestFileJsonSchema({ mode: 'editor-hints' });
  const VALIDATING = [
    'required',
    'additionalProperties',
    'enum',
    'const',
    'not',
    'minLength',
    'maxLength',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'pattern',
  ];

  it('keeps no validation keyword outside `if` conditions, so VS Code reports nothing of its own', () => {
    const found: string[] = [];
    const walk = (node: unknown, path: string, named = false) => {
      if (Array.isArray(node)) {
        for (const [i, n] of node.entries()) walk(n, `${path}[${i}]`);
        return;
      }
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'if' && !named) continue;
        if (!named && VALIDATING.includes(key)) found.push(`${path}.${key}`);
        if (key === 'defaultSnippets') continue;
        walk(value, `${path}.${key}`, ['properties', 'definitions'].includes(key) && !named);
      }
    };
    walk(editor, '$');
    expect(found).toEqual([]);
    const anything = ajv.compile(editor);
    expect(anything({ provider: 'nope', request: 3, extra: [] })).toBe(true);
    expect(anything({ ...t2v, request: { ...t2v.request, duration: 12, model: 'ltx-2-fast' } })).toBe(true);
  });

  it('keeps descriptions, per-endpoint properties and turns enums into value suggestions', () => {
    const text = JSON.stringify(editor);
    expect(text).toContain('"defaultSnippets":[{"label":"\\"ltx\\"","body":"ltx"');
    expect(text).toContain('camera_motion');
    expect(text).toContain('Model id (capability table of 2026-11-29)');
    expect(text).toContain('"if":{"properties":{"provider":{"const":"ltx"},"endpoint":{"const":"retake"}}');
  });
});
