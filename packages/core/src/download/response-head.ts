// The status line and headers of an HTTP/1.1 answer, read from raw socket bytes (see socket-get.ts).
// Everything here comes from a server and is untrusted: sizes are bounded, syntax is checked.

/** Largest response head accepted, in bytes (64 KiB, as common servers and proxies allow). */
export const MAX_HEAD_BYTES = 64 * 1024;

/** Status and headers of one answer. */
export interface ResponseHead {
  status: number;
  headers: Headers;
}

/** How the body of an answer ends (RFC 9112 section 6.3). */
export type BodyFraming =
  | { kind: 'none' }
  | { kind: 'length'; length: number }
  | { kind: 'chunked' }
  | { kind: 'close' };

/** Accumulates bytes until a whole response head has arrived. */
export interface HeadReader {
  /**
   * Takes the next bytes of the connection. Returns the head and where the body starts in `bytes`
   * once a final (non-1xx) head is complete; undefined while more is needed.
   * @throws Error with a short reason when the head is malformed or too large.
   */
  push(bytes: Uint8Array): { head: ResponseHead; bodyOffset: number } | undefined;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const STATUS_LINE = /^HTTP\/1\.[01] ([1-9]\d\d)(?: [^\r\n]*)?$/;

/** A {@link HeadReader}; it copies what it keeps, so `bytes` may be reused after `push` returns. */
export function createHeadReader(): HeadReader {
  let kept = new Uint8Array(0);
  return {
    push(bytes) {
      let consumed = 0;
      for (;;) {
        const data = concat(kept, bytes.subarray(consumed));
        const end = indexOfBlankLine(data, Math.max(0, kept.length - 3));
        if (end < 0) {
          if (data.length > MAX_HEAD_BYTES)
            throw new Error(`response head larger than ${MAX_HEAD_BYTES} bytes`);
          kept = data.slice();
          return undefined;
        }
        if (end > MAX_HEAD_BYTES) throw new Error(`response head larger than ${MAX_HEAD_BYTES} bytes`);
        consumed += end - kept.length;
        kept = new Uint8Array(0);
        const head = parseHead(Buffer.from(data.buffer, data.byteOffset, end).toString('latin1'));
        // 1xx answers (100 Continue, 103 Early Hints) come before the real one: skip them.
        if (head.status >= 200) return { head, bodyOffset: consumed };
        if (head.status === 101) throw new Error('unexpected protocol switch (101)');
      }
    },
  };
}

/**
 * How the body of `head` is delimited: Transfer-Encoding wins over Content-Length; a
 * Content-Length that is not one non-negative integer is refused.
 */
export function bodyFraming(head: ResponseHead): BodyFraming {
  if (head.status === 204 || head.status === 304) return { kind: 'none' };
  const transfer = head.headers.get('transfer-encoding');
  if (transfer !== null) {
    const last = transfer.split(',').at(-1)?.trim().toLowerCase();
    return last === 'chunked' ? { kind: 'chunked' } : { kind: 'close' };
  }
  const length = head.headers.get('content-length');
  if (length === null) return { kind: 'close' };
  const values = new Set(length.split(',').map((v) => v.trim()));
  const [value] = values;
  if (values.size !== 1 || value === undefined || !/^\d{1,16}$/.test(value)) {
    throw new Error(`invalid Content-Length "${length.slice(0, 40)}"`);
  }
  return { kind: 'length', length: Number(value) };
}

function parseHead(text: string): ResponseHead {
  const lines = text.split('\r\n');
  const statusLine = lines.shift() ?? '';
  const match = STATUS_LINE.exec(statusLine);
  if (!match) throw new Error(`not an HTTP/1.x status line: "${statusLine.slice(0, 40)}"`);
  const headers = new Headers();
  for (const line of lines) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!TOKEN.test(name)) throw new Error(`malformed header line "${line.slice(0, 40)}"`);
    try {
      headers.append(name, line.slice(colon + 1).trim());
    } catch {
      throw new Error(`malformed value of header ${name}`);
    }
  }
  return { status: Number(match[1]), headers };
}

/** Offset just past the first CRLF CRLF at or after `from`, or -1. */
function indexOfBlankLine(data: Uint8Array, from: number): number {
  for (let i = data.indexOf(13, from); i >= 0 && i + 3 < data.length; i = data.indexOf(13, i + 1)) {
    if (data[i + 1] === 10 && data[i + 2] === 13 && data[i + 3] === 10) return i + 4;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
