import { UsageError } from '@ltx-jobs/core';
import { z } from 'zod';
import { parseArgs } from '../args.js';

/** The environment variable that points every command at a team queue (like `--queue`). */
export const QUEUE_VARIABLE = 'LTX_JOBS_QUEUE';

/**
 * The team queue's URL for this command: `--queue`, else `LTX_JOBS_QUEUE`; undefined when neither is
 * set (the command then runs locally, as always).
 */
export function queueUrlOf(raw: Record<string, unknown>, env: Record<string, string | undefined>) {
  if (typeof raw.queue === 'string' && raw.queue.trim() !== '') return raw.queue.trim();
  const fromEnv = env[QUEUE_VARIABLE]?.trim();
  return fromEnv ? fromEnv : undefined;
}

/** Which setting named the queue, for error messages. */
export function queueSettingOf(raw: Record<string, unknown>): string {
  return typeof raw.queue === 'string' ? '--queue' : QUEUE_VARIABLE;
}

const seconds = z.coerce
  .number({ error: 'expected a number of seconds' })
  .positive({ error: 'expected a number of seconds > 0' });

/** Options of `worker`. */
export const WorkerArgsSchema = z.object({
  out: z.string({ error: '--out <shared dir> is required: the folder every artifact lands in' }).min(1),
  /** The account's generation slots for LTX (default: LTX_JOBS_LTX_CONCURRENCY, else 2). */
  slots: z.coerce.number().int({ error: 'expected a whole number of slots' }).min(1).max(1000).optional(),
  pollInterval: seconds.min(0.05).max(600).optional(),
  /** Seconds a dead worker's jobs stay locked before another worker resumes them. */
  lockTimeout: seconds.min(1).max(3600).optional(),
  /** Minutes an LTX job whose submit was cut off keeps its account slot (it may be generating). */
  interruptedHold: z.coerce
    .number({ error: 'expected a number of minutes' })
    .min(0, { error: 'expected a number of minutes >= 0' })
    .max(24 * 60)
    .optional(),
});
export type WorkerArgs = z.infer<typeof WorkerArgsSchema>;

/** Options of `submit --queue`. */
export const QueueSubmitArgsSchema = z.object({
  files: z.array(z.string().min(1)).min(1),
  wait: z.boolean().default(false),
  timeout: seconds.optional(),
  allowDuplicate: z.boolean().default(false),
  json: z.boolean().default(false),
  strict: z.boolean().default(false),
  /** Refuse, before anything is enqueued, when the estimated total (USD) is above this. */
  maxCost: z.coerce.number({ error: 'expected an amount in USD' }).nonnegative().optional(),
  /** The request file a CSV of prompts fills in. */
  template: z.string().min(1).optional(),
  skipInvalid: z.boolean().default(false),
  /** A job's result or a file that goes into each request's media field (carried with each job). */
  from: z.string().min(1).optional(),
});
export type QueueSubmitArgs = z.infer<typeof QueueSubmitArgsSchema>;

/** Options of `run resume --queue`. */
export const QueueResumeArgsSchema = z.object({
  run: z.string().min(1),
  wait: z.boolean().default(true),
  timeout: seconds.optional(),
  allowDuplicate: z.boolean().default(false),
  maxCost: z.coerce.number({ error: 'expected an amount in USD' }).nonnegative().optional(),
  json: z.boolean().default(false),
});
export type QueueResumeArgs = z.infer<typeof QueueResumeArgsSchema>;

/** Options of the team views (`list`, `status`, `watch`, `run status`, `queue status` with a queue). */
export const QueueViewArgsSchema = z.object({
  ref: z.string().min(1).optional(),
  run: z.string().min(1).optional(),
  json: z.boolean().default(false),
  timeout: seconds.optional(),
});
export type QueueViewArgs = z.infer<typeof QueueViewArgsSchema>;

/** Options that mean nothing for a team queue: the workers choose the folder and the pace. */
const LOCAL_ONLY: Record<string, string> = {
  out: '--out (the workers write into their shared folder: set it with ltx-jobs worker --out)',
  pollInterval: '--poll-interval (the workers read the jobs: set it with ltx-jobs worker --poll-interval)',
};

/** Throws a UsageError naming the options given that a team queue does not take (`command`: `submit`). */
export function refuseLocalOnlyOptions(raw: Record<string, unknown>, command: string): void {
  const given = Object.keys(LOCAL_ONLY).filter((key) => raw[key] !== undefined && raw[key] !== false);
  if (given.length === 0) return;
  const names = given.map((key) => LOCAL_ONLY[key]).join('; ');
  throw new UsageError(`${command} --queue does not take ${names}. Leave it out, or run without --queue`);
}

/** {@link refuseLocalOnlyOptions} of `submit`. */
export function refuseLocalOnlySubmitOptions(raw: Record<string, unknown>): void {
  refuseLocalOnlyOptions(raw, 'submit');
}

export { parseArgs };
