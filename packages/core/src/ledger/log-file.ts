import { read } from 'node:fs';
import { promisify } from 'node:util';
import type { Logger } from '../deps.js';
import { hasValidSeal, snapshotLengths } from './log-line.js';
import {
  emptyFold,
  type FoldedLog,
  finishFold,
  indexSnapshot,
  readLog,
  snapshotHeaderOf,
} from './log-reader.js';
import { FileLines } from './record-lines.js';

/** First read of a log, in bytes; grown until the first line is whole. */
const FIRST_READ = 64 * 1024;

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

/**
 * Folds the log open as `fd` (`size` bytes) without reading the records of its snapshot: it reads
 * the first line, and when that is a sealed snapshot line, indexes the records after it by the lengths
 * it gives (their lines stay on disk, read through `fd` when first asked for: see FileLines) and
 * reads only the lines after them. Any other log is read whole. `usesHandle` says whether entries
 * point into the file, so the descriptor must stay open.
 */
export async function readLogFile(
  fd: number,
  size: number,
  options: { label: string; logger: Logger },
): Promise<{ fold: FoldedLog; usesHandle: boolean }> {
  if (size === 0) return { fold: emptyFold(), usesHandle: false };
  let head = await readAt(fd, 0, Math.min(size, FIRST_READ));
  // A snapshot says how long its first line is: read exactly that much.
  const lengths = snapshotLengths(head);
  if (lengths && lengths.header > head.length && lengths.header <= size) {
    head = Buffer.concat([head, await readAt(fd, head.length, lengths.header - head.length)]);
  }
  let newline = head.indexOf(0x0a, lengths && lengths.header <= head.length ? lengths.header - 1 : 0);
  while (newline < 0 && head.length < size) {
    head = Buffer.concat([head, await readAt(fd, head.length, Math.min(size - head.length, head.length))]);
    newline = head.indexOf(0x0a);
  }
  const header =
    newline > 0 && hasValidSeal(head, 0, newline)
      ? snapshotHeaderOf(head.toString('utf8', 0, newline))
      : undefined;
  if (!header) {
    const whole = head.length >= size ? head : await readAt(fd, 0, size);
    return { fold: await finishFold(readLog(whole, options), options.logger), usesHandle: false };
  }
  const fold = emptyFold();
  const afterHeader = newline + 1;
  const regionEnd = indexSnapshot(fold, header, new FileLines(fd), afterHeader, size);
  fold.lines = 1 + fold.entries.size + ((header.sumLen ?? 0) > 0 ? 1 : 0);
  const tail = await readAt(fd, regionEnd, size - regionEnd);
  await finishFold(readLog(tail, { ...options, fold, lineOffset: fold.lines }), options.logger);
  fold.wholeBytes += regionEnd;
  return { fold, usesHandle: fold.entries.size > 0 };
}
