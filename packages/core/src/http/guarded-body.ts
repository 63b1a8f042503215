import { abortError } from '../deps.js';

/** Why a guarded body read stopped early. */
export type BodyLimitReason = 'too-large' | 'deadline' | 'stall';

/**
 * A body read cut by its own guard: the body outgrew `maxBytes`, the deadline passed, or no byte came
 * for `stallMs` while a read was waiting. Callers turn it into their own error (with provider, method
 * and URL); the stream is already cancelled, which closes the connection.
 */
export class BodyLimitError extends Error {
  readonly reason: BodyLimitReason;
  /** Bytes received before the cut. */
  readonly receivedBytes: number;
  /** False when the deadline passed before the answer's headers came. */
  readonly afterHeaders: boolean;

  constructor(reason: BodyLimitReason, message: string, receivedBytes: number, afterHeaders = true) {
    super(message);
    this.name = 'BodyLimitError';
    this.reason = reason;
    this.receivedBytes = receivedBytes;
    this.afterHeaders = afterHeaders;
  }
}

/** True for a {@link BodyLimitError} (also across bundle copies of this module). */
export function isBodyLimitError(error: unknown): error is BodyLimitError {
  return error instanceof Error && error.name === 'BodyLimitError';
}

/** Limits of one guarded body. Every field is optional; an empty guard only adds the abort. */
export interface BodyGuard {
  /** More bytes than this fail with `too-large` (a Content-Length above it fails before any read). */
  maxBytes?: number | undefined;
  /** Time by which the whole body must be in, on the `performance.now()` clock (ms). */
  deadlineAt?: number | undefined;
  /** Longest wait for the next chunk while a read is pending, ms. */
  stallMs?: number | undefined;
  /** Aborting it cancels the body and rejects the pending read with an AbortError. */
  signal?: AbortSignal | undefined;
  /** Called once when the guard cuts the body (limit or abort), e.g. to abort the request's controller. */
  onCut?: ((error: Error) => void) | undefined;
}

/** A body read chunk by chunk under a {@link BodyGuard}. */
export interface GuardedBody {
  /** The next chunk, or undefined at the end. Rejects with BodyLimitError, AbortError or the stream's error. */
  read(): Promise<Uint8Array | undefined>;
  /** Bytes received so far. */
  readonly receivedBytes: number;
  /** Stops reading: cancels the stream (closing the connection) and clears the guard's timer. */
  cancel(reason?: unknown): void;
}

const MAX_TIMER_MS = 2_147_483_647;

type ReadResult = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;

/**
 * Reads `body` under `guard` with a timer of its own (a real one: it guards a socket, not a poll).
 * The pending read is rejected by the guard itself, so a cut never depends on the stream noticing an
 * abort (Node 20's fetch sometimes does not: an aborted trickling body can hang forever), and the
 * stream is cancelled, which makes undici destroy the socket.
 */
export function guardBody(body: ReadableStream<Uint8Array>, guard: BodyGuard = {}): GuardedBody {
  const reader = body.getReader();
  const maxBytes = guard.maxBytes ?? Number.POSITIVE_INFINITY;
  const deadlineAt = guard.deadlineAt ?? Number.POSITIVE_INFINITY;
  const stallMs = guard.stallMs ?? Number.POSITIVE_INFINITY;
  let received = 0;
  let failure: Error | undefined;
  let done = false;
  let readingSince = -1;
  let rejectPending: ((error: Error) => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const finish = () => {
    done = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    guard.signal?.removeEventListener('abort', onAbort);
  };
  const cut = (error: Error) => {
    if (failure !== undefined || done) return;
    failure = error;
    finish();
    rejectPending?.(error);
    reader.cancel(error).catch(() => {});
    guard.onCut?.(error);
  };
  function onAbort() {
    cut(abortError(guard.signal));
  }
  const arm = () => {
    const now = performance.now();
    let wait = deadlineAt - now;
    if (Number.isFinite(stallMs))
      wait = Math.min(wait, (readingSince >= 0 ? readingSince : now) + stallMs - now);
    if (!Number.isFinite(wait)) return;
    timer = setTimeout(check, Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(wait))));
  };
  function check() {
    timer = undefined;
    const now = performance.now();
    if (now >= deadlineAt) {
      cut(new BodyLimitError('deadline', 'the answer did not arrive in time', received));
    } else if (readingSince >= 0 && now - readingSince >= stallMs) {
      cut(new BodyLimitError('stall', `no data for ${formatMs(stallMs)}`, received));
    } else {
      arm();
    }
  }

  if (guard.signal?.aborted) {
    cut(abortError(guard.signal));
  } else {
    guard.signal?.addEventListener('abort', onAbort, { once: true });
    arm();
  }

  return {
    get receivedBytes() {
      return received;
    },
    async read() {
      if (failure !== undefined) throw failure;
      if (done) return undefined;
      readingSince = performance.now();
      let result: ReadResult;
      try {
        result = await new Promise<ReadResult>((resolve, reject) => {
          rejectPending = reject;
          reader.read().then(resolve, reject);
        });
      } catch (error) {
        if (failure === undefined) finish();
        throw failure ?? error;
      } finally {
        rejectPending = undefined;
        readingSince = -1;
      }
      if (failure !== undefined) throw failure;
      if (result.done) {
        finish();
        return undefined;
      }
      received += result.value.byteLength;
      if (received > maxBytes) {
        cut(new BodyLimitError('too-large', `the answer is larger than ${formatLimit(maxBytes)}`, received));
        throw failure;
      }
      return result.value;
    },
    cancel(reason) {
      if (done) return;
      finish();
      reader.cancel(reason).catch(() => {});
    },
  };
}

/** `150 ms` or `20 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`;
}

/** `4 MiB`, `512 KiB` or `300 bytes`. */
export function formatLimit(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

const decoder = new TextDecoder();

/**
 * The whole body of `response` as text, under `guard`: a declared Content-Length above `maxBytes`
 * fails before any read, a body that grows past it fails as soon as it does (memory stays bounded).
 */
export async function readBodyText(response: Response, guard: BodyGuard = {}): Promise<string> {
  const maxBytes = guard.maxBytes ?? Number.POSITIVE_INFINITY;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    const error = new BodyLimitError('too-large', `the answer is larger than ${formatLimit(maxBytes)}`, 0);
    response.body?.cancel(error).catch(() => {});
    guard.onCut?.(error);
    throw error;
  }
  if (response.body === null) return '';
  const body = guardBody(response.body, guard);
  const first = await body.read();
  if (first === undefined) return '';
  const second = await body.read();
  if (second === undefined) return decoder.decode(first);
  const chunks = [first, second];
  for (let chunk = await body.read(); chunk !== undefined; chunk = await body.read()) chunks.push(chunk);
  return decoder.decode(Buffer.concat(chunks));
}
