import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/job.js';
import { mapUseapiJob, USEAPI_WAITING_FOR_ARTIFACT } from '../../src/providers/useapi/map.js';
import { UseapiJobSchema } from '../../src/providers/useapi/wire.js';
import { fixture } from '../http/fakes.js';

const JOB_ID = 'email:user@example.com-job:7a34b821-9fd0-205e-d21b-4abc6f7839e7-type:video';
const nowMs = Date.parse('2026-01-15T10:05:00.000Z');
const map = (wire: unknown) =>
  mapUseapiJob(UseapiJobSchema.parse(wire), { endpoint: 'videos/ltx-create', jobId: JOB_ID, nowMs });

describe('mapUseapiJob', () => {
  it.each<[string, unknown, Partial<Job>]>([
    [
      'active',
      fixture('useapi/job-active.json'),
      { state: 'running', progress: 42, message: 'Generating', wireStatus: 'active', artifacts: [] },
    ],
    [
      'completed with artifact',
      fixture('useapi/job-completed.json'),
      {
        state: 'succeeded',
        progress: 100,
        artifacts: [
          {
            label: 'asset',
            url: 'https://storage.googleapis.com/lt-infinity-prd/artifacts/model-serving/example.mp4',
            mimeType: 'video/mp4',
            expiresAt: new Date(1748919477350).toISOString(),
          },
        ],
      },
    ],
    [
      'completed without artifact (not terminal)',
      fixture('useapi/job-completed-no-artifact.json'),
      {
        state: 'running',
        progress: 100,
        message: USEAPI_WAITING_FOR_ARTIFACT,
        wireStatus: 'completed',
        artifacts: [],
      },
    ],
    [
      'failed',
      fixture('useapi/job-failed.json'),
      {
        state: 'failed',
        error: { type: 'job_failed', message: 'Generation failed' },
        message: 'Generation failed',
      },
    ],
    [
      'unknown status type',
      { status: { type: 'queued-upstream' }, jobId: JOB_ID },
      {
        state: 'unknown',
        wireStatus: 'queued-upstream',
        message: 'unrecognised useapi status "queued-upstream"; still polling',
      },
    ],
    [
      'no status at all',
      { jobId: JOB_ID },
      { state: 'unknown', message: 'useapi sent no status; still polling' },
    ],
  ])('%s', (_name, wire, expected) => {
    const job = map(wire);
    expect(job).toMatchObject(expected);
    expect(job.provider).toBe('useapi');
    expect(job.id).toBe(JOB_ID);
    expect(job.endpoint).toBe('videos/ltx-create');
    expect(job.raw).toEqual(wire);
  });

  it('uses the polled id when the body has no jobId and clamps progress', () => {
    const job = map({ status: { type: 'active', progress: 140 } });
    expect(job.id).toBe(JOB_ID);
    expect(job.progress).toBe(100);
  });
});
