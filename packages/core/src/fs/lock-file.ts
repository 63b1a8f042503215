import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, open, unlink, writeFile } from 'node:fs/promises';
import { currentOwner, formatOwner, isOwnerAlive, type ProcessOwner, parseOwner } from './process-owner.js';

export { isProcessAlive } from './process-owner.js';

/** What is known of whoever holds a lock file. */
export interface LockHolder {
  /** The pid written in the lock, when it is readable. */
  pid: number | undefined;
  /** The whole owner (pid, host, start time) when the lock names one. */
  owner: ProcessOwner | undefined;
  /** When the lock was last written, epoch milliseconds. */
  mtimeMs: number;
}

/** How long an unreadable lock (no pid in it) counts as being written by a live claimant (5 s). */
const UNREADABLE_GRACE_MS = 5000;

/**
 * A staleness rule: the holder is gone when its process no longer runs, or when the lock names no
 * process and is older than a few seconds.
 */
export function holderIsGone(holder: LockHolder): boolean {
  if (holder.owner === undefined) return Date.now() - holder.mtimeMs > UNREADABLE_GRACE_MS;
  return !isOwnerAlive(holder.owner);
}

/**
 * Creates `lock` exclusively, holding our pid, start time and host (`pid started host`): written to a
 * temp file and hard-linked into place, so nobody ever sees it empty. When it exists already,
 * `isStale(holder)` decides whether the holder is gone: then the lock is removed and taken over
 * (once). A lock that vanishes while we look counts as stale. Returns false when a live holder keeps it.
 */
export async function claimLockFile(
  lock: string,
  isStale: (holder: LockHolder) => boolean,
): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await createWithContent(lock, formatOwner(currentOwner()));
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

/**
 * Creates `path` holding `text`, failing with EEXIST when it exists. Uses a temp file and link(2)
 * (atomic: the file appears whole); where hard links are not supported, an exclusive create.
 */
export async function createWithContent(path: string, text: string): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.new`;
  await writeFile(temp, text, { flag: 'wx' });
  try {
    await link(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || !['EPERM', 'ENOTSUP', 'ENOSYS', 'EXDEV', 'EOPNOTSUPP'].includes(code ?? '')) {
      throw error;
    }
    const handle = await open(path, 'wx');
    await handle.writeFile(text).finally(() => handle.close());
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Longest lock file read, in bytes: an owner record is a few dozen; anything else is not ours. */
const MAX_OWNER_BYTES = 4096;

/**
 * Who holds `lock`, from its owner record. Never follows a symlink planted under the lock's name and
 * never reads more than {@link MAX_OWNER_BYTES}: such a file is a holder without a known owner.
 */
async function readHolder(lock: string): Promise<LockHolder | undefined> {
  const info = await lstat(lock).catch(() => undefined);
  if (!info) return undefined;
  const owner = info.isFile() ? parseOwner(await readHead(lock).catch(() => '')) : undefined;
  return { pid: owner?.pid, owner, mtimeMs: info.mtimeMs };
}

async function readHead(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const buffer = Buffer.alloc(MAX_OWNER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, MAX_OWNER_BYTES, 0);
    return buffer.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}
