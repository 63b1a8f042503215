import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock, type Simulator, startSimulator } from '../src/index.js';
import { json, ltx, submitLtx, t2vBody } from './helpers.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../../shared/fixtures/ltx/${name}`, import.meta.url), 'utf8'));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let sim: Simulator;
let clock: ManualClock;

beforeEach(async () => {
  clock = createManualClock();
  sim = await startSimulator({ now: clock.now, pendingMs: 1000, processingMs: 4000, retentionMs: 60_000 });
});
afterEach(async () => {
  await sim.close();
});

describe('LTX submit and status', () => {
  it('accepts a submit with 202 {id, created_at} shaped like the docs, with an x-request-id', async () => {
    const res = await ltx(sim, 'POST', '/v2/text-to-video', t2vBody());
    expect(res.status).toBe(202);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const body = await json(res);
    expect(Object.keys(body).sort()).toEqual(Object.keys(fixture('submit-accepted.json')).sort());
    expect(body.id).toMatch(UUID);
    expect(body.created_at).toBe(new Date(clock.now()).toISOString());
  });

  it('moves pending -> processing -> completed with a video_url on the storage origin', async () => {
    const id = await submitLtx(sim);
    const read = async () => json(await ltx(sim, 'GET', `/v2/text-to-video/${id}`));
    const pending = await read();
    expect(pending).toEqual({ ...fixture('job-pending.json'), id, created_at: pending.created_at });
    clock.advance(1000);
    expect((await read()).status).toBe('processing');
    clock.advance(4000);
    const done = await read();
    expect(Object.keys(done).sort()).toEqual(Object.keys(fixture('job-completed-video.json')).sort());
    expect(done.status).toBe('completed');
    expect(done.completed_at).toBe(new Date(clock.now()).toISOString());
    const url = new URL(done.result.video_url);
    expect(url.origin).toBe(sim.storageUrl);
    expect(url.origin).not.toBe(sim.url);
    expect(sim.jobs.get(id)?.outcome).toBe('succeeded');
  });

  it('serves every endpoint; HDR results are keyed exr_frames_url', async () => {
    const res = await ltx(sim, 'POST', '/v2/video-to-video-hdr', { video_uri: 'https://example.com/in.mp4' });
    expect(res.status).toBe(202);
    const { id } = await json(res);
    clock.advance(5000);
    const done = await json(await ltx(sim, 'GET', `/v2/video-to-video-hdr/${id}`));
    expect(Object.keys(done.result)).toEqual(['exr_frames_url']);
    const zip = new Uint8Array(await (await fetch(done.result.exr_frames_url)).arrayBuffer());
    expect(Buffer.from(zip.subarray(0, 4)).toString('latin1')).toBe('PK\u0003\u0004');
    expect(Buffer.from(zip).includes('frame_0001.exr')).toBe(true);
  });

  it('fails a job on [sim:fail=...] with the docs error pair', async () => {
    const id = await submitLtx(sim, 'a storm [sim:fail=content_filtered_error]');
    clock.advance(5000);
    const failed = await json(await ltx(sim, 'GET', `/v2/text-to-video/${id}`));
    expect(failed).toEqual({
      ...fixture('job-failed.json'),
      id,
      created_at: failed.created_at,
      completed_at: failed.completed_at,
    });
  });

  it('404s an unknown id, an id under the wrong endpoint, and a job past retention', async () => {
    const id = await submitLtx(sim);
    const unknown = await ltx(sim, 'GET', '/v2/text-to-video/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toEqual(fixture('error-404.json'));
    expect((await ltx(sim, 'GET', `/v2/image-to-video/${id}`)).status).toBe(404);
    clock.advance(5000 + 59_999);
    expect((await ltx(sim, 'GET', `/v2/text-to-video/${id}`)).status).toBe(200);
    clock.advance(1);
    const expired = await ltx(sim, 'GET', `/v2/text-to-video/${id}`);
    expect(expired.status).toBe(404);
    expect((await json(expired)).error.type).toBe('not_found_error');
  });
});

describe('LTX auth and validation', () => {
  it('401s a missing or wrong key with authentication_error, and never echoes the key', async () => {
    const missing = await ltx(sim, 'POST', '/v2/text-to-video', t2vBody(), null);
    expect(missing.status).toBe(401);
    expect(await json(missing)).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'Missing authorization header' },
    });
    const wrong = await ltx(sim, 'GET', '/v2/text-to-video/x', undefined, 'nope-secret');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('nope-secret');
    expect(wrong.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('400s a bad body with invalid_request_error naming the field', async () => {
    const res = await ltx(sim, 'POST', '/v2/text-to-video', t2vBody('x', { duration: 7 }));
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('duration');
    const missing = await json(await ltx(sim, 'POST', '/v2/text-to-video', { model: 'ltx-2-3-fast' }));
    expect(missing.error.message).toContain('prompt');
  });

  it('400s invalid JSON, an unknown directive, and a media ref that is not a URL', async () => {
    expect((await json(await ltx(sim, 'POST', '/v2/text-to-video', '{"prompt":'))).error.message).toContain(
      'not valid JSON',
    );
    const directive = await json(await ltx(sim, 'POST', '/v2/text-to-video', t2vBody('[sim:explode]')));
    expect(directive.error.message).toContain('[sim:explode]');
    const local = await ltx(sim, 'POST', '/v2/video-to-video-hdr', { video_uri: './clip.mp4' });
    expect(local.status).toBe(400);
    expect((await json(local)).error.message).toContain('video_uri');
    expect(sim.jobs.list()).toHaveLength(0);
  });

  it('404s routes it does not serve', async () => {
    const res = await ltx(sim, 'POST', '/v2/text-to-audio', {});
    expect(res.status).toBe(404);
    expect((await json(res)).error.type).toBe('not_found_error');
  });
});

describe('LTX concurrency limit', () => {
  it('refuses a third running job with 429 concurrency_limit_error and Retry-After, then frees up', async () => {
    await submitLtx(sim);
    await submitLtx(sim);
    const third = await ltx(sim, 'POST', '/v2/text-to-video', t2vBody());
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('5');
    expect((await json(third)).error.type).toBe('concurrency_limit_error');
    clock.advance(5000);
    expect((await ltx(sim, 'POST', '/v2/text-to-video', t2vBody())).status).toBe(202);
    expect(sim.submitCount('ltx')).toBe(4);
    expect(sim.jobs.list('ltx')).toHaveLength(3);
  });

  it('can be raised or switched off with setFaults', async () => {
    sim.setFaults({ ltxConcurrencyLimit: null });
    for (let i = 0; i < 4; i += 1) await submitLtx(sim);
    expect(sim.jobs.list()).toHaveLength(4);
  });
});
