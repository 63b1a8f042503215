import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the loopback server answers one request:
 * - `trickle`: 200 with a declared length, then `body` one byte every `everyMs`.
 * - `endless`: 200 chunked, `chunkBytes` of `x` every tick, never ending (until the client goes).
 * - `declared`: 200 with `Content-Length: bytes` and nothing after the headers.
 * - `silent`: accepts the request and never answers.
 * - `stall`: 200 with a declared length, `body` minus its last byte, then nothing.
 * - `json`: `status` with `body` (a function gets the request, e.g. to echo its Authorization).
 */
export type Behaviour =
  | { kind: 'trickle'; body: string; everyMs: number }
  | { kind: 'endless'; chunkBytes: number }
  | { kind: 'declared'; bytes: number }
  | { kind: 'silent' }
  | { kind: 'stall'; body: string }
  | {
      kind: 'json';
      status: number;
      body: unknown | ((req: IncomingMessage) => unknown);
      headers?: Record<string, string>;
    };

/** A request the server saw and how its connection ended. */
export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  /** Set when the client closed the connection: ms after the request arrived. */
  closedAfterMs?: number;
  /** Body bytes written before the connection closed. */
  sentBytes: number;
}

function answer(req: IncomingMessage, res: ServerResponse, how: Behaviour, seen: SeenRequest) {
  const timers: NodeJS.Timeout[] = [];
  res.on('close', () => timers.forEach(clearInterval));
  const write = (chunk: string | Buffer) => {
    if (res.destroyed) return;
    seen.sentBytes += Buffer.byteLength(chunk);
    res.write(chunk);
  };
  switch (how.kind) {
    case 'trickle': {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(how.body)),
      });
      let i = 0;
      timers.push(
        setInterval(() => {
          if (i < how.body.length) write(how.body[i++] ?? '');
          else res.end();
        }, how.everyMs),
      );
      return;
    }
    case 'endless': {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(how.chunkBytes, 'x');
      write('{"id":"');
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) seen.sentBytes += chunk.length;
      };
      res.on('drain', pump);
      pump();
      return;
    }
    case 'declared':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(how.bytes) });
      res.flushHeaders();
      return;
    case 'silent':
      return;
    case 'stall':
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(how.body)),
      });
      write(how.body.slice(0, -1));
      return;
    case 'json': {
      const body =
        typeof how.body === 'function' ? (how.body as (r: IncomingMessage) => unknown)(req) : how.body;
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(how.status, { 'content-type': 'application/json', ...how.headers });
      res.end(text);
      return;
    }
  }
}

/**
 * A real HTTP server on 127.0.0.1:0 that misbehaves on purpose: `route(method, path)` picks the
 * behaviour of each request. Records every request with when the client hung up.
 */
export async function startHostileServer(route: (method: string, path: string) => Behaviour) {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const started = performance.now();
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: new URL(req.url ?? '/', 'http://x').pathname,
      authorization: req.headers.authorization,
      sentBytes: 0,
    };
    requests.push(seen);
    res.on('close', () => {
      seen.closedAfterMs = performance.now() - started;
    });
    req.resume();
    req.on('end', () => answer(req, res, route(seen.method, seen.path), seen));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
