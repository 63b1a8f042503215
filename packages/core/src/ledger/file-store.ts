import { closeSync, fstat, open as openFd } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { type Logger, silentLogger } from '../deps.js';
import { compactLog, foldPrevLinks, prevLinks } from './compaction.js';
import { createFileIntentStore, intentFolderOf } from './intent-files.js';
import type { IntentStore } from './intents.js';
import { createLogAppender } from './log-appender.js';
import { readLogFile } from './log-file.js';
import { putLine, removeLine } from './log-line.js';
import { emptyFold, type FoldedLog, finishFold, readLog } from './log-reader.js';
import { materialize } from './record-lines.js';
import type { JobRecord, LedgerChange, LedgerRefresh, LedgerStore } from './types.js';

const openAsync = promisify(openFd);
const fstatAsync = promisify(fstat);

/** Lines after the snapshot before a compaction is considered (1000). */
export const DEFAULT_COMPACT_MIN_LINES = 1000;
/** Compact when the lines after the snapshot exceed this share of the live records (0.25). */
export const DEFAULT_COMPACT_RATIO = 0.25;

/** Options of {@link createFileLedgerStore}. */
export interface FileLedgerStoreOptions {
  /** Where skipped lines are reported. Default: silent. */
  logger?: Logger;
  /** Default {@link DEFAULT_COMPACT_MIN_LINES} (1000). */
  compactMinLines?: number;
  /** Default {@link DEFAULT_COMPACT_RATIO} (0.25). */
  compactRatio?: number;
}

/** A {@link LedgerStore} on one JSONL file. */
export interface FileLedgerStore extends LedgerStore {
  readonly path: string;
  readonly intents: IntentStore;
  loadEntries(): Promise<FoldedLog>;
  commit(changes: readonly LedgerChange[]): Promise<void>;
  refresh(): Promise<LedgerRefresh>;
  close(): void;
  /** Rewrites the log as a snapshot (see compaction.ts); resolves when done or skipped. */
  compact(): Promise<void>;
  /** Resolves when the compaction in flight, if any, has ended. */
  idle(): Promise<void>;
}

/**
 * The ledger on one JSONL file (format in log-line.ts): a snapshot line and one sealed line per live
 * record, then the lines appended since. Loading reads the file once: the snapshot's keys come from its
 * first line and records are parsed when first asked for (see StoredEntry); appended lines are read
 * whole. Sealed lines are trusted by checksum; format-1 lines go through the schema; a torn or damaged
 * line is skipped with a warning.
 *
 * Writes append whole lines with one write and one fsync (several changes at once share them) and
 * never wait for a lock. When the appended lines outgrow `max(minLines, ratio × records)`, a
 * compaction runs in the background (see compactLog); appenders in any process carry on meanwhile.
 * Submit intents live in `jobs.intents/` beside the log.
 */
