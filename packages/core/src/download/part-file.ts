import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, lstat, open, readlink, unlink } from 'node:fs/promises';
import { UsageError } from '../errors/usage-error.js';
import { claimLockFile, isProcessAlive } from '../fs/lock-file.js';
import { resolveInside } from './file-name.js';

// Part files never follow a symlink: someone who can write into the output folder (a shared or
// cloned folder) could otherwise plant `.<name>.part -> ~/.bashrc` and have the artifact written
// there. O_NOFOLLOW where the system has it (not Windows: there an lstat check comes first).
// O_NONBLOCK: a FIFO planted under the name must not hang the open (no effect on plain files).
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const OPEN_SHARED = constants.O_RDWR | constants.O_CREAT | NO_FOLLOW | (constants.O_NONBLOCK ?? 0);
const OPEN_PRIVATE = OPEN_SHARED | constants.O_EXCL;

/** The temp file one download writes into, in the target folder. */
export interface PartFile {
  /** Absolute path of the part file. */
  path: string;
  handle: FileHandle;
  /** Bytes already in it: left by an earlier run that was cut off (0 for a fresh file). */
  resumeFrom: number;
  /**
   * Closes the file and drops the claim. With `keep` the part stays for a later run to resume (only
   * the shared `.<fileName>.part` is kept; a private one is always removed).
   */
  release(keep: boolean): Promise<void>;
}

/**
 * Opens the part file for `fileName` in `dir`. The usual one is `.<fileName>.part`, guarded by
 * `.<fileName>.part.lock` (our pid): when an earlier run was killed mid-download, its bytes are kept
 * and the download resumes from them with a Range request. When another live process holds the lock
 * (the same artifact downloaded twice at once), a private `.<fileName>.<random>.part` is used instead,
 * so two writers never share a file.
 */
export async function openPartFile(dir: string, fileName: string): Promise<PartFile> {
  const shared = resolveInside(dir, `.${fileName}.part`);
  const lock = `${shared}.lock`;
  // A planted lock (a symlink to a FIFO would hang the read of its pid) is refused like a planted part.
  await refuseSymlink(lock, 'use');
  if (await claimLockFile(lock, (holder) => !(holder.pid && isProcessAlive(holder.pid)))) {
    // Not O_APPEND: appending ignores the offsets a resumed body is written at.
    const handle = await openOwn(shared, OPEN_SHARED).catch(async (error: unknown) => {
      await unlink(lock).catch(() => undefined);
      throw error;
    });
    const { size } = await handle.stat();
    return {
      path: shared,
      handle,
      resumeFrom: size,
      async release(keep) {
        await handle.close().catch(() => undefined);
        if (!keep) await unlink(shared).catch(() => undefined);
        await unlink(lock).catch(() => undefined);
      },
    };
  }
  const own = resolveInside(dir, `.${fileName}.${randomBytes(4).toString('hex')}.part`);
  const handle = await openOwn(own, OPEN_PRIVATE);
  return {
    path: own,
    handle,
    resumeFrom: 0,
    async release() {
      await handle.close().catch(() => undefined);
      await unlink(own).catch(() => undefined);
    },
  };
}

/**
 * Opens `path` without following a symlink, and only when it is a plain file nobody else links to:
 * a symlink, a hard link to a file elsewhere, a FIFO or a device is refused with a UsageError.
 */
async function openOwn(path: string, flags: number): Promise<FileHandle> {
  if (NO_FOLLOW === 0) await refuseSymlink(path, 'write through');
  let handle: FileHandle;
  try {
    handle = await open(path, flags, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') await refuseSymlink(path, 'write through');
    throw error;
  }
  const info = await handle.stat();
  if (!info.isFile() || info.nlink > 1) {
    await handle.close();
    const what = info.isFile() ? 'has other hard links' : 'is not a regular file';
    throw new UsageError(
      `Refusing to write to ${path}: it ${what}, and this download did not create it. Remove it or choose another output folder.`,
    );
  }
  return handle;
}

/**
 * Throws a UsageError when `path` exists and is not a plain file: a symbolic link (this run never
 * creates one), a folder, a FIFO, a socket or a device. A missing path or a plain file pass. `verb`
 * says what was about to happen (`replace`, `write through`, `use`).
 */
export async function refuseSymlink(path: string, verb: string): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (!info || info.isFile()) return;
  let what = 'is not a regular file';
  if (info.isSymbolicLink()) {
    what = `is a symbolic link (to ${await readlink(path).catch(() => '?')}) that this download did not create`;
  } else if (info.isDirectory()) what = 'is a folder';
  throw new UsageError(`Refusing to ${verb} ${path}: it ${what}. Remove it or choose another output folder.`);
}
