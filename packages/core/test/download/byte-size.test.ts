import { describe, expect, it } from 'vitest';
import { parseByteSize } from '../../src/download/byte-size.js';
import { formatBytes } from '../../src/format/bytes.js';

describe('sizes', () => {
  it.each([
    ['4GiB', 4 * 1024 ** 3],
    ['4g', 4 * 1024 ** 3],
    ['500 MB', 500e6],
    ['1.5 KiB', 1536],
    ['  2048  ', 2048],
    ['10b', 10],
    ['1TB', 1e12],
  ])('reads %j as %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['', '0', '-1', 'lots', '4 parsecs', '1e3', '99999999999TiB'])('refuses %j', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });

  it.each([
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [3 * 1024 * 1024, '3.0 MiB'],
    [4 * 1024 ** 3, '4.0 GiB'],
  ])('writes %d bytes as %j (the one size format), and reads it back', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
    expect(parseByteSize(text)).toBe(bytes);
  });
});
