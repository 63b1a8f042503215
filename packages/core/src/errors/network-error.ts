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
  /** The system error code when there is one: `ENOTFOUND` (no such host), `ECONNREFUSED`, `ECONNRESET`... */
  readonly code: string | undefined;

  constructor(
    message: string,
    details: { provider?: ProviderName | 'artifact-host'; requestSent: boolean; code?: string | undefined },
    options?: { cause?: unknown },
  ) {
    super(message, 'network', options);
    this.name = 'NetworkError';
    this.provider = details.provider;
    this.requestSent = details.requestSent;
    this.code = details.code;
  }
}

/** The system error code of `error` or of its `cause` (`ENOTFOUND`, `ECONNRESET`...), if any. */
export function systemErrorCode(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string') return own;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === 'string' ? cause : undefined;
}

export const isNetworkError = (e: unknown): e is NetworkError => hasErrorName(e, 'NetworkError');
