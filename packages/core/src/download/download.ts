import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Deps, isAbortError } from '../deps.js';
import { NetworkError } from '../errors/network-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { backoffDelay } from '../poll/backoff.js';
import { resolveInside } from './file-name.js';
import { openPartFile } from './part-file.js';
import {
  checkTotal,
  copyBody,
  fetchRange,
  hostError,
  isRetryable,
  parseArtifactUrl,
  parseContentRange,
  stallGuard,
} from './transfer.js';

export { parseContentRange } from './transfer.js';

/** Attempts per download, the first included (5). */
export const DEFAULT_DOWNLOAD_ATTEMPTS = 5;
/** First pause before a retry, in ms (1 s); doubles up to 30 s with jitter. */
export const DEFAULT_DOWNLOAD_RETRY_MS = 1000;
/** An attempt that receives nothing for this long is cut and retried (resumed), in ms (60 s). */
export const DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS = 60_000;

/** Options of {@link downloadArtifact}. */
export interface DownloadArtifactOptions {
  /** Signed URL on the artifact host (http or https). No Authorization is ever sent to it. */
  url: string;
  /** Output folder; created when missing. */
  dir: string;
  /** Plain file name inside `dir` (see `safeArtifactFileName`); anything escaping `dir` is refused. */
  fileName: string;
  deps: Pick<Deps, 'fetch' | 'sleep' | 'random' | 'now' | 'logger'>;
  signal?: AbortSignal | undefined;
  /** Called after every chunk with bytes on disk so far and the total, when the server said it. */
  onProgress?: ((receivedBytes: number, totalBytes: number | undefined) => void) | undefined;
  /** Size the file must have, in bytes, when known in advance. */
  expectedBytes?: number | undefined;
  /** Default {@link DEFAULT_DOWNLOAD_ATTEMPTS} (5). */
  maxAttempts?: number | undefined;
  /** Default {@link DEFAULT_DOWNLOAD_RETRY_MS} (1000 ms). */
  retryBaseMs?: number | undefined;
  /** Default {@link DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS} (60 000 ms). */
  idleTimeoutMs?: number | undefined;
  /**
   * Epoch ms (on `deps.now`) that bounds the whole download, retries included (the CLI's `--timeout`):
   * no retry waits past it and an attempt still running then is cut. Ends in a TimeoutError; what
   * arrived stays in the part file for a later resume. Default: none.
   */
  deadline?: number | undefined;
}

/** A finished download. */
export interface DownloadedFile {
  /** Absolute path of the complete file. */
  path: string;
  bytes: number;
}

/**
 * Streams `url` into a temp file in the target folder (`.<fileName>.part`, see {@link openPartFile})
 * and renames it to `fileName` only when complete and its size matches Content-Length / the
 * Content-Range total (and `expectedBytes`). A connection that drops mid-body is resumed with
 * `Range: bytes=<n>-` (206 appends, 200 or 416 start over); 5xx, 429 and network errors are retried
 * with backoff, up to `maxAttempts`. Host errors are HttpErrors with provider `artifact-host`; a
 * 403/404 says the signed URL has probably expired. When the download is aborted or the network gives
 * out after some bytes arrived, the part file is kept and the next download of the same file (another
 * run, after Ctrl-C or kill -9) resumes from it; any other failure removes it.
 */
