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
  name?: string;
  /** Last known state; undefined for a tracked job whose status was never read. */
  state?: JobState;
  /** 0–100 when the provider reports it. */
  progress?: number;
  /** The provider's error type of a failed job. */
  errorType?: string;
  /** Artifacts complete on disk. */
  downloads: number;
  /** Artifacts the job lists. */
  artifacts: number;
  watching: boolean;
}

/** The summary of a record. */
export function summarize(record: JobRecord): RecordSummary {
  const { job } = record;
  return {
    ref: record.ref,
    submittedAt: record.submittedAt,
    ...(record.name === undefined ? {} : { name: record.name }),
    ...(job === undefined ? {} : { state: job.state }),
    ...(job?.progress === undefined ? {} : { progress: job.progress }),
    ...(job?.error === undefined ? {} : { errorType: job.error.type }),
    downloads: record.downloads.length,
    artifacts: job?.artifacts.length ?? 0,
    watching: record.watching,
  };
}

/** One summary as the snapshot keeps it: `[name, state, progress, errorType, downloads, artifacts, watching]`. */
export type SummaryRow = [string | null, string | null, number | null, string | null, number, number, 0 | 1];

/** The row of a summary (ref and date are in the snapshot's other columns). */
export function rowOf(summary: RecordSummary): SummaryRow {
  return [
    summary.name ?? null,
    summary.state ?? null,
    summary.progress ?? null,
    summary.errorType ?? null,
    summary.downloads,
    summary.artifacts,
    summary.watching ? 1 : 0,
  ];
}

/** The summary of a row, with the ref and date it belongs to. */
export function summaryOfRow(ref: string, submittedAt: string, row: SummaryRow): RecordSummary {
  const [name, state, progress, errorType, downloads, artifacts, watching] = row;
  return {
    ref,
    submittedAt,
    ...(name === null ? {} : { name }),
    ...(state === null ? {} : { state: state as JobState }),
    ...(progress === null ? {} : { progress }),
    ...(errorType === null ? {} : { errorType }),
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
