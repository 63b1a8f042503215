import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/errors/config-error.js';
import {
  type HttpError,
  isHttpError,
  isNotFoundError,
  isRateLimitError,
  isServerError,
} from '../../src/errors/http-error.js';
import { isNetworkError, type NetworkError } from '../../src/errors/network-error.js';
import { isRequestFileError, type RequestFileError } from '../../src/errors/request-file-error.js';
import { isTimeoutError } from '../../src/errors/timeout-error.js';
import { isUsageError } from '../../src/errors/usage-error.js';
import { createLtxClient } from '../../src/providers/ltx/client.js';
import { connectionReset, fixture, hang, json, rejectionOf, testDeps } from '../http/fakes.js';

const KEY = 'ltxv_secret_key_abc';
const BODY = {
  prompt: 'A lighthouse at dawn',
  model: 'ltx-2-3-fast',
  duration: 6,
  resolution: '1920x1080',
  fps: 24,
};
const accepted = () => json(fixture('ltx/submit-accepted.json'), 202, { 'x-request-id': 'req-1' });
const refused429 = (retryAfter?: string) =>
  json(fixture('ltx/error-429.json'), 429, retryAfter ? { 'retry-after': retryAfter } : {});
const refused503 = () =>
  json({ type: 'error', error: { type: 'service_unavailable', message: 'down' } }, 503);

function setup(replies: Parameters<typeof testDeps>[0], timeoutMs = 1000) {
  const t = testDeps(replies);
  return { ...t, client: createLtxClient({ apiKey: KEY, deps: t.deps, timeoutMs }) };
}

