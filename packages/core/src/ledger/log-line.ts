import { crc32 } from './crc32.js';
import type { SummaryRow } from './summary.js';
import type { JobRecord } from './types.js';

/**
 * Lines of the ledger log (format 2). Every line this version writes is sealed: it starts with
 * `{"s":"<8 hex>",` where the hex is a checksum of the bytes after that 15-character prefix up to
 * (not including) the newline. A line whose seal matches was written whole by this code after its
 * record passed the schema, so loading trusts it without a schema check; a torn or edited line fails
 * its seal and is skipped. Lines of format 1 (no seal) are still read, through the schema.
 *
 * - `{"s":…,"v":2,"op":"put","rev":3,"record":{…}}`: the whole record of one job.
 * - `{"s":…,"v":2,"op":"remove","rev":4,"ref":"…"}`: the job was forgotten.
 * - `{"s":…,"v":2,"op":"snapshot","count":N,"sumLen":B,"refs":"…","hashes":"…","times":"…","revs":[…],"lens":[…]}`:
 *   the first line of a compacted file. Next comes `{"s":…,"v":2,"op":"summaries","recordsBytes":R,
 *   "rows":[…]}` (B bytes: what a listing shows of each record, see SummaryRow), then N lines (R bytes),
 *   one `put` per live record in the same order, oldest first, `lens` bytes each (newline included). So a load reads the keys from the first line, a listing
 *   reads the summaries, and a record is parsed only when it is asked for. `refs`, `hashes` and
 *   `times` are the values joined by newlines (one string parses faster than N), or arrays when a
 *   value holds a newline.
 *
 * `rev` counts the changes of one ref (1 for its first line): when two lines of a ref meet (a
 * compaction copied an older line after a newer one) the higher rev wins, equal revs the later line.
 */

/**
 * The format of the lines this version writes (`"v":2`). A sealed line with a higher `v` comes from a
 * newer ltx-jobs: it is skipped, and a ledger holding one is never compacted (that would drop it).
 */
export const LOG_FORMAT = 2;

/** Whether a sealed line says it has a format above this version's (LOG_FORMAT). */
export function isNewerFormat(line: unknown): boolean {
  const v = (line as { v?: unknown }).v;
  return typeof v === 'number' && v > LOG_FORMAT;
}

/** Length of the seal prefix `{"s":"xxxxxxxx",`. */
export const SEAL_PREFIX_LENGTH = 16;
const SEAL_START = Buffer.from('{"s":"');

/** The seal's sum: CRC-32, the same on every Node version (crc32.ts). */
const checksum = crc32;

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** `{"s":"<checksum>",` + `body` without its leading `{` + newline. `body` must be a JSON object text. */
export function sealLine(body: string): string {
  const rest = body.slice(1);
  return `{"s":"${hex8(checksum(rest))}",${rest}\n`;
}

/** A sealed `put` line. */
export function putLine(record: JobRecord, rev: number): string {
  return sealLine(`{"v":2,"op":"put","rev":${rev},"record":${JSON.stringify(record)}}`);
}

/** A sealed `remove` line. */
export function removeLine(ref: string, rev: number): string {
  return sealLine(`{"v":2,"op":"remove","rev":${rev},"ref":${JSON.stringify(ref)}}`);
}

/** Keys of the records that follow a snapshot line, in file order, and the byte length of each line. */
export interface SnapshotIndex {
  refs: string[];
  hashes: string[];
  times: string[];
  revs: number[];
  lens: number[];
}

/** A column of strings as written: joined by newlines, or the array when a value holds one. */
function column(values: string[]): string | string[] {
  return values.some((v) => v.includes('\n')) ? values : values.join('\n');
}

/** Reads a column written by {@link snapshotLine}. */
export function readColumn(value: string | string[], count: number): string[] {
  if (typeof value !== 'string') return value;
  return count === 0 ? [] : value.split('\n');
}

/**
 * The two sealed lines that open a snapshot: the index of the `index.refs.length` put lines that
 * follow, and the summary line (one row per record, see RecordSummary) whose byte length the index
 * gives as `sumLen`, so a load can leave it unread.
 */
export function snapshotLines(
  index: SnapshotIndex,
  rows: readonly SummaryRow[],
  recordsBytes: number,
): string {
  const { refs, hashes, times, revs, lens } = index;
  const summaries = sealLine(
    `{"v":2,"op":"summaries","recordsBytes":${recordsBytes},"rows":${JSON.stringify(rows)}}`,
  );
  const sumLen = Buffer.byteLength(summaries);
  const body = (hl: number) =>
    JSON.stringify({
      v: 2,
      op: 'snapshot',
      hl: fixedWidth(hl),
      sl: fixedWidth(sumLen),
      count: refs.length,
      sumLen,
      refs: column(refs),
      hashes: column(hashes),
      times: column(times),
      revs,
      lens,
    });
  // `hl` (this line's byte length) has a fixed width, so writing it does not change the length.
  const header = sealLine(body(Buffer.byteLength(sealLine(body(0)))));
  return header + summaries;
}

/** A byte length as 12 digits, so it sits at a fixed place in a snapshot's first line. */
function fixedWidth(n: number): string {
  return String(n).padStart(12, '0');
}

/** Where `"hl":"<12 digits>","sl":"<12 digits>"` start in a snapshot's first line. */
const HL_AT = SEAL_PREFIX_LENGTH + '"v":2,"op":"snapshot","hl":"'.length;
const SL_AT = HL_AT + 12 + '","sl":"'.length;
const SNAPSHOT_START = Buffer.from('"v":2,"op":"snapshot","hl":"');

/**
 * The byte lengths of a snapshot's first line and of its summary line, read from fixed places in the
 * first bytes of the file (at least 80), so neither has to be scanned for its end. Undefined when the
 * file does not start with such a snapshot line.
 */
export function snapshotLengths(head: Buffer): { header: number; summaries: number } | undefined {
  if (head.length < SL_AT + 12 || !looksSealed(head, 0)) return undefined;
  if (head.compare(SNAPSHOT_START, 0, SNAPSHOT_START.length, SEAL_PREFIX_LENGTH, HL_AT) !== 0)
    return undefined;
  const header = Number(head.toString('latin1', HL_AT, HL_AT + 12));
  const summaries = Number(head.toString('latin1', SL_AT, SL_AT + 12));
  return Number.isSafeInteger(header) && Number.isSafeInteger(summaries) ? { header, summaries } : undefined;
}

/** True when the line in `buffer` from `start` to `end` (newline excluded) carries a seal that matches. */
export function hasValidSeal(buffer: Buffer, start: number, end: number): boolean {
  if (end - start < SEAL_PREFIX_LENGTH + 1) return false;
  if (buffer.compare(SEAL_START, 0, SEAL_START.length, start, start + SEAL_START.length) !== 0) return false;
  const want = Number.parseInt(buffer.toString('latin1', start + 6, start + 14), 16);
  return checksum(buffer.subarray(start + SEAL_PREFIX_LENGTH, end)) === want;
}

/** True when the line starts like a sealed line (whatever its checksum). */
export function looksSealed(buffer: Buffer, start: number): boolean {
  return buffer.compare(SEAL_START, 0, SEAL_START.length, start, start + SEAL_START.length) === 0;
}
