import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type HttpError, isAuthError, isNotFoundError } from '../../src/errors/http-error.js';
import { isNetworkError } from '../../src/errors/network-error.js';
import { isRequestFileError, type RequestFileError } from '../../src/errors/request-file-error.js';
import { isUsageError } from '../../src/errors/usage-error.js';
import { createUseapiClient } from '../../src/providers/useapi/client.js';
import { USEAPI_DEPRECATION_NOTICE, USEAPI_RETIRED_ON } from '../../src/providers/useapi/endpoints.js';
import { connectionReset, fixture, json, rejectionOf, testDeps } from '../http/fakes.js';

const TOKEN = 'user:12345-secret';
const JOB_ID = 'email:user@example.com-job:7a34b821-9fd0-205e-d21b-4abc6f7839e7-type:video';
const ENCODED = 'email%3Auser%40example.com-job%3A7a34b821-9fd0-205e-d21b-4abc6f7839e7-type%3Avideo';
const ROOT = 'https://api.useapi.net/v1/ltxstudio';
const created = () => json({ jobId: JOB_ID, generationId: 'gen_abc123def456' });

function setup(replies: Parameters<typeof testDeps>[0]) {
  const t = testDeps(replies);
  return { ...t, client: createUseapiClient({ apiToken: TOKEN, deps: t.deps, timeoutMs: 1000 }) };
}

describe('useapi client', () => {
  it('is marked deprecated and can cancel', () => {
    const { client } = setup([]);
    expect(client.deprecation).toEqual({ since: USEAPI_RETIRED_ON, message: USEAPI_DEPRECATION_NOTICE });
    expect(client.canCancel).toBe(true);
    expect(client.endpoints).toEqual([
      'videos/ltx-create',
      'videos/veo-create',
      'images/create',
      'images/edit',
      'images/upscale',
    ]);
  });

  it('submits under /v1/ltxstudio/ and returns the jobId', async () => {
    const { client, calls } = setup([created()]);
    const body = { prompt: 'Paper boats', model: 'ltxv-turbo', duration: '5', aspectRatio: '16:9' };
    const result = await client.submit('videos/ltx-create', body);
    expect(result).toEqual({ id: JOB_ID, raw: { jobId: JOB_ID, generationId: 'gen_abc123def456' } });
    expect(calls[0]?.url).toBe(`${ROOT}/videos/ltx-create`);
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(calls[0]?.body as string)).toEqual(body);
  });

  it('returns the full job when pollForResult finished in time', async () => {
    const { client } = setup([json(fixture('useapi/job-completed.json'))]);
    const result = await client.submit('images/create', { prompt: 'a cat', pollForResult: 10 });
    expect(result.id).toBe(JOB_ID);
    expect(result.job?.state).toBe('succeeded');
    expect(result.job?.endpoint).toBe('images/create');
    expect(result.job?.artifacts[0]?.mimeType).toBe('video/mp4');
  });

  it('waits for a pollForResult answer longer than the plain timeout', async () => {
    const t = testDeps([
      async (call) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        expect(call.signal?.aborted).toBe(false);
        return created();
      },
    ]);
    const client = createUseapiClient({ apiToken: TOKEN, deps: t.deps, timeoutMs: 5 });
    const result = await client.submit('videos/ltx-create', { prompt: 'x', pollForResult: 1 });
    expect(result.id).toBe(JOB_ID);
  });

  it('retries a 429 submit but not a dropped connection', async () => {
    const retried = setup([
      json({ error: 'Too many jobs', code: 429 }, 429, { 'retry-after': '3' }),
      created(),
    ]);
    await retried.client.submit('images/upscale', { jobId: 'email:a@b.c-job:1-type:image' });
    expect(retried.calls).toHaveLength(2);
    expect(retried.sleeps).toEqual([3000]);

    const dropped = setup([connectionReset(), created()]);
    expect(isNetworkError(await rejectionOf(dropped.client.submit('images/upscale', { jobId: 'x' })))).toBe(
      true,
    );
    expect(dropped.calls).toHaveLength(1);
  });

  it.each([
    [
      'images/edit',
      { prompt: 'make it blue' },
      '$.request.referenceAssetId',
      'missing required property "referenceAssetId" (expected a string)',
    ],
    [
      'videos/veo-create',
      { model: 'veo2', prompt: 'x' },
      '$.request.startAssetId',
      'veo2 needs startAssetId (a start image); got none',
    ],
    [
      'videos/veo-create',
      { model: 'veo3', duration: 5 },
      '$.request.duration',
      'veo3 supports duration 8; got 5',
    ],
    [
      'videos/ltx-create',
      { prompt: 'x', duration: 4 },
      '$.request.duration',
      'expected one of 3, 5, 7, 9, 15, 30, "3", "5", "7", "9", "15", "30"; got 4',
    ],
  ])('validates %s bodies: %j', async (endpoint, body, path, message) => {
    const { client, calls } = setup([]);
    const error = (await rejectionOf(client.submit(endpoint, body))) as RequestFileError;
    expect(isRequestFileError(error)).toBe(true);
    expect(error.issues[0]).toMatchObject({ path, message });
    expect(calls).toHaveLength(0);
  });

  it('reads status from assets/{jobId} with the id URL-encoded', async () => {
    const { client, calls } = setup([json(fixture('useapi/job-active.json'))]);
    const { job } = await client.status({ provider: 'useapi', id: JOB_ID, endpoint: 'videos/ltx-create' });
    expect(calls[0]?.url).toBe(`${ROOT}/assets/${ENCODED}`);
    expect(job).toMatchObject({ state: 'running', progress: 42, endpoint: 'videos/ltx-create' });
  });

  it('maps 401 and 404 answers', async () => {
    const { client } = setup([
      json(fixture('useapi/error-401.json'), 401),
      json({ error: `Job ${JOB_ID} not found`, code: 404 }, 404),
    ]);
    const ref = { provider: 'useapi' as const, id: JOB_ID };
    expect(isAuthError(await rejectionOf(client.status(ref)))).toBe(true);
    const notFound = (await rejectionOf(client.status(ref))) as HttpError;
    expect(isNotFoundError(notFound)).toBe(true);
    expect(notFound.url).toBe(`${ROOT}/assets/${ENCODED}`);
  });

  it('cancels with DELETE scheduler/{jobId}: 204 ok, 404 NotFoundError', async () => {
    const { client, calls } = setup([
      new Response(null, { status: 204 }),
      json({ error: `Unable to locate running jobId ${JOB_ID}`, code: 404 }, 404),
    ]);
    const ref = { provider: 'useapi' as const, id: JOB_ID };
    await client.cancel(ref);
    expect(calls[0]?.method).toBe('DELETE');
    expect(calls[0]?.url).toBe(`${ROOT}/scheduler/${ENCODED}`);
    const error = (await rejectionOf(client.cancel(ref))) as HttpError;
    expect(isNotFoundError(error)).toBe(true);
    expect(error.message).toContain('Unable to locate running jobId');
  });
});

