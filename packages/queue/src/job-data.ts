import { hostname, userInfo } from 'node:os';
import { CostEstimateSchema, ProviderNameSchema, TakeParentSchema } from '@ltx-jobs/core';
import { z } from 'zod';
import { CarriedMediaSchema } from './media-carry.js';

/** Who put a job in the team queue. */
export const SubmitterSchema = z.object({ user: z.string(), host: z.string() });
export type Submitter = z.infer<typeof SubmitterSchema>;

/**
 * One team-queue job's payload: one generation, from the request as written to its files. Checked
 * with zod when a worker takes it (anything in Redis is input from another machine).
 */
export const TeamJobDataSchema = z.object({
  v: z.literal(1),
  provider: ProviderNameSchema,
  endpoint: z.string().min(1),
  /** The API body as written in the request file (local media are uploaded by the worker). */
  request: z.record(z.string(), z.unknown()),
  /** Folder that relative media paths resolve against on the enqueuing machine (carried media are used instead). */
  baseDir: z.string(),
  /** `runInputHash` of the request: claimed team-wide unless `allowDuplicate`. */
  inputHash: z.string().min(1),
  name: z.string().optional(),
  requestFile: z.string().optional(),
  estimate: CostEstimateSchema.optional(),
  submittedBy: SubmitterSchema,
  /** ISO-8601. */
  enqueuedAt: z.string(),
  allowDuplicate: z.boolean(),
  /** Set when several files were submitted together: `run status --queue <runId>` lists them. */
  runId: z.string().optional(),
  /** The local media files of `request`, carried in Redis (see `carryLocalMedia`). */
  media: z.array(CarriedMediaSchema).optional(),
  /** What the job is a take of (`submit --from`). */
  parent: TakeParentSchema.optional(),
});
export type TeamJobData = z.infer<typeof TeamJobDataSchema>;

/** This process's user and host (`LTX_JOBS_USER` names the user when set). */
export function currentSubmitter(env: Record<string, string | undefined> = process.env): Submitter {
  let user = env.LTX_JOBS_USER?.trim();
  if (!user) {
    try {
      user = userInfo().username;
    } catch {
      user = 'unknown';
    }
  }
  return { user, host: hostname() };
}
