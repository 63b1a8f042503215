import { expiresAt, phaseAt, progressAt } from './job-clock.js';
import type { SimJob } from './job-store.js';
import type { StorageState } from './storage-state.js';

/** Message of a job whose tracking was stopped with `DELETE /scheduler/{jobId}`. */
export const CANCELLED_MESSAGE = 'Job was cancelled: the scheduler stopped tracking it';

/** The signed artifact of a job, as useapi shows it (undefined when it has none). */
export function signedArtifact(job: SimJob, storage: StorageState): Record<string, unknown> | undefined {
  const artifact = storage.artifacts.get(job.artifactId);
  if (artifact === undefined) return undefined;
  return {
    assetUrl: storage.artifactUrl(artifact),
    expirationDateString: String(expiresAt(job)),
    asset: {
      type: 'artifact',
      fileId: `asset:${artifact.id}-type:${artifact.mimeType}`,
      mimeType: artifact.mimeType,
      artifactSubtype: artifact.mimeType.startsWith('image/') ? 'vertex-ai' : 'model-serving',
    },
  };
}

/**
 * The wire status of a useapi job at `now` (`GET /assets/{jobId}`), shaped like the docs' examples:
 * `active` with rising progress, then `completed` with an artifact (after `noArtifactPolls` reads
 * without one), or `failed` with a message.
 */
export function renderUseapiJob(
  job: SimJob,
  now: number,
  steps: number,
  storage: StorageState,
): Record<string, unknown> {
  const refs = {
    jobId: job.id,
    ...(job.replyRef === undefined ? {} : { replyRef: job.replyRef }),
    ...(job.replyUrl === undefined ? {} : { replyUrl: job.replyUrl }),
  };
  const phase = phaseAt(job, now);
  if (phase === 'pending' || phase === 'processing') {
    const type = job.faults.unknownStatus ?? 'active';
    return { status: { type, progress: progressAt(job, now, steps), message: 'Generating' }, ...refs };
  }
  if (job.cancelledAt !== undefined)
    return { status: { type: 'failed', message: CANCELLED_MESSAGE }, ...refs, code: 200 };
  if (job.failure !== undefined)
    return { status: { type: 'failed', message: job.failure.message }, ...refs, code: 200 };
  const artifact = signedArtifact(job, storage);
  if (job.readsAfterEnd <= (job.faults.noArtifactPolls ?? 0) || artifact === undefined) {
    return { status: { type: 'completed', progress: 100 }, ...refs };
  }
  return { status: { type: 'completed', progress: 100, artifact }, ...refs };
}
