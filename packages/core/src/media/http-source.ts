import { redactUrl } from '../http/base-url.js';
import { type ByteSource, MediaReadError } from './byte-source.js';

const READ_AHEAD = 16 * 1024;

/** Limits of a remote read: media at a URL is untrusted and may be large or slow. */
export interface HttpSourceLimits {
  /** Bytes fetched in all, over every range (default 4 MiB). */
  maxBytes?: number;
  /** Range requests in all (default 8). */
  maxRequests?: number;
  /** Per request, headers and body (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/**
 * A {@link ByteSource} over an `https://` URL (or loopback `http://`) read with HTTP Range requests,
 * bounded in bytes, requests and time. A server that ignores Range is read only up to the window asked
 * for. No credentials are sent; errors name the URL without its query.
 */
export function openHttpSource(url: string, limits: HttpSourceLimits = {}): ByteSource {
  const maxBytes = limits.maxBytes ?? 4 * 1024 * 1024;
  const maxRequests = limits.maxRequests ?? 8;
  const timeoutMs = limits.timeoutMs ?? 10_000;
  const doFetch = limits.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const label = redactUrl(url);
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed) throw new MediaReadError(`${label}: not a valid URL`);
  const { protocol, hostname } = parsed;
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(hostname);
  if (protocol !== 'https:' && !(protocol === 'http:' && loopback)) {
    throw new MediaReadError(`${label}: only https:// media (or http:// on loopback) is read`);
  }
  let size: number | undefined;
  let spent = 0;
  let requests = 0;
  const closer = new AbortController();
  const fail = (problem: string) => new MediaReadError(`${label}: ${problem}`);

  let cached: { offset: number; bytes: Uint8Array } | undefined;

  /** Serves small reads (box and frame headers) from one read-ahead window of at least 16 KiB. */
  async function read(offset: number, length: number): Promise<Uint8Array> {
    if (size !== undefined) length = Math.min(length, size - offset);
    if (length <= 0) return new Uint8Array(0);
    const hit =
      cached && offset >= cached.offset && offset + length <= cached.offset + cached.bytes.byteLength;
    if (cached && hit) return cached.bytes.subarray(offset - cached.offset, offset - cached.offset + length);
    const window = Math.min(Math.max(length, READ_AHEAD), maxBytes - spent);
    const bytes = await fetchRange(offset, Math.max(window, length));
    cached = { offset, bytes };
    return bytes.subarray(0, length);
  }

  async function fetchRange(offset: number, length: number): Promise<Uint8Array> {
    if (size !== undefined) length = Math.min(length, size - offset);
    if (length <= 0) return new Uint8Array(0);
    if (spent + length > maxBytes) throw fail(`reading its duration needs more than ${maxBytes} bytes`);
    if (++requests > maxRequests) throw fail(`reading its duration needs more than ${maxRequests} requests`);
    const signals = [closer.signal, AbortSignal.timeout(timeoutMs)];
    if (limits.signal) signals.push(limits.signal);
    const response = await doFetch(url, {
      headers: { range: `bytes=${offset}-${offset + length - 1}` },
      redirect: 'follow',
      signal: AbortSignal.any(signals),
    }).catch((error: Error) => {
      throw fail(
        `cannot be read (${error.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : error.message})`,
      );
    });
    if (response.status === 416) {
      await response.body?.cancel();
      return new Uint8Array(0);
    }
    if (response.status !== 206 && response.status !== 200) {
      await response.body?.cancel();
      throw fail(`answered HTTP ${response.status}`);
    }
    const skip = response.status === 200 ? offset : 0;
    if (spent + skip + length > maxBytes) {
      await response.body?.cancel();
      throw fail(`ignores Range requests, and reading its duration needs more than ${maxBytes} bytes`);
    }
    if (response.status === 206) {
      const total = /\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '')?.[1];
      if (total !== undefined) size = Number(total);
    } else {
      const declared = response.headers.get('content-length');
      if (declared !== null) size = Number(declared);
    }
    const bytes = await readAtMost(response, skip, length);
    spent += skip + bytes.byteLength;
    return bytes;
  }

  return {
    get size() {
      return size;
    },
    read,
    async close() {
      closer.abort();
    },
  };
}

/** Reads `length` bytes after skipping `skip` from a response body, then cancels the rest. */
async function readAtMost(response: Response, skip: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let filled = 0;
  let skipped = 0;
  const reader = response.body?.getReader();
  if (!reader) return out.subarray(0, 0);
  try {
    while (filled < length) {
      const { done, value } = await reader.read();
      if (done) break;
      let chunk = value;
      if (skipped < skip) {
        const drop = Math.min(skip - skipped, chunk.byteLength);
        skipped += drop;
        chunk = chunk.subarray(drop);
      }
      const take = Math.min(chunk.byteLength, length - filled);
      out.set(chunk.subarray(0, take), filled);
      filled += take;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return out.subarray(0, filled);
}
