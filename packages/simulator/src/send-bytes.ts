import { type Exchange, writeHead } from './http-kit.js';
import { parseRange } from './range.js';

/**
 * Serves `bytes` with Content-Length and byte ranges (206 + Content-Range, 416 when unsatisfiable).
 * No ETag or Last-Modified is sent, so a request with `If-Range` always gets the full body.
 * With `cut`, a GET stops after half the bytes it promised and the socket is closed. With
 * `bytesPerSecond`, the body trickles out at that rate (in 50 ms steps, at least a byte a step).
 * @returns true when the answer was cut.
 */
export function sendBytes(
  ex: Exchange,
  bytes: Buffer,
  mimeType: string,
  cut: boolean,
  bytesPerSecond?: number,
): boolean {
  const size = bytes.length;
  const hasIfRange = ex.req.headers['if-range'] !== undefined;
  const range = hasIfRange ? ({ kind: 'full' } as const) : parseRange(ex.req.headers.range, size);
  if (range.kind === 'unsatisfiable') {
    writeHead(ex, 416, {
      'content-range': `bytes */${size}`,
      'content-length': '0',
      'accept-ranges': 'bytes',
    });
    ex.res.end();
    return false;
  }
  const start = range.kind === 'partial' ? range.start : 0;
  const end = range.kind === 'partial' ? range.end : size - 1;
  const body = bytes.subarray(start, end + 1);
  const headers: Record<string, string> = {
    'content-type': mimeType,
    'content-length': String(body.length),
    'accept-ranges': 'bytes',
    'cache-control': 'private, max-age=0',
  };
  if (range.kind === 'partial') headers['content-range'] = `bytes ${start}-${end}/${size}`;
  writeHead(ex, range.kind === 'partial' ? 206 : 200, headers);
  if (ex.req.method === 'HEAD') {
    ex.res.end();
    return false;
  }
  if (cut && body.length >= 2) {
    ex.res.write(body.subarray(0, Math.floor(body.length / 2)), () => ex.req.socket.destroy());
    return true;
  }
  if (bytesPerSecond !== undefined) trickle(ex, body, bytesPerSecond);
  else ex.res.end(body);
  return false;
}

/** Sends `body` at `bytesPerSecond`, stopping when the client goes away. */
function trickle(ex: Exchange, body: Buffer, bytesPerSecond: number): void {
  const step = Math.max(1, Math.round(bytesPerSecond / 20));
  const everyMs = Math.max(50, Math.round((1000 * step) / bytesPerSecond));
  let sent = 0;
  const timer = setInterval(() => {
    if (ex.res.destroyed) return clearInterval(timer);
    ex.res.write(body.subarray(sent, sent + step));
    sent += step;
    if (sent >= body.length) {
      clearInterval(timer);
      ex.res.end();
    }
  }, everyMs);
  ex.res.on('close', () => clearInterval(timer));
}
