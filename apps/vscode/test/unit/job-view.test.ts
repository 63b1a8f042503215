import { USEAPI_DEPRECATION_NOTICE } from '@ltx-jobs/core';
import { describe, expect, it } from 'vitest';
import { artifactViews, errorView } from '../../src/view-model/artifact-view.js';
import { countOf } from '../../src/view-model/format.js';
import { jobView } from '../../src/view-model/job-view.js';
import { NOW, record, succeeded } from './records.js';

const failed = record(
  {},
  {
    state: 'failed',
    completedAt: '2026-11-23T09:59:00Z',
    error: { type: 'content_filtered_error', message: 'Prompt was filtered' },
  },
);

describe('jobView', () => {
  it.each([
    ['queued before the first read', record(), 'sync~spin', undefined, 'job queued watching resubmittable'],
    [
      'running with progress',
      record({}, { state: 'running', progress: 42.4 }),
      'sync~spin',
      undefined,
      'job running watching',
    ],
    ['succeeded', succeeded(), 'pass-filled', 'testing.iconPassed', 'job succeeded downloadable hasResult'],
    ['failed', failed, 'error', 'errorForeground', 'job failed'],
    [
      'not watched any more',
      record({ watching: false }, { state: 'running' }),
      'debug-pause',
      undefined,
      'job running hasRequestFile',
    ],
    [
      'useapi while running',
      record({ provider: 'useapi', ref: 'useapi:j1', endpoint: 'videos/ltx-create' }, { state: 'running' }),
      'sync~spin',
      undefined,
      'job running watching cancellable',
    ],
  ])('%s', (_name, rec, iconId, color, tokensPrefix) => {
    const view = jobView(rec, NOW);
    expect(view.icon.id).toBe(iconId);
    expect(view.icon.color).toBe(color);
    for (const token of tokensPrefix.split(' ')) expect(view.contextValue.split(' ')).toContain(token);
  });

  it.each([
    ['running', record({}, { state: 'running', progress: 40 }), 'running 40% · 2m 00s · a sunset'],
    ['queued', record(), 'queued · 2m 00s · a sunset'],
    ['succeeded, not downloaded yet', succeeded(), 'succeeded just now · expires in 23h 59m · a sunset'],
    [
      'succeeded and on disk: no countdown',
      succeeded({ downloads: [{ label: 'video_url', path: '/ws/o/s.mp4', bytes: 10, completedAt: 'x' }] }),
      'succeeded just now · a sunset',
    ],
    ['failed', failed, 'failed 1m ago · a sunset'],
    [
      'cancelled',
      record({}, { state: 'cancelled', completedAt: '2026-11-23T08:00:00Z' }),
      'cancelled 2h ago · a sunset',
    ],
  ])('describes a %s job: state and age first, then the prompt', (_name, rec, description) => {
    expect(jobView(rec, NOW).description).toBe(description);
  });

  it('gives a cancelled job a grey icon of its own, not the red failure', () => {
    const cancelled = record({}, { state: 'cancelled', completedAt: '2026-11-23T09:59:00Z' });
    expect(jobView(cancelled, NOW).icon).toEqual({ id: 'circle-slash', color: 'disabledForeground' });
    expect(jobView(cancelled, NOW).contextValue.split(' ')).toEqual(
      expect.arrayContaining(['cancelled', 'finished']),
    );
  });

  it('keeps the row short: a long prompt is cut, the whole prompt and settings are in the tooltip', () => {
    const prompt =
      'A slow aerial shot of a lighthouse on a rocky coast at dawn, waves breaking below, warm golden light';
    const view = jobView(
      record({ request: { prompt, model: 'ltx-2-3-fast', duration: 6 } }, { state: 'running' }),
      NOW,
    );
    expect(view.description).toBe('running · 2m 00s · A slow aerial shot of a lighthouse on a rocky…');
    expect(view.tooltip).toContain(`> ${prompt}`);
    expect(view.tooltip).toContain('model **ltx-2-3-fast** · duration **6**');
    expect(view.tooltip).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(view.tooltip).toMatch(/- Submitted: today \d\d:\d\d \(2m ago\)/);
  });

  it('offers Resume Watching for a job the user stopped watching, Set API Key for a key problem', () => {
    const paused = record({ watching: false }, { state: 'running' });
    expect(jobView(paused, NOW).contextValue.split(' ')).toContain('paused');
    const keyless = jobView(record({}, { state: 'running' }), NOW, {
      watchError: 'No API key',
      keyProblem: true,
    });
    expect(keyless.contextValue.split(' ')).toEqual(expect.arrayContaining(['paused', 'needsKey']));
    expect(keyless.description).toContain('needs an API key');
  });

  it('offers Edit Prompt when the safety filters refused the prompt', () => {
    expect(jobView(failed, NOW).contextValue.split(' ')).toContain('filtered');
    expect(jobView(record({}, { state: 'running' }), NOW).contextValue.split(' ')).not.toContain('filtered');
  });

  it('is not downloadable once every artifact is on disk or the URLs expired', () => {
    const done = succeeded({
      downloads: [{ label: 'video_url', path: '/ws/ltx-output/sunset.mp4', bytes: 10, completedAt: 'x' }],
    });
    expect(jobView(done, NOW).contextValue.split(' ')).not.toContain('downloadable');
    expect(jobView(done, NOW).contextValue.split(' ')).toContain('downloaded');
    const later = Date.parse('2026-11-25T00:00:00Z');
    expect(jobView(succeeded(), later).contextValue.split(' ')).not.toContain('downloadable');
    expect(jobView(succeeded(), later).description).toContain('URLs expired');
    expect(jobView(done, NOW).description).not.toContain('expires');
  });

  it('names a job without a request-file name by endpoint and short id', () => {
    expect(jobView(record({ name: undefined as never }), NOW).label).toBe('text-to-video 6f1c1c8e');
    const useapi = record({
      name: undefined as never,
      provider: 'useapi',
      endpoint: 'videos/ltx-create',
      id: 'email:sim@example.com-job:8ff52bff-4577-4e51-8498-1bfc6109e462-type:video',
    });
    expect(jobView(useapi, NOW).label).toBe('videos/ltx-create 8ff52bff');
  });

  it('records the cost estimate in the tooltip, and says when there is none', () => {
    const estimate = {
      usd: 0.96,
      basis: 'output seconds',
      exact: false,
      tableDate: '2026-11',
      seconds: 6,
      usdPerSecond: 0.16,
      tier: '1440p',
    } as const;
    expect(jobView(record({ estimate }), NOW).tooltip).toContain(
      '- Estimated cost: ≈ $0.96: 6 s × $0.16/s (output seconds, 1440p; prices of 2026-11; an estimate, not a bill)',
    );
    expect(jobView(record({ estimate: { unknown: 'no known price' } }), NOW).tooltip).toContain(
      '- Estimated cost: No estimate: no known price',
    );
    expect(jobView(record(), NOW).tooltip).not.toContain('Estimated cost');
  });

  it('warns about the retired useapi provider in the tooltip only for useapi jobs', () => {
    const useapi = record({ provider: 'useapi', ref: 'useapi:j1', endpoint: 'videos/ltx-create' });
    expect(jobView(useapi, NOW).tooltip).toContain(USEAPI_DEPRECATION_NOTICE);
    expect(jobView(record(), NOW).tooltip).not.toContain(USEAPI_DEPRECATION_NOTICE);
  });

  it('refreshes every second while watched, every 30 s for an age or a countdown', () => {
    expect(jobView(record(), NOW).refreshSeconds).toBe(1);
    expect(jobView(succeeded(), NOW).refreshSeconds).toBe(30);
    expect(jobView(failed, NOW).refreshSeconds).toBe(30);
    expect(jobView(record({ watching: false }, { state: 'running' }), NOW).refreshSeconds).toBeUndefined();
  });
});