export function createFileLedgerStore(path: string, options: FileLedgerStoreOptions = {}): FileLedgerStore {
  const logger = options.logger ?? silentLogger;
  const minLines = options.compactMinLines ?? DEFAULT_COMPACT_MIN_LINES;
  const ratio = options.compactRatio ?? DEFAULT_COMPACT_RATIO;
  const label = basename(path);
  const appender = createLogAppender(path);
  const intents = createFileIntentStore(intentFolderOf(path), logger);
  /** Live records at the last load or compaction, and lines appended after the snapshot since. */
  let live = 0;
  let tailLines = 0;
  /** Where the last load or refresh stopped: file identity, byte offset and line count. */
  let readTo = { identity: '', offset: 0, lines: 0 };
  let compacting: Promise<void> | undefined;
  let lastFold: FoldedLog | undefined;
  /** Lines of a newer ltx-jobs were seen: no compaction (it would drop them; see LOG_FORMAT). */
  let newerSeen = false;
  const lazyDescriptors: number[] = [];
  const ownRevs = new Map<string, number>();

  async function readFold(): Promise<FoldedLog> {
    // A plain descriptor, not a FileHandle: it may stay open for records read later (see FileLines),
    // and a FileHandle left to the garbage collector makes Node print a warning.
    const fd = await openAsync(path, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (fd === undefined) {
      readTo = { identity: '', offset: 0, lines: 0 };
      return emptyFold();
    }
    let keepOpen = false;
    try {
      const info = await fstatAsync(fd);
      const { fold, usesHandle } = await readLogFile(fd, info.size, { label, logger });
      keepOpen = usesHandle;
      const links = await prevLinks(path);
      if (links.length > 0) await foldPrevLinks(links, fold, logger);
      readTo = { identity: `${info.dev}:${info.ino}`, offset: fold.wholeBytes, lines: fold.lines };
      live = fold.entries.size;
      tailLines = fold.tailLines;
      newerSeen = fold.newer > 0;
      lastFold = fold;
      return fold;
    } finally {
      if (keepOpen) keepDescriptor(fd);
      else closeSync(fd);
    }
  }

  /**
   * Keeps the descriptor that unparsed records are read through. A full re-read replaces every entry,
   * so only the newest few are kept; the rest are closed (and close() closes all).
   */
  function keepDescriptor(fd: number): void {
    lazyDescriptors.push(fd);
    while (lazyDescriptors.length > 3) closeSync(lazyDescriptors.shift() as number);
  }

  async function commit(changes: readonly LedgerChange[]): Promise<void> {
    if (changes.length === 0) return;
    const text = changes
      .map((c) => (c.op === 'put' ? putLine(c.record, c.rev) : removeLine(c.ref, c.rev)))
      .join('');
    await appender.append(Buffer.from(text));
    tailLines += changes.length;
    if (!compacting && !newerSeen && tailLines > Math.max(minLines, ratio * live)) {
      compacting = compact().finally(() => {
        compacting = undefined;
      });
    }
  }

  async function compact(): Promise<void> {
    try {
      const result = await compactLog(path, logger);
      if (result) {
        live = result.records;
        tailLines = result.tailLines;
      }
    } catch (error) {
      logger.warn('Ledger compaction failed', { error: String(error) });
    }
  }

  /** The lines appended since the last read when the file is the same, else the whole file again. */
  async function refresh(): Promise<LedgerRefresh> {
    const handle = await open(path, 'r').catch(() => undefined);
    if (!handle) return { full: false, ...emptyFold() };
    let info: Awaited<ReturnType<FileHandle['stat']>>;
    let buffer: Buffer;
    try {
      info = await handle.stat();
      const same = `${info.dev}:${info.ino}` === readTo.identity && info.size >= readTo.offset;
      buffer = same ? Buffer.alloc(info.size - readTo.offset) : Buffer.alloc(0);
      if (!same) return { full: true, ...(await readFold()) };
      if (buffer.length > 0) await handle.read(buffer, 0, buffer.length, readTo.offset);
    } finally {
      await handle.close();
    }
    const fold = await finishFold(
      readLog(buffer.subarray(0, buffer.lastIndexOf(0x0a) + 1), { label, logger, lineOffset: readTo.lines }),
      logger,
    );
    readTo = { ...readTo, offset: readTo.offset + fold.wholeBytes, lines: readTo.lines + fold.lines };
    if (fold.newer > 0) newerSeen = true;
    return { full: false, ...fold };
  }

  return {
    path,
    intents,
    compact: () => compacting ?? compact(),
    idle: async () => {
      await compacting;
    },
    // Loads without compacting: a read-only command never waits for a rewrite of the ledger.
    loadEntries: readFold,
    async load(): Promise<JobRecord[]> {
      const { entries } = await readFold();
      const all = [...entries.values()];
      materialize(all, logger);
      return all.flatMap((e) => (e.record ? [e.record] : []));
    },
    commit,
    put: (record) => commit([{ op: 'put', record, rev: nextRev(record.ref) }]),
    remove: (ref) => commit([{ op: 'remove', ref, rev: nextRev(ref) }]),
    refresh,
    close() {
      appender.close();
      for (const fd of lazyDescriptors.splice(0)) closeSync(fd);
    },
  };

  /** The next rev of `ref` for `put`/`remove` called on the store itself (a ledger passes its own). */
  function nextRev(ref: string): number {
    const rev = (ownRevs.get(ref) ?? lastFold?.entries.get(ref)?.rev ?? lastFold?.removed.get(ref) ?? 0) + 1;
    ownRevs.set(ref, rev);
    return rev;
  }
}
