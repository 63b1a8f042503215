import type { DownloadProgress, Job } from '@ltx-jobs/core';
import cliProgress from 'cli-progress';
import { formatBytes } from './format.js';
import { type ProgressMark, progressStep } from './progress-step.js';

/** Where a command reports what happens to its jobs. Writes to stderr only, never to stdout. */
export interface ProgressReporter {
  /** A job has a ref now (submitted, tracked or resumed); `label` is its name. */
  started(ref: string, label: string): void;
  /** A new read of the job. */
  update(ref: string, job: Job): void;
  /** Bytes of an artifact arrived. */
  download(ref: string, progress: DownloadProgress): void;
  /** The job is done here (`text`: `saved 1 file`, `failed (content_filtered_error)`); bars show it. */
  finished(ref: string, text: string): void;
  /** A line for the user; on a TTY it is printed above the bars. */
  log(line: string): void;
  /** Draws the bars one last time and releases the terminal; later calls do nothing. */
  stop(): void;
}

/** A TTY gets live cli-progress bars; anything else gets {@link createLineReporter}. */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return stream.isTTY ? createBarReporter(stream) : createLineReporter(stream);
}

/** Plain lines: one per state change or progress step, and one per artifact download start. */
export function createLineReporter(stream: NodeJS.WritableStream): ProgressReporter {
  const labels = new Map<string, string>();
  const marks = new Map<string, ProgressMark>();
  const downloading = new Set<string>();
  const write = (line: string) => stream.write(`${line}\n`);
  return {
    started(ref, label) {
      labels.set(ref, label);
    },
    update(ref, job) {
      const step = progressStep(marks.get(ref), job);
      if (!step) return;
      marks.set(ref, step.mark);
      write(`${labels.get(ref) ?? ref}: ${ref} ${step.text}`);
    },
    download(ref, progress) {
      const key = `${ref}\u0000${progress.label}`;
      if (downloading.has(key)) return;
      downloading.add(key);
      const size = progress.totalBytes === undefined ? '' : ` (${formatBytes(progress.totalBytes)})`;
      write(`${labels.get(ref) ?? ref}: downloading ${progress.label}${size}`);
    },
    // The result lines on stdout say how each job ended.
    finished() {},
    log: write,
    stop() {},
  };
}

/** Live bars: one per job, showing state and progress, then download bytes. */
function createBarReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const multibar = new cliProgress.MultiBar(
    {
      stream,
      format: '{label} |{bar}| {pct} {status} ({duration_formatted})',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      forceRedraw: true,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  let stopped = false;
  const labels = new Map<string, string>();
  const bar = (ref: string) => {
    let found = bars.get(ref);
    if (!found) {
      found = multibar.create(100, 0, {
        label: padLabel(labels.get(ref) ?? ref),
        pct: ' --',
        status: 'submitted',
      });
      bars.set(ref, found);
    }
    return found;
  };
  return {
    started(ref, label) {
      labels.set(ref, label);
      bar(ref).update({ label: padLabel(label), status: ref });
    },
    update(ref, job) {
      const known = job.state === 'succeeded' ? 100 : job.progress;
      const state = job.error ? `${job.state} (${job.error.type})` : job.state;
      bar(ref).update(known ?? 0, { pct: percent(known), status: `${state} ${ref}` });
    },
    download(ref, progress) {
      const total = progress.totalBytes ?? 0;
      const value = total > 0 ? Math.min(100, (progress.receivedBytes / total) * 100) : undefined;
      const size = formatBytes(progress.receivedBytes);
      bar(ref).update(value ?? 100, { pct: percent(value), status: `downloading ${progress.label} ${size}` });
    },
    finished(ref, text) {
      bar(ref).update({ status: `${text} ${ref}` });
    },
    log(line) {
      if (stopped) stream.write(`${line}\n`);
      else multibar.log(`${line}\n`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      multibar.stop();
    },
  };
}

/** Labels are padded so bars line up (names up to this many characters). */
const LABEL_WIDTH = 20;

function padLabel(label: string): string {
  return label.length > LABEL_WIDTH ? `${label.slice(0, LABEL_WIDTH - 1)}…` : label.padEnd(LABEL_WIDTH);
}

/** `' 40%'`, or `' --'` when the provider reports no progress (LTX). */
function percent(value: number | undefined): string {
  return value === undefined ? ' --' : `${Math.round(value)}%`.padStart(4);
}
