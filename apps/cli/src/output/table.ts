/**
 * Text tables: every column but the last padded to its widest cell (in UTF-16 units, as
 * `String.prototype.padEnd` counts), two spaces between columns, no trailing whitespace.
 */

const SPACE = 0x20;

/**
 * A table as UTF-8 bytes, from its columns (`columns[c][r]`, the header as row 0), written cell by
 * cell into one buffer: no string per line or per padded cell, so `ltx-jobs list` prints 10,000
 * jobs without making garbage for each.
 */
export function tableBytes(columns: readonly (readonly string[])[]): Buffer {
  const count = columns.length;
  const rowCount = count === 0 ? 0 : Math.max(...columns.map((c) => c.length));
  if (rowCount === 0) return Buffer.alloc(0);
  const widths = columns.map((column) => {
    let width = 0;
    for (const cell of column) if (cell.length > width) width = cell.length;
    return width;
  });
  // At most 3 bytes per UTF-16 unit; the unused end is cut off.
  let lineBound = 1;
  for (let c = 0; c < count; c++) lineBound += 3 * (widths[c] as number) + 2;
  const out = Buffer.allocUnsafe(lineBound * rowCount) as Buffer & Latin1Write;
  // Pure-ASCII columns (most of them) are copied byte for byte: a cold `write` per cell costs more.
  const ascii = columns.map((column) => !column.some((cell) => NOT_ASCII.test(cell)));
  let pos = 0;
  for (let r = 0; r < rowCount; r++) {
    const lineStart = pos;
    for (let c = 0; c < count; c++) {
      const cell = (columns[c] as readonly string[])[r] ?? '';
      if (ascii[c]) pos += out.latin1Write(cell, pos);
      else pos += out.write(cell, pos, 'utf8');
      if (c === count - 1) break;
      for (let pad = (widths[c] as number) - cell.length + 2; pad > 0; pad--) out[pos++] = SPACE;
    }
    while (pos > lineStart && isSpace(out[pos - 1] as number)) pos--;
    if (r < rowCount - 1) out[pos++] = 0x0a;
  }
  return out.subarray(0, pos);
}

/** A character other than tab to `~` (printable ASCII): such a cell is written as UTF-8. */
const NOT_ASCII = /[^\t-~ ]/u;

/** Node's Buffer method for one-byte text, which its types leave out (`write(…, 'latin1')` goes through it). */
type Latin1Write = { latin1Write(text: string, offset: number): number };

/** Whitespace at a line's end (trimmed, as `trimEnd` would for ASCII). */
function isSpace(byte: number): boolean {
  return byte === SPACE || (byte >= 0x09 && byte <= 0x0d);
}

/** {@link tableBytes} from rows (`rows[r][c]`, the header first), as text. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const count = rows.reduce((most, row) => Math.max(most, row.length), 0);
  const columns = Array.from({ length: count }, (_, c) => rows.map((row) => row[c] ?? ''));
  return tableBytes(columns).toString('utf8');
}
