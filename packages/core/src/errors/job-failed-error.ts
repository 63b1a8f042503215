import type { ProviderName } from '../job.js';
import { hasErrorName, LtxJobsError } from './ltx-jobs-error.js';

/** The provider ran the job and it failed (`content_filtered_error`, ...), or it expired before download. */
export class JobFailedError extends LtxJobsError {
  readonly provider: ProviderName;
  /** Formatted job ref, `ltx:<endpoint>/<id>` or `useapi:<jobId>`. */
  readonly ref: string;
  /** The provider's error type, e.g. `content_filtered_error`; `expired` when the job aged out. */
  readonly errorType: string;

  constructor(message: string, details: { provider: ProviderName; ref: string; errorType: string }) {
    super(message, 'job-failed');
    this.name = 'JobFailedError';
    this.provider = details.provider;
    this.ref = details.ref;
    this.errorType = details.errorType;
  }
}

export const isJobFailedError = (e: unknown): e is JobFailedError => hasErrorName(e, 'JobFailedError');
