import { Writable } from 'node:stream';
import type { Job } from '@ltx-jobs/core';
import { describe, expect, it } from 'vitest';
import { barLine } from '../src/output/bar-line.js';
import { createBarReporter, createLineReporter, createProgressReporter } from '../src/output/progress.js';

const REF = 'useapi:email:sim@example.com-job:90df0d9d-9520-48f0-ab64-6a732ff9655f-type:video';

/** A terminal stand-in: a TTY of `columns` columns that keeps every byte written to it. */
function fakeTerminal(columns: number) {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: true, columns, rows: 24 });
  return { stream, text: () => text };
}

function job(state: Job['state'], extra: Partial<Job> = {}): Job {
  return {
    provider: 'useapi',
    endpoint: 'videos/ltx-create',
    id: REF.slice('useapi:'.length),
    state,
    artifacts: [],
    updatedAt: '2026-01-15T10:00:00.000Z',
    raw: null,
    ...extra,
  };
}

describe('bar reporter (TTY)', () => {
  it('keeps line wrapping on, so a log line longer than the terminal is written whole', () => {
    const terminal = fakeTerminal(72);
    const reporter = createBarReporter(terminal.stream);
    reporter.started(REF, 'paper-boats');
    reporter.log(`paper-boats: submitted as ${REF}`);
    reporter.update(REF, job('running', { progress: 40 }));
    reporter.update(REF, job('succeeded'));
    reporter.finished(REF, 'saved 1 file');
    reporter.stop();
    const out = terminal.text();
    expect(out).not.toContain('\u001b[?7l');
    expect(out).toContain(`paper-boats: submitted as ${REF}\n`);
    // The bar itself is cut at the width: the ref is in the log line, not in the bar.
    const breaks = new RegExp(`\r|\n|${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`);
    const bars = out.split(breaks).filter((l) => l.includes('|'));
    expect(bars.length).toBeGreaterThan(0);
    for (const line of bars) expect(line.length).toBeLessThanOrEqual(72);
    expect(bars.at(-1)).toMatch(/^paper-boats\s+\|█+\| 100%\s+\S+\s+saved 1 file$/);
  });
});

describe('line reporter (piped)', () => {
  it('names the job once when it has no name of its own', () => {
    const terminal = fakeTerminal(80);
    const reporter = createLineReporter(terminal.stream);
    reporter.started(REF, REF);
    reporter.update(REF, job('expired', { error: { type: 'not_found_error', message: 'gone' } }));
    reporter.started('ltx:text-to-video/abc', 'lighthouse');
    reporter.update('ltx:text-to-video/abc', job('running'));
    expect(terminal.text()).toBe(
      `${REF}: expired (not_found_error)\nlighthouse: ltx:text-to-video/abc running\n`,
    );
  });
});

describe('LTX reports no progress %: an indeterminate bar with elapsed time and state', () => {
  const state = { label: 'lighthouse'.padEnd(12), percent: undefined, startedAt: 0, status: 'running' };

  it('moves a block with the clock instead of an empty bar that jumps to 100 %', () => {
    const early = barLine(state, 65_000);
    const later = barLine(state, 65_000 + 480);
    expect(early).toMatch(/^lighthouse\s+\|░*████░*\|\s+1m 05s {2}running$/);
    expect(early).not.toMatch(/%/);
    expect(later).not.toBe(early);
    expect(later.length).toBe(early.length);
  });

  it('a useapi job with a % gets a filled bar; a finished job stops its clock', () => {
    expect(barLine({ ...state, percent: 40 }, 5_000)).toMatch(/\|█{8}░{12}\| {2}40%\s+5s {2}running$/);
    expect(barLine({ ...state, percent: 100, endedAt: 90_000, status: 'saved 1 file' }, 500_000)).toMatch(
      /100%\s+1m 30s {2}saved 1 file$/,
    );
  });

  it('the TTY reporter draws LTX jobs without a %', () => {
    const terminal = fakeTerminal(100);
    const reporter = createBarReporter(terminal.stream, () => 1_000_000);
    reporter.started('ltx:text-to-video/abc', 'lighthouse');
    reporter.update('ltx:text-to-video/abc', job('running', { progress: undefined }));
    reporter.stop();
    const bars = terminal
      .text()
      .split(new RegExp(`\r|\n|${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`))
      .filter((l) => l.includes('|'));
    expect(bars.at(-1)).toMatch(/^lighthouse\s+\|░*████░*\|\s+\S+ {2}running$/);
  });

  it('draws no bar when the command does not follow jobs (submit without --wait)', () => {
    const terminal = fakeTerminal(100);
    const reporter = createProgressReporter(terminal.stream, { bars: false });
    reporter.started('ltx:text-to-video/abc', 'lighthouse');
    reporter.log('lighthouse: submitted as ltx:text-to-video/abc');
    expect(terminal.text()).toBe('lighthouse: submitted as ltx:text-to-video/abc\n');
  });
});

describe('a job that ended without a %', () => {
  it('stops the moving block: a still, empty bar with the state', () => {
    const ended = {
      label: 'filtered'.padEnd(12),
      percent: undefined,
      startedAt: 0,
      endedAt: 8_000,
      status: 'failed',
    };
    expect(barLine(ended, 60_000)).toBe(barLine(ended, 60_480));
    expect(barLine(ended, 60_000)).toMatch(/\|░{20}\|\s+8s {2}failed$/);
  });
});
