import { z } from 'zod';
import { CostEstimateSchema } from '../cost/types.js';
import { JobSchema, ProviderNameSchema } from '../job.js';
import { TakeParentSchema } from '../takes/take-link.js';
import type { IntentStore } from './intents.js';
import type { LedgerSnapshot } from './log-reader.js';

/** One artifact that is on disk, complete. */
export const DownloadRecordSchema = z.object({
  /** Artifact label (`video_url`, ...). */
  label: z.string(),
  /** Absolute path of the finished file. */
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  /** ISO-8601. */
  completedAt: z.string(),
});
export type DownloadRecord = z.infer<typeof DownloadRecordSchema>;

/**
 * What the ledger keeps of one submitted (or tracked) job. Written the moment the id is known, then
 * updated as the job moves. Never holds a secret.
 */
export const JobRecordSchema = z.object({
  /** Formatted job ref, the record's key: `ltx:<endpoint>/<id>` or `useapi:<jobId>`. */
  ref: z.string(),
  provider: ProviderNameSchema,
  endpoint: z.string(),
  id: z.string(),
  /** `name` from the request file, else the file's base name. */
  name: z.string().optional(),
  /** Absolute path (CLI) or URI string (extension) of the request file. */
  requestFile: z.string().optional(),
  /** The body as sent (after local media were replaced by uploaded references). */
  request: z.unknown(),
  /** sha256 of provider + endpoint + canonical request body as written in the file; finds duplicates. */
  inputHash: z.string(),
  /** Where artifacts go. */
  outputDir: z.string().optional(),
  /** ISO-8601. */
  submittedAt: z.string(),
  /** Last known state of the job. */
  job: JobSchema.optional(),
  downloads: z.array(DownloadRecordSchema),
  /** The cost estimate made before submitting (`estimateCost`); absent on tracked and older records. */
  estimate: CostEstimateSchema.optional(),
  /** False once the user stopped watching it; a terminal job is not polled either way. */
  watching: z.boolean(),
  /** Set when the job is a take (extend, retake, ...) of a local file, maybe another job's artifact. */
  parent: TakeParentSchema.optional(),
  /** The run this job belongs to (a submit of variations, a manifest or several files); see RunRecord. */
  runId: z.string().optional(),
  /** The planned job of the run it submits (`PlannedJob.key`); several attempts share it. */
  runJob: z.string().optional(),
  /** The variant key of a file with `variations` (part of the input hash). */
  variantKey: z.string().optional(),
  /** 1 for the first submit of a run's job, 2+ for its resubmits by `run resume`. */
  attempt: z.number().int().positive().optional(),
  /** The submit intent this record completed (see SubmitIntent); absent for tracked and older records. */
  intentId: z.string().optional(),
});
export type JobRecord = z.infer<typeof JobRecordSchema>;

/**
 * One change of a ledger, as {@link LedgerStore.commit} writes it. `rev` counts the changes of the ref
 * (the ledger gives each change the next one); stores that keep no log may ignore it.
 */
export type LedgerChange =
  | { op: 'put'; record: JobRecord; rev: number }
  | { op: 'remove'; ref: string; rev: number };

/** What a store read again: the lines since its last load or refresh, or (`full`) the whole ledger. */
export interface LedgerRefresh extends LedgerSnapshot {
  /** True when the whole ledger was read again (after a compaction replaced the file). */
  full: boolean;
}

/**
 * Durable storage for job records. `put` must be durable when its promise resolves (the CLI's file
 * store fsyncs; the extension supplies workspace storage). Keyed by `record.ref`. The optional members
 * let a store do better than the basics; the ledger uses them when present.
 */
export interface LedgerStore {
  load(): Promise<JobRecord[]>;
  put(record: JobRecord): Promise<void>;
  remove(ref: string): Promise<void>;
  /** Loads every record by ref; records may stay unparsed until asked for (see StoredEntry). */
  loadEntries?(): Promise<LedgerSnapshot>;
  /** Writes several changes durably with one write (group commit), in order. */
  commit?(changes: readonly LedgerChange[]): Promise<void>;
  /** Reads what other processes wrote since the last load or refresh. */
  refresh?(): Promise<LedgerRefresh>;
  /** Durable, cross-process submit intents; a store without them gets intents in memory. */
  readonly intents?: IntentStore;
  /** Lets go of open files. */
  close?(): void;
}
