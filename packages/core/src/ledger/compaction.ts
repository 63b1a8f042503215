import { randomBytes } from 'node:crypto';
import { type FileHandle, link, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../deps.js';
import { claimLockFile, holderIsGone } from '../fs/lock-file.js';
import { prevLinks } from './ledger-files.js';
import { syncDir } from './log-appender.js';
import { hasValidSeal, putLine, snapshotLines } from './log-line.js';
import { type FoldedLog, finishFold, readLog, type StoredEntry } from './log-reader.js';
import { lineOf, summaryOf } from './record-lines.js';
import { rowOf, type SummaryRow } from './summary.js';

export { prevLinks };

/** Folds the lines of `links` (files left by a dead compaction) into `fold`, by the rev rule. */
export async function foldPrevLinks(
  links: readonly string[],
  fold: FoldedLog,
  logger: Logger,
): Promise<void> {
  for (const file of links) {
    const buffer = await readFile(file).catch(() => undefined);
    if (!buffer) continue;
    const prev = await finishFold(readLog(buffer, { label: basename(file), logger }), logger);
    fold.newer += prev.newer;
    for (const [ref, rev] of prev.removed) {
      const known = fold.entries.get(ref)?.rev ?? fold.removed.get(ref) ?? -1;
      if (rev < known) continue;
      fold.entries.delete(ref);
      fold.removed.set(ref, rev);
    }
    for (const entry of prev.entries.values()) {
      const known = fold.entries.get(entry.ref)?.rev ?? fold.removed.get(entry.ref) ?? -1;
      if (entry.rev <= known) continue;
      fold.removed.delete(entry.ref);
      fold.entries.set(entry.ref, entry);
    }
  }
}

/** The sealed line of `entry` to copy into a snapshot, or undefined when its line is damaged. */
function sealedLine(entry: StoredEntry, logger: Logger): Buffer | undefined {
  const line = lineOf(entry);
  if (line) {
    const { source, start, end } = line;
    if (hasValidSeal(source, start, end)) return source.subarray(start, end + 1);
    logger.warn('Dropped a ledger record whose checksum does not match while compacting', { ref: entry.ref });
    return undefined;
  }
  return entry.record ? Buffer.from(putLine(entry.record, entry.rev)) : undefined;
}

/**
 * The entries oldest first (by `submittedAt`, ties in the order they were recorded): the reverse of
 * what a listing shows, so a listing reads the snapshot's summaries backwards, and a load of the
 * snapshot records them in the order that gives the same ties again.
 */
function listOrder(fold: FoldedLog): StoredEntry[] {
  return [...fold.entries.values()].sort((a, b) =>
    a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0,
  );
}

/** A snapshot line plus one sealed put per live record of `fold`. */
function snapshotBytes(fold: FoldedLog, logger: Logger): { bytes: Buffer; records: number } {
  const refs: string[] = [];
  const hashes: string[] = [];
  const times: string[] = [];
  const revs: number[] = [];
  const lens: number[] = [];
  const rows: SummaryRow[] = [];
  const lines: Buffer[] = [];
  for (const entry of listOrder(fold)) {
    const line = sealedLine(entry, logger);
    const summary = line && summaryOf(entry, logger);
    if (!line || !summary) continue;
    refs.push(entry.ref);
    hashes.push(entry.inputHash);
    times.push(entry.submittedAt);
    revs.push(entry.rev);
    lens.push(line.length);
    rows.push(rowOf(summary, entry.rev));
    lines.push(line);
  }
  if (refs.length === 0) return { bytes: Buffer.alloc(0), records: 0 };
  const recordsBytes = lens.reduce((sum, n) => sum + n, 0);
  const header = Buffer.from(snapshotLines({ refs, hashes, times, revs, lens }, rows, recordsBytes));
  return { bytes: Buffer.concat([header, ...lines]), records: refs.length };
}

/** Copies the whole lines appended to `old` after `from` onto the end of `path`, fsynced. */
async function copyTail(old: FileHandle, from: number, path: string): Promise<number> {
  const { size } = await old.stat();
  if (size <= from) return 0;
  const tail = Buffer.alloc(size - from);
  await old.read(tail, 0, tail.length, from);
  const whole = tail.lastIndexOf(0x0a) + 1;
  if (whole === 0) return 0;
  const handle = await open(path, 'a');
  try {
    await handle.write(tail, 0, whole);
    await handle.sync();
  } finally {
    await handle.close();
  }
  let lines = 0;
  for (let i = tail.indexOf(0x0a); i >= 0 && i < whole; i = tail.indexOf(0x0a, i + 1)) lines++;
  return lines;
}

/**
 * Rewrites the log at `path` as one snapshot line plus one sealed put per live record, without ever
 * making an appender wait:
 *
 * 1. claims `<log>.lock` (a lock whose owner no longer runs is taken over at once; a live owner
 *    means another compaction runs, and this one is skipped);
 * 2. reads the log (and any `.prev-*` link a dead compaction left) and folds it;
 * 3. writes the snapshot to a temp file and fsyncs it;
 * 4. hard-links the old log as `<log>.prev-<hex>`, renames the temp file over the log and fsyncs
 *    the folder;
 * 5. copies the whole lines other writers appended to the old file after step 2, then removes the
 *    `.prev` links and the lock.
 *
 * An appender that wrote to the old file after step 5 notices the swap and writes its lines again
 * (see log-appender.ts); if this process dies between steps 4 and 5, the `.prev` link still holds
 * those lines. Returns the fold that was written and how many lines follow it, or undefined when
 * skipped.
 */
export async function compactLog(
  path: string,
  logger: Logger,
): Promise<{ fold: FoldedLog; records: number; tailLines: number } | undefined> {
  const dir = dirname(path);
  const base = basename(path);
  const lock = `${path}.lock`;
  if (!(await claimLockFile(lock, holderIsGone))) {
    logger.debug('Ledger compaction skipped: another process compacts', { path });
    return undefined;
  }
  let old: FileHandle | undefined;
  try {
    await removeLeftoverTemps(dir, base);
    old = await open(path, 'r').catch(() => undefined);
    if (!old) return undefined;
    const content = await old.readFile();
    const cut = content.lastIndexOf(0x0a) + 1;
    const fold = await finishFold(readLog(content.subarray(0, cut), { label: base, logger }), logger);
    const stale = await prevLinks(path);
    await foldPrevLinks(stale, fold, logger);
    if (fold.newer > 0) {
      logger.warn('Ledger not compacted: it holds lines of a newer ltx-jobs, which a compaction would drop', {
        path,
        lines: fold.newer,
      });
      return undefined;
    }
    const { bytes, records } = snapshotBytes(fold, logger);
    const temp = join(dir, `.${base}.${randomBytes(4).toString('hex')}.tmp`);
    const out = await open(temp, 'wx', 0o600);
    try {
      await out.write(bytes);
      await out.sync();
    } finally {
      await out.close();
    }
    const prev = `${path}.prev-${randomBytes(4).toString('hex')}`;
    const linked = await link(path, prev).then(
      () => true,
      () => false,
    );
    await rename(temp, path);
    await syncDir(dir);
    const tailLines = await copyTail(old, cut, path);
    for (const file of linked ? [prev, ...stale] : stale) await unlink(file).catch(() => undefined);
    logger.debug('Ledger compacted', { path, records, tailLines });
    return { fold, records, tailLines };
  } finally {
    await old?.close();
    await unlink(lock).catch(() => undefined);
  }
}

/** Temp files of an earlier compaction that died: only the lock holder writes them, and we hold it. */
async function removeLeftoverTemps(dir: string, base: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const prefix = `.${base}.`;
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith('.tmp'))
      await unlink(join(dir, name)).catch(() => undefined);
  }
}
