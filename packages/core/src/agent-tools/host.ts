import type { RequestFile } from '../request-file/types.js';
import type { DownloadProgress, JobRecord, SubmitOptions } from '../runner/types.js';
import type { CostLimit } from './cost-guard.js';
import type { LoadedRequest, RequestFileAccess } from './request-source.js';

/**
 * The jobs as a front end keeps them (the CLI's file ledger, the extension's job store). Every method
 * takes a formatted job ref.
 */
export interface AgentJobs {
  /** Submits (billed) and records the job in the ledger; DuplicateSubmitError passes through. */
  submit(file: RequestFile, options: SubmitOptions): Promise<JobRecord>;
  /** Every job, newest first, as the ledger has it now (including jobs other processes added). */
  list(): Promise<JobRecord[]>;
  /** The ledger's record of one job; undefined when the ledger does not know it. */
  get(ref: string): Promise<JobRecord | undefined>;
  /**
   * The record after a fresh look at a live job where the front end does not poll it anyway (at most
   * one bounded status read); the ledger's record otherwise.
   */
  refresh(ref: string, signal?: AbortSignal): Promise<JobRecord>;
  /** Follows the job until it ends or `deadline` (epoch ms) passes; returns the latest record. */
  follow(
    ref: string,
    options: { deadline: number; signal?: AbortSignal; onUpdate?: (record: JobRecord) => void },
  ): Promise<JobRecord>;
  /** Downloads every artifact not on disk yet; returns the record with its downloads. */
  download(
    ref: string,
    options: { outputDir?: string; signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void },
  ): Promise<JobRecord>;
}

/** What a front end gives the agent tools: file access, its jobs, its defaults and limits. */
export interface AgentHost extends RequestFileAccess {
  jobs: AgentJobs;
  /** Absolute output folder of a request that names none on the call (its `output`, else a default). */
  outputDirFor(loaded: LoadedRequest): string;
  /** A limit for every submit (`ltx-jobs mcp --max-cost`), if set. */
  costLimit?: CostLimit;
  /** The daily budget of estimated spend (`LTX_JOBS_DAILY_BUDGET`), if set; never lifted by a quote. */
  dailyBudget?: CostLimit;
  /** Where the ledger is, for "not in the ledger" messages. */
  ledgerLabel: string;
  /** Epoch ms; default Date.now. */
  now?: () => number;
}

/** Per call: cancellation and progress for clients that show it. */
export interface CallContext {
  signal?: AbortSignal;
  /** A line of progress; `fraction` 0-1 when known. */
  progress?: (message: string, fraction?: number) => void;
}
