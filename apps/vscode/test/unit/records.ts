import type { Job, JobRecord } from '@ltx-jobs/core';

/** Fixed clock for view-model tables: 2026-11-23T10:00:00Z. */
export const NOW = Date.parse('2026-11-23T10:00:00Z');

/** A job record as the runner keeps it, with `job` fields overridden. */
export function record(overrides: Partial<JobRecord> = {}, job?: Partial<Job>): JobRecord {
  const base: JobRecord = {
    ref: 'ltx:text-to-video/6f1c1c8e-2f1e-4a59-9d0a-2d8f2a1c0b11',
    provider: 'ltx',
    endpoint: 'text-to-video',
    id: '6f1c1c8e-2f1e-4a59-9d0a-2d8f2a1c0b11',
    name: 'sunset',
    requestFile: 'file:///ws/sunset.ltx.json',
    request: { prompt: 'a sunset', model: 'ltx-2-3-fast', duration: 6, resolution: '1920x1080' },
    inputHash: 'abc',
    outputDir: '/ws/ltx-output',
    submittedAt: '2026-11-23T09:58:00Z',
    downloads: [],
    watching: true,
    ...overrides,
  };
  if (job === undefined) return base;
  return {
    ...base,
    job: {
      provider: base.provider,
      endpoint: base.endpoint,
      id: base.id,
      state: 'running',
      artifacts: [],
      updatedAt: '2026-11-23T09:59:00Z',
      raw: {},
      ...job,
    },
  };
}

/** A succeeded LTX job with one video whose URL expires 24 h after completion. */
export function succeeded(overrides: Partial<JobRecord> = {}): JobRecord {
  return record(overrides, {
    state: 'succeeded',
    completedAt: '2026-11-23T09:59:30Z',
    artifacts: [
      {
        label: 'video_url',
        url: 'https://storage.example/v.mp4?sig=1',
        mimeType: 'video/mp4',
        expiresAt: '2026-11-24T09:59:30Z',
      },
    ],
  });
}
