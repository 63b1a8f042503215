import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiName, RequestLogEntry } from './types.js';

/** One request in flight: the raw pair plus what the fault stage decided for its answer. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  api: ApiName | 'unknown';
  entry: RequestLogEntry;
  /** Truncate the JSON answer (fault `malformed-json`). */
  malformed: boolean;
  /** Reset the socket instead of answering (fault `reset` with `after: true`). */
  resetAfter: boolean;
  /** Hold the JSON answer back this long, ms (fault `delay` with `after: true`). */
  answerDelayMs?: number;
}

/** A request body bigger than the route allows. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads the whole body, refusing more than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Writes the status line and headers, and records the status in the request log before any byte leaves. */
export function writeHead(ex: Exchange, status: number, headers: Record<string, string>): void {
  ex.entry.status = status;
  ex.entry.outcome = 'responded';
  ex.res.writeHead(status, headers);
}

/** Destroys the socket with a TCP reset, as a dropped connection looks to the client. */
export function resetConnection(ex: Exchange): void {
  ex.entry.outcome = 'reset';
  ex.entry.status = 0;
  ex.req.socket.resetAndDestroy();
}

/** Sends a JSON answer, honouring the `malformed` and `resetAfter` faults. */
export function sendJson(
  ex: Exchange,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (ex.resetAfter) {
    resetConnection(ex);
    return;
  }
  let text = JSON.stringify(body);
  if (ex.malformed) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  const send = () => {
    if (ex.res.destroyed) return;
    writeHead(ex, status, {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
    });
    ex.res.end(text);
  };
  if (ex.answerDelayMs) setTimeout(send, ex.answerDelayMs);
  else send();
}

/** Sends an answer without a body (204, or 200 to a PUT). */
export function sendEmpty(ex: Exchange, status: number, headers: Record<string, string> = {}): void {
  if (ex.resetAfter) {
    resetConnection(ex);
    return;
  }
  writeHead(ex, status, { ...headers, 'content-length': '0' });
  ex.res.end();
}

/** LTX's error envelope: `{type:'error', error:{type, message}}`. */
export function ltxError(
  type: string,
  message: string,
): { type: 'error'; error: { type: string; message: string } } {
  return { type: 'error', error: { type, message } };
}

/** useapi's error shape: `{error, code}`. */
export function useapiError(code: number, error: string): { error: string; code: number } {
  return { error, code };
}

/** LTX error type for an HTTP status the fault stage sends. */
export function ltxTypeOfStatus(status: number): string {
  if (status === 503) return 'service_unavailable';
  if (status === 529) return 'overloaded_error';
  return 'api_error';
}

/** GCS-style XML error for the storage host. */
export function sendStorageError(ex: Exchange, status: number, code: string, message: string): void {
  const xml = `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  writeHead(ex, status, {
    'content-type': 'application/xml; charset=utf-8',
    'content-length': String(Buffer.byteLength(xml)),
  });
  ex.res.end(xml);
}

/** Sends an error in the envelope of the API the request hit. */
export function sendApiError(
  ex: Exchange,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (ex.api === 'storage') {
    sendStorageError(ex, status, type, message);
    return;
  }
  const body = ex.api === 'useapi' ? useapiError(status, message) : ltxError(type, message);
  sendJson(ex, status, body, headers);
}

/** The bearer token of a request, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim();
}