describe('useapi resolveMedia', () => {
  const dir = mkdtempSync(join(tmpdir(), 'useapi-media-'));
  const jpg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 7]);
  writeFileSync(join(dir, 'start.jpg'), jpg);
  writeFileSync(join(dir, 'ref.webp'), new Uint8Array([1]));
  const uploaded = (id: string, mimeType: string) =>
    json({
      assetUrl: 'https://storage.googleapis.com/lt-infinity-prd/x',
      expirationDateString: '1748919477350',
      asset: { type: 'image', fileId: `asset:${id}-type:${mimeType}`, mimeType },
    });

  it.each([
    ['videos/ltx-create', 'startAssetId', 'image'],
    ['videos/veo-create', 'startAssetId', 'reference-image'],
    ['images/create', 'referenceAssetId', 'reference-image'],
    ['images/edit', 'referenceAssetId2', 'reference-image'],
  ])('%s uploads %s as type=%s', async (endpoint, field, type) => {
    const { client, calls } = setup([uploaded('a1', 'image/jpeg')]);
    const out = await client.resolveMedia(endpoint, { prompt: 'p', [field]: 'start.jpg' }, { baseDir: dir });
    expect(out[field]).toBe('asset:a1-type:image/jpeg');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe('POST');
    expect(calls[0]?.url).toBe(`${ROOT}/assets/?type=${type}`);
    expect(calls[0]?.headers['content-type']).toBe('image/jpeg');
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect([...(calls[0]!.body as Uint8Array)]).toEqual([...jpg]);
  });

  it('passes email, keeps asset ids and uploads each local file', async () => {
    const { client, calls } = setup([uploaded('s', 'image/jpeg')]);
    const body = {
      prompt: 'p',
      email: 'me@example.com',
      startAssetId: 'start.jpg',
      endAssetId: 'asset:e-type:image/png',
    };
    const out = await client.resolveMedia('videos/ltx-create', body, { baseDir: dir });
    expect(out).toEqual({ ...body, startAssetId: 'asset:s-type:image/jpeg' });
    expect(calls[0]?.url).toBe(`${ROOT}/assets/?type=image&email=me%40example.com`);
  });

  it.each([
    [
      'frames/start.gif',
      '$.request.startAssetId: "frames/start.gif" is not a URL and its extension is not one of .png, .jpg, .jpeg, .webp',
    ],
    ['clip.mp4', '$.request.startAssetId: "clip.mp4" is not a URL and its extension is not one of .png'],
  ])('refuses %s (a path, but not an image)', async (value, message) => {
    const { client } = setup([]);
    const error = await rejectionOf(
      client.resolveMedia('videos/ltx-create', { prompt: 'p', startAssetId: value }, { baseDir: dir }),
    );
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });

  it('passes ids in an unknown format through untouched', async () => {
    const { client, calls } = setup([]);
    const out = await client.resolveMedia(
      'videos/ltx-create',
      { prompt: 'p', startAssetId: 'img-12345' },
      { baseDir: dir },
    );
    expect(out.startAssetId).toBe('img-12345');
    expect(calls).toHaveLength(0);
  });

  it('uploads nothing when a later asset field names a missing image', async () => {
    const { client, calls } = setup([]);
    const body = { prompt: 'p', startAssetId: 'start.jpg', endAssetId: 'gone.png' };
    const error = await rejectionOf(client.resolveMedia('videos/ltx-create', body, { baseDir: dir }));
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toContain('$.request.endAssetId: file not found');
    expect(calls).toHaveLength(0);
  });

  it('refuses a missing local image with the JSON path and resolved path', async () => {
    const { client, calls } = setup([]);
    const error = await rejectionOf(
      client.resolveMedia('images/edit', { prompt: 'p', referenceAssetId: 'nope.png' }, { baseDir: dir }),
    );
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toBe(
      `$.request.referenceAssetId: file not found: ${join(dir, 'nope.png')} (from "nope.png", relative to ${dir})`,
    );
    expect(calls).toHaveLength(0);
  });
});
