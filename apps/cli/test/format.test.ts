import {
  AuthError,
  ConfigError,
  formatBytes,
  type Job,
  type JobRecord,
  RequestFileError,
  UsageError,
} from '@ltx-jobs/core';
import { describe, expect, it } from 'vitest';
import {
  describeError,
  errorTypeOf,
  formatState,
  formatTable,
  jobFailureReason,
  recordStateText,
} from '../src/output/format.js';
import { type ProgressMark, progressStep } from '../src/output/progress-step.js';
import { type JobSummary, outcomeText, summaryFromRecord } from '../src/output/summary.js';

describe('sizes: the core formatter the extension uses too (one unit everywhere)', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [139153, '135.9 KiB'],
    [5 * 1024 * 1024, '5.0 MiB'],
  ])('%i -> %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe('formatState', () => {
  it.each<[Pick<Job, 'state' | 'progress' | 'error'>, string]>([
    [{ state: 'queued' }, 'queued'],
    [{ state: 'running' }, 'running'],
    [{ state: 'running', progress: 49.6 }, 'running 50%'],
    [{ state: 'failed', error: { type: 'api_error', message: 'boom' } }, 'failed (api_error)'],
    [{ state: 'succeeded', progress: 100 }, 'succeeded'],
    [{ state: 'cancelled' }, 'cancelled'],
  ])('%j -> %s', (job, text) => expect(formatState(job)).toBe(text));
});

describe('jobFailureReason', () => {
  const ref = 'ltx:text-to-video/abc';
  it.each<[Pick<Job, 'state' | 'error' | 'message'>, string]>([
    [
      {
        state: 'failed',
        error: { type: 'content_filtered_error', message: 'Content was filtered by safety systems' },
      },
      `${ref} failed: content_filtered_error: Content was filtered by safety systems`,
    ],
    [{ state: 'expired', message: 'gone after 24 h' }, `${ref} expired: gone after 24 h`],
    [{ state: 'failed' }, `${ref} failed`],
  ])('%j', (job, text) => expect(jobFailureReason(ref, job)).toBe(text));
});

describe('describeError / errorTypeOf', () => {
  it('keeps every request-file issue on its own located line', () => {
    const error = new RequestFileError('a.ltx.json', [
      {
        path: '$.request.duration',
        segments: ['request', 'duration'],
        message: 'expected 6, 8 or 10',
        line: 9,
        column: 17,
      },
      { path: '$.request.model', segments: ['request', 'model'], message: 'required' },
    ]);
    expect(describeError(error).split('\n')).toEqual([
      'a.ltx.json:9:17: $.request.duration: expected 6, 8 or 10',
      'a.ltx.json: $.request.model: required',
    ]);
    expect(errorTypeOf(error)).toBe('validation');
  });

  it('types several errors at once by the one that decides the exit code', () => {
    const invalid = new RequestFileError('a.ltx.json', [{ path: '$', segments: [], message: 'x' }]);
    const missing = new UsageError('Request file b.ltx.json not found');
    expect(errorTypeOf(new AggregateError([invalid, missing], '2 request files'))).toBe('validation');
    expect(errorTypeOf(new AggregateError([new ConfigError('no key'), invalid], '2'))).toBe('config');
  });

  it('names status, provider error type and request id of an HTTP error', () => {
    const error = new AuthError('LTX rejected the API key', {
      status: 401,
      provider: 'ltx',
      errorType: 'authentication_error',
      requestId: 'req-1',
    });
    expect(describeError(error)).toBe(
      'LTX rejected the API key (HTTP 401 authentication_error) [request id req-1]',
    );
    expect(errorTypeOf(error)).toBe('authentication_error');
  });

  it.each([
    [new TypeError('x'), 'internal'],
    [Object.assign(new Error('a'), { name: 'AbortError' }), 'interrupted'],
  ])('%s -> %s', (error, type) => expect(errorTypeOf(error)).toBe(type));
});

describe('progressStep (plain output: one line per state change or 10% step)', () => {
  it('prints the first read, state changes and progress steps, nothing else', () => {
    const reads: Pick<Job, 'state' | 'progress'>[] = [
      { state: 'queued' },
      { state: 'queued' },
      { state: 'running', progress: 0 },
      { state: 'running', progress: 3 },
      { state: 'running', progress: 25 },
      { state: 'running', progress: 29 },
      { state: 'running', progress: 50 },
      { state: 'succeeded', progress: 100 },
      { state: 'succeeded', progress: 100 },
    ];
    const printed: string[] = [];
    let previous: ProgressMark | undefined;
    for (const read of reads) {
      const step = progressStep(previous, read);
      if (step) {
        printed.push(step.text);
        previous = step.mark;
      }
    }
    expect(printed).toEqual(['queued', 'running 0%', 'running 25%', 'running 50%', 'succeeded']);
  });

  it('prints a running job without progress once (LTX reports none)', () => {
    const first = progressStep(undefined, { state: 'running' });
    expect(first?.text).toBe('running');
    expect(progressStep(first?.mark, { state: 'running' })).toBeUndefined();
  });
});

describe('formatTable', () => {
  it('pads all but the last column', () => {
    expect(
      formatTable([
        ['REF', 'STATE', 'NAME'],
        ['ltx:a/1', 'queued', 'x y'],
      ]),
    ).toBe('REF      STATE   NAME\nltx:a/1  queued  x y');
  });
});

describe('outcomeText', () => {
  it.each<[Partial<JobSummary>, string]>([
    [{ exitCode: 0, artifacts: [{ label: 'video_url', path: '/a.mp4' }] }, 'saved 1 file'],
    [
      {
        exitCode: 0,
        artifacts: [
          { label: 'a', path: '/a' },
          { label: 'b', path: '/b' },
        ],
      },
      'saved 2 files',
    ],
    [{ exitCode: 130, state: 'running' }, 'stopped watching'],
    [
      { exitCode: 4, state: 'failed', error: { type: 'content_filtered_error', message: 'm' } },
      'failed (content_filtered_error)',
    ],
    [{ exitCode: 6, state: 'running' }, 'running'],
  ])('%j -> %s', (partial, text) => {
    expect(outcomeText({ state: 'succeeded', artifacts: [], ...partial })).toBe(text);
  });
});

describe('a job tracked by its ref and never read', () => {
  const tracked: JobRecord = {
    ref: 'useapi:email:a@b.c-job:1-type:video',
    provider: 'useapi',
    endpoint: 'unknown',
    id: 'email:a@b.c-job:1-type:video',
    request: null,
    inputHash: 'tracked:useapi:email:a@b.c-job:1-type:video',
    submittedAt: '2026-01-15T10:00:00.000Z',
    downloads: [],
    watching: true,
  };

  it('is "not read yet" for people and "unknown" in --json, not "queued" or "submitted"', () => {
    expect(recordStateText(tracked)).toBe('not read yet');
    expect(summaryFromRecord(tracked).state).toBe('unknown');
  });
});
