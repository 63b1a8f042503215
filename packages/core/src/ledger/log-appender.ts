import { closeSync, fstatSync, fsync, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const fsyncAsync = promisify(fsync);

/** Appends whole lines to a log that a compaction (in this process or another) may replace by rename. */
export interface LogAppender {
  /** Appends `bytes` (whole lines) with one write and one fsync; durable when the promise resolves. */
  append(bytes: Buffer): Promise<void>;
  /** Closes the file once the appends in flight are done (a later append opens it again). */
  close(): void;
}

/**
 * The ledger's writer. It keeps one O_APPEND descriptor open, so an append costs one write(2), which
 * lands in the page cache at once and is done synchronously, and one fsync(2), the only call that
 * waits. When the file it opens ends in the middle of a line (a writer died), its first write starts
 * with a newline, so that line stays torn alone (and is skipped on load) instead of swallowing ours. Appends never wait for a lock: after the fsync it checks that the path still names the file
 * it wrote to; when a compaction replaced the file meanwhile, it reopens the path and writes the same
 * lines again (a line read twice is harmless: the later copy of an equal rev wins with equal content).
 * Calls are serialised; group commit happens above, by passing several lines in one call.
 */
export function createLogAppender(path: string): LogAppender {
  let fd: number | undefined;
  let identity = '';
  /** The file does not end with a newline (a writer died mid-line): the next write starts a new line. */
  let torn = false;
  let dirSynced = false;
  let tail: Promise<unknown> = Promise.resolve();

  function openLog(): number {
    if (fd !== undefined) return fd;
    if (!dirSynced) mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'a+', 0o600);
    const info = fstatSync(fd);
    identity = `${info.dev}:${info.ino}`;
    if (info.size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, info.size - 1);
      torn = last[0] !== 0x0a;
    }
    return fd;
  }

  function closeNow(): void {
    if (fd === undefined) return;
    const open = fd;
    fd = undefined;
    try {
      closeSync(open);
    } catch {
      // already closed
    }
  }

  async function appendOnce(bytes: Buffer): Promise<void> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const handle = openLog();
      try {
        writeAll(handle, torn ? Buffer.concat([NEWLINE, bytes]) : bytes);
        torn = false;
      } catch (error) {
        torn = true; // a short write may have left part of a line
        throw error;
      }
      await fsyncAsync(handle);
      const now = statSync(path, { throwIfNoEntry: false });
      if (now && `${now.dev}:${now.ino}` === identity) {
        if (!dirSynced) {
          await syncDir(dirname(path));
          dirSynced = true;
        }
        return;
      }
      closeNow();
    }
    throw new Error(`The ledger ${path} was replaced again and again while a line was written to it`);
  }

  return {
    append(bytes) {
      const run = tail.then(() => appendOnce(bytes));
      tail = run.catch(() => undefined);
      return run;
    },
    close() {
      tail = tail.then(closeNow);
    },
  };
}

const NEWLINE = Buffer.from('\n');

function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** fsyncs a directory so a created or renamed entry survives a crash (not possible on Windows: skipped). */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle
    .sync()
    .catch(() => undefined)
    .finally(() => handle.close());
}
