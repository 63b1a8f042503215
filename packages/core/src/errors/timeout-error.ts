import type { ProviderName } from '../job.js';
import { hasErrorName, LtxJobsError } from './ltx-jobs-error.js';

/** A request took longer than its timeout. Like a dropped connection, a timed-out submit is not retried. */
export class TimeoutError extends LtxJobsError {
  readonly provider: ProviderName | 'artifact-host' | undefined;
  /** The limit that was hit, in milliseconds. */
  readonly timeoutMs: number;

  constructor(
    message: string,
    details: { provider?: ProviderName | 'artifact-host'; timeoutMs: number },
    options?: { cause?: unknown },
  ) {
    super(message, 'timeout', options);
    this.name = 'TimeoutError';
    this.provider = details.provider;
    this.timeoutMs = details.timeoutMs;
  }
}

export const isTimeoutError = (e: unknown): e is TimeoutError => hasErrorName(e, 'TimeoutError');
