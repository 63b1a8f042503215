import { ltxResultKey } from './assets.js';
import { endsAt, phaseAt } from './job-clock.js';
import type { SimJob } from './job-store.js';
import type { StorageState } from './storage-state.js';

/** The wire status object of an LTX job at `now` (`GET /v2/{endpoint}/{id}`), as in the docs' examples. */
export function renderLtxJob(job: SimJob, now: number, storage: StorageState): Record<string, unknown> {
  const createdAt = new Date(job.createdAt).toISOString();
  const phase = phaseAt(job, now);
  if (phase === 'pending' || phase === 'processing') {
    return { id: job.id, status: job.faults.unknownStatus ?? phase, created_at: createdAt };
  }
  const completedAt = new Date(endsAt(job)).toISOString();
  if (job.failure !== undefined) {
    return {
      id: job.id,
      status: 'failed',
      created_at: createdAt,
      completed_at: completedAt,
      error: job.failure,
    };
  }
  if (job.readsAfterEnd <= (job.faults.noArtifactPolls ?? 0)) {
    return { id: job.id, status: 'completed', created_at: createdAt, completed_at: completedAt };
  }
  const artifact = storage.artifacts.get(job.artifactId);
  const url = job.faults.resultUrl ?? (artifact === undefined ? '' : storage.artifactUrl(artifact));
  return {
    id: job.id,
    status: 'completed',
    created_at: createdAt,
    completed_at: completedAt,
    result: { [ltxResultKey(job.endpoint)]: url },
  };
}
