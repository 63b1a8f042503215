import type { Logger } from '../deps.js';
import { hasValidSeal, isNewerFormat, looksSealed, readColumn } from './log-line.js';
import { FileLines } from './record-lines.js';
import { SummaryRows } from './summary.js';
import type { JobRecord } from './types.js';

/**
 * One live record as a load found it. Records after a snapshot line stay unparsed (`source`, `start`
 * and `end` locate their sealed line) until {@link materialize} is asked for them; the keys the ledger
 * indexes by are known without parsing.
 */
export interface StoredEntry {
  ref: string;
  inputHash: string;
  /** ISO-8601, the record's `submittedAt`. */
  submittedAt: string;
  /** Change count of this ref in the log (see log-line.ts); 0 for a format-1 line. */
  rev: number;
  /** The parsed record, once parsed. */
  record?: JobRecord | undefined;
  /** What holds the record's sealed line, from `start` to `end` (newline excluded). */
  source?: Buffer | FileLines | undefined;
  start?: number | undefined;
  end?: number | undefined;
  /** The snapshot's summary line and this record's row in it (see RecordSummary). */
  rows?: SummaryRows | undefined;
  row?: number | undefined;
}

/** Live records by ref, and removed refs with the rev of their removal. */
export interface LedgerSnapshot {
  entries: Map<string, StoredEntry>;
  /** Refs whose last line is a removal, with that line's rev. */
  removed: Map<string, number>;
}

/** The fold of a log: the live records and what the log looked like. */
export interface FoldedLog extends LedgerSnapshot {
  /** Non-empty lines seen (snapshot records included). */
  lines: number;
  /** Record and removal lines after the snapshot (the part a compaction folds away). */
  tailLines: number;
  /** Bytes up to the end of the last whole line. */
  wholeBytes: number;
  /** Format-1 lines read but not applied yet (see {@link finishFold}). */
  legacy: { text: string; where: string }[];
  /**
   * Sealed lines this version cannot read: a newer format (`v` above LOG_FORMAT) or an unknown kind.
   * A compaction would lose them, so none runs while there are any.
   */
  newer: number;
}

/** An empty fold to read lines into. */
export function emptyFold(): FoldedLog {
  return {
    entries: new Map(),
    removed: new Map(),
    lines: 0,
    tailLines: 0,
    wholeBytes: 0,
    legacy: [],
    newer: 0,
  };
}

/**
 * Applies the format-1 lines `readLog` set aside. Their checks need zod, which a ledger without such
 * lines (every ledger once compacted) never loads: `ltx-jobs list` stays quick.
 */
export async function finishFold(fold: FoldedLog, logger: Logger): Promise<FoldedLog> {
  if (fold.legacy.length > 0) (await import('./legacy-lines.js')).applyLegacyLines(fold, logger);
  return fold;
}

type Change = { op: 'put'; record: JobRecord; rev: number } | { op: 'remove'; ref: string; rev: number };

/** Applies one change by the rev rule: a lower rev than what is known for the ref loses. */
export function applyChange(
  fold: FoldedLog,
  change: Change,
  line?: { source: Buffer; start: number; end: number },
): void {
  const ref = change.op === 'put' ? change.record.ref : change.ref;
  const known = fold.entries.get(ref)?.rev ?? fold.removed.get(ref) ?? -1;
  if (change.rev < known) return;
  if (change.op === 'remove') {
    fold.entries.delete(ref);
    fold.removed.set(ref, change.rev);
    return;
  }
  const { record } = change;
  fold.removed.delete(ref);
  fold.entries.set(ref, {
    ref,
    inputHash: record.inputHash,
    submittedAt: record.submittedAt,
    rev: change.rev,
    record,
    source: line?.source,
    start: line?.start,
    end: line?.end,
  });
}

/**
 * Reads ledger lines from `buffer` into `fold` (a fresh one by default). A snapshot line at the start
 * gives the keys of the records after it, which stay unparsed. Every other sealed line whose seal
 * matches is trusted; a format-1 line is set aside for {@link finishFold} (the schema); a torn last
 * line (no newline) and any line that fails its seal are skipped with a warning naming `label:line`.
 */
