import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROVENANCE_SUFFIX, provenanceOf, writeProvenance } from '../../src/download/provenance.js';
import type { JobRecord } from '../../src/ledger/types.js';

const record: JobRecord = {
  ref: 'ltx:text-to-video/job-1',
  provider: 'ltx',
  endpoint: 'text-to-video',
  id: 'job-1',
  name: 'sunset',
  requestFile: '/ws/sunset.ltx.json',
  request: { prompt: 'a sunset', model: 'ltx-2-3-fast' },
  inputHash: 'h',
  outputDir: '/ws/ltx-output',
  submittedAt: '2026-11-23T09:58:00.000Z',
  downloads: [],
  watching: true,
  job: {
    provider: 'ltx',
    endpoint: 'text-to-video',
    id: 'job-1',
    state: 'succeeded',
    artifacts: [
      { label: 'video_url', url: 'https://storage.example/v/job-1.mp4?X-Sig=secret', mimeType: 'video/mp4' },
    ],
    createdAt: '2026-11-23T09:58:01.000Z',
    completedAt: '2026-11-23T09:59:30.000Z',
    updatedAt: '2026-11-23T09:59:31.000Z',
    raw: {},
  },
};

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('provenance', () => {
  it('names the provider, job, request and timings, and drops the URL signature', () => {
    const download = {
      label: 'video_url',
      path: '/ws/ltx-output/a.mp4',
      bytes: 10,
      completedAt: '2026-11-23T10:00:00.000Z',
    };
    const p = provenanceOf(record, download);
    expect(p).toMatchObject({
      provider: 'ltx',
      endpoint: 'text-to-video',
      jobId: 'job-1',
      ref: 'ltx:text-to-video/job-1',
      requestFile: '/ws/sunset.ltx.json',
      request: { prompt: 'a sunset', model: 'ltx-2-3-fast' },
      artifact: {
        label: 'video_url',
        bytes: 10,
        mimeType: 'video/mp4',
        source: 'https://storage.example/v/job-1.mp4',
      },
      timings: {
        submitted: '2026-11-23T09:58:00.000Z',
        created: '2026-11-23T09:58:01.000Z',
        completed: '2026-11-23T09:59:30.000Z',
        downloaded: '2026-11-23T10:00:00.000Z',
      },
    });
    expect(JSON.stringify(p)).not.toContain('X-Sig');
  });

  it('writes <file>.ltx-job.json beside the artifact and leaves no temp file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'prov-'));
    const download = {
      label: 'video_url',
      path: join(dir, 'a.mp4'),
      bytes: 3,
      completedAt: '2026-11-23T10:00:00.000Z',
    };
    const written = await writeProvenance(record, download);
    expect(written).toBe(`${download.path}${PROVENANCE_SUFFIX}`);
    expect(JSON.parse(await readFile(written, 'utf8')).jobId).toBe('job-1');
    expect(await readdir(dir)).toEqual(['a.mp4.ltx-job.json']);
  });
});
