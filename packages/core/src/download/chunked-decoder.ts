// Decoding of `Transfer-Encoding: chunked` bodies (RFC 9112 section 7.1) for socket-get.ts. The data
// of each chunk is handed on as views of the bytes received, never copied; chunk-size lines and
// trailers are bounded, so a hostile host cannot make this hold more than a few KiB.

/** Longest chunk-size line (with extensions) or trailer section accepted, in bytes (8 KiB). */
const MAX_LINE_BYTES = 8 * 1024;

/** Decodes one chunked body, fed in pieces. */
export interface ChunkedDecoder {
  /**
   * Decodes `bytes`, calling `onData` with each run of body data (a view of `bytes`). Returns true
   * once the last chunk and the trailers have been read; bytes after that are ignored.
   * @throws Error with a short reason when the framing is malformed.
   */
  push(bytes: Uint8Array, onData: (view: Uint8Array) => void): boolean;
}

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

/** A {@link ChunkedDecoder}. */
export function createChunkedDecoder(): ChunkedDecoder {
  let state: State = 'size';
  let line = ''; // the current size line or trailer line, as read so far
  let trailerBytes = 0;
  let left = 0; // data bytes left in the current chunk

  const endOfSizeLine = () => {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    const size = text.split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]{1,12}$/.test(size)) throw new Error(`invalid chunk size "${text.slice(0, 20)}"`);
    left = Number.parseInt(size, 16);
    state = left === 0 ? 'trailer' : 'data';
  };

  return {
    push(bytes, onData) {
      let i = 0;
      while (i < bytes.length && state !== 'done') {
        if (state === 'data') {
          const take = Math.min(left, bytes.length - i);
          onData(bytes.subarray(i, i + take));
          i += take;
          left -= take;
          if (left === 0) state = 'data-end';
          continue;
        }
        const byte = bytes[i++]!;
        if (state === 'data-end') {
          // CRLF after the data (a bare LF is tolerated).
          if (byte === 10) state = 'size';
          else if (byte !== 13) throw new Error('chunk data longer than its size');
          continue;
        }
        if (byte !== 10) {
          line += String.fromCharCode(byte);
          if (line.length > MAX_LINE_BYTES) throw new Error('chunk-size line too long');
          continue;
        }
        if (state === 'size') endOfSizeLine();
        else {
          // A trailer line; the empty one ends the body.
          trailerBytes += line.length + 1;
          if (trailerBytes > MAX_LINE_BYTES) throw new Error('chunked trailers too long');
          if (line === '' || line === '\r') state = 'done';
        }
        line = '';
      }
      return state === 'done';
    },
  };
}