export function readLog(
  buffer: Buffer,
  options: { label: string; logger: Logger; fold?: FoldedLog; lineOffset?: number },
): FoldedLog {
  const fold = options.fold ?? emptyFold();
  const { logger, label } = options;
  let pos = 0;
  let lineNo = options.lineOffset ?? 0;
  while (pos < buffer.length) {
    const newline = buffer.indexOf(0x0a, pos);
    const end = newline < 0 ? buffer.length : newline;
    lineNo++;
    const where = () => `${label}:${lineNo}`;
    if (newline < 0) {
      logger.warn('Skipped a torn last ledger line', { where: where() });
      break;
    }
    const start = pos;
    pos = end + 1;
    fold.wholeBytes = pos;
    if (end === start || (end === start + 1 && buffer[start] === 0x0d)) continue;
    fold.lines++;
    if (!looksSealed(buffer, start)) {
      // A format-1 line: its schema check waits for finishFold (see legacy-lines.ts).
      fold.legacy.push({ text: buffer.toString('utf8', start, end), where: where() });
      continue;
    }
    if (!hasValidSeal(buffer, start, end)) {
      logger.warn('Skipped a ledger line whose checksum does not match (torn or edited)', { where: where() });
      continue;
    }
    const entry = parseSealed(buffer.toString('utf8', start, end));
    if (entry === undefined) {
      logger.warn('Skipped a ledger line that is not JSON', { where: where() });
      continue;
    }
    if (isNewerFormat(entry)) {
      fold.newer++;
      logger.warn('Skipped a ledger line written by a newer ltx-jobs: update ltx-jobs to read it', {
        where: where(),
        format: (entry as unknown as { v: number }).v,
      });
      continue;
    }
    if (entry.op === 'snapshot' && fold.lines === 1) {
      const after = indexSnapshot(fold, entry, buffer, pos, buffer.length);
      const lines = fold.entries.size + ((entry.sumLen ?? 0) > 0 ? 1 : 0);
      fold.lines += lines;
      lineNo += lines;
      pos = after;
      fold.wholeBytes = pos;
      continue;
    }
    if (entry.op === 'put' || entry.op === 'remove') {
      fold.tailLines++;
      applyChange(fold, entry, entry.op === 'put' ? { source: buffer, start, end } : undefined);
      continue;
    }
    // A snapshot's own lines out of place (its first line was damaged): known, nothing to apply.
    if ((entry.op as string) === 'summaries' || entry.op === 'snapshot') continue;
    fold.newer++;
    logger.warn('Skipped a ledger line of an unknown kind (a newer ltx-jobs?)', { where: where() });
  }
  return fold;
}

/** The first line of a compacted log (see log-line.ts). */
export interface SnapshotHeader {
  op: 'snapshot';
  count: number;
  /** Byte length of the summary line after this one (0 or absent: none). */
  sumLen?: number;
  refs: string | string[];
  hashes: string | string[];
  times: string | string[];
  revs: number[];
  lens: number[];
}

type SealedLine =
  | { op: 'put'; rev: number; record: JobRecord }
  | { op: 'remove'; rev: number; ref: string }
  | SnapshotHeader;

function parseSealed(text: string): SealedLine | undefined {
  try {
    return JSON.parse(text) as SealedLine;
  } catch {
    return undefined;
  }
}

/**
 * Adds an unparsed entry per record line after the snapshot line (their lengths come from the
 * snapshot, so the lines are not scanned); returns the offset after the last of them.
 */
export function indexSnapshot(
  fold: FoldedLog,
  snapshot: SnapshotHeader,
  source: Buffer | FileLines,
  from: number,
  size: number,
): number {
  const sumLen = snapshot.sumLen ?? 0;
  const rows = sumLen > 0 ? new SummaryRows(() => sealedText(source, from, from + sumLen - 1)) : undefined;
  let pos = from + sumLen;
  const { count, revs, lens } = snapshot;
  const refs = readColumn(snapshot.refs, count);
  const hashes = readColumn(snapshot.hashes, count);
  const times = readColumn(snapshot.times, count);
  const inMemory = Buffer.isBuffer(source) ? source : undefined;
  for (let i = 0; i < count; i++) {
    const newline = pos + (lens[i] as number) - 1;
    // A line that does not end where the snapshot says: not the file it describes (read the rest as lines).
    if (newline >= size || (inMemory && inMemory[newline] !== 0x0a)) break;
    const ref = refs[i] as string;
    fold.entries.set(ref, {
      ref,
      inputHash: hashes[i] as string,
      submittedAt: times[i] as string,
      rev: revs[i] as number,
      record: undefined,
      source,
      start: pos,
      end: newline,
      rows,
      row: i,
    });
    pos = newline + 1;
  }
  return pos;
}

/** The text of the sealed line from `start` to `end` in `source`, when its seal matches. */
function sealedText(source: Buffer | FileLines, start: number, end: number): string | undefined {
  const bytes = source instanceof FileLines ? source.read(start, end) : source.subarray(start, end);
  return hasValidSeal(bytes, 0, bytes.length) ? bytes.toString('utf8') : undefined;
}

/** Parses a sealed snapshot line (its seal already checked); undefined when it is not one. */
export function snapshotHeaderOf(text: string): SnapshotHeader | undefined {
  const line = parseSealed(text);
  return line?.op === 'snapshot' && !isNewerFormat(line) ? line : undefined;
}
