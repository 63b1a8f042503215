import { createHttpError, isRateLimitError, isServerError } from '../errors/http-error.js';
import { LtxJobsError } from '../errors/ltx-jobs-error.js';
import { isNetworkError } from '../errors/network-error.js';
import { isTimeoutError, TimeoutError } from '../errors/timeout-error.js';
import { UsageError } from '../errors/usage-error.js';
import { parseRetryAfter } from '../http/retry-after.js';

// What an artifact download checks in the host's answers (see download.ts): the URL, the sizes it
// declares, its error statuses, and which failures are worth another attempt.

/** `text` as a URL; only http(s) artifact URLs are accepted (UsageError otherwise). */
export function parseArtifactUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError('The artifact URL is not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`Refusing to download an artifact over ${url.protocol} (only http and https)`);
  }
  return url;
}

/**
 * `declared` bytes, unless it contradicts the size already `known`: then an error of kind `network`
 * that is not retried (the host serves another file than expected; asking again will not change it).
 */
export function checkTotal(known: number | undefined, declared: number, where: string): number {
  if (known !== undefined && known !== declared) {
    throw new LtxJobsError(
      `The artifact host reports ${declared} bytes for ${where}, expected ${known}`,
      'network',
    );
  }
  return declared;
}

/** `bytes 100-199/1000` -> { start: 100, total: 1000 }; `bytes 100-199/*` -> total undefined. */
export function parseContentRange(
  value: string | null,
): { start: number; total: number | undefined } | undefined {
  const match = value ? /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(value.trim()) : null;
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[2] === '*' ? undefined : Number(match[2]) };
}

/** The HttpError (provider `artifact-host`) for a non-2xx answer; 403/404/410 say the URL has probably expired. */
export function hostError(response: { status: number; headers: Headers }, where: string, now: number): Error {
  const status = response.status;
  const expired = status === 403 || status === 404 || status === 410;
  const message = expired
    ? `The artifact URL was refused (HTTP ${status}): signed URLs expire (LTX: 24 h after the job ends), so it has probably expired; read the job's status again for a fresh URL`
    : `The artifact host answered HTTP ${status} for ${where}`;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
  return createHttpError(message, {
    status,
    provider: 'artifact-host',
    method: 'GET',
    url: where,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** True for the failures a download retries (resuming): network, 5xx, 429, stall. */
export function isRetryable(error: unknown): boolean {
  return isNetworkError(error) || isServerError(error) || isRateLimitError(error) || isTimeoutError(error);
}

/**
 * The error when the deadline passed during a download (or the next retry would end after it): a
 * TimeoutError, so the bytes received so far are kept for a later resume.
 */
export function deadlineError(where: string, received: number, cause: unknown): TimeoutError {
  const kept = received > 0 ? ` (${received} bytes so far, kept for a resume)` : '';
  return new TimeoutError(
    `The deadline passed while downloading ${where}${kept}`,
    { provider: 'artifact-host', timeoutMs: 0 },
    { cause },
  );
}
