import type { CostEstimate, JobRecord, JobState } from '@ltx-jobs/core';
import type { RunInfo } from '../commands/run-jobs.js';
import type { ExitCode } from '../exit-codes.js';

/** One artifact in a summary: where it is on disk once downloaded. Signed URLs are not shown. */
export interface ArtifactSummary {
  label: string;
  /** Absolute path, when the file is on disk. */
  path?: string;
  bytes?: number;
}

/** What `--json` prints per job (and what the text output is made from). */
export interface JobSummary {
  /** The request file, for `submit`. */
  file?: string;
  /** `ltx:<endpoint>/<id>` or `useapi:<jobId>`; absent when nothing was submitted. */
  ref?: string;
  name?: string;
  /**
   * The job's state; `not-submitted` when the CLI stopped before a submit; `submit-interrupted` when
   * the submit was sent but its answer was lost (it may have been billed; no job id is known), and
   * `submitting` for a submit another process is making right now (both from the ledger's intents).
   */
  state: JobState | 'not-submitted' | 'submit-interrupted' | 'submitting';
  /** 0-100 when the provider reports it. */
  progress?: number;
  outputDir?: string;
  submittedAt?: string;
  artifacts: ArtifactSummary[];
  /** Why it did not succeed: the provider's error type and message, or the CLI's. */
  error?: { type: string; message: string };
  /** One line saying why it did not succeed, e.g. `ltx:text-to-video/<id> failed: content_filtered_error: …`. */
  reason?: string;
  /** The cost estimate made before submitting (`estimateCost`), when one was made. */
  estimate?: CostEstimate;
  /** The exit code this job alone would give (`submit`/`watch` only). */
  exitCode?: ExitCode;
  /** The run it belongs to, its variant key and which attempt this is (`run resume` makes 2+). */
  runId?: string;
  variantKey?: string;
  attempt?: number;
}

/** The `--json` document of `submit` and `watch`. */
export interface RunSummary {
  /** The worst exit code of all jobs, the process's exit code. */
  exitCode: ExitCode;
  /** A run (variations, a manifest, several files): its id, name and progress over all its jobs. */
  run?: RunInfo;
  jobs: JobSummary[];
}

/** The summary of a ledger record: last known state, artifacts joined with their downloads. */
export function summaryFromRecord(record: JobRecord): JobSummary {
  const downloads = new Map(record.downloads.map((d) => [d.label, d]));
  const labels = new Set([...(record.job?.artifacts.map((a) => a.label) ?? []), ...downloads.keys()]);
  const artifacts = [...labels].map((label): ArtifactSummary => {
    const done = downloads.get(label);
    return done ? { label, path: done.path, bytes: done.bytes } : { label };
  });
  const summary: JobSummary = {
    ref: record.ref,
    // No job yet: tracked by its ref and never read, so nothing is known.
    state: record.job?.state ?? 'unknown',
    submittedAt: record.submittedAt,
    artifacts,
  };
  if (record.requestFile) summary.file = record.requestFile;
  if (record.estimate) summary.estimate = record.estimate;
  if (record.name) summary.name = record.name;
  if (record.outputDir) summary.outputDir = record.outputDir;
  if (record.job?.progress !== undefined) summary.progress = record.job.progress;
  if (record.job?.error) summary.error = { type: record.job.error.type, message: record.job.error.message };
  if (record.runId) summary.runId = record.runId;
  if (record.variantKey) summary.variantKey = record.variantKey;
  if (record.attempt && record.attempt > 1) summary.attempt = record.attempt;
  return summary;
}

/** How a followed job ended, in a few words: `saved 2 files`, `failed (content_filtered_error)`. */
export function outcomeText(summary: JobSummary): string {
  if (summary.exitCode === 0) {
    const files = summary.artifacts.filter((a) => a.path).length;
    return `saved ${files} file${files === 1 ? '' : 's'}`;
  }
  if (summary.exitCode === 130) return 'stopped watching';
  return summary.error ? `${summary.state} (${summary.error.type})` : summary.state;
}
