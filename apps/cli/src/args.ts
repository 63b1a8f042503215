import { UsageError } from '@ltx-jobs/core';
import { z } from 'zod';

/** A positive, finite (zod 4 numbers refuse Infinity) number of seconds given on the command line (commander passes strings). */
const seconds = z.coerce
  .number({ error: 'expected a number of seconds' })
  .positive({ error: 'expected a number of seconds > 0' });

/** `--poll-interval` range, in seconds: at least 0.05 (the simulator), at most 10 minutes. */
const pollInterval = seconds
  .min(0.05, { error: 'expected at least 0.05 seconds' })
  .max(600, { error: 'expected at most 600 seconds (10 minutes)' });

/** An amount in USD >= 0 (`--max-cost`). */
const usdLimit = z.coerce
  .number({ error: 'expected an amount in USD' })
  .nonnegative({ error: 'expected an amount in USD >= 0' });

/** Options of `submit`. */
export const SubmitArgsSchema = z.object({
  files: z.array(z.string().min(1)).min(1),
  wait: z.boolean().default(false),
  /** Output folder for every job; default: per request file (its `output`, else `<dir>/ltx-output`). */
  out: z.string().min(1).optional(),
  /** Seconds between status reads; default: the core's (LTX docs advise 5 s). */
  pollInterval: pollInterval.optional(),
  /** Seconds to wait for all jobs before giving up watching (the jobs go on). */
  timeout: seconds.optional(),
  json: z.boolean().default(false),
  allowDuplicate: z.boolean().default(false),
  /** Validate and estimate every file, send nothing. */
  dryRun: z.boolean().default(false),
  /** Refuse the run before sending anything when its estimated total (USD) is above this. */
  maxCost: usdLimit.optional(),
  /** Refuse values newer than the capability table instead of sending them with a warning. */
  strict: z.boolean().default(false),
  /** A job ref or file whose file goes into each request's media field (the job is a take of it). */
  from: z.string().min(1).optional(),
  /** The request file a CSV of prompts fills in. */
  template: z.string().min(1).optional(),
  /** Leave invalid manifest lines (and files) out instead of refusing the whole run. */
  skipInvalid: z.boolean().default(false),
});
/** Parsed options of `submit`. */
export type SubmitArgs = z.infer<typeof SubmitArgsSchema>;

/** Options of `watch`. */
export const WatchArgsSchema = z.object({
  ref: z.string().min(1),
  out: z.string().min(1).optional(),
  pollInterval: pollInterval.optional(),
  timeout: seconds.optional(),
  json: z.boolean().default(false),
});
/** Parsed options of `watch`. */
export type WatchArgs = z.infer<typeof WatchArgsSchema>;

/** Options of `spend`. */
export const SpendArgsSchema = z.object({
  since: z.string().min(1).optional(),
  json: z.boolean().default(false),
});
/** Parsed options of `spend`. */
export type SpendArgs = z.infer<typeof SpendArgsSchema>;

/** Options of `run status` (`run` is an id, a unique part of one, or `latest`). */
export const RunStatusArgsSchema = z.object({ run: z.string().min(1), json: z.boolean().default(false) });
/** Parsed options of `run status`. */
export type RunStatusArgs = z.infer<typeof RunStatusArgsSchema>;

/** Options of `run resume`. */
export const RunResumeArgsSchema = z.object({
  run: z.string().min(1),
  /** Follow the jobs to their files (default); `--no-wait` only submits. */
  wait: z.boolean().default(true),
  out: z.string().min(1).optional(),
  pollInterval: pollInterval.optional(),
  timeout: seconds.optional(),
  allowDuplicate: z.boolean().default(false),
  maxCost: usdLimit.optional(),
  json: z.boolean().default(false),
});
/** Parsed options of `run resume`. */
export type RunResumeArgs = z.infer<typeof RunResumeArgsSchema>;

/** Options of `list`. */
export const ListArgsSchema = z.object({ json: z.boolean().default(false) });
/** Parsed options of `list`. */
export type ListArgs = z.infer<typeof ListArgsSchema>;

/** Options of `cancel`. */
export const CancelArgsSchema = z.object({ ref: z.string().min(1), json: z.boolean().default(false) });
/** Parsed options of `cancel`. */
export type CancelArgs = z.infer<typeof CancelArgsSchema>;

/** Options of `download`. */
export const DownloadArgsSchema = z.object({
  ref: z.string().min(1),
  /** Folder to download into; default: the ledger's output folder of the job. */
  out: z.string().min(1).optional(),
  json: z.boolean().default(false),
});
/** Parsed options of `download`. */
export type DownloadArgs = z.infer<typeof DownloadArgsSchema>;

/** Options of `open`. */
export const OpenArgsSchema = z.object({
  ref: z.string().min(1),
  /** Which artifact (by kind, e.g. `video`, or provider key, e.g. `video_url`); default: the first video. */
  artifact: z.string().min(1).optional(),
});
/** Parsed options of `open`. */
export type OpenArgs = z.infer<typeof OpenArgsSchema>;

/** `pollInterval` -> `--poll-interval`; positional names stay as they are. */
function flagName(key: string, positional: readonly string[]): string {
  if (positional.includes(key)) return `<${key}>`;
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Parses raw commander values with `schema`; a bad value becomes a {@link UsageError} with one line
 * per flag (its first problem) naming the flag and what it got, e.g.
 * `--poll-interval: expected a number of seconds, got "abc"`.
 */
export function parseArgs<S extends z.ZodType>(
  schema: S,
  raw: Record<string, unknown>,
  positional: readonly string[] = ['files', 'ref', 'run'],
): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const firstPerFlag = new Map<string, z.core.$ZodIssue>();
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '');
    if (!firstPerFlag.has(key)) firstPerFlag.set(key, issue);
  }
  const lines = [...firstPerFlag].map(([key, issue]) => {
    const got = raw[key];
    const shown = got === undefined ? '' : `, got ${JSON.stringify(got)}`;
    return `${flagName(key, positional)}: ${issue.message}${shown}`;
  });
  throw new UsageError(lines.join('\n'));
}
