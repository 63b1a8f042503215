import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createChunkedDecoder } from '../../src/download/chunked-decoder.js';
import { bodyFraming, createHeadReader, MAX_HEAD_BYTES } from '../../src/download/response-head.js';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

/** Splits `data` into pieces at random points (a fixed seed keeps it repeatable). */
function pieces(data: Uint8Array, seed: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let state = seed;
  for (let at = 0; at < data.length; ) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const size = 1 + (state % 97);
    out.push(data.subarray(at, at + size));
    at += size;
  }
  return out;
}

describe('response head', () => {
  it('reads status and headers split anywhere, and says where the body starts', () => {
    const wire = bytes(
      'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5-9/10\r\nX-A: 1\r\nx-a: 2\r\n\r\nBODY',
    );
    for (let seed = 1; seed < 20; seed++) {
      const reader = createHeadReader();
      let found: ReturnType<typeof reader.push>;
      let rest = new Uint8Array(0);
      for (const piece of pieces(wire, seed)) {
        if (found) rest = new Uint8Array([...rest, ...piece]);
        else {
          found = reader.push(piece);
          if (found) rest = piece.slice(found.bodyOffset);
        }
      }
      expect(found?.head.status).toBe(206);
      expect(found?.head.headers.get('content-range')).toBe('bytes 5-9/10');
      expect(found?.head.headers.get('x-a')).toBe('1, 2');
      expect(Buffer.from(rest).toString()).toBe('BODY');
    }
  });

  it('skips 1xx answers before the real one', () => {
    const reader = createHeadReader();
    const found = reader.push(
      bytes('HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\n\r\nX'),
    );
    expect(found?.head.status).toBe(200);
    expect(found?.bodyOffset).toBe(
      found ? 'HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\n\r\n'.length : -1,
    );
  });

  it.each([
    ['not HTTP', 'SSH-2.0-OpenSSH\r\n\r\n', /status line/],
    ['a header without a colon', 'HTTP/1.1 200 OK\r\nBroken\r\n\r\n', /malformed header/],
    ['a header name with spaces', 'HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n', /malformed header/],
    ['a protocol switch', 'HTTP/1.1 101 Switching\r\n\r\n', /101/],
  ])('refuses %s', (_name, wire, message) => {
    expect(() => createHeadReader().push(bytes(wire))).toThrow(message);
  });

  it('refuses a head larger than 64 KiB, fed in pieces', () => {
    const reader = createHeadReader();
    reader.push(bytes('HTTP/1.1 200 OK\r\n'));
    const line = bytes(`X-Pad: ${'a'.repeat(1000)}\r\n`);
    expect(() => {
      for (let i = 0; i < MAX_HEAD_BYTES / 1000 + 2; i++) reader.push(line);
    }).toThrow(/larger than/);
  });

  it.each([
    [204, {}, { kind: 'none' }],
    [200, { 'content-length': '42' }, { kind: 'length', length: 42 }],
    [200, { 'content-length': '42, 42' }, { kind: 'length', length: 42 }],
    [200, { 'transfer-encoding': 'chunked', 'content-length': '42' }, { kind: 'chunked' }],
    [200, { 'transfer-encoding': 'gzip' }, { kind: 'close' }],
    [200, {}, { kind: 'close' }],
  ])('frames status %s with %j as %j', (status, headers, framing) => {
    expect(bodyFraming({ status, headers: new Headers(headers) })).toEqual(framing);
  });

  it.each(['-1', '1e3', '42, 43', 'x', '99999999999999999'])('refuses Content-Length %j', (value) => {
    expect(() => bodyFraming({ status: 200, headers: new Headers({ 'content-length': value }) })).toThrow(
      /Content-Length/,
    );
  });
});

describe('chunked decoder', () => {
  const encode = (body: Buffer, size: number) => {
    const parts: Buffer[] = [];
    for (let at = 0; at < body.length; at += size) {
      const chunk = body.subarray(at, at + size);
      parts.push(Buffer.from(`${chunk.length.toString(16)};ext=1\r\n`), chunk, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from('0\r\nX-Trailer: yes\r\n\r\nAFTER'));
    return new Uint8Array(Buffer.concat(parts));
  };

  it('decodes a body split at any point, handing out views of the input', () => {
    const body = randomBytes(5000);
    for (let seed = 1; seed < 8; seed++) {
      const decoder = createChunkedDecoder();
      const out: Uint8Array[] = [];
      let done = false;
      for (const piece of pieces(encode(body, 333), seed)) {
        if (done) break;
        done = decoder.push(piece, (view) => {
          expect(view.buffer).toBe(piece.buffer);
          out.push(view.slice());
        });
      }
      expect(done).toBe(true);
      expect(Buffer.concat(out).equals(body)).toBe(true);
    }
  });

  it.each([
    ['a size that is not hex', 'zz\r\nabc\r\n'],
    ['data longer than its size', '2\r\nabc\r\n'],
    ['a size line that never ends', `1${'0'.repeat(20_000)}`],
    ['a size too large to be real', 'fffffffffffffffff\r\n'],
  ])('refuses %s', (_name, wire) => {
    expect(() => createChunkedDecoder().push(bytes(wire), () => undefined)).toThrow();
  });

  it('bounds trailers', () => {
    const decoder = createChunkedDecoder();
    expect(() => decoder.push(bytes(`0\r\n${'X-T: y\r\n'.repeat(2000)}`), () => undefined)).toThrow(
      /trailers/,
    );
  });
});
