import { z } from 'zod';
import { JobStateSchema, ProviderNameSchema } from '../job.js';

/**
 * Input and output shapes of the agent tools (MCP server and VS Code language-model tools). The tool
 * input JSON Schemas are generated from these; every tool call is parsed with them.
 */

const fileField = z
  .string()
  .min(1)
  .describe('Path of a *.ltx.json request file, relative to the workspace folder (or absolute).');

/** Any JSON object; `additionalProperties: true` in the JSON Schema (our validator checks the fields). */
const anyObject = () => z.record(z.string(), z.unknown()).meta({ additionalProperties: true });

// Every field optional and unknown keys kept: the request-file validator reports each problem at its
// JSON path (`$.request.duration`), which says more than a schema error from the protocol layer.
const inlineField = z
  .looseObject({
    provider: z
      .string()
      .optional()
      .meta({ enum: ['ltx', 'useapi'] })
      .describe('ltx: the LTX API. useapi: useapi.net LTX Studio (deprecated).'),
    endpoint: z
      .string()
      .optional()
      .describe(
        'LTX: text-to-video, image-to-video, audio-to-video, retake, extend, video-to-video-hdr, ...',
      ),
    name: z.string().optional().describe('Shown in job lists.'),
    output: z.string().optional().describe('Folder for the results, relative to the workspace folder.'),
    request: anyObject()
      .optional()
      .describe(
        'The API body exactly as the endpoint takes it, e.g. { "prompt", "model", "resolution", "duration", "fps" }; media fields may name local files.',
      ),
  })
  .meta({ additionalProperties: true })
  .describe(
    'An inline request instead of a file, with the fields of a *.ltx.json file. Relative media paths and "output" resolve against the workspace folder.',
  );

const refField = z
  .string()
  .min(1)
  .describe('Job ref as returned by ltx_submit: ltx:<endpoint>/<id> or useapi:<jobId>.');

/** Names a request: exactly one of `file` or `request`. */
export const RequestSourceSchema = z.object({ file: fileField.optional(), request: inlineField.optional() });
/** Parsed {@link RequestSourceSchema}. */
export type RequestSource = z.infer<typeof RequestSourceSchema>;

/** `ltx_list_models` input. */
export const ListModelsInputSchema = z.object({
  endpoint: z
    .string()
    .min(1)
    .optional()
    .describe('Only models that serve this LTX endpoint, e.g. text-to-video. Default: every model.'),
  includeRemoved: z.boolean().optional().describe('Also list removed model ids. Default false.'),
});

/** `ltx_validate` and `ltx_estimate` input. */
export const ValidateInputSchema = RequestSourceSchema;

/** `ltx_submit` input. */
export const SubmitInputSchema = RequestSourceSchema.extend({
  out: z
    .string()
    .min(1)
    .optional()
    .describe('Folder for the results. Default: the file\'s "output", else ltx-output/ next to it.'),
  maxCostUsd: z
    .number()
    .nonnegative()
    .optional()
    .describe('Refuse when the estimate is above this many USD (or unknown), unless confirmQuote is given.'),
  confirmQuote: z
    .string()
    .min(1)
    .optional()
    .describe(
      'The quote id that ltx_estimate (or a refused ltx_submit) returned for this exact request: confirms ' +
        'that estimate and lifts the cost limit for this call.',
    ),
  allowDuplicate: z
    .boolean()
    .optional()
    .describe('Submit even when an identical request was submitted before (billed again). Default false.'),
});
/** Parsed {@link SubmitInputSchema}. */
export type SubmitInput = z.infer<typeof SubmitInputSchema>;

/** `ltx_status` input. */
export const StatusInputSchema = z.object({ ref: refField });

/** Longest `ltx_wait` call, in seconds (MCP clients time requests out after about 60 s). */
export const MAX_WAIT_SECONDS = 50;
/** `ltx_wait` default, in seconds. */
export const DEFAULT_WAIT_SECONDS = 25;

