import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { estimateCost, explainEstimate, formatEstimate, PRICE_TABLE } from '../../src/cost/index.js';
import { makeMp4, makeWav } from '../../test-support/media-files.mjs';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cost-'));
  await writeFile(join(dir, 'five.mp4'), makeMp4({ durationSeconds: 5 }));
  await writeFile(
    join(dir, 'four-k.mp4'),
    makeMp4({
      durationSeconds: 4,
      tracks: [{ handler: 'vide', codec: 'hvc1', width: 3840, height: 2160 }],
    }),
  );
  await writeFile(
    join(dir, 'fifty.mp4'),
    makeMp4({
      durationSeconds: 12,
      tracks: [{ handler: 'vide', codec: 'avc1', width: 1920, height: 1080, fps: 50 }],
    }),
  );
  await writeFile(join(dir, 'voice.wav'), makeWav({ durationSeconds: 7.5 }));
});
const ltx = (endpoint: string, request: Record<string, unknown>) => ({ provider: 'ltx', endpoint, request });
const t2v = { prompt: 'x', model: 'ltx-2-3-fast', resolution: '1280x720', duration: 6, fps: 24 };

describe('estimateCost', () => {
  it('bills text-to-video by output seconds: ltx-2-3-fast 720p 6 s is $0.18', async () => {
    const estimate = await estimateCost(ltx('text-to-video', t2v));
    expect(estimate).toEqual({
      usd: 0.18,
      basis: 'output seconds',
      exact: false,
      tableDate: PRICE_TABLE.checked,
      seconds: 6,
      usdPerSecond: 0.03,
      tier: '720p',
    });
    expect(formatEstimate(estimate)).toBe('≈ $0.18');
    expect(explainEstimate(estimate)).toBe(
      '≈ $0.18: 6 s × $0.03/s (output seconds, 720p; prices of 2026-11; an estimate, not a bill)',
    );
  });

  it('prices portrait like landscape (tier by the short side) and image-to-video like text-to-video', async () => {
    const estimate = await estimateCost(
      ltx('image-to-video', { ...t2v, resolution: '720x1280', image_uri: 'x.png' }),
    );
    expect(estimate).toMatchObject({ usd: 0.18, tier: '720p' });
  });

  it('bills retake by the seconds of the input video read from the MP4: 5.0 s at ltx-2-3-pro 1080p is $0.50', async () => {
    const estimate = await estimateCost(
      ltx('retake', {
        video_uri: 'five.mp4',
        start_time: 1,
        duration: 2,
        model: 'ltx-2-3-pro',
        resolution: '1920x1080',
      }),
      { baseDir: dir },
    );
    expect(estimate).toMatchObject({ usd: 0.5, basis: 'input seconds', seconds: 5, tier: '1080p' });
  });

  it('bills audio-to-video by the input audio (WAV), with the default model ltx-2-3-pro', async () => {
    const estimate = await estimateCost(ltx('audio-to-video', { audio_uri: 'voice.wav', prompt: 'a' }), {
      baseDir: dir,
    });
    expect(estimate).toMatchObject({ usd: 0.75, basis: 'input seconds', seconds: 7.5 });
  });

  it('prices HDR by the input tier: a 4K input at the up-to-4K rate', async () => {
    const estimate = await estimateCost(ltx('video-to-video-hdr', { video_uri: 'four-k.mp4' }), {
      baseDir: dir,
    });
    expect(estimate).toMatchObject({ usd: 3.2, tier: 'up-to-2160p', basis: 'input seconds' });
    const small = await estimateCost(ltx('video-to-video-hdr', { video_uri: 'five.mp4' }), { baseDir: dir });
    expect(small).toMatchObject({ usd: 1, tier: 'up-to-1080p' });
  });

  it('prices reframe by the output resolution and the input seconds', async () => {
    const request = { video_uri: 'five.mp4', model: 'ltx-2-3-pro', resolution: '720x900' };
    expect(await estimateCost(ltx('video-to-video-reframe', request), { baseDir: dir })).toMatchObject({
      usd: 0.5,
      tier: '720p',
    });
    const big = await estimateCost(ltx('video-to-video-reframe', { ...request, resolution: '1080x1080' }), {
      baseDir: dir,
    });
    expect(big).toEqual({
      unknown: 'no known price for ltx-2-3-pro video-to-video-reframe at 1080p (prices of 2026-11)',
    });
  });

  it('caps extend at 505 billed frames at the input frame rate (50 fps: 10.1 s)', async () => {
    const estimate = await estimateCost(ltx('extend', { video_uri: 'fifty.mp4', duration: 20 }), {
      baseDir: dir,
    });
    expect(estimate).toMatchObject({ basis: 'generated seconds', seconds: 10.1, usd: 1.01 });
    const short = await estimateCost(ltx('extend', { video_uri: 'five.mp4', duration: 4 }), { baseDir: dir });
    expect(short).toMatchObject({ seconds: 4, usd: 0.4 });
  });

  it('gives a range for duration: null (auto), usd being its upper bound', async () => {
    const request = { prompt: 'x', model: 'ltx-2-5-fast', resolution: '1280x720', duration: null };
    expect(await estimateCost(ltx('text-to-video', request))).toMatchObject({
      low: 0.18,
      high: 1.8,
      usd: 1.8,
    });
    const estimate = await estimateCost(ltx('text-to-video', request));
    expect(formatEstimate(estimate)).toBe('≈ $0.18–$1.80');
  });

  it('says unknown, with the reason, for a combination without a known price', async () => {
    expect(await estimateCost(ltx('text-to-video', { ...t2v, resolution: '1920x1080' }))).toEqual({
      unknown: 'no known price for ltx-2-3-fast text-to-video at 1080p (prices of 2026-11)',
    });
    expect(await estimateCost(ltx('text-to-video', { ...t2v, model: 'ltx-2-fast' }))).toEqual({
      unknown: 'ltx-2-fast was removed on 2026-08-15 (the API refuses it); use ltx-2-3-fast',
    });
    expect(await estimateCost({ provider: 'useapi', endpoint: 'videos/ltx-create', request: {} })).toEqual({
      unknown: 'useapi bills by its own plan; no price table covers it',
    });
  });

  it('says unknown when the input length cannot be read, naming the field', async () => {
    const missing = await estimateCost(ltx('retake', { video_uri: 'nope.mp4', start_time: 0, duration: 2 }), {
      baseDir: dir,
    });
    expect(missing).toEqual({ unknown: `$.request.video_uri: ${join(dir, 'nope.mp4')}: file not found` });
    const uploaded = await estimateCost(
      ltx('retake', { video_uri: 'ltx://uploads/abc', start_time: 0, duration: 2 }),
    );
    expect('unknown' in uploaded && uploaded.unknown).toContain('cannot be read back');
  });

  it('reads a base64 data: URI', async () => {
    const uri = `data:audio/wav;base64,${Buffer.from(makeWav({ durationSeconds: 3 })).toString('base64')}`;
    expect(await estimateCost(ltx('audio-to-video', { audio_uri: uri, prompt: '' }))).toMatchObject({
      usd: 0.3,
    });
  });
});
