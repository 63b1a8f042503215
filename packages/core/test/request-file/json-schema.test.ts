import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LTX_ENDPOINTS } from '../../src/providers/ltx/endpoints.js';
import { USEAPI_ENDPOINTS } from '../../src/providers/useapi/endpoints.js';
import { requestFileJsonSchema } from '../../src/request-file/json-schema.js';
import { validate } from './mini-json-schema.js';

const schema = requestFileJsonSchema();
const t2v = {
  provider: 'ltx',
  endpoint: 'text-to-video',
  request: { prompt: 'p', model: 'ltx-2-3-pro', resolution: '1920x1080', duration: 8 },
};

describe('requestFileJsonSchema', () => {
  it('is a draft-07 schema for the envelope with descriptions', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['provider', 'endpoint', 'request']);
    expect(schema.additionalProperties).toBe(false);
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
    expect((request.properties as Record<string, { enum?: unknown[] }>).resolution?.enum).toContain(
      '1080x1350',
    );
    expect(request.$schema).toBeUndefined();
  });

  it('carries descriptions and defaults for editors', () => {
    const text = JSON.stringify(schema);
    expect(text).toContain('Deprecated 2026-07-15, removed 2026-08-15: use ltx-2-3-fast.');
    expect(text).toContain('"default":24');
    expect(text).toContain('"enumDescriptions"');
  });

  it('accepts every example file in the repository', () => {
    const dir = new URL('../../../../examples/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ltx.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect([file, validate(schema, JSON.parse(readFileSync(new URL(file, dir), 'utf8')))]).toEqual([
        file,
        [],
      ]);
    }
  });

  it.each<[string, unknown, string[]]>([
    ['a valid text-to-video file', t2v, []],
    ['an endpoint of the other provider', { ...t2v, endpoint: 'images/create' }, ['$.endpoint: enum']],
    [
      'a duration outside the enum',
      { ...t2v, request: { ...t2v.request, duration: 7 } },
      ['$.request.duration: enum'],
    ],
    [
      'an unknown request field',
      { ...t2v, request: { ...t2v.request, seed: 1 } },
      ['$.request: additional seed'],
    ],
    [
      'a missing request field',
      { ...t2v, request: { prompt: 'p', model: 'ltx-2-3-pro', duration: 8 } },
      ['$.request: required resolution'],
    ],
    ['an unknown top-level field', { ...t2v, extra: true }, ['$: additional extra']],
    [
      'a useapi body with a string duration',
      { provider: 'useapi', endpoint: 'videos/ltx-create', request: { prompt: 'x', duration: '5' } },
      [],
    ],
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
    expect(validate(schema, file)).toEqual(expected);
  });
});
