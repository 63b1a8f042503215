import { z } from 'zod';

import { JOB_STATES, PROVIDERS } from './job-states.js';

export const ProviderNameSchema = z.enum(PROVIDERS);
export type ProviderName = z.infer<typeof ProviderNameSchema>;

export const JobStateSchema = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobStateSchema>;

/** One output of a finished job. */
export const ArtifactSchema = z.object({
  /** Result key as the provider names it, e.g. `video_url`, `exr_frames_url`, `asset`. */
  label: z.string(),
  /** Signed URL on the artifact host (never called with the API token). */
  url: z.string(),
  /** MIME type when the provider says or the label implies it, e.g. `video/mp4`. */
  mimeType: z.string().optional(),
  /** When the URL stops working, ISO-8601. LTX: completed_at + 24 h; useapi: expirationDateString. */
  expiresAt: z.string().optional(),
});
export type Artifact = z.infer<typeof ArtifactSchema>;

/** The provider's own error pair, from a failed job or an HTTP error envelope. */
export const JobErrorSchema = z.object({ type: z.string(), message: z.string() });
export type JobError = z.infer<typeof JobErrorSchema>;

/** One job, the same shape for every provider. */
export const JobSchema = z.object({
  provider: ProviderNameSchema,
  /** The endpoint that created it: `text-to-video`, `videos/ltx-create`, ... (`unknown` when tracked by id alone). */
  endpoint: z.string(),
  /** The provider's job id (LTX uuid, or useapi `email:…-job:…-type:video`). */
  id: z.string(),
  state: JobStateSchema,
  /** 0–100 when the provider reports it (useapi `progress`; LTX reports none). */
  progress: z.number().min(0).max(100).optional(),
  /** Provider status text, or why the state is what it is (e.g. "completed, waiting for artifact URL"). */
  message: z.string().optional(),
  artifacts: z.array(ArtifactSchema),
  error: JobErrorSchema.optional(),
  /** ISO-8601 timestamps from the provider where it gives them. */
  createdAt: z.string().optional(),
  completedAt: z.string().optional(),
  /** When this client last read the job, ISO-8601. */
  updatedAt: z.string(),
  /** The wire status value as received (e.g. `processing`, `active`), kept for `unknown` states and logs. */
  wireStatus: z.string().optional(),
  /** The raw wire record, for debugging and provenance. */
  raw: z.unknown(),
});
export type Job = z.infer<typeof JobSchema>;

/** True when the job ended well and has its artifacts. */
export function isSucceeded(job: Pick<Job, 'state'>): boolean {
  return job.state === 'succeeded';
}

/** True when the job ended badly (failed or expired); a cancelled job is not a failure. */
export function isFailed(job: Pick<Job, 'state'>): boolean {
  return job.state === 'failed' || job.state === 'expired';
}

/** True when the user cancelled the job (a terminal state of its own, not a failure). */
export function isCancelled(job: Pick<Job, 'state'>): boolean {
  return job.state === 'cancelled';
}