/** `ltx_wait` input. */
export const WaitInputSchema = z.object({
  ref: refField,
  seconds: z
    .number()
    .min(1)
    .max(MAX_WAIT_SECONDS)
    .optional()
    .describe(
      `Wait at most this long (1-${MAX_WAIT_SECONDS} s, default ${DEFAULT_WAIT_SECONDS}), then return the ` +
        'progress so far; call again to go on. The job itself keeps running either way.',
    ),
  download: z
    .boolean()
    .optional()
    .describe('Download the results when the job succeeds (within the same time bound). Default true.'),
});
/** Parsed {@link WaitInputSchema}. */
export type WaitInput = z.infer<typeof WaitInputSchema>;

/** `ltx_list_jobs` input. */
export const ListJobsInputSchema = z.object({
  limit: z.number().int().min(1).max(200).optional().describe('At most this many, newest first. Default 20.'),
  state: JobStateSchema.optional().describe('Only jobs in this state.'),
});

/** `ltx_download` input. */
export const DownloadInputSchema = z.object({
  ref: refField,
  out: z
    .string()
    .min(1)
    .optional()
    .describe("Folder to write into. Default: the job's output folder from when it was submitted."),
});

/** One problem in a request, at its JSON path. */
export const IssueSchema = z.object({
  /** JSON path, e.g. `$.request.duration`. */
  path: z.string(),
  message: z.string(),
  /** 1-based position in the file (files only). */
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  /** Kind of problem, e.g. `unsupported-duration`, `unknown-model`, `deprecated-model`. */
  code: z.string().optional(),
  /** An obvious fix, in words, e.g. `Change to 8`. */
  suggestion: z.string().optional(),
});
/** Parsed {@link IssueSchema}. */
export type Issue = z.infer<typeof IssueSchema>;

/** What a request is, once valid: shown before anything is billed. */
export const RequestSummarySchema = z.object({
  /** The request file (absolute path or workspace-relative), or `inline request`. */
  source: z.string(),
  provider: ProviderNameSchema.optional(),
  endpoint: z.string().optional(),
  model: z.string().optional(),
  name: z.string().optional(),
});

/** `ltx_validate` output. */
export const ValidateOutputSchema = RequestSummarySchema.extend({
  valid: z.boolean(),
  /** Every problem, each at its JSON path; empty when valid. */
  issues: z.array(IssueSchema),
  /** Sent anyway, but worth a look: a deprecated model, a value newer than the capability table. */
  warnings: z.array(IssueSchema),
});
/** Parsed {@link ValidateOutputSchema}. */
export type ValidateOutput = z.infer<typeof ValidateOutputSchema>;

/** A cost estimate as the agent sees it. Never a made-up figure: `known: false` says why. */
export const EstimateViewSchema = z.object({
  known: z.boolean(),
  /** Best estimate in USD. */
  usd: z.number().optional(),
  /** Range when the length is not fixed (e.g. `duration: null`). */
  low: z.number().optional(),
  high: z.number().optional(),
  /** What is billed, e.g. `output seconds`. */
  basis: z.string().optional(),
  /** Date of the price table the estimate comes from. */
  tableDate: z.string().optional(),
  /** Why there is no figure. */
  reason: z.string().optional(),
  /** The amount in short, e.g. `≈ $0.54`, `≈ $0.18–$1.80`, `cost unknown`. */
  amount: z.string(),
  /** How it was made, e.g. `≈ $0.54: 6 s × $0.09/s (output seconds, 1080p; prices of 2026-11; an estimate, not a bill)`. */
  text: z.string(),
});
/** Parsed {@link EstimateViewSchema}. */
export type EstimateView = z.infer<typeof EstimateViewSchema>;

/** `ltx_estimate` output. */
export const EstimateOutputSchema = RequestSummarySchema.extend({
  estimate: EstimateViewSchema,
  /** Give this to ltx_submit as `confirmQuote` to accept this estimate for this exact request. */
  quote: z.string(),
});

