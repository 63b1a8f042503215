import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isHttpError, isNetworkError, isRateLimitError, type Job } from '@ltx-jobs/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, inspectMp4 } from '../../src/index.js';
import {
  type ContractWorld,
  downloadBytes,
  startWorld,
  t2v,
  submitAndWatch as watchSubmitted,
} from './world.js';

const MP4 = readFileSync(new URL('../../assets/landscape.mp4', import.meta.url));
const PNG = readFileSync(new URL('../../assets/image.png', import.meta.url));

let w: ContractWorld;
beforeEach(async () => {
  w = await startWorld();
});
afterEach(async () => {
  await w.close();
});

/** Submits an LTX text-to-video body and watches it to its end. */
const submitAndWatch = (body: Record<string, unknown>, updates: Job[] = []) =>
  watchSubmitted(w, w.ltx, 'text-to-video', body, updates);

describe('core LTX client against the simulator', () => {
  it('submit -> poll -> download a playable MP4, never sending the key to the artifact host', async () => {
    const states: Job[] = [];
    const { outcome } = await submitAndWatch(t2v(), states);
    expect(outcome.end).toBe('terminal');
    expect(outcome.job.state).toBe('succeeded');
    expect(states.map((j) => j.state)).toContain('succeeded');
    const [artifact] = outcome.job.artifacts;
    expect(artifact?.label).toBe('video_url');
    const bytes = await downloadBytes(w, artifact!.url, 'out.mp4');
    expect(inspectMp4(bytes)).toMatchObject({ codecs: ['avc1', 'mp4a'], width: 640, height: 360 });
    expect(bytes.equals(MP4)).toBe(true);
    const storage = w.sim.requestsWhere({ api: 'storage' });
    expect(storage.length).toBeGreaterThan(0);
    expect(storage.every((entry) => !entry.hasAuthorization)).toBe(true);
    expect(w.sim.requestsWhere({ api: 'ltx' }).every((entry) => entry.hasAuthorization)).toBe(true);
  });

  it('resumes a download cut off midway with a Range request', async () => {
    const { outcome } = await submitAndWatch(t2v('cut [sim:cut-download]'));
    const url = outcome.job.artifacts[0]!.url;
    expect((await downloadBytes(w, url, 'cut.mp4')).equals(MP4)).toBe(true);
    const downloads = w.sim.requestsWhere({ api: 'storage', op: 'download' });
    expect(downloads.map((d) => [d.outcome, d.status])).toEqual([
      ['cut', 200],
      ['responded', 206],
    ]);
    expect(downloads[1]?.headers.range).toMatch(/^bytes=\d+-$/);
  });

  it('retries a submit refused with 429 after Retry-After, creating exactly one job', async () => {
    w.sim.addFault({ type: 'rate-limit', retryAfterSeconds: 2, where: { op: 'submit' } });
    const submitted = await w.ltx.submit('text-to-video', t2v());
    expect(w.sim.submitCount('ltx')).toBe(2);
    expect(w.sim.jobs.list()).toHaveLength(1);
    expect(w.sim.jobs.list()[0]?.id).toBe(submitted.id);
    expect(w.sleeps.some((ms) => ms >= 2000)).toBe(true);
  });

  it('honours Retry-After on status reads and still finishes', async () => {
    w.sim.addFault({ type: 'rate-limit', retryAfterSeconds: 3, where: { op: 'status' } });
    const { outcome } = await submitAndWatch(t2v());
    expect(outcome.job.state).toBe('succeeded');
    // the cool-down runs from when the 429 arrived: a busy machine may take a few hundred ms of it
    // before the sleep starts; the 10 ms interval alone never sleeps anywhere near this long
    expect(Math.max(...w.sleeps)).toBeGreaterThanOrEqual(2500);
  });

  it('rides out a 5xx burst and malformed JSON on status reads', async () => {
    w.sim.setFaults({
      rules: [
        { type: 'http-error', status: 503, times: 2, where: { op: 'status' } },
        { type: 'http-error', status: 500, where: { op: 'status' } },
      ],
    });
    w.sim.addFault({ type: 'malformed-json', where: { op: 'status' } });
    const { outcome } = await submitAndWatch(t2v());
    expect(outcome.job.state).toBe('succeeded');
    expect(w.sim.requestsWhere({ op: 'status', status: 503 })).toHaveLength(2);
  });

  it('does not resubmit after the connection drops once the body was sent', async () => {
    w.sim.addFault({ type: 'reset', after: true, where: { op: 'submit' } });
    const error = await w.ltx.submit('text-to-video', t2v()).catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect(w.sim.submitCount('ltx')).toBe(1);
    expect(w.sim.jobs.list()).toHaveLength(1);
  });

  it('keeps polling through an unknown status value', async () => {
    w.sim.setTiming({ processingMs: 1500 }); // the unknown phase is seen on a busy machine too
    const states: Job[] = [];
    const { outcome } = await submitAndWatch(t2v('x [sim:unknown-status=rendering]'), states);
    expect(outcome.job.state).toBe('succeeded');
    const unknown = states.find((j) => j.state === 'unknown');
    expect(unknown?.wireStatus).toBe('rendering');
  });

  it('keeps polling at the normal pace while completed has no result yet', async () => {
    const states: Job[] = [];
    const { outcome } = await submitAndWatch(t2v('x [sim:no-artifact=2]'), states);
    expect(outcome.job.state).toBe('succeeded');
    const waiting = states.filter((j) => j.wireStatus === 'completed' && j.state === 'running');
    expect(waiting).toHaveLength(2);
    expect(waiting[0]?.message).toBe('completed; waiting for the result URL');
    expect(outcome.job.artifacts[0]?.url).toContain('/artifacts/');
    // Not read as a malformed answer: no 'Status read failed; retrying' backoff.
    expect(w.warnings).toEqual([]);
  });

  it('maps 404 after retention to expired', async () => {
    const { outcome } = await submitAndWatch(t2v('x [sim:retention-ms=0]'));
    expect(outcome.end).toBe('terminal');
    expect(outcome.job.state).toBe('expired');
  });

  it('reports a content-filtered failure with its error type', async () => {
    const { outcome } = await submitAndWatch(t2v('x [sim:fail=content_filtered_error]'));
    expect(outcome.job.state).toBe('failed');
    expect(outcome.job.error?.type).toBe('content_filtered_error');
  });

  it('throws 402 insufficient_funds_error on submit without retrying', async () => {
    w.sim.addFault({ type: 'insufficient-funds' });
    const error = await w.ltx.submit('text-to-video', t2v()).catch((e: unknown) => e);
    expect(isHttpError(error) && error.status === 402 && error.errorType === 'insufficient_funds_error').toBe(
      true,
    );
    expect(w.sim.submitCount('ltx')).toBe(1);
  });

  it('gives up on concurrency_limit_error after its retries, each after Retry-After', async () => {
    // The simulator's clock stands still, so its Retry-After does not depend on how fast this runs.
    const still = await startWorld({ now: createManualClock().now, processingMs: 50_000 });
    try {
      await still.ltx.submit('text-to-video', t2v());
      await still.ltx.submit('text-to-video', t2v());
      const error = await still.ltx.submit('text-to-video', t2v()).catch((e: unknown) => e);
      expect(isRateLimitError(error) && error.errorType === 'concurrency_limit_error').toBe(true);
      // Retry-After: seconds until the first job ends (20 ms pending + 50 s processing, rounded up).
      expect((error as { retryAfterMs?: number }).retryAfterMs).toBe(51_000);
      expect(still.sleeps).toEqual([51_000, 51_000, 51_000]);
      expect(still.sim.requestsWhere({ op: 'submit', status: 429 })).toHaveLength(4);
      expect(still.sim.jobs.list()).toHaveLength(2);
    } finally {
      await still.close();
    }
  });

  it('uploads a local image with the required headers and no Authorization, then submits its storage_uri', async () => {
    writeFileSync(join(w.dir, 'frame.png'), PNG);
    const body = t2v('the frame comes alive', { image_uri: './frame.png' });
    const resolved = await w.ltx.resolveMedia('image-to-video', body, { baseDir: w.dir });
    expect(resolved.image_uri).toMatch(/^ltx:\/\/uploads\//);
    const [put] = w.sim.requestsWhere({ api: 'storage', op: 'upload-put' });
    expect(put?.status).toBe(200);
    expect(put?.hasAuthorization).toBe(false);
    expect(put?.headers['x-goog-content-length-range']).toBe('0,104857600');
    expect(w.sim.uploads()[0]?.data?.equals(PNG)).toBe(true);
    await w.ltx.submit('image-to-video', resolved);
    expect(w.sim.jobs.list()[0]?.endpoint).toBe('image-to-video');
  });

  it('rejects a wrong key with an auth error that does not contain the key', async () => {
    const { createLtxClient } = await import('@ltx-jobs/core');
    const bad = createLtxClient({ apiKey: 'wrong-key-123', baseUrl: w.sim.ltxBaseUrl, deps: w.deps });
    const error = await bad.submit('text-to-video', t2v()).catch((e: unknown) => e);
    expect(isHttpError(error) && error.status === 401).toBe(true);
    expect(String((error as Error).message)).not.toContain('wrong-key-123');
  });
});
