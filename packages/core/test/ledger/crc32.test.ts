import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crc32InJs } from '../../src/ledger/crc32.js';

describe('crc32 (the ledger seal)', () => {
  it('is zlib.crc32 in JavaScript too, for bytes and for text (Node before 20.15 seals alike)', () => {
    const native = (zlib as unknown as { crc32?: (data: Uint8Array | string) => number }).crc32;
    // The standard check value of CRC-32/ISO-HDLC.
    expect(crc32InJs('123456789')).toBe(0xcbf43926);
    expect(crc32('123456789')).toBe(0xcbf43926);
    for (const size of [0, 1, 7, 64, 1000, 65_537]) {
      const bytes = randomBytes(size);
      expect(crc32InJs(bytes)).toBe(crc32(bytes));
      if (native) expect(crc32InJs(bytes)).toBe(native(bytes));
    }
    const text = '{"v":2,"op":"put","record":{"name":"café ☕ 🎬"}}';
    expect(crc32InJs(text)).toBe(crc32(Buffer.from(text, 'utf8')));
    expect(crc32InJs(text)).toBe(crc32(text));
  });
});
