import { describe, expect, it } from 'vitest';
import { costRefusal, quoteOf, tightestLimit } from '../../src/agent-tools/cost-guard.js';
import { estimateViewOf } from '../../src/agent-tools/estimate.js';
import { allDownloaded, jobViewOf } from '../../src/agent-tools/job-view.js';
import type { LoadedRequest } from '../../src/agent-tools/request-source.js';
import { ltxRecord } from '../ledger/records.js';

function loaded(prompt: string): LoadedRequest {
  return {
    file: { provider: 'ltx', endpoint: 'text-to-video', request: { prompt, duration: 6 } },
    source: 'inline request',
    baseDir: '/work',
    name: 'x',
    warnings: [],
  };
}

const known = (usd: number, extra = {}) =>
  estimateViewOf({ usd, basis: 'output seconds', exact: false, tableDate: '2026-11', ...extra });
const unknown = estimateViewOf({ unknown: 'no known price for ltx-2-3-fast text-to-video at 1080p' });

describe('quoteOf', () => {
  it('is the same for the same request and estimate, and changes with either', () => {
    const quote = quoteOf(loaded('a'), known(0.54));
    expect(quote).toMatch(/^q-[0-9a-f]{16}$/);
    expect(quoteOf(loaded('a'), known(0.54))).toBe(quote);
    expect(quoteOf(loaded('b'), known(0.54))).not.toBe(quote);
    expect(quoteOf(loaded('a'), known(0.55))).not.toBe(quote);
    expect(quoteOf(loaded('a'), unknown)).not.toBe(quote);
  });
});

describe('costRefusal', () => {
  const limit = { usd: 0.5, from: '--max-cost' };
  const quote = 'q-0123456789abcdef';

  it.each([
    ['no limit', known(9), undefined, undefined, undefined],
    ['under the limit', known(0.4), limit, undefined, undefined],
    ['at the limit', known(0.5), limit, undefined, undefined],
    ['above, confirmed', known(0.96), limit, quote, undefined],
    ['unknown, confirmed', unknown, limit, quote, undefined],
    [
      'above',
      known(0.96),
      limit,
      undefined,
      /≈ \$0\.96 \(output seconds\) is above the cost limit of \$0\.50 \(--max-cost\)/,
    ],
    [
      'range whose top is above',
      known(0.4, { low: 0.1, high: 0.8 }),
      limit,
      undefined,
      /above the cost limit/,
    ],
    ['unknown under a limit', unknown, limit, undefined, /cannot be estimated \(no known price/],
    [
      'a wrong quote, even without a limit',
      known(0.1),
      undefined,
      'q-ffffffffffffffff',
      /is not the quote of this request/,
    ],
  ] as const)('%s', (_what, estimate, maxCost, confirm, expected) => {
    const refusal = costRefusal(estimate, quote, maxCost, confirm);
    if (expected === undefined) expect(refusal).toBeUndefined();
    else {
      expect(refusal).toMatch(expected);
      expect(refusal).toContain(`confirmQuote: "${quote}"`);
      expect(refusal).toContain('Nothing was sent');
    }
  });

  it('takes the tighter of the server and call limits', () => {
    expect(tightestLimit({ usd: 2, from: 'server' }, { usd: 0.5, from: 'call' })).toEqual({
      usd: 0.5,
      from: 'call',
    });
    expect(tightestLimit(undefined, { usd: 3, from: 'call' })).toEqual({ usd: 3, from: 'call' });
    expect(tightestLimit(undefined, undefined)).toBeUndefined();
  });
});

describe('jobViewOf', () => {
  it('shows artifacts with their files, no URLs, and paths as the front end shows them', () => {
    const base = ltxRecord(1);
    const record = {
      ...base,
      requestFile: '/work/scenes/intro.ltx.json',
      job: {
        ...base.job!,
        state: 'succeeded' as const,
        artifacts: [
          {
            label: 'video_url',
            url: 'https://cdn.example/v.mp4?sig=secret',
            expiresAt: '2026-12-01T00:00:00Z',
          },
        ],
      },
      downloads: [],
    };
    const relative = (p: string) => p.replace('/work/', '');
    const pending = jobViewOf(record, relative);
    expect(pending).toMatchObject({
      state: 'succeeded',
      done: true,
      requestFile: 'scenes/intro.ltx.json',
      artifacts: [{ label: 'video_url', downloaded: false, expiresAt: '2026-12-01T00:00:00Z' }],
    });
    expect(JSON.stringify(pending)).not.toContain('sig=secret');
    expect(allDownloaded(record)).toBe(false);

    const done = {
      ...record,
      downloads: [{ label: 'video_url', path: '/work/out/v.mp4', bytes: 10, completedAt: 'x' }],
    };
    expect(jobViewOf(done, relative).artifacts).toEqual([
      { label: 'video_url', downloaded: true, path: 'out/v.mp4', bytes: 10 },
    ]);
    expect(allDownloaded(done)).toBe(true);
  });
});
