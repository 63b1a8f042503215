import { randomBytes } from 'node:crypto';
import { type FileHandle, open, unlink } from 'node:fs/promises';
import { claimLockFile, isProcessAlive } from '../fs/lock-file.js';
import { resolveInside } from './file-name.js';

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
  if (await claimLockFile(lock, (holder) => !(holder.pid && isProcessAlive(holder.pid)))) {
    // Not 'a': appending ignores the offsets a resumed body is written at.
    const handle = await open(shared, 'r+').catch(() => open(shared, 'w+'));
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
  const handle = await open(own, 'w');
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
