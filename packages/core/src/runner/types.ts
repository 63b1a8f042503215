import type { CostEstimate } from '../cost/types.js';
import type { Job, ProviderName } from '../job.js';
import type { JobRef } from '../job-ref.js';
import type { SubmitIntentView } from '../ledger/intents.js';
import type { DownloadRecord, JobRecord } from '../ledger/types.js';
import type { RequestFile } from '../request-file/types.js';
import type { RunJobIdentity } from '../runs/input-hash.js';
import type { TakeParent } from '../takes/take-link.js';

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
  /**
   * Read the provider at once (a refresh). Without it, a job whose known state was read (or which was
   * submitted) less than an interval ago is first read when that interval ends.
   */
  readNow?: boolean;
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
  /**
   * Epoch ms by which every download must be done (a command's `--timeout`): the transfer in flight
   * is cut then and no retry starts that would end later; the bytes so far are kept for a resume.
   */
  deadline?: number;
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
  /** The cost estimate made before submitting; kept in the ledger record (`JobRecord.estimate`). */
  estimate?: CostEstimate;
  /** Submit even when an identical input was submitted before (otherwise DuplicateSubmitError). */
  allowDuplicate?: boolean;
  /**
   * The run and planned job this submit belongs to: kept in the record, and its variant key and
   * attempt join the input hash (see `runInputHash`), so intended repeats are not duplicates.
   */
  run?: RunJobIdentity & { job: string };
  /**
   * Cuts media upload and the wait for a submit slot. It does not cut the POST itself: once sent, the
   * runner waits for the id so that a billed job is always recorded.
   */
  signal?: AbortSignal;
  /**
   * False when nobody in this process will watch the job (CLI `submit` without `--wait`): its submit
   * slot is released as soon as the id is known. Default true: the slot is held until the runner sees
   * the job end (the runner polls slot holders itself when a later submit waits for their slot).
   */
  willWatch?: boolean;
  /**
   * What the job is a take of. Default: found from the request's first local media file and the
   * provenance file beside it (`findTakeParent`); none when the request sends no local file.
   */
  parent?: TakeParent;
  /**
   * Told where the submit stands before the job has an id: `waiting-for-slot` while every submit slot
   * of the provider is taken (`running` of `limit` generations in flight), then `sending` just before
   * the billed POST. A throwing listener is logged and ignored.
   */
  onPhase?: (phase: SubmitPhase) => void;
}

/** Where a submit stands before its job has an id (see {@link SubmitOptions.onPhase}). */
export type SubmitPhase =
  | { phase: 'waiting-for-slot'; running: number; limit: number }
  | { phase: 'sending' };

/**
 * What a cancel ended with: `cancelled` (the provider stopped it; the record is `cancelled` now), or
 * `already-ended` when the job had ended before the cancel arrived (the record holds its final state).
 */
export type CancelOutcome =
  | { outcome: 'cancelled'; record: JobRecord }
  | { outcome: 'already-ended'; record: JobRecord };

/** Provider-specific knobs of a runner. */
export interface ProviderLimits {
  /** Generations submitted and not yet ended, at most. Default: ltx 2, useapi 20. */
  concurrentJobs?: number;
  /**
   * A fixed ceiling of status reads per second across all jobs of the provider. Default: none; the
   * poll engine reads each job every interval and learns the provider's limit from its 429s.
   */
  statusRequestsPerSecond?: number;
}

export type { DownloadRecord, JobRecord, JobRef };
export type ProviderLimitsMap = Partial<Record<ProviderName, ProviderLimits>>;

