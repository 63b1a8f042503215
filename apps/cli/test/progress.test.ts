import { Writable } from 'node:stream';
import type { Job } from '@ltx-jobs/core';
import { describe, expect, it } from 'vitest';
import { createBarReporter, createLineReporter } from '../src/output/progress.js';

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
    expect(bars.at(-1)).toMatch(/^paper-boats\s+\|█+\| 100% \S+\s+saved 1 file$/);
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
