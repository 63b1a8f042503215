import type { HttpError } from '../errors/http-error.js';
import type { Job } from '../job.js';
import type { JobRef } from '../job-ref.js';

/**
 * The job as far as we know before any read: state `unknown`, no artifacts. Returned by a watch whose
 * deadline passed (or that was stopped) before the first read came back.
 */
export function placeholderJob(ref: JobRef, now: number): Job {
  return {
    provider: ref.provider,
    endpoint: ref.endpoint ?? 'unknown',
    id: ref.id,
    state: 'unknown',
    message: 'not read yet',
    artifacts: [],
    updatedAt: new Date(now).toISOString(),
    raw: null,
  };
}

/**
 * The terminal `expired` job a 404 on a status read turns into: the provider no longer knows the id
 * (LTX keeps jobs 24 h after they end; useapi gives no retention). Keeps whatever was known before.
 */
export function expiredJob(ref: JobRef, last: Job | undefined, error: HttpError, now: number): Job {
  const base = last ?? placeholderJob(ref, now);
  return {
    ...base,
    state: 'expired',
    message: 'The provider no longer knows this job: the id is wrong or the job is past its retention',
    error: { type: error.errorType ?? 'not_found_error', message: error.message },
    updatedAt: new Date(now).toISOString(),
  };
}
