import { open, readFile, stat, unlink } from 'node:fs/promises';

/** What is known of whoever holds a lock file. */
export interface LockHolder {
  /** The pid written in the lock, when it is readable. */
  pid: number | undefined;
  /** When the lock was last written, epoch milliseconds. */
  mtimeMs: number;
}

/** True when a process with this id runs (or exists under another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates `lock` exclusively, holding our pid. When it exists already, `isStale(holder)` decides
 * whether the holder is gone: then the lock is removed and taken over (once). A lock that vanishes
 * while we look counts as stale. Returns false when a live holder keeps it.
 */
export async function claimLockFile(
  lock: string,
  isStale: (holder: LockHolder) => boolean,
): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readHolder(lock);
      if (holder && !isStale(holder)) return false;
      await unlink(lock).catch(() => undefined);
    }
  }
  return false;
}

async function readHolder(lock: string): Promise<LockHolder | undefined> {
  const info = await stat(lock).catch(() => undefined);
  if (!info) return undefined;
  const pid = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
  return { pid: Number.isInteger(pid) && pid > 0 ? pid : undefined, mtimeMs: info.mtimeMs };
}
