import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../deps.js';
import { LtxJobsError } from '../errors/ltx-jobs-error.js';
import { NetworkError } from '../errors/network-error.js';
import { formatBytes } from '../format/bytes.js';
import type { DiskSpaceGuard } from './disk-space.js';
import { createFileSink } from './file-sink.js';
import type { PartFile } from './part-file.js';
import type { ArtifactResponse } from './socket-get.js';
import { checkTotal, hostError, parseContentRange } from './transfer.js';

/** Where the limit on downloads of unknown size is set, for the message when it is hit. */
const UNSIZED_LIMIT_SETTINGS =
  'LTX_JOBS_MAX_UNSIZED_DOWNLOAD in the CLI, ltxJobs.download.maxUnsizedSize in VS Code';

/** One answer of the artifact host to put into the part file; see {@link transferBody}. */
export interface BodyTransfer {
  response: ArtifactResponse;
  part: PartFile;
  /** Bytes in the part file before this answer. */
  received: number;
  /** The artifact's size, when known before this answer. */
  total: number | undefined;
  /** Origin + path of the artifact, for messages. */
  where: string;
  disk: DiskSpaceGuard;
  /** Cap when neither the host nor the caller declares a size, in bytes. */
  maxUnsizedBytes: number;
  now: () => number;
  logger: Logger;
  /** Reports the bytes in the part file (after every write, and 0 when it starts over) and the total. */
  report: (received: number, total: number | undefined) => void;
}

/**
 * Checks the answer's status and sizes against what is in the part file (206 at the right offset
 * appends; 200 starts over; 416, or a range that does not fit, starts over on the next attempt),
 * checks free disk space, then streams the body in and waits until it is written. Throws a
 * NetworkError when the body ends short (retried and resumed by the caller).
 */
export async function transferBody(
  t: BodyTransfer,
): Promise<{ received: number; total: number | undefined }> {
  const { response, part, where } = t;
  let { received, total } = t;
  const startOver = async (why: string) => {
    received = 0;
    await part.handle.truncate(0);
    t.report(0, total);
    return new NetworkError(`${why} for ${where}; starting over`, {
      provider: 'artifact-host',
      requestSent: true,
    });
  };
  if (response.status === 416 && received > 0) {
    // What an earlier run left is as long as the artifact or longer: fetch it whole.
    throw await startOver('The artifact host cannot serve the rest (416)');
  }
  if (response.status === 206 && received > 0) {
    const range = parseContentRange(response.headers.get('content-range'));
    if (range?.start !== received) throw await startOver('The artifact host answered a different range');
    if (range.total !== undefined) total = checkTotal(total, range.total, where);
  } else if (response.status === 200 || response.status === 206) {
    if (received > 0) t.logger.info('Artifact host ignored the range; starting over', { url: where });
    const declared = declaredSize(response);
    if (declared !== undefined) total = checkTotal(total, declared, where);
    if (received > 0) {
      received = 0;
      await part.handle.truncate(0);
      t.report(0, total);
    }
  } else {
    throw hostError(response, where, t.now());
  }
  await t.disk.check(total === undefined ? undefined : total - received);
  const known = total;
  const sink = createFileSink({
    handle: part.handle,
    position: received,
    limit: known ?? t.maxUnsizedBytes,
    tooLong: () =>
      known === undefined
        ? new LtxJobsError(
            `The artifact host sent more than ${formatBytes(t.maxUnsizedBytes)} for ${where} without declaring a size; stopped there (the limit for downloads of unknown size: ${UNSIZED_LIMIT_SETTINGS})`,
            'network',
          )
        : new LtxJobsError(
            `The artifact host sent more than the ${known} bytes it declared for ${where}`,
            'network',
          ),
    total: known,
    disk: t.disk,
    dir: dirname(part.path),
    onWritten: (position) => {
      received = position;
      t.report(position, known);
    },
  });
  let failure: unknown;
  await response.readBody(sink).catch((error: unknown) => {
    failure = error;
  });
  await sink.flush().catch((error: unknown) => {
    failure ??= error;
  });
  if (failure !== undefined) throw failure;
  if (known !== undefined && received !== known) {
    throw new NetworkError(`The artifact download of ${where} ended at ${received} of ${known} bytes`, {
      provider: 'artifact-host',
      requestSent: true,
    });
  }
  return { received, total: known };
}

/** Content-Length of a 200 (Content-Range total of a 206); none when the body is encoded (fetch decodes it). */
function declaredSize(response: ArtifactResponse): number | undefined {
  if (response.status === 206) return parseContentRange(response.headers.get('content-range'))?.total;
  const encoding = response.headers.get('content-encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') return undefined;
  const length = response.headers.get('content-length');
  const value = length === null ? Number.NaN : Number(length);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * fsync of a folder, so that a rename in it survives a power cut (POSIX). Best effort: Windows
 * cannot open a folder for this, and some file systems refuse; neither is an error here.
 */
export async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}
