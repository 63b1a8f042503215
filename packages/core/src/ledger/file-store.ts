import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { type Logger, silentLogger } from '../deps.js';
import { claimLockFile } from '../fs/lock-file.js';
import { type JobRecord, JobRecordSchema, type LedgerStore } from './types.js';

/** Log lines before compaction is considered (1000). */
export const DEFAULT_COMPACT_MIN_LINES = 1000;
/** Compact when the log holds more than this many lines per live record (2). */
export const DEFAULT_COMPACT_RATIO = 2;
/** A compaction lock older than this is taken to be left by a dead process, in ms (60 s). */
const STALE_LOCK_MS = 60_000;

const LogLineSchema = z.discriminatedUnion('op', [
  z.object({ v: z.literal(1), op: z.literal('put'), record: JobRecordSchema }),
  z.object({ v: z.literal(1), op: z.literal('remove'), ref: z.string() }),
]);

/** Options of {@link createFileLedgerStore}. */
export interface FileLedgerStoreOptions {
  /** Where skipped lines are reported. Default: silent. */
  logger?: Logger;
  /** Default {@link DEFAULT_COMPACT_MIN_LINES} (1000). */
  compactMinLines?: number;
  /** Default {@link DEFAULT_COMPACT_RATIO} (2). */
  compactRatio?: number;
}

/** A {@link LedgerStore} on one JSONL file. */
export interface FileLedgerStore extends LedgerStore {
  readonly path: string;
  /** Rewrites the log with one line per live record (temp file + fsync + rename). */
  compact(): Promise<void>;
}

/**
 * The CLI's ledger: an append-only JSONL log (`{"v":1,"op":"put","record":…}` or
 * `{"v":1,"op":"remove","ref":…}`), one whole line per write with O_APPEND, fsynced before `put`
 * resolves. `load` folds by ref (later lines win), validates every record with JobRecordSchema and
 * skips, with a warning, a torn last line (kill -9, power loss) or any invalid line.
 *
 * Two processes may append at once: each line is one write() on an O_APPEND descriptor. Compaction
 * (when lines > max(minLines, ratio × live records)) takes a `.lock` file, writes a temp file, fsyncs
 * and renames it over the log, then copies any lines appended to the old file meanwhile, and drops
 * the lock. Appenders wait while a fresh lock exists; one whose file was replaced under it anyway
 * (inode changed after its write) writes its line again to the new file (a repeated line is harmless).
 */
