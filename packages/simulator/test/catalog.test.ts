import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../src/index.js';
import { ltx, t2vBody } from './helpers.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The parts of an LTX answer these tests read. */
interface Answer {
  id: string;
  error: { type: string; message: string };
  result?: Record<string, string>;
}

async function submit(s: Simulator, endpoint: string, body: Record<string, unknown>) {
  const response = await ltx(s, 'POST', `/v2/${endpoint}`, body);
  return { status: response.status, body: (await response.json()) as Answer };
}

describe('the simulator reads the capability table', () => {
  it.each<[string, Record<string, unknown>]>([
    ['text-to-video', t2vBody('a', { model: 'ltx-2-5-fast', resolution: '1280x720', duration: 4 })],
    ['text-to-video', t2vBody('a', { model: 'ltx-2-3-fast', duration: 20, fps: 25 })],
    [
      'image-to-video',
      t2vBody('a', { model: 'ltx-2-5-pro', duration: null, image_uri: 'https://x.example/a.png' }),
    ],
    ['audio-to-video', { audio_uri: 'https://x.example/a.wav', prompt: 'a', model: 'ltx-2-5-pro' }],
  ])('accepts %s %j', async (endpoint, body) => {
    sim = await startSimulator();
    expect((await submit(sim, endpoint, body)).status).toBe(202);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'retake',
      { video_uri: 'https://x.example/v.mp4', start_time: 0, duration: 2, model: 'ltx-2-5-pro' },
      /ltx-2-5-pro cannot do retake; models that can: ltx-2-3-pro/,
    ],
    [
      'text-to-video',
      t2vBody('a', { model: 'ltx-2-fast' }),
      /ltx-2-fast was removed on 2026-08-15 and LTX refuses it; use ltx-2-3-fast/,
    ],
    [
      'text-to-video',
      t2vBody('a', { model: 'ltx-2-3-pro', duration: 12 }),
      /duration: ltx-2-3-pro renders 2, 3, 4, 5, 6, 8, 10 s/,
    ],
    [
      'audio-to-video',
      { audio_uri: 'https://x.example/a.wav', prompt: 'a', model: 'ltx-2-3-fast' },
      /ltx-2-3-fast cannot do audio-to-video/,
    ],
    [
      'audio-to-video',
      { audio_uri: 'https://x.example/a.wav', prompt: '' },
      /non-empty prompt when there is no image_uri/,
    ],
  ])('refuses %s %j with 400 invalid_request_error', async (endpoint, body, message) => {
    sim = await startSimulator();
    const answer = await submit(sim, endpoint, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.type).toBe('invalid_request_error');
    expect(answer.body.error.message).toMatch(message);
    expect(sim.jobs.list()).toEqual([]);
  });

  it('refuses values the table does not know unless acceptUnknownValues (also switchable live)', async () => {
    sim = await startSimulator();
    const unknown = t2vBody('a', { model: 'ltx-3-fast', duration: 7 });
    const refused = await submit(sim, 'text-to-video', unknown);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('model: "ltx-3-fast"; duration: 7: not supported');
    sim.setFaults({ acceptUnknownValues: true });
    expect((await submit(sim, 'text-to-video', unknown)).status).toBe(202);
  });

  it('accepts an unconfirmed feature (camera_motion on ltx-2-3-fast), as the OpenAPI document does', async () => {
    sim = await startSimulator();
    const answer = await submit(sim, 'text-to-video', t2vBody('a', { camera_motion: 'static' }));
    expect(answer.status).toBe(202);
  });

  it('hands out the ids ltxJobId makes, and serves their status under the encoded path', async () => {
    sim = await startSimulator({ ltxJobId: (n) => `job/${n}/../x %` });
    const { body } = await submit(sim, 'text-to-video', t2vBody());
    expect(body.id).toBe('job/1/../x %');
    const status = await ltx(sim, 'GET', `/v2/text-to-video/${encodeURIComponent(body.id)}`);
    expect(status.status).toBe(200);
    expect(((await status.json()) as { id: string }).id).toBe('job/1/../x %');
  });

  it('[sim:result-url=…] puts that URL in the completed job', async () => {
    sim = await startSimulator({ pendingMs: 0, processingMs: 0 });
    const { body } = await submit(
      sim,
      'text-to-video',
      t2vBody('a [sim:result-url=ftp://files.example/v.mp4]'),
    );
    const status = (await (await ltx(sim, 'GET', `/v2/text-to-video/${body.id}`)).json()) as Answer;
    expect(status.result).toEqual({ video_url: 'ftp://files.example/v.mp4' });
  });
});
