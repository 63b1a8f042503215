/**
 * Text tables: every column but the last padded to its widest cell (in UTF-16 units, as
 * `String.prototype.padEnd` counts), two spaces between columns, no trailing whitespace.
 */

const SPACE = 0x20;
const NEWLINE = 0x0a;

/**
 * A table as UTF-8 bytes, each line ending in a newline, from its columns (`columns[c][r]`, the
 * header as row 0, all columns as long), written cell by cell into one buffer of the exact size: no
 * string per line or per padded cell, so `ltx-jobs list` prints 10,000 jobs without garbage for each.
 */
export function tableBytes(columns: readonly (readonly string[])[]): Buffer {
  const count = columns.length;
  const rowCount = count === 0 ? 0 : (columns[0] as readonly string[]).length;
  if (rowCount === 0) return Buffer.alloc(0);
  const widths = columns.map((column) => {
    let width = 0;
    for (const cell of column) if (cell.length > width) width = cell.length;
    return width;
  });
  // Bytes: the padded columns' widths, the last column's cells, and what UTF-8 adds to non-ASCII text.
  const texts = columns.map((column) => column.join(''));
  const extra = texts.map((text) => Buffer.byteLength(text, 'utf8') - text.length);
  let size = rowCount * (1 + 2 * (count - 1)) + (texts[count - 1] as string).length;
  for (let c = 0; c < count; c++)
    size += (extra[c] as number) + (c < count - 1 ? (widths[c] as number) * rowCount : 0);
  const out = Buffer.allocUnsafe(size) as Buffer & Latin1Write;
  let pos = 0;
  for (let r = 0; r < rowCount; r++) {
    const lineStart = pos;
    let cell = '';
    for (let c = 0; c < count; c++) {
      cell = (columns[c] as readonly string[])[r] as string;
      // Pure-ASCII columns (most) are copied byte for byte: a cold UTF-8 `write` per cell costs more.
      if (extra[c] === 0) pos += out.latin1Write(cell, pos);
      else pos += out.write(cell, pos, 'utf8');
      if (c === count - 1) break;
      for (let pad = (widths[c] as number) - cell.length + 2; pad > 0; pad--) out[pos++] = SPACE;
    }
    // Only a last cell that is empty or ends in whitespace leaves any to trim.
    if (cell === '' || cell.charCodeAt(cell.length - 1) <= SPACE) {
      while (pos > lineStart && isSpace(out[pos - 1] as number)) pos--;
    }
    out[pos++] = NEWLINE;
  }
  return out.subarray(0, pos);
}

/** Node's Buffer method for one-byte text, which its types leave out (`write(…, 'latin1')` goes through it). */
type Latin1Write = { latin1Write(text: string, offset: number): number };

/** Whitespace at a line's end (trimmed, as `trimEnd` would for ASCII). */
function isSpace(byte: number): boolean {
  return byte === SPACE || (byte >= 0x09 && byte <= 0x0d);
}

/** {@link tableBytes} from rows (`rows[r][c]`, the header first), as text without the last newline. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const count = rows.reduce((most, row) => Math.max(most, row.length), 0);
  const columns = Array.from({ length: count }, (_, c) => rows.map((row) => row[c] ?? ''));
  const bytes = tableBytes(columns);
  return bytes.toString('utf8', 0, Math.max(0, bytes.length - 1));
}