export function createFileLedgerStore(path: string, options: FileLedgerStoreOptions = {}): FileLedgerStore {
  const logger = options.logger ?? silentLogger;
  const minLines = options.compactMinLines ?? DEFAULT_COMPACT_MIN_LINES;
  const ratio = options.compactRatio ?? DEFAULT_COMPACT_RATIO;
  const live = new Set<string>();
  let lines = 0;
  let dirSynced = false;

  async function append(entry: z.infer<typeof LogLineSchema>): Promise<void> {
    const bytes = Buffer.from(`${JSON.stringify(entry)}\n`);
    if (!dirSynced) await mkdir(dirname(path), { recursive: true });
    await waitWhileCompacting(`${path}.lock`);
    for (let attempt = 0; attempt < 5; attempt++) {
      const handle = await open(path, 'a');
      try {
        await writeAll(handle, bytes);
        await handle.sync();
        const [mine, current] = await Promise.all([handle.stat(), stat(path).catch(() => undefined)]);
        if (current && current.ino === mine.ino && current.dev === mine.dev) break;
      } finally {
        await handle.close();
      }
    }
    if (!dirSynced) {
      await syncDir(dirname(path));
      dirSynced = true;
    }
    lines++;
  }

  function fold(text: string, fileLabel: string): Map<string, JobRecord> {
    const records = new Map<string, JobRecord>();
    const all = text.split('\n');
    const torn = !text.endsWith('\n') && text.length > 0;
    lines = 0;
    all.forEach((line, index) => {
      if (line.trim() === '') return;
      lines++;
      const where = `${fileLabel}:${index + 1}`;
      let parsed: ReturnType<typeof LogLineSchema.safeParse> | undefined;
      try {
        parsed = LogLineSchema.safeParse(JSON.parse(line));
      } catch {
        parsed = undefined;
      }
      if (!parsed?.success) {
        const isLast = index === all.length - 1 && torn;
        logger.warn(isLast ? 'Skipped a torn last ledger line' : 'Skipped an invalid ledger line', {
          where,
          ...(parsed ? { issues: z.prettifyError(parsed.error) } : {}),
        });
        return;
      }
      const entry = parsed.data;
      if (entry.op === 'put') {
        records.delete(entry.record.ref);
        records.set(entry.record.ref, entry.record);
      } else records.delete(entry.ref);
    });
    return records;
  }

  async function compact(): Promise<void> {
    const lock = `${path}.lock`;
    if (!(await claimLockFile(lock, (holder) => Date.now() - holder.mtimeMs >= STALE_LOCK_MS))) {
      logger.debug('Ledger compaction skipped: another process holds the lock', { path });
      return;
    }
    let old: FileHandle | undefined;
    try {
      old = await open(path, 'r').catch(() => undefined);
      if (!old) return;
      const content = await old.readFile();
      const cut = content.lastIndexOf(0x0a) + 1;
      const records = fold(content.subarray(0, cut).toString('utf8'), basename(path));
      const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
      const out = await open(temp, 'wx');
      try {
        const body = [...records.values()]
          .map((record) => JSON.stringify({ v: 1, op: 'put', record }))
          .join('\n');
        await writeAll(out, Buffer.from(body.length > 0 ? `${body}\n` : ''));
        await out.sync();
      } finally {
        await out.close();
      }
      await rename(temp, path);
      await syncDir(dirname(path));
      const { size } = await old.stat();
      if (size > cut) {
        const tail = Buffer.alloc(size - cut);
        await old.read(tail, 0, tail.length, cut);
        const text = tail.toString('utf8');
        const handle = await open(path, 'a');
        try {
          await writeAll(handle, Buffer.from(text.endsWith('\n') ? text : `${text}\n`));
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
      live.clear();
      for (const ref of records.keys()) live.add(ref);
      lines = records.size;
      logger.debug('Ledger compacted', { path, records: records.size });
    } finally {
      await old?.close();
      await unlink(lock).catch(() => undefined);
    }
  }

  async function maybeCompact(): Promise<void> {
    if (lines <= Math.max(minLines, ratio * live.size)) return;
    await compact().catch((error: unknown) =>
      logger.warn('Ledger compaction failed', { error: String(error) }),
    );
  }

  return {
    path,
    compact,
    async load() {
      const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return '';
        throw error;
      });
      const records = fold(text, basename(path));
      live.clear();
      for (const ref of records.keys()) live.add(ref);
      if (text.length > 0 && !text.endsWith('\n')) {
        // End the torn line so the next append starts on a line of its own.
        const handle = await open(path, 'a');
        try {
          await handle.write('\n');
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
      await maybeCompact();
      return [...records.values()];
    },
    async put(record) {
      await append({ v: 1, op: 'put', record });
      live.add(record.ref);
      await maybeCompact();
    },
    async remove(ref) {
      await append({ v: 1, op: 'remove', ref });
      live.delete(ref);
      await maybeCompact();
    },
  };
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

/** fsyncs a directory so a created or renamed entry survives a crash (not possible on Windows: skipped). */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle
    .sync()
    .catch(() => undefined)
    .finally(() => handle.close());
}

/**
 * Waits while another process compacts (its lock exists and is fresh), so a line is never appended
 * between the compactor's copy of the old log and the swap; a stale lock is ignored.
 */
async function waitWhileCompacting(lock: string): Promise<void> {
  for (;;) {
    const info = await stat(lock).catch(() => undefined);
    if (!info || Date.now() - info.mtimeMs >= STALE_LOCK_MS) return;
    await delay(5);
  }
}
