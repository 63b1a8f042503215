import type { Job, ProviderName } from '../job.js';
import type { JobRef } from '../job-ref.js';
import type { DownloadRecord, JobRecord } from '../ledger/types.js';

/** Why a watch returned. */
export type WatchEnd = 'terminal' | 'deadline';

/** The result of watching a job. A deadline stops watching only: the paid job goes on. */
export interface WatchOutcome {
  job: Job;
  end: WatchEnd;
}

/** Options for watching one job. */
export interface WatchOptions {
  /** Cuts the sleep and the request in flight; the returned promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Epoch milliseconds after which watching stops with `end: 'deadline'`. */
  deadline?: number;
  /** Called with every new read of the job (and once with the last known state at start). */
  onUpdate?: (job: Job) => void;
}

/** Progress of one artifact download. */
export interface DownloadProgress {
  label: string;
  /** Bytes on disk so far, including a resumed part. */
  receivedBytes: number;
  /** From Content-Length / Content-Range, when known. */
  totalBytes?: number;
}

/** Options for downloading a job's artifacts. */
export interface DownloadOptions {
  /** Folder to write into; default: the record's `outputDir`. */
  outputDir?: string;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

/** Options for submitting one request file. */
export interface SubmitOptions {
  /** Folder that relative media paths in the request are resolved against (the request file's folder). */
  baseDir: string;
  /** Path or URI of the request file, kept in the ledger. */
  requestFile?: string;
  /** Where its artifacts go; kept in the ledger. */
  outputDir?: string;
  /** Submit even when an identical input was submitted before (otherwise DuplicateSubmitError). */
  allowDuplicate?: boolean;
  signal?: AbortSignal;
}

/** Provider-specific knobs of a runner. */
export interface ProviderLimits {
  /** Generations submitted and not yet ended, at most. Default: ltx 2, useapi 20. */
  concurrentJobs?: number;
  /** Status reads per second across all jobs of the provider. Default: 2. */
  statusRequestsPerSecond?: number;
}

export type { DownloadRecord, JobRecord, JobRef };
export type ProviderLimitsMap = Partial<Record<ProviderName, ProviderLimits>>;
