import type { ProviderName } from '../job.js';
import { type ErrorKind, hasErrorName, isLtxJobsError, LtxJobsError } from './ltx-jobs-error.js';

/** Details every HTTP failure carries. `url` never holds a token or a signed query. */
export interface HttpErrorDetails {
  /** HTTP status code. */
  status: number;
  provider: ProviderName | 'artifact-host';
  /** The provider's own error type (`rate_limit_error`, `authentication_error`, ...) when it sent one. */
  errorType?: string;
  /** `x-request-id` from the response, for support tickets. */
  requestId?: string;
  /** `Retry-After` in milliseconds, when the server sent it. */
  retryAfterMs?: number;
  method?: string;
  /** Origin + path only. */
  url?: string;
}

const HTTP_NAMES = new Set(['HttpError', 'AuthError', 'RateLimitError', 'NotFoundError', 'ServerError']);

/** Kind implied by an HTTP status. */
export function kindOfStatus(status: number): ErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate-limit';
  if (status === 404) return 'not-found';
  if (status >= 500) return 'server';
  return 'http';
}

/** A non-2xx answer. Subclasses tell auth, rate limit, not found and server errors apart. */
export class HttpError extends LtxJobsError {
  readonly status: number;
  readonly provider: ProviderName | 'artifact-host';
  readonly errorType: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;

  constructor(message: string, details: HttpErrorDetails, options?: { cause?: unknown }) {
    super(message, kindOfStatus(details.status), options);
    this.name = 'HttpError';
    this.status = details.status;
    this.provider = details.provider;
    this.errorType = details.errorType;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
    this.method = details.method;
    this.url = details.url;
  }
}

/** 401/403: the key is missing, wrong or revoked. Never retried. */
export class AuthError extends HttpError {
  constructor(message: string, details: HttpErrorDetails, options?: { cause?: unknown }) {
    super(message, details, options);
    this.name = 'AuthError';
  }
}

/** 429: `rate_limit_error` or `concurrency_limit_error`; see `retryAfterMs`. */
export class RateLimitError extends HttpError {
  constructor(message: string, details: HttpErrorDetails, options?: { cause?: unknown }) {
    super(message, details, options);
    this.name = 'RateLimitError';
  }
}

/** 404: unknown job, or past its retention (LTX: 24 h after it ended). */
export class NotFoundError extends HttpError {
  constructor(message: string, details: HttpErrorDetails, options?: { cause?: unknown }) {
    super(message, details, options);
    this.name = 'NotFoundError';
  }
}

/** 5xx (and 529): the server failed; status reads retry these with backoff. */
export class ServerError extends HttpError {
  constructor(message: string, details: HttpErrorDetails, options?: { cause?: unknown }) {
    super(message, details, options);
    this.name = 'ServerError';
  }
}

/** Builds the right subclass for `details.status`. */
export function createHttpError(
  message: string,
  details: HttpErrorDetails,
  options?: { cause?: unknown },
): HttpError {
  switch (kindOfStatus(details.status)) {
    case 'auth':
      return new AuthError(message, details, options);
    case 'rate-limit':
      return new RateLimitError(message, details, options);
    case 'not-found':
      return new NotFoundError(message, details, options);
    case 'server':
      return new ServerError(message, details, options);
    default:
      return new HttpError(message, details, options);
  }
}

export const isHttpError = (e: unknown): e is HttpError => isLtxJobsError(e) && HTTP_NAMES.has(e.name);
export const isAuthError = (e: unknown): e is AuthError => hasErrorName(e, 'AuthError');
export const isRateLimitError = (e: unknown): e is RateLimitError => hasErrorName(e, 'RateLimitError');
export const isNotFoundError = (e: unknown): e is NotFoundError => hasErrorName(e, 'NotFoundError');
export const isServerError = (e: unknown): e is ServerError => hasErrorName(e, 'ServerError');
