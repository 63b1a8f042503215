import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { type Deps, isAbortError } from '../deps.js';
import { isNetworkError } from '../errors/network-error.js';
import { backoffDelay } from '../poll/backoff.js';
import { type DownloadTransport, getArtifact } from './artifact-get.js';
import { createAttemptGuard } from './attempt-guard.js';
import { createDiskSpaceGuard, type FreeSpaceReader } from './disk-space.js';
import { syncFolder, transferBody } from './download-body.js';
import { resolveInside } from './file-name.js';
import { openPartFile, refuseSymlink } from './part-file.js';
import { createReadRing } from './read-ring.js';
import type { ArtifactResponse } from './socket-get.js';
import { deadlineError, isRetryable, parseArtifactUrl } from './transfer.js';

export type { DownloadTransport } from './artifact-get.js';
export { parseContentRange } from './transfer.js';

/** Attempts per download, the first included (5). */
export const DEFAULT_DOWNLOAD_ATTEMPTS = 5;
/** First pause before a retry, in ms (1 s); doubles up to 30 s with jitter. */
export const DEFAULT_DOWNLOAD_RETRY_MS = 1000;
/** Length of the stall window, in ms (60 s): see {@link DEFAULT_STALL_MIN_BYTES}. */
export const DEFAULT_STALL_WINDOW_MS = 60_000;
/** An attempt that receives fewer bytes than this (64 KiB) in a stall window is cut and resumed. */
export const DEFAULT_STALL_MIN_BYTES = 64 * 1024;
/** Largest download whose size the host does not declare, in bytes (4 GiB); more is refused. */
export const DEFAULT_MAX_UNSIZED_BYTES = 4 * 1024 ** 3;
/** Shortest time between two progress reports, in ms (100). */
export const PROGRESS_EVERY_MS = 100;

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
  /**
   * Epoch ms (on `deps.now`) by which the download must be done: the transfer in flight is cut
   * then, and no retry starts that would end later. The bytes so far are kept for a later resume.
   */
  deadline?: number | undefined;
  /**
   * Called with bytes on disk so far and the total, when the server said it: after the first write,
   * then at most every {@link PROGRESS_EVERY_MS} (a write lands every few hundred KiB), and with the
   * final size.
   */
  onProgress?: ((receivedBytes: number, totalBytes: number | undefined) => void) | undefined;
  /** Size the file must have, in bytes, when known in advance. */
  expectedBytes?: number | undefined;
  /** Cap when the host declares no size, in bytes. Default {@link DEFAULT_MAX_UNSIZED_BYTES} (4 GiB). */
  maxUnsizedBytes?: number | undefined;
  /** Default {@link DEFAULT_DOWNLOAD_ATTEMPTS} (5). */
  maxAttempts?: number | undefined;
  /** Default {@link DEFAULT_DOWNLOAD_RETRY_MS} (1000 ms). */
  retryBaseMs?: number | undefined;
  /** Default {@link DEFAULT_STALL_WINDOW_MS} (60 000 ms). */
  stallWindowMs?: number | undefined;
  /** Default {@link DEFAULT_STALL_MIN_BYTES} (64 KiB). */
  stallMinBytes?: number | undefined;
  /** Default `auto` (see {@link DownloadTransport}). */
  transport?: DownloadTransport | undefined;
  /** Extra TLS options for the socket transport (a private CA). Default: Node's CA store. */
  tls?: ConnectionOptions | undefined;
  /** Free space of a folder (tests). Default: `statfs`. */
  freeSpace?: FreeSpaceReader | undefined;
}

/** A finished download. */
export interface DownloadedFile {
  /** Absolute path of the complete file. */
  path: string;
  bytes: number;
}

/**
 * Streams `url` into a temp file in the target folder (`.<fileName>.part`, see `openPartFile`; never
 * through a symlink) and renames it to `fileName` only when complete, its size matches
 * Content-Length / the Content-Range total (and `expectedBytes`) and it is flushed to disk. Receiving
 * and writing overlap, memory stays flat (see read-ring.ts, file-sink.ts). A connection that drops
 * or stalls mid-body is resumed with `Range: bytes=<n>-` (206 appends, 200 or 416 start over); 5xx,
 * 429 and network errors are retried with backoff, up to `maxAttempts` and within `deadline`. Host
 * errors are HttpErrors with provider `artifact-host`; a 403/404 says the signed URL has probably
 * expired. A body without a declared size stops at `maxUnsizedBytes`, and free disk space is checked
 * before and while writing. When the download is aborted, cut by the deadline or the network gives
 * out after some bytes arrived, the part file is kept and the next download of the same file
 * (another run, after Ctrl-C or kill -9) resumes from it; any other failure removes it.
 */
