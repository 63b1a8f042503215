import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock, type Simulator, startSimulator } from '../src/index.js';
import { json, submitUseapi, useapi } from './helpers.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../../shared/fixtures/useapi/${name}`, import.meta.url), 'utf8'));
const JOB_ID = /^email:sim@example\.com-job:[0-9a-f-]{36}-type:(video|image)$/;
const PNG = Buffer.from(readFileSync(new URL('../assets/image.png', import.meta.url)));

let sim: Simulator;
let clock: ManualClock;
const status = async (jobId: string) => json(await useapi(sim, 'GET', `assets/${encodeURIComponent(jobId)}`));

beforeEach(async () => {
  clock = createManualClock();
  sim = await startSimulator({ now: clock.now, pendingMs: 0, processingMs: 4000, progressSteps: 4 });
});
afterEach(async () => {
  await sim.close();
});

describe('useapi jobs', () => {
  it('creates a job with 200 {jobId, generationId}', async () => {
    const res = await useapi(sim, 'POST', 'videos/ltx-create', { prompt: 'a fox', duration: '5' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.jobId).toMatch(JOB_ID);
    expect(body.jobId.endsWith('-type:video')).toBe(true);
    expect(body.generationId).toMatch(/^gen_[0-9a-f]{12}$/);
  });

  it('reports active with rising progress, then completed with an artifact shaped like the docs', async () => {
    const jobId = await submitUseapi(sim, { prompt: 'a fox', replyRef: 'custom-reference-123' });
    const first = await status(jobId);
    expect(first.status).toEqual({ type: 'active', progress: 0, message: 'Generating' });
    expect(first.replyRef).toBe('custom-reference-123');
    clock.advance(2000);
    expect((await status(jobId)).status.progress).toBe(50);
    clock.advance(2000);
    const done = await status(jobId);
    const expected = fixture('job-completed.json');
    expect(Object.keys(done.status).sort()).toEqual(Object.keys(expected.status).sort());
    expect(Object.keys(done.status.artifact.asset).sort()).toEqual(
      Object.keys(expected.status.artifact.asset).sort(),
    );
    expect(done.status.artifact.asset).toMatchObject({ type: 'artifact', mimeType: 'video/mp4' });
    expect(done.status.artifact.expirationDateString).toMatch(/^\d{13}$/);
    expect(new URL(done.status.artifact.assetUrl).origin).toBe(sim.storageUrl);
  });

  it('says completed without an artifact for the first N reads on [sim:no-artifact=N]', async () => {
    const jobId = await submitUseapi(sim, { prompt: 'a fox [sim:no-artifact=2]' });
    clock.advance(4000);
    const bare = await status(jobId);
    expect(bare).toEqual({ ...fixture('job-completed-no-artifact.json'), jobId });
    expect((await status(jobId)).status.artifact).toBeUndefined();
    expect((await status(jobId)).status.artifact.assetUrl).toContain('/artifacts/');
  });

  it('fails on [sim:fail=...] with the docs shape', async () => {
    const jobId = await submitUseapi(sim, { prompt: 'x [sim:fail=api_error] ' });
    clock.advance(4000);
    const failed = await status(jobId);
    expect(Object.keys(failed).sort()).toEqual(Object.keys(fixture('job-failed.json')).sort());
    expect(failed.status.type).toBe('failed');
  });

  it('images get -type:image ids and a PNG; upscale needs a completed image job', async () => {
    const refused = await useapi(sim, 'POST', 'images/upscale', {
      jobId: 'email:sim@example.com-job:x-type:image',
    });
    expect(refused.status).toBe(400);
    const res = await useapi(sim, 'POST', 'images/flux-create', { prompt: 'a bowl of fruit' });
    const { jobId } = await json(res);
    expect(jobId).toMatch(/-type:image$/);
    expect(sim.jobs.get(jobId)?.endpoint).toBe('images/create');
    clock.advance(4000);
    const done = await status(jobId);
    expect(done.status.artifact.asset).toMatchObject({ mimeType: 'image/png', artifactSubtype: 'vertex-ai' });
    const png = Buffer.from(await (await fetch(done.status.artifact.assetUrl)).arrayBuffer());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect((await useapi(sim, 'POST', 'images/upscale', { jobId })).status).toBe(200);
  });

  it('404s an unknown or expired job with {error, code}', async () => {
    const res = await useapi(sim, 'GET', `assets/${encodeURIComponent('email:a@b.c-job:nope-type:video')}`);
    expect(res.status).toBe(404);
    expect(await json(res)).toMatchObject({ code: 404 });
    sim.setTiming({ retentionMs: 1000 });
    const jobId = await submitUseapi(sim);
    clock.advance(4999);
    expect((await useapi(sim, 'GET', `assets/${encodeURIComponent(jobId)}`)).status).toBe(200);
    clock.advance(1);
    expect((await useapi(sim, 'GET', `assets/${encodeURIComponent(jobId)}`)).status).toBe(404);
  });
});

describe('useapi scheduler', () => {
  it('lists running jobs and cancels one with 204, then 404s it', async () => {
    const jobId = await submitUseapi(sim, { prompt: 'a fox', replyRef: 'r1' });
    clock.advance(61_000 - 4000);
    sim.setTiming({ processingMs: 120_000 });
    const longJob = await submitUseapi(sim);
    const list = await json(await useapi(sim, 'GET', 'scheduler'));
    expect(list).toEqual([
      { jobId: longJob, email: 'sim@example.com', started: expect.any(String), elapsed: '00:00' },
    ]);
    clock.advance(61_000);
    expect((await json(await useapi(sim, 'GET', 'scheduler')))[0].elapsed).toBe('01:01');
    const available = await json(await useapi(sim, 'GET', 'scheduler/available'));
    expect(available.available[0]).toMatchObject({ email: 'sim@example.com', executing: 1, available: 19 });
    const cancel = await useapi(sim, 'DELETE', `scheduler/${encodeURIComponent(longJob)}`);
    expect(cancel.status).toBe(204);
    const again = await useapi(sim, 'DELETE', `scheduler/${encodeURIComponent(longJob)}`);
    expect(again.status).toBe(404);
    expect(await json(again)).toEqual({ error: `Unable to locate running jobId ${longJob}`, code: 404 });
    expect((await status(longJob)).status.type).toBe('failed');
    expect(sim.jobs.get(longJob)?.outcome).toBe('cancelled');
    expect((await useapi(sim, 'DELETE', `scheduler/${encodeURIComponent(jobId)}`)).status).toBe(404);
  });
});

describe('useapi maxJobs', () => {
  it('answers 429 {error, code} past the account maxJobs; a body maxJobs overrides it', async () => {
    sim.setFaults({ useapiMaxJobs: 1 });
    await submitUseapi(sim);
    const refused = await useapi(sim, 'POST', 'videos/ltx-create', { prompt: 'second' });
    expect(refused.status).toBe(429);
    expect(await json(refused)).toMatchObject({ code: 429, error: expect.stringContaining('maxJobs') });
    expect((await useapi(sim, 'POST', 'videos/ltx-create', { prompt: 'third', maxJobs: 2 })).status).toBe(
      200,
    );
    const available = await json(await useapi(sim, 'GET', 'scheduler/available'));
    expect(available.available[0]).toMatchObject({ maxJobs: 1, executing: 2, available: 0 });
  });
});

describe('useapi assets, auth and validation', () => {
  it('stores raw bytes with their Content-Type and returns a fileId usable as startAssetId', async () => {
    const res = await fetch(`${sim.useapiBaseUrl}/v1/ltxstudio/assets/?type=image`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.useapiToken}`, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.asset).toEqual({
      type: 'image',
      fileId: expect.stringMatching(/^asset:.+-type:image\/png$/),
      mimeType: 'image/png',
    });
    expect(body.expirationDateString).toMatch(/^\d{13}$/);
    const back = Buffer.from(await (await fetch(body.assetUrl)).arrayBuffer());
    expect(back.equals(PNG)).toBe(true);
    expect(sim.assets()).toHaveLength(1);
    expect(
      (await useapi(sim, 'POST', 'videos/ltx-create', { prompt: 'go', startAssetId: body.asset.fileId }))
        .status,
    ).toBe(200);
    const bad = await useapi(sim, 'POST', 'videos/ltx-create', {
      prompt: 'go',
      startAssetId: 'asset:zzz-type:image/png',
    });
    expect(bad.status).toBe(400);
  });

  it('refuses an upload without a Content-Type or body', async () => {
    const res = await fetch(`${sim.useapiBaseUrl}/v1/ltxstudio/assets/?type=image`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.useapiToken}` },
      body: new Uint8Array(0),
    });
    expect(res.status).toBe(400);
    expect((await json(res)).code).toBe(400);
  });

  it('401s with {error:"Unauthorized", code:401}', async () => {
    const res = await useapi(sim, 'POST', 'videos/ltx-create', { prompt: 'x' }, 'wrong');
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual(fixture('error-401.json'));
  });

  it('400s a bad body with {error, code:400} naming the field', async () => {
    const res = await useapi(sim, 'POST', 'videos/ltx-create', { prompt: 'x', aspectRatio: '4:3' });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(Object.keys(body).sort()).toEqual(Object.keys(fixture('error-400.json')).sort());
    expect(body.error).toContain('aspectRatio');
  });

  it('takes multipart/form-data bodies too', async () => {
    const form = new FormData();
    form.set('prompt', 'a fox in the snow');
    const res = await fetch(`${sim.useapiBaseUrl}/v1/ltxstudio/videos/ltx-create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.useapiToken}` },
      body: form,
    });
    expect(res.status).toBe(200);
  });
});
