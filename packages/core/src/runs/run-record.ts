import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CostEstimateSchema } from '../cost/types.js';
import { ProviderNameSchema } from '../job.js';
import type { RequestFile } from '../request-file/types.js';
import { TakeParentSchema } from '../takes/take-link.js';

/** The request one planned job sends: a request file without `variations`. */
export const PlannedRequestSchema = z.object({
  provider: ProviderNameSchema,
  endpoint: z.string(),
  name: z.string().optional(),
  request: z.record(z.string(), z.unknown()),
  output: z.string().optional(),
});

/** One job of a run, planned (and written down) before anything is sent. */
export const PlannedJobSchema = z.object({
  /** Unique and stable within the run: `<input>:<line>:<variant>` (1-based; 0 when not applicable). */
  key: z.string(),
  name: z.string(),
  /** What to send. */
  file: PlannedRequestSchema,
  /** Folder that relative media paths resolve against. */
  baseDir: z.string(),
  /** Path (CLI) or URI (extension) of the request file or manifest it came from. */
  requestFile: z.string(),
  /** 1-based line (JSONL) or record start line (CSV) in the manifest. */
  line: z.number().int().positive().optional(),
  /** The manifest whose `line` names this request file; absent when the request is written in it. */
  manifest: z.string().optional(),
  /** The variant key of a file with `variations`; part of the input hash. */
  variantKey: z.string().optional(),
  /** Input hash of its first attempt (see `runInputHash`). */
  inputHash: z.string(),
  /** Where its artifacts go. */
  outputDir: z.string().optional(),
  /** The estimate shown before the run was sent. */
  estimate: CostEstimateSchema.optional(),
  /** What it is a take of (`submit --from <ref>`), kept in its ledger record. */
  parent: TakeParentSchema.optional(),
});
export type PlannedJob = z.infer<typeof PlannedJobSchema>;

/** What a run was made from. */
export const RUN_KINDS = ['variations', 'manifest', 'files'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** The run's estimated total (`usd` sums the known estimates, `unknown` counts the others). */
export const RunTotalSchema = z.object({
  usd: z.number(),
  low: z.number(),
  high: z.number(),
  unknown: z.number().int(),
});
export type RunTotal = z.infer<typeof RunTotalSchema>;

/**
 * A run: every job one submit of a file with variations, a manifest or several files planned,
 * written durably before the first POST. Its jobs' ledger records carry `runId` (and `variantKey`);
 * progress is read from them, so the run record itself never changes.
 */
export const RunRecordSchema = z.object({
  v: z.literal(1),
  /** `run-20261120-221500-a3f9`: UTC start time plus 4 random hex digits. */
  id: z.string().regex(/^run-[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$/),
  /** ISO-8601. */
  createdAt: z.string(),
  /** `dawn ×4`, `shots.ltx.jsonl`, `3 files`. */
  name: z.string(),
  kind: z.enum(RUN_KINDS),
  /** The files given to the submit (request files, manifests, the CSV's template). */
  sources: z.array(z.string()),
  jobs: z.array(PlannedJobSchema),
  /** Manifest lines left out by `--skip-invalid`, with why. */
  skipped: z.array(z.object({ where: z.string(), message: z.string() })).optional(),
  total: RunTotalSchema.optional(),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** A new run id at `now` (epoch ms): `run-YYYYMMDD-HHMMSS-xxxx`, UTC, so ids sort by start time. */
export function newRunId(now: number): string {
  const iso = new Date(now).toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
  return `run-${stamp}-${randomBytes(2).toString('hex')}`;
}

/** The record of a run about to be sent, made at `now` (epoch ms): format 1, a new id, its start time. */
export function newRunRecord(
  fields: Omit<RunRecord, 'v' | 'id' | 'createdAt'>,
  now: number = Date.now(),
): RunRecord {
  return { v: 1, id: newRunId(now), createdAt: new Date(now).toISOString(), ...fields };
}

/** Where a planned job came from, for messages: `a.ltx.json`, `shots.ltx.jsonl:7`, `a.ltx.json (shots.ltx.jsonl:3)`. */
export function plannedJobSource(job: PlannedJob): string {
  if (job.manifest !== undefined)
    return `${job.requestFile} (${job.manifest.split(/[\\/]/).pop()}:${job.line})`;
  return job.line === undefined ? job.requestFile : `${job.requestFile}:${job.line}`;
}

/** The request file a planned job sends (a plain one: no `variations`). */
export function requestOf(job: PlannedJob): RequestFile {
  const { provider, endpoint, name, request, output } = job.file;
  return {
    provider,
    endpoint,
    request,
    ...(name === undefined ? {} : { name }),
    ...(output === undefined ? {} : { output }),
  };
}