/** One result of a job: where it is on disk once downloaded. */
export const ArtifactViewSchema = z.object({
  label: z.string(),
  downloaded: z.boolean(),
  /** The file (workspace-relative in VS Code, else absolute), when downloaded. */
  path: z.string().optional(),
  bytes: z.number().int().optional(),
  /** When the provider's download URL stops working, ISO-8601. */
  expiresAt: z.string().optional(),
});

/** One job as the agent sees it (from the ledger that the CLI and the extension share). */
export const JobViewSchema = z.object({
  ref: z.string(),
  name: z.string().optional(),
  provider: ProviderNameSchema,
  endpoint: z.string(),
  model: z.string().optional(),
  /** `unknown` also stands for a job whose status was never read. */
  state: JobStateSchema,
  /** True once the state can no longer change. */
  done: z.boolean(),
  /** 0-100 when the provider reports it. */
  progress: z.number().optional(),
  requestFile: z.string().optional(),
  outputDir: z.string().optional(),
  submittedAt: z.string(),
  /** When the status was last read, ISO-8601. */
  checkedAt: z.string().optional(),
  artifacts: z.array(ArtifactViewSchema),
  error: z.object({ type: z.string(), message: z.string() }).optional(),
});
/** Parsed {@link JobViewSchema}. */
export type JobView = z.infer<typeof JobViewSchema>;

/** `ltx_submit` output. */
export const SubmitOutputSchema = z.object({
  job: JobViewSchema,
  estimate: EstimateViewSchema,
  /** What to do next, in words. */
  next: z.string(),
});

/** `ltx_status` and `ltx_download` output. */
export const JobOutputSchema = z.object({ job: JobViewSchema, next: z.string() });

/** `ltx_wait` output. */
export const WaitOutputSchema = z.object({
  job: JobViewSchema,
  /** True when nothing is left to wait for: the job ended and (when asked) its results are on disk. */
  finished: z.boolean(),
  waitedSeconds: z.number(),
  next: z.string(),
});

/** `ltx_list_jobs` output. */
export const ListJobsOutputSchema = z.object({
  jobs: z.array(JobViewSchema),
  /** Jobs matching the filter, before `limit`. */
  total: z.number().int(),
});

const SupportSchema = z.enum(['yes', 'no', 'unconfirmed']);

/** One model of the capability table, as the agent sees it. */
export const ModelViewSchema = z.object({
  /** The id to send as `model`, e.g. `ltx-2-3-fast`. */
  id: z.string(),
  label: z.string(),
  status: z.enum(['current', 'deprecated', 'removed']),
  /** The id to use instead of a deprecated or removed one. */
  replacement: z.string().optional(),
  deprecatedOn: z.string().optional(),
  removedOn: z.string().optional(),
  /** LTX endpoints that serve it today. */
  endpoints: z.array(z.string()),
  summary: z.string(),
  /** text-to-video and image-to-video: resolutions, frame rates, and durations per tier and fps. */
  video: z
    .object({
      resolutions: z.array(z.string()),
      fps: z.array(z.number()),
      envelope: z.array(
        z.object({ tiers: z.array(z.string()), fps: z.array(z.number()), durations: z.array(z.number()) }),
      ),
      autoDuration: z.boolean(),
      generateAudio: SupportSchema,
      cameraMotion: SupportSchema,
      lastFrame: SupportSchema,
    })
    .optional(),
  /** Output resolutions on audio-to-video. */
  audioToVideo: z.object({ resolutions: z.array(z.string()) }).optional(),
});

/** `ltx_list_models` output. */
export const ListModelsOutputSchema = z.object({
  /** ISO date the capability table was last checked against its sources. */
  checkedOn: z.string(),
  models: z.array(ModelViewSchema),
  /** Where the sources are silent or disagree, in words. */
  notes: z.array(z.string()),
});
