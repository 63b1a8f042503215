import { readSync } from 'node:fs';
import type { Logger } from '../deps.js';
import { hasValidSeal } from './log-line.js';
import type { StoredEntry } from './log-reader.js';
import { type RecordSummary, summarize, summaryOfRow } from './summary.js';
import type { JobRecord } from './types.js';

/**
 * Record lines of a snapshot left on disk by a load: read (synchronously, by offset) when first asked
 * for. The descriptor belongs to the store that opened it, which keeps it open while entries need it;
 * the file stays readable through it even after a compaction renamed another file over its path.
 */
export class FileLines {
  constructor(readonly fd: number) {}

  /** The bytes from `start` to `end`; fewer (which fail their seal) when the file is gone or shorter. */
  read(start: number, end: number): Buffer {
    const bytes = Buffer.allocUnsafe(end - start);
    let done = 0;
    try {
      while (done < bytes.length) {
        const n = readSync(this.fd, bytes, done, bytes.length - done, start + done);
        if (n === 0) break;
        done += n;
      }
    } catch {
      // closed: the entries that needed it are dropped with a warning
    }
    return bytes.subarray(0, done);
  }
}

/** Where an entry's sealed line is, when it has one. */
export type LineRef = { source: Buffer; start: number; end: number };

/** The entry's sealed line, when it has one (read from disk if it is still there). */
export function lineOf(entry: StoredEntry): LineRef | undefined {
  const { source, start, end } = entry;
  if (!source || start === undefined || end === undefined) return undefined;
  if (source instanceof FileLines) return { source: source.read(start, end), start: 0, end: end - start };
  return { source, start, end };
}

/** Brings the file-held lines of `entries` into memory with one read per file. */
function loadLines(entries: readonly StoredEntry[]): void {
  const spans = new Map<FileLines, { from: number; to: number }>();
  for (const e of entries) {
    if (!(e.source instanceof FileLines)) continue;
    const span = spans.get(e.source);
    spans.set(e.source, {
      from: Math.min(span?.from ?? Number.POSITIVE_INFINITY, e.start as number),
      to: Math.max(span?.to ?? 0, e.end as number),
    });
  }
  for (const [file, { from, to }] of spans) {
    const bytes = file.read(from, to);
    for (const e of entries) {
      if (e.source !== file) continue;
      e.source = bytes;
      e.start = (e.start as number) - from;
      e.end = (e.end as number) - from;
    }
  }
}

function forgetLine(entry: StoredEntry): void {
  entry.source = undefined;
  entry.start = undefined;
  entry.end = undefined;
}

/**
 * Parses the records of `entries` that are not parsed yet, in one JSON.parse. An entry whose line
 * fails its seal, or does not hold a put of its own ref, gets no record (a warning says which).
 */
export function materialize(entries: readonly StoredEntry[], logger: Logger): void {
  const pending = entries.filter((e) => e.record === undefined && e.source !== undefined);
  if (pending.length === 0) return;
  loadLines(pending);
  const texts: string[] = [];
  const targets: StoredEntry[] = [];
  for (const entry of pending) {
    const { source, start, end } = lineOf(entry)!;
    if (hasValidSeal(source, start, end)) {
      texts.push(source.toString('utf8', start, end));
      targets.push(entry);
    } else {
      logger.warn('Skipped a ledger record whose checksum does not match (edited or damaged)', {
        ref: entry.ref,
      });
      forgetLine(entry);
    }
  }
  const parsed = JSON.parse(`[${texts.join(',')}]`) as { op?: string; record?: JobRecord }[];
  parsed.forEach((line, i) => {
    const entry = targets[i]!;
    if (line.op === 'put' && line.record?.ref === entry.ref) {
      entry.record = line.record;
      forgetLine(entry);
    } else {
      logger.warn('Skipped a ledger record that does not match its snapshot index', { ref: entry.ref });
      forgetLine(entry);
    }
  });
}

/**
 * The summary of an entry: from its record when parsed, else from the snapshot's summary line, else
 * (a damaged summary line) by parsing the record. Undefined when the record cannot be read either.
 */
export function summaryOf(entry: StoredEntry, logger: Logger): RecordSummary | undefined {
  if (entry.record) return summarize(entry.record);
  const row = entry.row === undefined ? undefined : entry.rows?.row(entry.row);
  if (row && row[0] === entry.ref) return summaryOfRow(row);
  materialize([entry], logger);
  return entry.record ? summarize(entry.record) : undefined;
}
