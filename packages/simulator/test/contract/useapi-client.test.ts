import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNotFoundError, type Job, type JobRef } from '@ltx-jobs/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectMp4 } from '../../src/index.js';
import { type ContractWorld, downloadBytes, startWorld, submitAndWatch as watchSubmitted } from './world.js';

const PORTRAIT = readFileSync(new URL('../../assets/portrait.mp4', import.meta.url));
const PNG = readFileSync(new URL('../../assets/image.png', import.meta.url));

let w: ContractWorld;
beforeEach(async () => {
  w = await startWorld();
});
afterEach(async () => {
  await w.close();
});

/** Submits a useapi body to `endpoint` and watches it to its end. */
const submitAndWatch = (endpoint: string, body: Record<string, unknown>, updates: Job[] = []) =>
  watchSubmitted(w, w.useapi, endpoint, body, updates);

describe('core useapi client against the simulator', () => {
  it('submit -> poll -> download a playable portrait MP4 with no token at the artifact host', async () => {
    // Long enough that a 10 ms poll sees the 'active' phase even when the machine is busy.
    w.sim.setTiming({ processingMs: 1500 });
    const updates: Job[] = [];
    const { outcome, submitted } = await submitAndWatch(
      'videos/ltx-create',
      { prompt: 'a heron', aspectRatio: '9:16' },
      updates,
    );
    expect(submitted.id).toMatch(/^email:sim@example\.com-job:.+-type:video$/);
    expect(outcome.job.state).toBe('succeeded');
    expect(updates.some((j) => j.state === 'running')).toBe(true);
    const [artifact] = outcome.job.artifacts;
    expect(artifact?.mimeType).toBe('video/mp4');
    const bytes = await downloadBytes(w, artifact!.url, 'heron.mp4');
    expect(inspectMp4(bytes)).toMatchObject({ codecs: ['avc1', 'mp4a'], width: 360, height: 640 });
    expect(bytes.equals(PORTRAIT)).toBe(true);
    expect(w.sim.requestsWhere({ api: 'storage' }).every((e) => !e.hasAuthorization)).toBe(true);
  });

  it('keeps polling while completed has no artifact yet', async () => {
    const updates: Job[] = [];
    const { outcome } = await submitAndWatch(
      'videos/ltx-create',
      { prompt: 'x [sim:no-artifact=2]' },
      updates,
    );
    expect(outcome.job.state).toBe('succeeded');
    const waiting = updates.filter((j) => j.wireStatus === 'completed' && j.state !== 'succeeded');
    expect(waiting).toHaveLength(2);
    expect(w.warnings.filter((m) => m.startsWith('Status read failed'))).toEqual([]);
    expect(outcome.job.artifacts[0]?.url).toContain('/artifacts/');
  });

  it('keeps polling through an unknown status type', async () => {
    // Long enough that a 10 ms poll sees the unknown phase even when the machine is busy.
    w.sim.setTiming({ processingMs: 1500 });
    const updates: Job[] = [];
    const { outcome } = await submitAndWatch(
      'images/create',
      { prompt: 'y [sim:unknown-status=queued]' },
      updates,
    );
    expect(outcome.job.state).toBe('succeeded');
    expect(updates.some((j) => j.state === 'unknown' && j.wireStatus === 'queued')).toBe(true);
    expect(outcome.job.artifacts[0]?.mimeType).toBe('image/png');
  });

  it('reports a failed job, and 404 after retention as expired', async () => {
    const failed = await submitAndWatch('videos/ltx-create', {
      prompt: 'x [sim:fail=content_filtered_error]',
    });
    expect(failed.outcome.job.state).toBe('failed');
    expect(failed.outcome.job.error?.message).toBe('Content was filtered by safety systems');
    const gone = await submitAndWatch('videos/ltx-create', { prompt: 'x [sim:retention-ms=0]' });
    expect(gone.outcome.job.state).toBe('expired');
  });

  it('cancels a running job through the scheduler; a second cancel is a 404', async () => {
    w.sim.setTiming({ processingMs: 60_000 });
    const submitted = await w.useapi.submit('videos/ltx-create', { prompt: 'long' });
    const ref: JobRef = { provider: 'useapi', id: submitted.id };
    await w.useapi.cancel(ref);
    expect(w.sim.jobs.get(submitted.id)?.outcome).toBe('cancelled');
    const again = await w.useapi.cancel(ref).catch((e: unknown) => e);
    expect(isNotFoundError(again)).toBe(true);
    // useapi answers "failed: Job was cancelled…"; the core tells it apart as `cancelled`.
    expect((await w.useapi.status(ref)).job.state).toBe('cancelled');
  });

  it('uploads a local start frame as an asset and submits its fileId', async () => {
    writeFileSync(join(w.dir, 'start.png'), PNG);
    const resolved = await w.useapi.resolveMedia(
      'videos/ltx-create',
      { prompt: 'it moves', startAssetId: './start.png' },
      { baseDir: w.dir },
    );
    expect(resolved.startAssetId).toMatch(/^asset:.+-type:image\/png$/);
    const [asset] = w.sim.assets();
    expect(asset?.data.equals(PNG)).toBe(true);
    expect(asset?.mimeType).toBe('image/png');
    await w.useapi.submit('videos/ltx-create', resolved);
    expect(w.sim.jobs.list('useapi')).toHaveLength(1);
  });

  it('pollForResult: the create call holds until the job ends and answers its full status', async () => {
    w.sim.setTiming({ pollForResultStepMs: 50 });
    const submitted = await w.useapi.submit('images/create', { prompt: 'a pear', pollForResult: 20 });
    expect(submitted.job?.state).toBe('succeeded');
    expect(submitted.job?.artifacts[0]?.mimeType).toBe('image/png');
    w.sim.setTiming({ processingMs: 60_000 });
    const early = await w.useapi.submit('images/create', { prompt: 'a plum', pollForResult: 1 });
    expect(early.job).toBeUndefined();
    expect(early.id).toMatch(/-type:image$/);
  });

  it('does not resubmit after the connection drops once the body was sent', async () => {
    w.sim.addFault({ type: 'reset', after: true, where: { api: 'useapi', op: 'submit' } });
    await expect(w.useapi.submit('images/create', { prompt: 'x' })).rejects.toThrow();
    expect(w.sim.submitCount('useapi')).toBe(1);
    expect(w.sim.jobs.list('useapi')).toHaveLength(1);
  });
});
