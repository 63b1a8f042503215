import { closeSync, fstat, open, read } from 'node:fs';
import { promisify } from 'node:util';
import { hasIntentFiles, prevLinks } from './ledger-files.js';
import { hasValidSeal, isNewerFormat, looksSealed, snapshotLengths } from './log-line.js';
import { type RecordSummary, rowOf, type SummaryRow, summarize, summaryOfRow } from './summary.js';
import type { JobRecord } from './types.js';

const openAsync = promisify(open);
const fstatAsync = promisify(fstat);
const readAsync = promisify(read);

async function readAt(fd: number, from: number, length: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await readAsync(fd, bytes, done, length - done, from + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return bytes.subarray(0, done);
}

type Listed = { row: SummaryRow; rev: number };

/**
 * What `ltx-jobs list` shows, newest first, read the quick way: the snapshot's summary line (its
 * second line: one row per record with ref, date and rev) and the lines appended after its records,
 * which are skipped without reading them. The result equals `Ledger.summaries()` of the same file.
 * Undefined when the quick way does not apply (no snapshot, format-1 lines, a `.prev` link left by a
 * dead compaction, submit intents to look at): then open the ledger with createLedger.
 */
export async function readListing(path: string): Promise<RecordSummary[] | undefined> {
  return (await readListingRows(path))?.map(summaryOfRow);
}

/**
 * {@link readListing} as the snapshot's rows (see SummaryRow), newest first: no object per record,
 * for a caller that formats thousands of them.
 */
export async function readListingRows(path: string): Promise<SummaryRow[] | undefined> {
  if ((await prevLinks(path)).length > 0) return undefined;
  if (await hasIntentFiles(path)) return undefined;
  const fd = await openAsync(path, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return -1;
    throw error;
  });
  if (fd === -1) return [];
  try {
    const { size } = await fstatAsync(fd);
    if (size === 0) return [];
    // The snapshot's first line (its index) says how long it and the summary line are: read only the latter.
    const lengths = snapshotLengths(await readAt(fd, 0, Math.min(size, 128)));
    if (!lengths || lengths.header + lengths.summaries > size) return undefined;
    const summaryLine = await readAt(fd, lengths.header, lengths.summaries);
    const second = summaryLine.length - 1;
    if (summaryLine[second] !== 0x0a || !hasValidSeal(summaryLine, 0, second)) return undefined;
    const line = JSON.parse(summaryLine.toString('utf8', 0, second)) as {
      op?: string;
      recordsBytes?: number;
      rows?: SummaryRow[];
    };
    if (
      line.op !== 'summaries' ||
      isNewerFormat(line) ||
      typeof line.recordsBytes !== 'number' ||
      !Array.isArray(line.rows)
    ) {
      return undefined;
    }
    const tailStart = lengths.header + lengths.summaries + line.recordsBytes;
    if (tailStart > size) return undefined;
    const tail = await readAt(fd, tailStart, size - tailStart);
    let rows: SummaryRow[];
    if (tail.length === 0) {
      rows = line.rows.reverse();
    } else {
      const listed = new Map<string, Listed>();
      for (const row of line.rows) listed.set(row[0], { row, rev: row[2] });
      if (!applyTail(tail, listed)) return undefined;
      rows = Array.from(listed.values(), (l) => l.row).reverse();
    }
    // Newest first; a stable sort keeps the later-written of two equal times first, as summaries() does.
    // Records are mostly written in the order they were submitted: then the rows are sorted already.
    return isNewestFirst(rows) ? rows : rows.sort((a, b) => (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
  } finally {
    closeSync(fd);
  }
}

function isNewestFirst(rows: readonly SummaryRow[]): boolean {
  for (let i = 1; i < rows.length; i++)
    if ((rows[i - 1] as SummaryRow)[1] < (rows[i] as SummaryRow)[1]) return false;
  return true;
}

/**
 * Applies the whole lines of `tail` to `listed` by the rev rule of the ledger (see log-line.ts).
 * False when a line needs the full reader (a format-1 line); lines that fail their seal are skipped,
 * as a load skips them.
 */
function applyTail(tail: Buffer, listed: Map<string, Listed>): boolean {
  const removed = new Map<string, number>();
  let pos = 0;
  while (pos < tail.length) {
    const end = tail.indexOf(0x0a, pos);
    if (end < 0) break; // torn last line
    const start = pos;
    pos = end + 1;
    if (end === start) continue;
    if (!looksSealed(tail, start)) return false;
    if (!hasValidSeal(tail, start, end)) continue;
    const change = JSON.parse(tail.toString('utf8', start, end)) as
      | { op: 'put'; rev: number; record: JobRecord }
      | { op: 'remove'; rev: number; ref: string }
      | { op: string; rev?: number };
    if ((change.op !== 'put' && change.op !== 'remove') || isNewerFormat(change)) continue;
    const ref =
      change.op === 'put' ? (change as { record: JobRecord }).record.ref : (change as { ref: string }).ref;
    const known = listed.get(ref);
    const rev = change.rev ?? 0;
    if (rev < (known?.rev ?? removed.get(ref) ?? -1)) continue;
    if (change.op === 'remove') {
      listed.delete(ref);
      removed.set(ref, rev);
      continue;
    }
    removed.delete(ref);
    const row = rowOf(summarize((change as { record: JobRecord }).record), rev);
    if (known) Object.assign(known, { row, rev });
    else listed.set(ref, { row, rev });
  }
  return true;
}