export async function downloadArtifact(options: DownloadArtifactOptions): Promise<DownloadedFile> {
  const { deps, signal, onProgress } = options;
  const url = parseArtifactUrl(options.url);
  const target = resolveInside(options.dir, options.fileName);
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_DOWNLOAD_ATTEMPTS);
  const retryBaseMs = options.retryBaseMs ?? DEFAULT_DOWNLOAD_RETRY_MS;
  const where = `${url.origin}${url.pathname}`;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS;
  await mkdir(dirname(target), { recursive: true });
  const part = await openPartFile(options.dir, options.fileName);
  const { handle } = part;
  let received = part.resumeFrom;
  if (received > 0) {
    deps.logger.info('Resuming a download an earlier run left unfinished', { url: where, bytes: received });
  }
  let total = options.expectedBytes;
  const startOver = async (why: string) => {
    received = 0;
    await handle.truncate(0);
    return new NetworkError(`${why} for ${where}; starting over`, {
      provider: 'artifact-host',
      requestSent: true,
    });
  };
  const deadlineError = (cause?: unknown) =>
    new TimeoutError(
      `The deadline passed while downloading ${where} (${received} bytes so far, kept for a resume)`,
      { provider: 'artifact-host', timeoutMs: Math.max(0, (options.deadline ?? 0) - started) },
      { cause },
    );
  const started = deps.now();
  try {
    for (let attempt = 1; ; attempt++) {
      const remaining = options.deadline === undefined ? undefined : options.deadline - deps.now();
      if (remaining !== undefined && remaining <= 0) throw deadlineError();
      const bound = remaining === undefined ? undefined : AbortSignal.timeout(remaining);
      const outer = bound === undefined ? signal : signal ? AbortSignal.any([signal, bound]) : bound;
      const stall = stallGuard(idleTimeoutMs, outer);
      try {
        const response = await fetchRange(deps, url, received, stall.signal);
        if (response.status === 416 && received > 0) {
          // What an earlier run left is as long as the artifact or longer: fetch it whole.
          await response.body?.cancel().catch(() => undefined);
          throw await startOver('The artifact host cannot serve the rest (416)');
        }
        if (response.status === 206 && received > 0) {
          const range = parseContentRange(response.headers.get('content-range'));
          if (range?.start !== received) {
            await response.body?.cancel().catch(() => undefined);
            throw await startOver('The artifact host answered a different range');
          }
          if (range.total !== undefined) total = checkTotal(total, range.total, where);
        } else if (response.status === 200 || response.status === 206) {
          if (received > 0)
            deps.logger.info('Artifact host ignored the range; starting over', { url: where });
          received = 0;
          await handle.truncate(0);
          const length = response.headers.get('content-length');
          const range = parseContentRange(response.headers.get('content-range'));
          const declared =
            response.status === 206 ? range?.total : length === null ? undefined : Number(length);
          if (declared !== undefined && Number.isFinite(declared)) total = checkTotal(total, declared, where);
        } else {
          await response.body?.cancel().catch(() => undefined);
          throw hostError(response, where, deps.now());
        }
        await copyBody(response, handle, received, (n) => {
          stall.kick();
          received = n;
          onProgress?.(n, total);
        });
        if (total !== undefined && received !== total) {
          throw new NetworkError(`The artifact download of ${where} ended at ${received} of ${total} bytes`, {
            provider: 'artifact-host',
            requestSent: true,
          });
        }
        break;
      } catch (caught) {
        const error =
          bound?.aborted && !signal?.aborted
            ? deadlineError(caught)
            : stall.stalled && !signal?.aborted
              ? new TimeoutError(`The artifact host sent nothing for ${idleTimeoutMs} ms (${where})`, {
                  provider: 'artifact-host',
                  timeoutMs: idleTimeoutMs,
                })
              : caught;
        if (isAbortError(error) || signal?.aborted || !isRetryable(error) || attempt >= maxAttempts)
          throw error;
        const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs ?? 0;
        const waitMs = Math.max(backoffDelay(attempt, retryBaseMs, 30_000, deps.random), retryAfterMs);
        if (options.deadline !== undefined && deps.now() + waitMs >= options.deadline)
          throw deadlineError(error);
        deps.logger.warn('Artifact download interrupted; retrying', {
          url: where,
          attempt,
          receivedBytes: received,
          waitMs,
          error: error instanceof Error ? error.message : String(error),
        });
        await deps.sleep(waitMs, signal);
      } finally {
        stall.clear();
      }
    }
    await handle.sync();
    await handle.close();
    await rename(part.path, target);
    await part.release(false);
    return { path: target, bytes: received };
  } catch (error) {
    // Keep what arrived when the transfer itself was cut (abort, network): a later run resumes it.
    const resumable = received > 0 && (isAbortError(error) || signal?.aborted === true || isRetryable(error));
    await part.release(resumable);
    throw error;
  }
}
