import type { Artifact, Job } from '../../job.js';
import { refuseUnsafeResultUrls } from '../result-url.js';
import type { UseapiJob } from './wire.js';

/** Message of a job that says `completed` before its artifact URL exists (not terminal). */
export const USEAPI_WAITING_FOR_ARTIFACT = 'completed; waiting for the artifact URL';

/** A `failed` status whose message says the job was cancelled (useapi's scheduler stopped it). */
const USEAPI_CANCELLED = /^job was cancell?ed\b/i;

function epochMsToIso(value: string | undefined): string | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return new Date(Number(value)).toISOString();
}

/**
 * Maps `GET assets/{jobId}` to the neutral {@link Job}: active -> running (with progress), completed
 * with `artifact.assetUrl` -> succeeded with one `asset` artifact, completed without it -> running at
 * 100 % (useapi says the two can briefly disagree; keep polling), failed -> failed, anything else
 * (or no status) -> unknown.
 * @param context.jobId the id polled, used when the body has no `jobId`.
 */
export function mapUseapiJob(
  wire: UseapiJob,
  context: { endpoint: string; jobId: string; nowMs: number },
): Job {
  const status = wire.status;
  const job: Job = {
    provider: 'useapi',
    endpoint: context.endpoint,
    id: wire.jobId ?? context.jobId,
    state: 'unknown',
    artifacts: [],
    updatedAt: new Date(context.nowMs).toISOString(),
    raw: wire,
  };
  if (!status) {
    job.message = 'useapi sent no status; still polling';
    return job;
  }
  job.wireStatus = status.type;
  if (status.progress !== undefined) job.progress = Math.min(100, Math.max(0, status.progress));
  if (status.message !== undefined) job.message = status.message;
  switch (status.type) {
    case 'active':
      job.state = 'running';
      break;
    case 'completed': {
      const url = status.artifact?.assetUrl;
      if (url) {
        job.state = 'succeeded';
        job.progress = 100;
        const artifact: Artifact = { label: 'asset', url };
        const mimeType = status.artifact?.asset?.mimeType;
        const expiresAt = epochMsToIso(status.artifact?.expirationDateString);
        if (mimeType !== undefined) artifact.mimeType = mimeType;
        if (expiresAt !== undefined) artifact.expiresAt = expiresAt;
        job.artifacts = [artifact];
      } else {
        job.state = 'running';
        job.progress = 100;
        job.message = USEAPI_WAITING_FOR_ARTIFACT;
      }
      break;
    }
    case 'failed':
      if (USEAPI_CANCELLED.test(status.message ?? '')) {
        // The scheduler's answer for a job cancelled with DELETE scheduler/{jobId}: not a failure.
        job.state = 'cancelled';
        break;
      }
      job.state = 'failed';
      job.error = { type: 'job_failed', message: status.message ?? 'The job failed' };
      job.message = job.error.message;
      break;
    default:
      job.message = `unrecognised useapi status "${status.type}"; still polling`;
  }
  return refuseUnsafeResultUrls(job, 'useapi');
}