/** Shared by CLI and extension: the whole lifecycle over a ledger. Views subscribe; they never call the API. */
export interface JobRunner {
  /**
   * Resolves once the ledger is loaded (at once unless the runner loads it in the background; then
   * views refresh when it resolves). Rejects when the ledger cannot be read.
   */
  readonly ready: Promise<void>;
  /**
   * Resolves local media (uploads), waits for a submit slot of the provider, submits, and records the
   * job in the ledger the moment its id is known, before anything else can fail. Throws
   * DuplicateSubmitError when the same input was submitted before, unless `allowDuplicate`.
   */
  submit(file: RequestFile, options: SubmitOptions): Promise<JobRecord>;
  /**
   * Adds a job known only by its ref (`ltx:<endpoint>/<id>`, `useapi:<jobId>`) to the ledger; with
   * `from`, a record another ledger keeps for that ref (the CLI's, adopted by the extension), as it is.
   * A ref the ledger has already is left as it is.
   */
  track(
    ref: string | JobRef,
    options?: { name?: string; outputDir?: string; from?: JobRecord },
  ): Promise<JobRecord>;
  /** Polls through the shared scheduler until the job ends or the deadline passes; updates the ledger. */
  watch(ref: string, options?: WatchOptions): Promise<WatchOutcome>;
  /** Downloads every artifact of a succeeded job that is not on disk yet; records each in the ledger. */
  download(ref: string, options?: DownloadOptions): Promise<DownloadRecord[]>;
  /**
   * Cancels where the provider can (useapi) and records the job as `cancelled`; a job that had already
   * ended is left as it was (`already-ended`). Throws UsageError for a provider without cancel (LTX).
   */
  cancel(ref: string): Promise<CancelOutcome>;
  /** Stops polling the job (the paid job goes on); `watch` calls on it end with `end: 'deadline'`. */
  stopWatching(ref: string): Promise<void>;
  /** Forgets the job (files on disk stay). */
  remove(ref: string): Promise<void>;
  get(ref: string): JobRecord | undefined;
  /** Every record, newest first. */
  list(): JobRecord[];
  /** Called with the new record after every change (submit, status update, download, removal as undefined). */
  onDidChange(listener: (ref: string, record: JobRecord | undefined) => void): () => void;
  /**
   * Submits without a job id (see SubmitIntentView): `submitting` in some process, or `interrupted`
   * ("submit interrupted — may have been billed"). Those of other processes appear after a submit
   * or a `refresh`. Show them next to the jobs; a resubmit of their input is refused (DuplicateSubmitError
   * with `intent`) unless the user allows a duplicate.
   */
  intents(): SubmitIntentView[];
  /** Called with every intent after an intent changed (claimed, posting, interrupted, done, dismissed). */
  onDidChangeIntents(listener: (intents: SubmitIntentView[]) => void): () => void;
  /**
   * Finds the job of an interrupted submit at its provider and records it (useapi, by replyRef).
   * Throws UsageError saying why it cannot (LTX cannot list jobs; nothing found).
   */
  recover(intentId: string): Promise<JobRecord>;
  /** Forgets an interrupted submit (the user has checked, or does not care). */
  dismissIntent(intentId: string): Promise<void>;
  /** Aborts every watch and download in flight. */
  dispose(): void;
}

/** Options of {@link CoreJobRunner.watchAndDownload}: a watch, then a download of a succeeded job. */
export interface WatchAndDownloadOptions extends WatchOptions {
  /** Folder to write into; default: the record's `outputDir`. */
  outputDir?: string;
  onProgress?: (progress: DownloadProgress) => void;
}

/** What {@link CoreJobRunner.watchAndDownload} ends with. Failed/expired jobs are returned, not thrown. */
export interface WatchAndDownloadResult {
  outcome: WatchOutcome;
  /** Every artifact of the job on disk (empty unless the job succeeded). */
  downloads: DownloadRecord[];
}

/** The runner `createJobRunner` returns: the {@link JobRunner} contract plus conveniences. */
export interface CoreJobRunner extends JobRunner {
  /**
   * Watches the job until it ends (or the deadline passes), then, when it succeeded, downloads its
   * artifacts: the "follow a job to its files" flow the CLI's `--wait` and the extension both need.
   */
  watchAndDownload(ref: string, options?: WatchAndDownloadOptions): Promise<WatchAndDownloadResult>;
}
