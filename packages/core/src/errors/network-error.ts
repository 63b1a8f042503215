import type { ProviderName } from '../job.js';
import { hasErrorName, LtxJobsError } from './ltx-jobs-error.js';

/**
 * The connection failed (refused, reset, DNS, malformed body). `requestSent` says whether the request
 * body may have reached the server: a submit with `requestSent: true` is never retried, because the
 * job may exist and is billed.
 */
export class NetworkError extends LtxJobsError {
  readonly provider: ProviderName | 'artifact-host' | undefined;
  readonly requestSent: boolean;

  constructor(
    message: string,
    details: { provider?: ProviderName | 'artifact-host'; requestSent: boolean },
    options?: { cause?: unknown },
  ) {
    super(message, 'network', options);
    this.name = 'NetworkError';
    this.provider = details.provider;
    this.requestSent = details.requestSent;
  }
}

export const isNetworkError = (e: unknown): e is NetworkError => hasErrorName(e, 'NetworkError');
