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
      const label = labels.get(ref);
      write(label === undefined || label === ref ? `${ref}: ${step.text}` : `${label}: ${ref} ${step.text}`);
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

/**
 * Live bars: one per job (its name, progress, state, then download bytes); the job ref is in the log
 * line above ("submitted as <ref>"). Bars are cut at the terminal width, log lines wrap whole.
 */
export function createBarReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const multibar = new cliProgress.MultiBar(
    {
      stream,
      // true: cli-progress trims each bar to the width itself and leaves the terminal's line wrapping
      // on; false (its default) turns wrapping off, which clips every long log line at the edge.
      linewrap: true,
      format: '{label} |{bar}| {pct} {duration_formatted}  {status}',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      forceRedraw: true,
      barsize: 20,
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
      bar(ref).update({ label: padLabel(label) });
    },
    update(ref, job) {
      const known = job.state === 'succeeded' ? 100 : job.progress;
      const state = job.error ? `${job.state} (${job.error.type})` : job.state;
      bar(ref).update(known ?? 0, { pct: percent(known), status: state });
    },
    download(ref, progress) {
      const total = progress.totalBytes ?? 0;
      const value = total > 0 ? Math.min(100, (progress.receivedBytes / total) * 100) : undefined;
      const size = formatBytes(progress.receivedBytes);
      bar(ref).update(value ?? 100, { pct: percent(value), status: `downloading ${size}` });
    },
    finished(ref, text) {
      bar(ref).update({ status: text });
    },
    log(line) {
      if (stopped) stream.write(`${line}\n`);
      else multibar.log(`${line}\n`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      // Flush log lines still buffered for the next redraw: cli-progress's stop() drops them.
      multibar.update();
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