export async function downloadArtifact(options: DownloadArtifactOptions): Promise<DownloadedFile> {
  const { deps, signal, deadline } = options;
  const url = parseArtifactUrl(options.url);
  const target = resolveInside(options.dir, options.fileName);
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_DOWNLOAD_ATTEMPTS);
  const where = `${url.origin}${url.pathname}`;
  await mkdir(dirname(target), { recursive: true });
  await refuseSymlink(target, 'replace');
  const part = await openPartFile(options.dir, options.fileName);
  let received = part.resumeFrom;
  if (received > 0) {
    deps.logger.info('Resuming a download an earlier run left unfinished', { url: where, bytes: received });
  }
  const disk = createDiskSpaceGuard(dirname(target), options.freeSpace);
  const ring = createReadRing();
  let transport: 'socket' | 'fetch' = options.transport === 'fetch' ? 'fetch' : 'socket';
  let total = options.expectedBytes;
  let reportedAt = Number.NEGATIVE_INFINITY;
  let reported = -1;
  const report = (force: boolean) => {
    const now = performance.now();
    if (!options.onProgress || received === reported || (!force && now - reportedAt < PROGRESS_EVERY_MS))
      return;
    reportedAt = now;
    reported = received;
    options.onProgress(received, total);
  };
  try {
    for (let attempt = 1; ; attempt++) {
      if (deadline !== undefined && deps.now() >= deadline) throw deadlineError(where, received, undefined);
      const guard = createAttemptGuard({
        windowMs: options.stallWindowMs ?? DEFAULT_STALL_WINDOW_MS,
        minBytes: options.stallMinBytes ?? DEFAULT_STALL_MIN_BYTES,
        deadline,
        now: deps.now,
        signal,
        where,
      });
      let response: ArtifactResponse | undefined;
      try {
        response = await getArtifact({ transport, deps, url, from: received, guard, ring, tls: options.tls });
        const done = await transferBody({
          response,
          part,
          received,
          total,
          where,
          disk,
          maxUnsizedBytes: options.maxUnsizedBytes ?? DEFAULT_MAX_UNSIZED_BYTES,
          now: deps.now,
          logger: deps.logger,
          report: (n, known) => {
            received = n;
            total = known;
            report(n === 0 || n === known);
          },
        });
        received = done.received;
        total = done.total;
        break;
      } catch (caught) {
        if (guard.reason === 'deadline') throw deadlineError(where, received, caught);
        if (isAbortError(caught) || signal?.aborted) throw caught;
        const direct = transport === 'socket' && options.transport !== 'socket';
        if (direct && isNetworkError(caught) && !caught.requestSent) {
          deps.logger.info('The artifact host cannot be reached directly; downloading through fetch', {
            url: where,
            error: caught.message,
          });
          transport = 'fetch';
          attempt--; // a change of road, not a retry: it happens once
          continue;
        }
        if (!isRetryable(caught) || attempt >= maxAttempts) throw caught;
        const retryAfterMs = (caught as { retryAfterMs?: number }).retryAfterMs ?? 0;
        const waitMs = Math.max(
          backoffDelay(attempt, options.retryBaseMs ?? DEFAULT_DOWNLOAD_RETRY_MS, 30_000, deps.random),
          retryAfterMs,
        );
        if (deadline !== undefined && deps.now() + waitMs >= deadline) {
          throw deadlineError(where, received, caught);
        }
        deps.logger.warn('Artifact download interrupted; retrying', {
          url: where,
          attempt,
          receivedBytes: received,
          waitMs,
          error: caught instanceof Error ? caught.message : String(caught),
        });
        await deps.sleep(waitMs, signal);
      } finally {
        response?.discard();
        guard.dispose();
        ring.reset();
      }
    }
    report(true);
    // Durable before it gets its final name: a crash after the rename never leaves a short file.
    await part.handle.sync();
    await part.handle.close();
    await refuseSymlink(target, 'replace');
    await rename(part.path, target);
    await syncFolder(dirname(target));
    await part.release(true);
    return { path: target, bytes: received };
  } catch (error) {
    // Keep what arrived when the transfer itself was cut (abort, deadline, network): a later run resumes it.
    const resumable = received > 0 && (isAbortError(error) || signal?.aborted === true || isRetryable(error));
    await part.release(resumable);
    throw error;
  }
}
