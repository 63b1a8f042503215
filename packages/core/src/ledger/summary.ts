import type { JobState } from '../job.js';
import type { JobRecord } from './types.js';

/**
 * What a listing shows of a record, without the record: a compacted ledger keeps one per record in
 * its snapshot, so `list` parses no record at all.
 */
export interface RecordSummary {
  ref: string;
  /** ISO-8601. */
  submittedAt: string;
  name?: string | undefined;
  /** Last known state; undefined for a tracked job whose status was never read. */
  state?: JobState | undefined;
  /** 0–100 when the provider reports it. */
  progress?: number | undefined;
  /** The provider's error type of a failed job. */
  errorType?: string | undefined;
  /** Artifacts complete on disk. */
  downloads: number;
  /** Artifacts the job lists. */
  artifacts: number;
  watching: boolean;
}

/** The summary of a record (every member present, undefined when unknown: one shape for all). */
export function summarize(record: JobRecord): RecordSummary {
  const { job } = record;
  return {
    ref: record.ref,
    submittedAt: record.submittedAt,
    name: record.name,
    state: job?.state,
    progress: job?.progress,
    errorType: job?.error?.type,
    downloads: record.downloads.length,
    artifacts: job?.artifacts.length ?? 0,
    watching: record.watching,
  };
}

/**
 * One summary as the snapshot keeps it:
 * `[ref, submittedAt, rev, name, state, progress, errorType, downloads, artifacts, watching]`.
 */
export type SummaryRow = [
  string,
  string,
  number,
  string | null,
  string | null,
  number | null,
  string | null,
  number,
  number,
  0 | 1,
];

/** The row of a summary whose last line has `rev`. */
export function rowOf(summary: RecordSummary, rev: number): SummaryRow {
  return [
    summary.ref,
    summary.submittedAt,
    rev,
    summary.name ?? null,
    summary.state ?? null,
    summary.progress ?? null,
    summary.errorType ?? null,
    summary.downloads,
    summary.artifacts,
    summary.watching ? 1 : 0,
  ];
}

/** The summary of a row. */
export function summaryOfRow(row: SummaryRow): RecordSummary {
  const [ref, submittedAt, , name, state, progress, errorType, downloads, artifacts, watching] = row;
  return {
    ref,
    submittedAt,
    name: name ?? undefined,
    state: (state ?? undefined) as JobState | undefined,
    progress: progress ?? undefined,
    errorType: errorType ?? undefined,
    downloads,
    artifacts,
    watching: watching === 1,
  };
}

/**
 * The summary line of a snapshot, parsed when first asked for (a load that only needs records or
 * keys never reads it). `read` returns the line's JSON text, or undefined when it cannot be trusted.
 */
export class SummaryRows {
  private rows: SummaryRow[] | undefined | null = null;

  constructor(private readonly read: () => string | undefined) {}

  /** Row `index`, or undefined when the line is missing or damaged (then the record is parsed instead). */
  row(index: number): SummaryRow | undefined {
    if (this.rows === null) {
      const text = this.read();
      try {
        this.rows = text === undefined ? undefined : (JSON.parse(text) as { rows: SummaryRow[] }).rows;
      } catch {
        this.rows = undefined;
      }
    }
    return this.rows?.[index];
  }
}
