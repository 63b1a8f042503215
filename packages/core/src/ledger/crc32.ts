import * as zlib from 'node:zlib';

/**
 * CRC-32 (the zip/PNG one, as `zlib.crc32`) of bytes or of a string's UTF-8. Node's own where it has
 * it (20.15+), else the same sum in JavaScript: every Node version seals and checks ledger lines
 * alike, so a CLI on an older Node and the extension share one ledger.
 */
export const crc32: (data: Uint8Array | string) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? (data) => (zlib as unknown as { crc32(data: Uint8Array | string): number }).crc32(data)
    : crc32InJs;

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table === undefined) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  return table;
}

/** {@link crc32} in JavaScript (Node before 20.15); exported for its test against zlib's. */
export function crc32InJs(data: Uint8Array | string): number {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const t = crcTable();
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++)
    crc = (t[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