describe('createLtxClient', () => {
  it.each([
    [{ apiKey: ' ' }, 'The LTX API key is missing'],
    [{ apiKey: KEY, baseUrl: 'http://api.ltx.video' }, 'LTX base URL must use https://'],
    [{ apiKey: 'sk-pasted\nkey' }, 'The LTX API key contains a character that cannot be sent'],
  ])('refuses %j', (options, message) => {
    const error = (() => {
      try {
        createLtxClient({ ...options, deps: testDeps([]).deps });
      } catch (e) {
        return e;
      }
    })();
    expect(isConfigError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('pasted');
  });

  it('describes itself', () => {
    const { client } = setup([]);
    expect(client.provider).toBe('ltx');
    expect(client.canCancel).toBe(false);
    expect(client.deprecation).toBeUndefined();
    expect(client.endpoints).toContain('video-to-video-reframe');
  });
});

describe('ltx submit', () => {
  it('POSTs the body to /v2/{endpoint} with the bearer token and returns the id', async () => {
    const { client, calls } = setup([accepted()]);
    const result = await client.submit('text-to-video', BODY);
    expect(result).toEqual({
      id: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
      createdAt: '2026-01-15T10:00:00.000Z',
      raw: fixture('ltx/submit-accepted.json'),
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe('POST');
    expect(calls[0]?.url).toBe('https://api.ltx.video/v2/text-to-video');
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(calls[0]?.body as string)).toEqual(BODY);
  });

  it('retries 429 and 503 (the server started no job), honouring Retry-After', async () => {
    const { client, calls, sleeps } = setup([refused429('7'), refused503(), accepted()]);
    const result = await client.submit('text-to-video', BODY);
    expect(result.id).toBe('a1b2c3d4-e5f6-7890-abcd-ef1234567890');
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([7000, 2000]);
  });

  it('gives up after 3 retries with the last RateLimitError', async () => {
    const { client, calls, sleeps } = setup([refused429(), refused429(), refused429(), refused429('2')]);
    const error = (await rejectionOf(client.submit('text-to-video', BODY))) as HttpError;
    expect(isRateLimitError(error)).toBe(true);
    expect(error.errorType).toBe('rate_limit_error');
    expect(error.retryAfterMs).toBe(2000);
    expect(calls).toHaveLength(4);
    expect(sleeps).toEqual([1000, 2000, 4000]);
  });

  it('does not wait out a Retry-After longer than a minute', async () => {
    const { client, calls, sleeps } = setup([refused429('3600')]);
    expect(isRateLimitError(await rejectionOf(client.submit('text-to-video', BODY)))).toBe(true);
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('never retries after a dropped connection: the job may exist', async () => {
    const { client, calls } = setup([connectionReset(), accepted()]);
    const error = (await rejectionOf(client.submit('text-to-video', BODY))) as NetworkError;
    expect(isNetworkError(error)).toBe(true);
    expect(error.requestSent).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('never retries after a timeout', async () => {
    const { client, calls } = setup([hang(), accepted()], 5);
    expect(isTimeoutError(await rejectionOf(client.submit('text-to-video', BODY)))).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it.each([
    [500, { type: 'error', error: { type: 'api_error', message: 'boom' } }, isServerError],
    [402, fixture('ltx/error-402.json'), isHttpError],
  ])('does not retry %s', async (status, body, guard) => {
    const { client, calls } = setup([json(body, status), accepted()]);
    expect(guard(await rejectionOf(client.submit('text-to-video', BODY)))).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('validates the body before sending anything', async () => {
    const { client, calls } = setup([]);
    const error = (await rejectionOf(
      client.submit('text-to-video', { ...BODY, model: 'ltx-2-3-pro', duration: 12 }),
    )) as RequestFileError;
    expect(isRequestFileError(error)).toBe(true);
    expect(error.issues).toEqual([
      {
        path: '$.request.duration',
        segments: ['request', 'duration'],
        message:
          'ltx-2-3-pro renders 2, 3, 4, 5, 6, 8, 10 s at 1920x1080 and 24 fps; got 12 (12-20 s need a Fast model at 720p/1080p and 24/25 fps)',
        code: 'unsupported-duration',
        fix: { kind: 'replace', title: 'Change to 10', value: 10 },
      },
    ]);
    expect(calls).toHaveLength(0);
  });

  it('rejects an unknown endpoint with UsageError', async () => {
    const { client } = setup([]);
    const error = await rejectionOf(client.submit('text-to-music', BODY));
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toContain('expected one of text-to-video, image-to-video');
  });

  it('refuses a removed model before sending, naming its replacement', async () => {
    const { client, calls } = setup([accepted()]);
    const error = await rejectionOf(
      client.submit('text-to-video', { ...BODY, model: 'ltx-2-fast', fps: 25 }),
    );
    expect((error as Error).message).toContain(
      'ltx-2-fast was removed on 2026-08-15 and LTX refuses it; use ltx-2-3-fast',
    );
    expect(calls).toHaveLength(0);
  });

  it('sends a model the table does not know, noting it in the debug log (without the key)', async () => {
    const { client, calls, logger } = setup([accepted()]);
    await client.submit('text-to-video', { ...BODY, model: 'ltx-3-fast' });
    expect(calls).toHaveLength(1);
    expect(logger.lines.some((l) => l.includes('ltx-3-fast') && l.includes('2026-11-29'))).toBe(true);
    expect(logger.lines.join('\n')).not.toContain(KEY);
  });
});

describe('ltx status and cancel', () => {
  it('GETs /v2/{endpoint}/{id} with the id URL-encoded and maps the job', async () => {
    const { client, calls } = setup([
      json(fixture('ltx/job-completed-video.json'), 200, { 'retry-after': '5' }),
    ]);
    const result = await client.status({ provider: 'ltx', endpoint: 'image-to-video', id: 'a/b c?' });
    expect(calls[0]?.url).toBe('https://api.ltx.video/v2/image-to-video/a%2Fb%20c%3F');
    expect(calls[0]?.method).toBe('GET');
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(result.retryAfterMs).toBe(5000);
    expect(result.job.state).toBe('succeeded');
    expect(result.job.endpoint).toBe('image-to-video');
    expect(result.job.artifacts[0]?.url).toBe('https://storage.googleapis.com/example/video.mp4');
  });

  it('turns the 404 envelope into NotFoundError', async () => {
    const { client } = setup([json(fixture('ltx/error-404.json'), 404, { 'x-request-id': 'req-404' })]);
    const error = (await rejectionOf(
      client.status({ provider: 'ltx', endpoint: 'extend', id: 'gone' }),
    )) as HttpError;
    expect(isNotFoundError(error)).toBe(true);
    expect(error.errorType).toBe('not_found_error');
    expect(error.requestId).toBe('req-404');
  });

  it('refuses a useapi ref', async () => {
    const { client, calls } = setup([]);
    expect(isUsageError(await rejectionOf(client.status({ provider: 'useapi', id: 'x' })))).toBe(true);
    expect(calls).toHaveLength(0);
  });

  it('cannot cancel', async () => {
    const { client, calls } = setup([]);
    const error = await rejectionOf(client.cancel({ provider: 'ltx', endpoint: 'text-to-video', id: 'j1' }));
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toContain('LTX jobs cannot be cancelled');
    expect(calls).toHaveLength(0);
  });
});

describe('ltx resolveMedia', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ltx-media-'));
  mkdirSync(join(dir, 'frames'));
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  writeFileSync(join(dir, 'frames', 'first.png'), png);
  writeFileSync(join(dir, 'clip.mov'), new Uint8Array([9, 9]));
  writeFileSync(join(dir, 'notes.txt'), 'x');
  const slot = (n: number) =>
    json({
      upload_url: `https://storage.googleapis.com/ltx-uploads/u${n}?X-Goog-Signature=sig${n}`,
      storage_uri: `ltx://uploads/u${n}`,
      expires_at: '2026-01-15T11:05:00.000Z',
      required_headers: { 'x-goog-content-length-range': '0,104857600', 'X-Goog-Meta-Owner': 'acct-7' },
    });

  it('uploads a local file and replaces the field by storage_uri; URLs stay', async () => {
    const { client, calls } = setup([slot(1), new Response(null, { status: 200 })]);
    const body = {
      prompt: 'p',
      image_uri: 'frames/first.png',
      last_frame_uri: 'https://cdn.example.com/last.png',
    };
    const out = await client.resolveMedia('image-to-video', body, { baseDir: dir });
    expect(out).toEqual({ ...body, image_uri: 'ltx://uploads/u1' });
    expect(body.image_uri).toBe('frames/first.png');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST https://api.ltx.video/v1/upload',
      'PUT https://storage.googleapis.com/ltx-uploads/u1?X-Goog-Signature=sig1',
    ]);
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    const put = calls[1]!;
    expect(put.headers.authorization).toBeUndefined();
    expect(put.headers['content-type']).toBe('image/png');
    expect(put.headers['content-length']).toBe(String(png.byteLength));
    expect(put.headers['x-goog-content-length-range']).toBe('0,104857600');
    expect(put.headers['x-goog-meta-owner']).toBe('acct-7');
    expect([...(put.body as Uint8Array)]).toEqual([...png]);
  });

  it('accepts 201 from the PUT and lets required_headers override Content-Type', async () => {
    const custom = json({
      upload_url: 'https://storage.googleapis.com/u2?sig=1',
      storage_uri: 'ltx://uploads/u2',
      expires_at: '2026-01-15T11:05:00.000Z',
      required_headers: { 'Content-Type': 'application/octet-stream' },
    });
    const { client, calls } = setup([custom, new Response(null, { status: 201 })]);
    const out = await client.resolveMedia(
      'extend',
      { video_uri: join(dir, 'clip.mov'), duration: 4 },
      { baseDir: '/elsewhere' },
    );
    expect(out.video_uri).toBe('ltx://uploads/u2');
    expect(calls[1]?.headers['content-type']).toBe('application/octet-stream');
  });

  it('reports a failed PUT without the signed query', async () => {
    const { client } = setup([
      slot(3),
      new Response('<Error>SignatureDoesNotMatch</Error>', { status: 403 }),
    ]);
    const error = (await rejectionOf(
      client.resolveMedia('retake', { video_uri: 'clip.mov', start_time: 0, duration: 2 }, { baseDir: dir }),
    )) as HttpError;
    expect(error.provider).toBe('artifact-host');
    expect(error.status).toBe(403);
    expect(error.url).toBe('https://storage.googleapis.com/ltx-uploads/u3');
    expect(error.message).not.toContain('sig3');
  });

  it.each([['data:image/png;base64,AAAA'], ['ltx://uploads/existing'], ['http://cdn.example.com/a.png']])(
    'leaves %s alone',
    async (value) => {
      const { client, calls } = setup([]);
      const out = await client.resolveMedia('image-to-video', { image_uri: value }, { baseDir: dir });
      expect(out.image_uri).toBe(value);
      expect(calls).toHaveLength(0);
    },
  );

  it('uploads nothing when a later media field names a missing file', async () => {
    const { client, calls } = setup([slot(4), new Response(null, { status: 200 })]);
    const body = { prompt: 'p', image_uri: 'frames/first.png', last_frame_uri: 'frames/last.png' };
    const error = await rejectionOf(client.resolveMedia('image-to-video', body, { baseDir: dir }));
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toContain('$.request.last_frame_uri: file not found');
    expect(calls).toHaveLength(0);
  });

  it.each([
    ['frames/missing.png', `$.request.image_uri: file not found: ${join(dir, 'frames', 'missing.png')}`],
    ['notes.txt', '$.request.image_uri: "notes.txt" is not a URL and its extension is not one of .png'],
    ['frames', '$.request.image_uri: "frames" is not a URL'],
  ])('refuses %s with UsageError before any request', async (value, message) => {
    const { client, calls } = setup([]);
    const error = await rejectionOf(
      client.resolveMedia('image-to-video', { image_uri: value }, { baseDir: dir }),
    );
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
    expect(calls).toHaveLength(0);
  });
});
