import type { FileHandle } from 'node:fs/promises';
import { type Deps, isAbortError } from '../deps.js';
import { createHttpError, isRateLimitError, isServerError } from '../errors/http-error.js';
import { LtxJobsError } from '../errors/ltx-jobs-error.js';
import { isNetworkError, NetworkError } from '../errors/network-error.js';
import { isTimeoutError } from '../errors/timeout-error.js';
import { UsageError } from '../errors/usage-error.js';
import { parseRetryAfter } from '../http/retry-after.js';

// The HTTP side of one artifact download (see download.ts): the ranged GET, writing the body at an
// offset, the checks of what the host declares, and the stall guard.

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

/** One GET without credentials; a failure before any answer becomes a NetworkError. */
export async function fetchRange(
  deps: Pick<Deps, 'fetch'>,
  url: URL,
  from: number,
  signal: AbortSignal | undefined,
): Promise<Response> {
  const headers: Record<string, string> = { 'accept-encoding': 'identity' };
  if (from > 0) headers.range = `bytes=${from}-`;
  try {
    return await deps.fetch(url, {
      headers,
      redirect: 'follow',
      credentials: 'omit',
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new NetworkError(
      `Could not reach the artifact host ${url.origin}`,
      { provider: 'artifact-host', requestSent: false },
      { cause: error },
    );
  }
}

/**
 * Writes the body at `offset` onwards, reporting the size on disk after every chunk (so a resume
 * knows where to start). A mid-body failure becomes a NetworkError.
 */
export async function copyBody(
  response: Response,
  handle: FileHandle,
  offset: number,
  progress: (received: number) => void,
): Promise<void> {
  let position = offset;
  if (!response.body) return;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      let written = 0;
      while (written < value.length) {
        const { bytesWritten } = await handle.write(
          value,
          written,
          value.length - written,
          position + written,
        );
        written += bytesWritten;
      }
      position += value.length;
      progress(position);
    }
  } catch (error) {
    if (isAbortError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new NetworkError(
      `The artifact download broke off after ${position} bytes (${reason})`,
      {
        provider: 'artifact-host',
        requestSent: true,
      },
      { cause: error },
    );
  } finally {
    reader.releaseLock();
  }
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
export function hostError(response: Response, where: string, now: number): Error {
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
 * Cuts one attempt that receives nothing for `ms`. A real timer, refreshed per chunk, on purpose: it
 * guards a socket, like a fetch timeout, and is not part of any poll pacing (where `deps.sleep` rules).
 */
export function stallGuard(ms: number, outer: AbortSignal | undefined) {
  const controller = new AbortController();
  let stalled = false;
  const timer = setTimeout(() => {
    stalled = true;
    controller.abort();
  }, ms);
  return {
    signal: outer ? AbortSignal.any([outer, controller.signal]) : controller.signal,
    get stalled() {
      return stalled;
    },
    kick: () => timer.refresh(),
    clear: () => clearTimeout(timer),
  };
}
