import { describe, expect, it } from 'vitest';
import { FaultBook } from '../src/faults.js';
import {
  formatElapsed,
  parseCliArgs,
  parseDirectives,
  parseRange,
  phaseAt,
  progressAt,
} from '../src/index.js';

describe('parseRange', () => {
  it.each([
    [undefined, { kind: 'full' }],
    ['bytes=0-9', { kind: 'partial', start: 0, end: 9 }],
    ['bytes=5-', { kind: 'partial', start: 5, end: 99 }],
    ['bytes=-10', { kind: 'partial', start: 90, end: 99 }],
    ['bytes=-500', { kind: 'partial', start: 0, end: 99 }],
    ['bytes=50-5000', { kind: 'partial', start: 50, end: 99 }],
    ['bytes=100-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=9-3', { kind: 'full' }],
    ['bytes=0-1,5-6', { kind: 'full' }],
    ['items=0-1', { kind: 'full' }],
  ])('%s on 100 bytes -> %o', (header, answer) => {
    expect(parseRange(header, 100)).toEqual(answer);
  });
});

describe('parseDirectives', () => {
  it('reads every directive into JobFaults', () => {
    const text =
      'x [sim:fail=content_filtered_error] [sim:unknown-status=rendering] [sim:no-artifact=2] [sim:cut-download] ' +
      '[sim:insufficient-funds] [sim:pending-ms=1] [sim:processing-ms=2] [sim:retention-ms=3] [sim:slow-download=4]';
    expect(parseDirectives(text)).toEqual({
      ok: true,
      faults: {
        fail: 'content_filtered_error',
        unknownStatus: 'rendering',
        noArtifactPolls: 2,
        cutDownload: true,
        insufficientFunds: true,
        pendingMs: 1,
        processingMs: 2,
        retentionMs: 3,
        slowDownload: 4,
      },
    });
  });

  it.each([
    ['[sim:boom]', 'unknown simulator directive [sim:boom]'],
    ['[sim:no-artifact=many]', 'needs a whole number'],
    ['[sim:fail=]', 'needs a value'],
    ['[sim:cut-download=maybe]', 'takes no value'],
  ])('refuses %s with a message naming it', (text, message) => {
    const result = parseDirectives(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });

  it('treats a missing or plain prompt as no faults', () => {
    expect(parseDirectives(undefined)).toEqual({ ok: true, faults: {} });
    expect(parseDirectives('just [a] prompt')).toEqual({ ok: true, faults: {} });
  });
});

describe('job clock', () => {
  const job = { createdAt: 1000, pendingMs: 100, processingMs: 400, retentionMs: 50 };
  it.each([
    [1000, 'pending'],
    [1099, 'pending'],
    [1100, 'processing'],
    [1499, 'processing'],
    [1500, 'ended'],
    [1549, 'ended'],
    [1550, 'expired'],
  ])('at %i the job is %s', (now, phase) => {
    expect(phaseAt(job, now)).toBe(phase);
  });

  it('ends a cancelled job at the cancel time', () => {
    expect(phaseAt({ ...job, cancelledAt: 1200 }, 1200)).toBe('ended');
  });

  it('raises progress in steps and reaches 100 only at the end', () => {
    expect([1000, 1125, 1250, 1375, 1499, 1500].map((t) => progressAt(job, t, 4))).toEqual([
      0, 25, 50, 75, 75, 100,
    ]);
  });

  it('formats elapsed time as MM:SS', () => {
    expect(formatElapsed(61_999)).toBe('01:01');
    expect(formatElapsed(-5)).toBe('00:00');
  });
});

describe('FaultBook', () => {
  it('uses each rule up, matching api and op, and stacks delays with one short-circuit', () => {
    const book = new FaultBook();
    book.set([
      { type: 'delay', ms: 10, times: 2 },
      { type: 'http-error', status: 503, where: { api: 'useapi' } },
      { type: 'rate-limit', where: { op: 'status' } },
    ]);
    expect(book.decide('ltx', 'submit')).toEqual({ delayMs: 10, malformed: false, resetAfter: false });
    const second = book.decide('useapi', 'status');
    expect(second.delayMs).toBe(10);
    expect(second.shortCircuit?.type).toBe('http-error');
    expect(book.pending().map((p) => p.rule.type)).toEqual(['rate-limit']);
    expect(book.decide('storage', 'status').shortCircuit).toBeUndefined();
    expect(book.decide('ltx', 'status').shortCircuit?.type).toBe('rate-limit');
    expect(book.pending()).toEqual([]);
  });
});

describe('parseCliArgs', () => {
  it('gives demo-speed defaults', () => {
    const parsed = parseCliArgs([]);
    expect(parsed).toMatchObject({
      help: false,
      options: { port: 4010, pendingMs: 2000, processingMs: 6000, ltxConcurrencyLimit: 2, failRate: 0 },
    });
  });

  it('reads flags, with 0 switching the concurrency limit off', () => {
    const parsed = parseCliArgs([
      '--port',
      '0',
      '--fail-rate',
      '0.25',
      '--concurrency-limit',
      '0',
      '--cut-downloads',
      '--rate-limit',
      '50',
    ]);
    expect(parsed).toMatchObject({
      options: { port: 0, failRate: 0.25, ltxConcurrencyLimit: null, cutDownloads: true, rateLimit: 50 },
    });
    expect(parseCliArgs([])).toMatchObject({ options: { rateLimit: null } });
    expect(parseCliArgs(['--help'])).toEqual({ help: true });
  });

  it('names the flag of a bad value', () => {
    expect(() => parseCliArgs(['--fail-rate', '2'])).toThrow('--fail-rate must be a number between 0 and 1');
    expect(() => parseCliArgs(['--pending-ms', 'soon'])).toThrow('--pending-ms');
    expect(() => parseCliArgs(['--bogus'])).toThrow();
    expect(() => parseCliArgs(['--rate-limit', '2.5'])).toThrow('--rate-limit must be a whole number');
  });
});
