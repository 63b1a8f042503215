import {
  INSUFFICIENT_FUNDS_HINT,
  isHttpError,
  isInsufficientFunds,
  isLtxJobsError,
  isRequestFileError,
  type Job,
  type JobRecord,
} from '@ltx-jobs/core';
import { exitCodeForError } from '../exit-codes.js';

/** The job's state for people: `queued`, `running 40%`, `failed (content_filtered_error)`. */
export function formatState(job: Pick<Job, 'state' | 'progress' | 'error'>): string {
  if (job.state === 'running' && job.progress !== undefined) return `running ${Math.round(job.progress)}%`;
  if ((job.state === 'failed' || job.state === 'expired') && job.error)
    return `${job.state} (${job.error.type})`;
  return job.state;
}

/**
 * A ledger record's last known state for people; `not read yet` for a job tracked by its ref whose
 * status was never read (a submitted job starts as `queued`).
 */
export function recordStateText(record: Pick<JobRecord, 'job'>): string {
  return record.job ? formatState(record.job) : 'not read yet';
}

/**
 * The one-line reason a finished job did not succeed, naming the provider's error type:
 * `ltx:text-to-video/<id> failed: content_filtered_error: Content was filtered by safety systems`.
 */
export function jobFailureReason(ref: string, job: Pick<Job, 'state' | 'error' | 'message'>): string {
  const verb = job.state === 'expired' ? 'expired' : 'failed';
  if (job.error) return `${ref} ${verb}: ${job.error.type}: ${job.error.message}`;
  return `${ref} ${verb}${job.message ? `: ${job.message}` : ''}`;
}

/**
 * A short machine-friendly type for any error: the provider's error type when it sent one
 * (`rate_limit_error`), else the core's kind (`network`, `config`), else `internal`. For several
 * errors at once (an AggregateError), the type of the one that decides the exit code.
 */
export function errorTypeOf(error: unknown): string {
  if (error instanceof AggregateError) {
    const code = exitCodeForError(error);
    const decisive = error.errors.find((e) => exitCodeForError(e) === code);
    return decisive === undefined ? 'internal' : errorTypeOf(decisive);
  }
  if (isHttpError(error) && error.errorType) return error.errorType;
  const errorType = (error as { errorType?: unknown } | null)?.errorType;
  if (typeof errorType === 'string') return errorType;
  if (isLtxJobsError(error)) return error.kind;
  if ((error as { name?: unknown } | null)?.name === 'AbortError') return 'interrupted';
  return 'internal';
}

/**
 * Any error as text for stderr. Request-file errors keep one `file:line:col: $.path: message` line per
 * issue; HTTP errors name status, error type and request id. The core never puts a key in a message.
 */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(describeError).join('\n');
  if (isRequestFileError(error)) return error.message;
  if (isHttpError(error)) {
    const parts = [error.message];
    const detail = [`HTTP ${error.status}`, error.errorType].filter(Boolean).join(' ');
    if (!error.message.includes(String(error.status))) parts.push(`(${detail})`);
    if (error.requestId && !error.message.includes(error.requestId))
      parts.push(`[request id ${error.requestId}]`);
    if (isInsufficientFunds(error)) parts.push(`\n${INSUFFICIENT_FUNDS_HINT}`);
    return parts.join(' ');
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

export { formatTable } from './table.js';