describe('artifactViews', () => {
  it('shows a remote artifact with its countdown, then the file once downloaded', () => {
    const [remote] = artifactViews(succeeded(), NOW);
    expect(remote).toMatchObject({
      key: 'video_url',
      label: 'video',
      description: 'not downloaded · expires in 23h 59m',
      contextValue: 'artifact remote hasUrl downloadable video',
      icon: { id: 'cloud-download' },
    });
    const rec = succeeded({
      downloads: [
        { label: 'video_url', path: '/ws/ltx-output/sunset.mp4', bytes: 2_621_440, completedAt: 'x' },
      ],
    });
    const [local] = artifactViews(rec, NOW);
    expect(local).toMatchObject({
      label: 'video',
      description: 'sunset.mp4 · 2.5 MiB',
      contextValue: 'artifact downloaded hasUrl video',
      path: '/ws/ltx-output/sunset.mp4',
      icon: { id: 'file-media' },
    });
  });

  it('marks an artifact whose URL expired and drops its url tokens', () => {
    const [view] = artifactViews(succeeded(), Date.parse('2026-11-25T00:00:00Z'));
    expect(view?.description).toBe('URL expired');
    expect(view?.contextValue).toBe('artifact remote video');
  });
});

describe('errorView', () => {
  it('carries the provider error type and message of a failure', () => {
    expect(errorView(failed)).toEqual({
      label: 'content_filtered_error',
      description: 'Prompt was filtered',
      tooltip: 'content_filtered_error: Prompt was filtered',
    });
    expect(errorView(succeeded())).toBeUndefined();
  });
});

describe('a live job this window stopped polling', () => {
  it('shows a warning and why, instead of a spinner', () => {
    const view = jobView(record({}, { state: 'running' }), NOW, { watchError: 'No API key for LTX' });
    expect(view.icon).toEqual({ id: 'warning', color: 'list.warningForeground' });
    expect(view.description).toContain('not polled');
    expect(view.tooltip).toContain('No API key for LTX');
  });
});

describe('elapsed time of a finished job', () => {
  it('stands still at the read that saw the end when the provider gives no completedAt (useapi)', () => {
    const done = record(
      { provider: 'useapi', ref: 'useapi:j1', endpoint: 'videos/ltx-create' },
      { state: 'succeeded', updatedAt: '2026-11-23T09:59:00Z', artifacts: [] },
    );
    const muchLater = NOW + 3_600_000;
    expect(jobView(done, NOW).tooltip).toContain('- Took: 1m 00s');
    expect(jobView(done, muchLater).tooltip).toContain('- Took: 1m 00s');
    expect(jobView(done, muchLater).description).toContain('succeeded 1h ago');
  });
});

describe('countOf', () => {
  it.each([
    [0, 'artifact', '0 artifacts'],
    [1, 'LTX job', '1 LTX job'],
    [2, 'job', '2 jobs'],
  ])('%i %s', (count, noun, text) => {
    expect(countOf(count, noun)).toBe(text);
  });
});
