import { isIP, connect as netConnect, type Socket } from 'node:net';
import { type ConnectionOptions, connect as tlsConnect } from 'node:tls';
import { NetworkError } from '../errors/network-error.js';
import type { AttemptGuard } from './attempt-guard.js';
import { type ChunkedDecoder, createChunkedDecoder } from './chunked-decoder.js';
import type { FileSink } from './file-sink.js';
import type { ReadRing } from './read-ring.js';
import { type BodyFraming, bodyFraming, createHeadReader, type ResponseHead } from './response-head.js';

// One GET of an artifact over a plain socket (HTTP/1.1, TLS for https), reading straight into the
// download's ring (see read-ring.ts) and out to the file writer. This is the fast path: Node's http
// and fetch allocate a Buffer per 64 KiB read, which costs about five times curl's CPU per byte.
// The socket belongs to us, so a stall, the deadline or an abort destroys it for sure.

/** A connection that is not up (TCP and TLS) after this long is given up, in ms (15 s). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
const SPARE_BYTES = 64 * 1024;

/** An answer of the artifact host, its body not read yet. */
export interface ArtifactResponse {
  status: number;
  headers: Headers;
  /**
   * Reads the body into `sink` to its end; resolves once all of it is queued there. Rejects with a
   * NetworkError when the connection breaks or the framing is malformed, with the guard's error when
   * the attempt is cut, with the sink's error when writing fails.
   */
  readBody(sink: FileSink): Promise<void>;
  /** Drops the connection without reading the body. */
  discard(): void;
}

/** Options of {@link socketGet}. */
export interface SocketGetOptions {
  url: URL;
  /** Sends `Range: bytes=<from>-` when above 0. */
  from: number;
  guard: AttemptGuard;
  ring: ReadRing;
  /** Extra TLS options (a private CA in tests). Default: Node's CA store (`NODE_EXTRA_CA_CERTS` applies). */
  tls?: ConnectionOptions | undefined;
  /** Default {@link DEFAULT_CONNECT_TIMEOUT_MS}. */
  connectTimeoutMs?: number | undefined;
}

/**
 * Sends one GET (no credentials, `Accept-Encoding: identity`, `Connection: close`) and resolves with
 * the answer's head. A failure before the request went out is a NetworkError with
 * `requestSent: false` (the caller may try another transport); the guard's cut rejects with its error.
 */
