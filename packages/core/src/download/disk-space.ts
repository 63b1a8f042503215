import { statfs } from 'node:fs/promises';
import { LtxJobsError } from '../errors/ltx-jobs-error.js';
import { formatBytes } from '../format/bytes.js';

/** Free space a download always leaves on the disk, in bytes (256 MiB). */
export const DEFAULT_MIN_FREE_BYTES = 256 * 1024 * 1024;
/** While writing, free space is checked again after this many bytes (64 MiB). */
const CHECK_EVERY_BYTES = 64 * 1024 * 1024;

/** Free bytes for an unprivileged user on the disk holding `path`; undefined when the system cannot tell. */
export type FreeSpaceReader = (path: string) => Promise<number | undefined>;

/** `statfs`: available blocks times block size. */
export const readFreeSpace: FreeSpaceReader = async (path) => {
  try {
    const info = await statfs(path);
    return Number(info.bavail) * Number(info.bsize);
  } catch {
    return undefined;
  }
};

/** Keeps one download from filling the disk; see {@link createDiskSpaceGuard}. */
export interface DiskSpaceGuard {
  /**
   * Throws when writing `remaining` more bytes (undefined: unknown) would leave less than the reserve.
   * Called before the body, and by the writer after every {@link CHECK_EVERY_BYTES} written.
   */
  check(remaining: number | undefined): Promise<void>;
  /** Called by the writer with the bytes just written; checks again when enough have gone by. */
  wrote(bytes: number, remaining: number | undefined): Promise<void>;
}

/** The error for a disk that is (nearly) full: kind `config`, never retried. */
export function diskFullError(
  dir: string,
  needed: number | undefined,
  free: number | undefined,
  reserve = DEFAULT_MIN_FREE_BYTES,
): Error {
  const want = needed === undefined ? '' : ` it needs ${formatBytes(needed)} more and`;
  const have = free === undefined ? 'the disk is full' : `${formatBytes(free)} are free`;
  return new LtxJobsError(
    `Not enough disk space in ${dir}:${want} ${have} (a download keeps ${formatBytes(reserve)} free). Free some space or choose another output folder.`,
    'config',
  );
}

/** A guard for downloads into `dir`, leaving `minFree` bytes (default {@link DEFAULT_MIN_FREE_BYTES}). */
export function createDiskSpaceGuard(
  dir: string,
  read: FreeSpaceReader = readFreeSpace,
  minFree = DEFAULT_MIN_FREE_BYTES,
): DiskSpaceGuard {
  let sinceCheck = 0;
  const check = async (remaining: number | undefined) => {
    sinceCheck = 0;
    const free = await read(dir);
    if (free === undefined) return;
    if (free - (remaining ?? 0) < minFree) throw diskFullError(dir, remaining, free, minFree);
  };
  return {
    check,
    async wrote(bytes, remaining) {
      sinceCheck += bytes;
      if (sinceCheck >= CHECK_EVERY_BYTES) await check(remaining);
    },
  };
}
