import { isAbortError } from '../deps.js';
import { isHttpError, isNotFoundError, isRateLimitError, isServerError } from '../errors/http-error.js';
import { isNetworkError } from '../errors/network-error.js';
import { isTimeoutError } from '../errors/timeout-error.js';

/** Longest wait between two reads of a failing job, in milliseconds (60 s). */
export const DEFAULT_BACKOFF_CAP_MS = 60_000;

/** How the poll engine backs off after transient errors. */
export interface BackoffOptions {
  /** Delay of the first retry before jitter, in ms. Default: the poll interval (never faster than a healthy poll). */
  baseMs?: number;
  /** Upper bound of any retry delay, in ms. Default: {@link DEFAULT_BACKOFF_CAP_MS} (60 s). */
  capMs?: number;
}

/**
 * Delay before retry number `attempt` (1-based): `min(cap, base * 2^(attempt-1))`, then "equal jitter"
 * (up to 50 % shaved off, as LTX's docs advise), so the result is in `[ceiling / 2, ceiling]` ms.
 * `random` is a number in [0, 1).
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(exponent, 30));
  return Math.round(ceiling - (ceiling / 2) * random());
}

/** What the poll engine does after a status read throws. */
export type StatusErrorClass = 'abort' | 'transient' | 'gone' | 'fatal';

/**
 * Sorts a status-read error: AbortError -> `abort`; 5xx/529, 429, network and timeout errors ->
 * `transient` (retried with backoff); 404 -> `gone` (the job is unknown or past its retention);
 * anything else (401/403, other 4xx, a response that fails validation) -> `fatal`.
 */
export function classifyStatusError(error: unknown): StatusErrorClass {
  if (isAbortError(error)) return 'abort';
  if (isServerError(error) || isRateLimitError(error) || isNetworkError(error) || isTimeoutError(error)) {
    return 'transient';
  }
  if (isNotFoundError(error)) return 'gone';
  if (isHttpError(error) && error.status >= 500) return 'transient';
  return 'fatal';
}
