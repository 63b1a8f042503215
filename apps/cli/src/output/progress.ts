import { type DownloadProgress, formatBytes, isTerminal, type Job } from '@ltx-jobs/core';
import cliProgress from 'cli-progress';
import { type BarState, barLine } from './bar-line.js';
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

/** Options of {@link createProgressReporter}. */
export interface ReporterOptions {
  /** Draw live bars on a TTY (commands that follow jobs). False: plain lines only (`submit` without `--wait`). */
  bars: boolean;
}

/** A TTY gets live bars when the command follows jobs; anything else gets {@link createLineReporter}. */
export function createProgressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  options: ReporterOptions,
): ProgressReporter {
  return stream.isTTY && options.bars ? createBarReporter(stream) : createLineReporter(stream);
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
 * Live bars: one per job (its name, progress, elapsed time, state, then download bytes); the job ref
 * is in the log line above ("submitted as <ref>"). A job without a progress % (LTX) gets an
 * indeterminate bar that moves while it waits. Bars are cut at the terminal width, log lines wrap whole.
 */
export function createBarReporter(
  stream: NodeJS.WriteStream,
  now: () => number = Date.now,
): ProgressReporter {
  const multibar = new cliProgress.MultiBar({
    stream,
    // true: cli-progress trims each bar to the width itself and leaves the terminal's line wrapping
    // on; false (its default) turns wrapping off, which clips every long log line at the edge.
    linewrap: true,
    format: (_options, _params, payload: { state: BarState }) => barLine(payload.state, now()),
    hideCursor: true,
    clearOnComplete: false,
    stopOnComplete: false,
    forceRedraw: true,
  });
  const bars = new Map<string, { bar: cliProgress.SingleBar; state: BarState }>();
  let stopped = false;
  const labels = new Map<string, string>();
  const entry = (ref: string) => {
    let found = bars.get(ref);
    if (!found) {
      const state: BarState = {
        label: padLabel(labels.get(ref) ?? ref),
        percent: undefined,
        startedAt: now(),
        status: 'submitted',
      };
      found = { bar: multibar.create(100, 0, { state }), state };
      bars.set(ref, found);
    }
    return found;
  };
  const change = (ref: string, patch: Partial<BarState>) => {
    const found = entry(ref);
    Object.assign(found.state, patch);
    found.bar.update(found.state.percent ?? 0, { state: found.state });
  };
  return {
    started(ref, label) {
      labels.set(ref, label);
      change(ref, { label: padLabel(label) });
    },
    update(ref, job) {
      const created = job.createdAt === undefined ? Number.NaN : Date.parse(job.createdAt);
      const ended = job.completedAt === undefined ? now() : Date.parse(job.completedAt);
      change(ref, {
        percent: job.state === 'succeeded' ? 100 : job.progress,
        status: job.error ? `${job.state} (${job.error.type})` : job.state,
        ...(Number.isNaN(created) ? {} : { startedAt: created }),
        ...(isTerminal(job.state) && !Number.isNaN(ended) ? { endedAt: ended } : {}),
      });
    },
    download(ref, progress) {
      const total = progress.totalBytes ?? 0;
      change(ref, {
        percent: total > 0 ? Math.min(100, (progress.receivedBytes / total) * 100) : undefined,
        status: `downloading ${formatBytes(progress.receivedBytes)}`,
      });
    },
    finished(ref, text) {
      change(ref, { status: text });
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
