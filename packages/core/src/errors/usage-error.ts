import { hasErrorName, LtxJobsError } from './ltx-jobs-error.js';

/** A bad argument from the caller: a malformed job ref, an unknown endpoint, a missing file. */
export class UsageError extends LtxJobsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'usage', options);
    this.name = 'UsageError';
  }
}

export const isUsageError = (e: unknown): e is UsageError => hasErrorName(e, 'UsageError');