export function socketGet(options: SocketGetOptions): Promise<ArtifactResponse> {
  const { url, guard, ring } = options;
  const origin = url.origin;
  const spare = new Uint8Array(SPARE_BYTES);
  const headReader = createHeadReader();
  let phase: Phase = 'connect';
  let framing: BodyFraming = { kind: 'close' };
  let decoder: ChunkedDecoder | undefined;
  let left = 0;
  let early: Uint8Array | undefined; // body bytes that came with the head, copied out of the ring
  let bodyBytes = 0;
  let paused = false;
  let ended = false; // the host closed its side
  let failure: Error | undefined;
  let sink: FileSink | undefined;
  let settleHead: { resolve: (r: ArtifactResponse) => void; reject: (e: Error) => void } | undefined;
  let settleBody: { resolve: () => void; reject: (e: Error) => void } | undefined;

  const fail = (error: Error) => {
    if (phase === 'done') return;
    phase = 'done';
    failure = error;
    clearTimeout(connectTimer);
    socket.destroy();
    settleHead?.reject(error);
    settleBody?.reject(error);
  };
  const brokeOff = (reason: string, cause?: unknown) =>
    phase === 'connect'
      ? new NetworkError(`Could not reach the artifact host ${origin} (${reason})`, netDetails(false), {
          cause,
        })
      : phase === 'head'
        ? new NetworkError(
            `The artifact host ${origin} failed before answering (${reason})`,
            netDetails(true),
            {
              cause,
            },
          )
        : new NetworkError(
            `The artifact download broke off after ${options.from + bodyBytes} bytes (${reason})`,
            netDetails(true),
            { cause },
          );

  const finishBody = () => {
    phase = 'done';
    socket.destroy();
    settleBody?.resolve();
  };
  const endOfStream = () => {
    if (framing.kind === 'close') finishBody();
    else fail(brokeOff('the connection was closed'));
  };
  const written = () => {
    ring.release();
    if (paused && phase === 'body' && ring.hasRoom()) {
      paused = false;
      socket.resume();
    }
  };
  const push = (view: Uint8Array, inRing: boolean) => {
    if (view.length === 0) return;
    bodyBytes += view.length;
    if (inRing) ring.hold(view);
    sink?.write(view, inRing ? written : undefined);
  };
  const deliver = (bytes: Uint8Array, inRing: boolean) => {
    if (framing.kind === 'length') {
      const take = Math.min(left, bytes.length);
      push(bytes.subarray(0, take), inRing);
      left -= take;
      if (left === 0) finishBody();
    } else if (framing.kind === 'chunked') {
      if (decoder!.push(bytes, (view) => push(view, inRing))) finishBody();
    } else push(bytes, inRing);
  };
  const onHead = (head: ResponseHead, rest: Uint8Array) => {
    framing = bodyFraming(head);
    if (framing.kind === 'length') left = framing.length;
    if (framing.kind === 'chunked') decoder = createChunkedDecoder();
    if (rest.length > 0) early = rest.slice();
    phase = 'wait';
    settleHead?.resolve({
      status: head.status,
      headers: head.headers,
      readBody(into) {
        if (phase !== 'wait') return Promise.reject(failure ?? new Error('readBody called twice'));
        phase = 'body';
        sink = into;
        const done = new Promise<void>((resolve, reject) => {
          settleBody = { resolve, reject };
        });
        into.onError(fail);
        if (framing.kind === 'none' || (framing.kind === 'length' && left === 0)) finishBody();
        else if (early) deliver(early, false);
        if (phase === 'body' && ended) endOfStream();
        if (phase === 'body' && ring.hasRoom()) {
          paused = false;
          socket.resume();
        }
        return done;
      },
      discard: () => fail(new Error('discarded')),
    });
  };
  const onRead = (length: number, buffer: Uint8Array): boolean => {
    guard.received(length);
    if (phase === 'done') return false;
    let bytes: Uint8Array;
    let inRing = true;
    if (buffer === spare) {
      // Read while paused for a full ring: TLS hands on records it had already decrypted.
      const region = ring.nextRegion();
      if (region) {
        region.set(spare.subarray(0, length));
        bytes = ring.commit(region, length);
      } else {
        bytes = spare.slice(0, length);
        inRing = false;
      }
    } else bytes = ring.commit(buffer, length);
    try {
      if (phase === 'head') {
        const found = headReader.push(bytes);
        if (found) onHead(found.head, bytes.subarray(found.bodyOffset));
      } else if (phase === 'wait') early = concat(early, bytes);
      else if (phase === 'body') deliver(bytes, inRing);
    } catch (error) {
      fail(
        new NetworkError(
          `The artifact host ${origin} sent a malformed answer (${(error as Error).message})`,
          netDetails(true),
        ),
      );
      return false;
    }
    // `phase` may have moved on in the calls above (TypeScript cannot see that).
    const now = phase as Phase;
    if (now === 'wait' || (now === 'body' && !ring.hasRoom())) {
      paused = true;
      return false;
    }
    return now !== 'done';
  };

  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const secure = url.protocol === 'https:';
  const port = Number(url.port) || (secure ? 443 : 80);
  const onread = { buffer: () => ring.nextRegion() ?? spare, callback: onRead };
  const socket: Socket = secure
    ? tlsConnect({
        host,
        port,
        ALPNProtocols: ['http/1.1'],
        ...(isIP(host) ? {} : { servername: host }),
        ...options.tls,
        // Documented for tls.connect, missing from @types/node 20.
        ...({ onread } as ConnectionOptions),
      })
    : netConnect({ host, port, onread });
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const connectTimer = setTimeout(
    () => fail(brokeOff(`no connection within ${connectTimeoutMs} ms`)),
    connectTimeoutMs,
  );
  socket.once(secure ? 'secureConnect' : 'connect', () => {
    clearTimeout(connectTimer);
    if (phase !== 'connect') return;
    phase = 'head';
    socket.write(requestText(url, options.from));
  });
  socket.on('error', (error: NodeJS.ErrnoException) => fail(brokeOff(error.code ?? error.message, error)));
  socket.on('end', () => {
    ended = true;
    if (phase === 'body') endOfStream();
    else if (phase !== 'wait') fail(brokeOff('the connection was closed'));
  });
  guard.onCut(fail);
  return new Promise((resolve, reject) => {
    settleHead = { resolve, reject };
  });
}

type Phase = 'connect' | 'head' | 'wait' | 'body' | 'done';

function requestText(url: URL, from: number): string {
  const lines = [
    `GET ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    'User-Agent: ltx-jobs',
    'Accept: */*',
    'Accept-Encoding: identity',
    'Connection: close',
  ];
  if (from > 0) lines.push(`Range: bytes=${from}-`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** `a` then `b`, in a new array (`b` may be reused by the socket). */
function concat(a: Uint8Array | undefined, b: Uint8Array): Uint8Array {
  const out = new Uint8Array((a?.length ?? 0) + b.length);
  if (a) out.set(a);
  out.set(b, a?.length ?? 0);
  return out;
}

function netDetails(requestSent: boolean) {
  return { provider: 'artifact-host' as const, requestSent };
}
