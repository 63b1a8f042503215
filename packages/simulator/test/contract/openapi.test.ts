import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDeps,
  createLtxClient,
  jobRefOf,
  type ProviderClient,
  realSleep,
  watchJob,
} from '@ltx-jobs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/index.js';
import { type Exchange, recordingFetch, requestProblems, responseProblems } from './openapi.js';
import { CONTRACT_TIMING } from './world.js';

// Every answer the simulator gives to the LTX API surface, and every request the core's LTX client
// sends, checked against LTX's own OpenAPI document (with the capability table's newer models, see
// openapi.ts). Faults that are off the spec on purpose (unknown statuses, truncated JSON, odd result
// URLs, statuses the document does not list for an operation) are tested elsewhere, not here.

const exchanges: Exchange[] = [];
/** Exchanges a test made by hand with a body the client would never send (their answers still count). */
const handMade = new Set<Exchange>();
let sim: Simulator;
let client: ProviderClient;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ ...CONTRACT_TIMING, ltxConcurrencyLimit: null });
  dir = mkdtempSync(join(tmpdir(), 'ltx-openapi-'));
  writeFileSync(join(dir, 'frame.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  writeFileSync(join(dir, 'voice.wav'), Buffer.from('RIFF0000WAVEfmt ', 'latin1'));
  client = clientWith(sim.ltxApiKey);
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function clientWith(apiKey: string): ProviderClient {
  const deps = createDeps({
    fetch: recordingFetch(() => sim.ltxBaseUrl, exchanges),
    sleep: (ms, signal) => realSleep(Math.min(ms, 10), signal),
  });
  return createLtxClient({ apiKey, baseUrl: sim.ltxBaseUrl, deps, timeoutMs: 5000 });
}

async function run(endpoint: string, body: Record<string, unknown>) {
  const resolved = await client.resolveMedia(endpoint, body, { baseDir: dir });
  const submitted = await client.submit(endpoint, resolved);
  const ref = jobRefOf({ provider: 'ltx', endpoint, id: submitted.id });
  return watchJob(client, ref, { intervalMs: 10 }, createDeps());
}

async function raw(method: string, path: string, body?: unknown, key = sim.ltxApiKey): Promise<number> {
  const before = exchanges.length;
  const fetchRecorded = recordingFetch(() => sim.ltxBaseUrl, exchanges);
  const response = await fetchRecorded(`${sim.ltxBaseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  for (const e of exchanges.slice(before)) handMade.add(e);
  return response.status;
}

const video = 'https://cdn.example/in.mp4';

describe('the simulator and the LTX client against LTX OpenAPI document', () => {
  it.each<[string, Record<string, unknown>]>([
    [
      'text-to-video',
      { prompt: 'lighthouse', model: 'ltx-2-3-fast', resolution: '1920x1080', duration: 6, fps: 24 },
    ],
    ['text-to-video', { prompt: 'lanterns', model: 'ltx-2-5-fast', resolution: '1280x720', duration: 4 }],
    [
      'text-to-video',
      {
        prompt: 'dunes',
        model: 'ltx-2-5-pro',
        resolution: '1080x1920',
        duration: null,
        camera_motion: 'jib_up',
      },
    ],
    [
      'image-to-video',
      {
        prompt: 'drift',
        model: 'ltx-2-5-pro',
        resolution: '1920x1080',
        duration: null,
        image_uri: './frame.png',
      },
    ],
    [
      'image-to-video',
      {
        prompt: 'drift',
        model: 'ltx-2-3-pro',
        resolution: '2560x1440',
        duration: 8,
        image_uri: './frame.png',
        last_frame_uri: './frame.png',
      },
    ],
    [
      'audio-to-video',
      { audio_uri: './voice.wav', prompt: 'a singer', model: 'ltx-2-5-fast', resolution: '1280x720' },
    ],
    ['audio-to-video', { audio_uri: './voice.wav', image_uri: './frame.png', prompt: '' }],
    ['retake', { video_uri: video, start_time: 1, duration: 2, mode: 'replace_video' }],
    ['extend', { video_uri: video, duration: 4, mode: 'start', model: 'ltx-2-3-pro', context: 8 }],
    ['video-to-video-hdr', { video_uri: video }],
    ['video-to-video-reframe', { video_uri: video, model: 'ltx-2-3-pro', resolution: '1080x1350' }],
    [
      'text-to-video',
      {
        prompt: 'refused [sim:fail=content_filtered_error]',
        model: 'ltx-2-3-fast',
        resolution: '1920x1080',
        duration: 6,
      },
    ],
  ])('%s %j runs to its end', async (endpoint, body) => {
    const outcome = await run(endpoint, body);
    expect(outcome.end).toBe('terminal');
  });

  it('error answers: 400 invalid body, 401 bad key, 402 insufficient funds, 404 unknown job, 429, 500, 503', async () => {
    expect(await raw('POST', '/v2/text-to-video', { prompt: 'no model' })).toBe(400);
    expect(
      await raw('POST', '/v2/text-to-video', {
        prompt: 'x',
        model: 'ltx-9',
        resolution: '1920x1080',
        duration: 6,
      }),
    ).toBe(400);
    expect(
      await raw('POST', '/v2/retake', { video_uri: video, start_time: 0, duration: 2, model: 'ltx-2-5-pro' }),
    ).toBe(400);
    expect(await raw('POST', '/v2/text-to-video', {}, 'wrong-key')).toBe(401);
    expect(await raw('GET', '/v2/text-to-video/some-id', undefined, 'wrong-key')).toBe(401);
    expect(await raw('POST', '/v1/upload', undefined, 'wrong-key')).toBe(401);
    expect(await raw('GET', `/v2/image-to-video/${encodeURIComponent('no/such job')}`)).toBe(404);
    const funds = await client
      .submit('text-to-video', {
        prompt: 'x [sim:insufficient-funds]',
        model: 'ltx-2-3-pro',
        resolution: '1920x1080',
        duration: 6,
      })
      .catch((e: unknown) => e);
    expect(funds).toBeInstanceOf(Error);
    sim.addFault({ type: 'rate-limit', where: { op: 'submit' }, retryAfterSeconds: 1 });
    sim.addFault({ type: 'http-error', status: 503, where: { op: 'submit' } });
    await run('text-to-video', {
      prompt: 'after 429 and 503',
      model: 'ltx-2-3-pro',
      resolution: '1920x1080',
      duration: 6,
    });
    sim.addFault({ type: 'http-error', status: 500, where: { op: 'status' } });
    await run('text-to-video', {
      prompt: 'after a 500 read',
      model: 'ltx-2-3-pro',
      resolution: '1920x1080',
      duration: 6,
    });
    sim.addFault({ type: 'http-error', status: 503, where: { op: 'upload' } });
    const upload = await run('image-to-video', {
      prompt: 'after a 503 upload',
      model: 'ltx-2-3-fast',
      resolution: '1920x1080',
      duration: 6,
      image_uri: './frame.png',
    }).catch((e: unknown) => e);
    expect(upload).toBeInstanceOf(Error);
  });

  it('every request the client sent and every answer the simulator gave conforms', () => {
    const statuses = new Set(
      exchanges.map((e) => `${e.method} ${e.path.replace(/^(\/v2\/[^/]+)\/.+$/, '$1/{id}')} ${e.status}`),
    );
    for (const expected of [
      'POST /v2/text-to-video 202',
      'POST /v2/image-to-video 202',
      'POST /v2/audio-to-video 202',
      'POST /v2/retake 202',
      'POST /v2/extend 202',
      'POST /v2/video-to-video-hdr 202',
      'POST /v2/video-to-video-reframe 202',
      'GET /v2/text-to-video/{id} 200',
      'GET /v2/video-to-video-hdr/{id} 200',
      'POST /v1/upload 200',
      'POST /v2/text-to-video 400',
      'POST /v2/text-to-video 401',
      'POST /v2/text-to-video 402',
      'POST /v2/text-to-video 429',
      'POST /v2/text-to-video 503',
      'GET /v2/text-to-video/{id} 401',
      'GET /v2/text-to-video/{id} 500',
      'GET /v2/image-to-video/{id} 404',
      'POST /v1/upload 401',
      'POST /v1/upload 503',
    ])
      expect(statuses).toContain(expected);
    const violations = exchanges.flatMap((e) => [
      ...(handMade.has(e) ? [] : requestProblems(e.method, e.path, e.body)),
      ...responseProblems(e.method, e.path, e.status, e.answer),
    ]);
    expect(violations).toEqual([]);
    expect(exchanges.length).toBeGreaterThan(50);
  });

  it('the judge is not lenient: it refuses an off-spec answer and an off-spec request', () => {
    expect(
      responseProblems('GET', '/v2/retake/x', 200, {
        id: 'x',
        status: 'rendering',
        created_at: '2026-01-01T00:00:00Z',
      }),
    ).not.toEqual([]);
    expect(responseProblems('POST', '/v2/retake', 202, { id: 'x' })).not.toEqual([]);
    expect(
      responseProblems('GET', '/v2/retake/x', 429, {
        type: 'error',
        error: { type: 'rate_limit_error', message: 'slow' },
      }),
    ).toEqual(['GET /v2/retake/x: status 429 is not documented']);
    expect(
      requestProblems('POST', '/v2/text-to-video', { prompt: 'x', model: 'ltx-2-5-fast', duration: 6 }),
    ).not.toEqual([]);
    expect(
      requestProblems('POST', '/v2/retake', {
        video_uri: video,
        start_time: 0,
        duration: 2,
        model: 'ltx-2-5-pro',
      }),
    ).not.toEqual([]);
  });
});
