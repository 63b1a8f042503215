import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/job.js';
import { mapLtxJob } from '../../src/providers/ltx/map.js';
import { LtxJobStatusSchema } from '../../src/providers/ltx/wire.js';
import { fixture } from '../http/fakes.js';

const nowMs = Date.parse('2026-01-15T10:05:00.000Z');
const map = (wire: unknown, endpoint = 'text-to-video') =>
  mapLtxJob(LtxJobStatusSchema.parse(wire), { endpoint, nowMs });

describe('mapLtxJob', () => {
  it.each<[string, unknown, Partial<Job>]>([
    ['pending', fixture('ltx/job-pending.json'), { state: 'queued', wireStatus: 'pending', artifacts: [] }],
    [
      'processing',
      fixture('ltx/job-processing.json'),
      { state: 'running', wireStatus: 'processing', artifacts: [] },
    ],
    [
      'completed video',
      fixture('ltx/job-completed-video.json'),
      {
        state: 'succeeded',
        id: '0f8e2a6c-1d3b-4c5e-9f7a-2b4c6d8e0a1f',
        completedAt: '2026-01-15T10:01:10.000Z',
        artifacts: [
          {
            label: 'video_url',
            url: 'https://storage.googleapis.com/example/video.mp4',
            mimeType: 'video/mp4',
            expiresAt: '2026-01-16T10:01:10.000Z',
          },
        ],
      },
    ],
    [
      'completed hdr',
      fixture('ltx/job-completed-hdr.json'),
      {
        state: 'succeeded',
        artifacts: [
          {
            label: 'exr_frames_url',
            url: 'https://storage.googleapis.com/example/frames.zip',
            mimeType: 'application/zip',
            expiresAt: '2026-01-16T10:02:30.000Z',
          },
        ],
      },
    ],
    [
      'failed',
      fixture('ltx/job-failed.json'),
      {
        state: 'failed',
        completedAt: '2026-01-15T10:00:40.000Z',
        error: { type: 'content_filtered_error', message: 'Content was filtered by safety systems' },
        message: 'Content was filtered by safety systems',
        artifacts: [],
      },
    ],
    [
      'unknown status',
      { id: 'j-9', status: 'upscaling', created_at: '2026-01-15T10:00:00.000Z' },
      {
        state: 'unknown',
        wireStatus: 'upscaling',
        message: 'unrecognised LTX status "upscaling"; still polling',
      },
    ],
    [
      'failed without error',
      { id: 'j-9', status: 'failed' },
      { state: 'failed', error: { type: 'job_failed', message: 'The job failed' } },
    ],
    [
      'completed without result yet (not terminal)',
      { id: 'j-9', status: 'completed', completed_at: '2026-01-15T10:01:10.000Z' },
      {
        state: 'running',
        wireStatus: 'completed',
        message: 'completed; waiting for the result URL',
        artifacts: [],
      },
    ],
    [
      'completed with an empty result (not terminal)',
      { id: 'j-9', status: 'completed', result: {} },
      { state: 'running', message: 'completed; waiting for the result URL', artifacts: [] },
    ],
    [
      'unknown result key',
      { id: 'j-9', status: 'completed', result: { depth_url: 'https://s.example/d.bin' } },
      { state: 'succeeded', artifacts: [{ label: 'depth_url', url: 'https://s.example/d.bin' }] },
    ],
  ])('%s', (_name, wire, expected) => {
    const job = map(wire);
    expect(job).toMatchObject(expected);
    expect(job.provider).toBe('ltx');
    expect(job.endpoint).toBe('text-to-video');
    expect(job.updatedAt).toBe('2026-01-15T10:05:00.000Z');
    expect(job.raw).toEqual(wire);
  });

  it('keeps created_at and does not mark queued jobs with completedAt', () => {
    const job = map(fixture('ltx/job-pending.json'));
    expect(job.createdAt).toBe('2026-01-15T10:00:00.000Z');
    expect(job.completedAt).toBeUndefined();
  });

  it.each([
    ['no id', { status: 'pending' }],
    ['not an object', 'pending'],
  ])('rejects a malformed status body: %s', (_name, wire) => {
    expect(LtxJobStatusSchema.safeParse(wire).success).toBe(false);
  });
});
