import { describe, expect, it } from 'vitest';
import { formatLogLine, redactFields } from '../../src/services/logger.js';
import { overallPercent } from '../../src/view-model/progress.js';

describe('overallPercent', () => {
  it.each([
    ['nothing yet', [], 2, 0],
    ['half of one of two', [{ label: 'a', receivedBytes: 50, totalBytes: 100 }], 2, 25],
    [
      'both done',
      [
        { label: 'a', receivedBytes: 100, totalBytes: 100 },
        { label: 'b', receivedBytes: 7, totalBytes: 7 },
      ],
      2,
      100,
    ],
    ['unknown total counts as 0', [{ label: 'a', receivedBytes: 50 }], 1, 0],
    ['no artifacts', [], 0, 0],
  ])('%s', (_name, progress, count, expected) => {
    const map = new Map(progress.map((p) => [p.label, p]));
    expect(overallPercent(map, count)).toBe(expected);
  });
});

describe('log lines', () => {
  it('redact fields whose names look like secrets, keep the rest', () => {
    expect(
      redactFields({ Authorization: 'Bearer x', apiKey: 'k', api_token: 't', ref: 'ltx:a/b', status: 200 }),
    ).toEqual({
      Authorization: '[redacted]',
      apiKey: '[redacted]',
      api_token: '[redacted]',
      ref: 'ltx:a/b',
      status: 200,
    });
    expect(formatLogLine('Submitted', { ref: 'r', token: 'secret' })).toBe(
      'Submitted {"ref":"r","token":"[redacted]"}',
    );
    expect(formatLogLine('plain')).toBe('plain');
  });
});
