import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createManualClock,
  inspectMp4,
  type ManualClock,
  type Simulator,
  startSimulator,
} from '../src/index.js';
import { json, ltx, submitLtx } from './helpers.js';

const MP4 = readFileSync(new URL('../assets/landscape.mp4', import.meta.url));
const PORTRAIT = readFileSync(new URL('../assets/portrait.mp4', import.meta.url));

let sim: Simulator;
let clock: ManualClock;

async function finishedVideoUrl(prompt?: string, extra?: Record<string, unknown>): Promise<string> {
  const id = await submitLtx(sim, prompt, extra);
  clock.advance(10_000);
  return (await json(await ltx(sim, 'GET', `/v2/text-to-video/${id}`))).result.video_url;
}

beforeEach(async () => {
  clock = createManualClock();
  sim = await startSimulator({ now: clock.now, retentionMs: 60_000 });
});
afterEach(async () => {
  await sim.close();
});

describe('artifact downloads', () => {
  it('serves the whole playable MP4 with Content-Length and Accept-Ranges, no ETag', async () => {
    const res = await fetch(await finishedVideoUrl());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(MP4.length));
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('etag')).toBeNull();
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(inspectMp4(bytes)).toMatchObject({ durationSeconds: 3, width: 640, height: 360 });
    expect(Buffer.from(bytes).equals(MP4)).toBe(true);
  });

  it('serves the portrait MP4 for a portrait resolution', async () => {
    const url = await finishedVideoUrl('tall', { resolution: '1080x1920' });
    expect(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(PORTRAIT)).toBe(true);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-', 100, MP4.length - 1],
    ['bytes=-50', MP4.length - 50, MP4.length - 1],
    [`bytes=10-${MP4.length + 500}`, 10, MP4.length - 1],
  ])('answers Range %s with 206 and Content-Range', async (range, start, end) => {
    const res = await fetch(await finishedVideoUrl(), { headers: { range } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${MP4.length}`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(MP4.subarray(start, end + 1))).toBe(true);
  });

  it('answers an unsatisfiable range with 416 and Content-Range */size', async () => {
    const res = await fetch(await finishedVideoUrl(), { headers: { range: `bytes=${MP4.length}-` } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${MP4.length}`);
  });

  it('cuts the first download halfway on [sim:cut-download]; a Range request resumes it', async () => {
    const url = await finishedVideoUrl('[sim:cut-download]');
    const received: Buffer[] = [];
    const first = await fetch(url);
    expect(first.headers.get('content-length')).toBe(String(MP4.length));
    const reader = first.body!.getReader();
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          received.push(Buffer.from(value));
        }
      })(),
    ).rejects.toThrow();
    const part = Buffer.concat(received);
    expect(part.length).toBeGreaterThan(0);
    expect(part.length).toBeLessThan(MP4.length);
    const rest = await fetch(url, { headers: { range: `bytes=${part.length}-` } });
    expect(rest.status).toBe(206);
    const whole = Buffer.concat([part, Buffer.from(await rest.arrayBuffer())]);
    expect(whole.equals(MP4)).toBe(true);
    expect(sim.requestsWhere({ api: 'storage', op: 'download' }).map((e) => e.outcome)).toEqual([
      'cut',
      'responded',
    ]);
  });

  it('trickles every download of a [sim:slow-download=N] artifact at N bytes per second', async () => {
    const url = await finishedVideoUrl('[sim:slow-download=200]');
    const controller = new AbortController();
    const res = await fetch(url, { signal: controller.signal });
    expect(res.headers.get('content-length')).toBe(String(MP4.length));
    const reader = res.body!.getReader();
    const started = Date.now();
    let received = 0;
    while (Date.now() - started < 500) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
    }
    controller.abort();
    // About 100 bytes in half a second (10 bytes every 50 ms), never the whole file.
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(400);
  });

  it('refuses a bad signature, an Authorization header and an expired URL; answers HEAD', async () => {
    const url = await finishedVideoUrl();
    const unsigned = new URL(url);
    unsigned.search = '';
    expect((await fetch(unsigned)).status).toBe(403);
    const withToken = await fetch(url, { headers: { authorization: 'Bearer sim-ltx-key' } });
    expect(withToken.status).toBe(403);
    expect(sim.requestsWhere({ api: 'storage' }).at(-1)).toMatchObject({
      hasAuthorization: true,
      headers: expect.objectContaining({ authorization: '[redacted]' }),
    });
    clock.advance(60_000);
    expect((await fetch(url)).status).toBe(403);
    const url2 = await finishedVideoUrl();
    expect((await fetch(url2, { method: 'HEAD' })).status).toBe(200);
  });
});

describe('LTX uploads', () => {
  async function slot(): Promise<{
    upload_url: string;
    storage_uri: string;
    required_headers: Record<string, string>;
  }> {
    const res = await ltx(sim, 'POST', '/v1/upload');
    expect(res.status).toBe(200);
    return (await res.json()) as never;
  }

  it('returns a signed slot on the storage origin with required headers and a 1 h expiry', async () => {
    const body = (await json(await ltx(sim, 'POST', '/v1/upload'))) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['expires_at', 'required_headers', 'storage_uri', 'upload_url']);
    expect(body.required_headers).toEqual({ 'x-goog-content-length-range': '0,104857600' });
    expect(body.storage_uri).toMatch(/^ltx:\/\/uploads\/[0-9a-f-]{36}$/);
    expect(body.expires_at).toBe(new Date(clock.now() + 3_600_000).toISOString());
    expect(new URL(String(body.upload_url)).origin).toBe(sim.storageUrl);
  });

  it('refuses a PUT without the required header or with an Authorization header (403)', async () => {
    const s = await slot();
    const bare = await fetch(s.upload_url, {
      method: 'PUT',
      body: MP4,
      headers: { 'content-type': 'video/mp4' },
    });
    expect(bare.status).toBe(403);
    expect(await bare.text()).toContain('x-goog-content-length-range');
    const leaked = await fetch(s.upload_url, {
      method: 'PUT',
      body: MP4,
      headers: { ...s.required_headers, 'content-type': 'video/mp4', authorization: 'Bearer sim-ltx-key' },
    });
    expect(leaked.status).toBe(403);
    expect(sim.uploads()[0]?.data).toBeUndefined();
  });

  it('records a correct PUT, and a submit may then use its storage_uri (not before)', async () => {
    const s = await slot();
    const early = await ltx(sim, 'POST', '/v2/video-to-video-hdr', { video_uri: s.storage_uri });
    expect(early.status).toBe(400);
    expect((await json(early)).error.message).toContain('never uploaded');
    const put = await fetch(s.upload_url, {
      method: 'PUT',
      body: MP4,
      headers: { ...s.required_headers, 'content-type': 'video/mp4' },
    });
    expect(put.status).toBe(200);
    const [stored] = sim.uploads();
    expect(stored?.contentType).toBe('video/mp4');
    expect(stored?.data?.equals(MP4)).toBe(true);
    expect((await ltx(sim, 'POST', '/v2/video-to-video-hdr', { video_uri: s.storage_uri })).status).toBe(202);
  });
});
