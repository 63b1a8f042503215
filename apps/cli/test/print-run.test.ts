import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { printRun } from '../src/output/print-run.js';
import type { JobSummary } from '../src/output/summary.js';

function capture(summary: { exitCode: 0 | 4 | 130; jobs: JobSummary[] }, json: boolean) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  printRun(summary, json, { stdout, stderr });
  return { out, err };
}

const ok: JobSummary = {
  ref: 'ltx:text-to-video/1',
  state: 'succeeded',
  artifacts: [{ label: 'video_url', path: '/o/1-video.mp4', bytes: 2048 }],
  exitCode: 0,
};
const failed: JobSummary = {
  ref: 'ltx:text-to-video/2',
  state: 'failed',
  artifacts: [],
  error: { type: 'content_filtered_error', message: 'Content was filtered' },
  reason: 'ltx:text-to-video/2 failed: content_filtered_error: Content was filtered',
  exitCode: 4,
};
const stopped: JobSummary = {
  ref: 'ltx:text-to-video/3',
  state: 'running',
  artifacts: [],
  reason: 'ltx:text-to-video/3: stopped watching; the job goes on',
  exitCode: 130,
};

describe('printRun', () => {
  it.each([
    [
      'results on stdout, one error line per failed job on stderr',
      { exitCode: 4 as const, jobs: [ok, failed] },
      false,
      'ltx:text-to-video/1 succeeded\n  /o/1-video.mp4 (2.0 KiB)\nltx:text-to-video/2 failed\n',
      'error: ltx:text-to-video/2 failed: content_filtered_error: Content was filtered\n',
    ],
    [
      'an interrupted watch says how to resume, without "error:"',
      { exitCode: 130 as const, jobs: [stopped] },
      false,
      'ltx:text-to-video/3 running\n',
      'ltx:text-to-video/3: stopped watching; the job goes on\nResume with: ltx-jobs watch ltx:text-to-video/3\n',
    ],
  ])('%s', (_name, summary, json, stdout, stderr) => {
    expect(capture(summary, json)).toEqual({ out: stdout, err: stderr });
  });

  it('--json: stdout is exactly one JSON document', () => {
    const { out, err } = capture({ exitCode: 4, jobs: [ok, failed] }, true);
    expect(JSON.parse(out)).toEqual({ exitCode: 4, jobs: [ok, failed] });
    expect(err).toBe('error: ltx:text-to-video/2 failed: content_filtered_error: Content was filtered\n');
  });
});

describe('what to do after a failure', () => {
  it('a prompt the safety filters refused: change it in the request file', () => {
    const job = {
      file: '/w/shot.ltx.json',
      ref: 'ltx:text-to-video/1',
      state: 'failed' as const,
      artifacts: [],
      error: { type: 'content_filtered_error', message: 'Content was filtered' },
      reason: 'ltx:text-to-video/1 failed: content_filtered_error: Content was filtered',
      exitCode: 4 as const,
    };
    const { err } = capture({ exitCode: 4, jobs: [job] }, false);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain('(the safety filters refused the prompt: change "prompt" in /w/shot.ltx.json');
  });
});
