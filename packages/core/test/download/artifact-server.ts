import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** How the loopback artifact host behaves. */
export interface ArtifactServerOptions {
  /** The artifact's bytes (default: 1 MiB of random bytes). */
  body?: Buffer;
  /** For the first `cuts.length` GETs of /video.mp4: destroy the socket after this many body bytes. */
  cuts?: number[];
  /** Answer Range requests with 206 (default true); false sends the whole body with 200. */
  honourRange?: boolean;
  /** Status answered by the first GETs of /flaky.mp4 before it serves the body. */
  flaky?: number[];
  /** For the first `stalls` GETs of /stall.mp4: send this many body bytes, then nothing (socket kept open). */
  stallAfter?: number;
  stalls?: number;
  /** /trickle.mp4 sends one byte per this many ms (default 1000). */
  trickleMs?: number;
}

/**
 * A real HTTP server on 127.0.0.1:0 that serves one artifact like a storage bucket: Content-Length,
 * Range -> 206 + Content-Range (416 past the end), a socket cut mid-body on demand, 403 for /expired.mp4 (a stale
 * signed URL), and scripted 5xx on /flaky.mp4. Hostile or unusual hosts: /chunked.mp4 (chunked, no
 * length), /endless.mp4 (chunked forever), /trickle.mp4 (one byte at a time), /redirect.mp4 (302 to
 * /video.mp4), /gzip.mp4 (gzip although identity was asked for). Records every request's path and
 * headers, and counts open sockets.
 */
export async function startArtifactServer(options: ArtifactServerOptions = {}) {
  const body = options.body ?? randomBytes(1024 * 1024);
  const cuts = [...(options.cuts ?? [])];
  const flaky = [...(options.flaky ?? [])];
  let stalls = options.stalls ?? 0;
  const requests: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ path, headers: req.headers });
    if (unusual(path, body, res, options)) return;
    if (path === '/expired.mp4') {
      res
        .writeHead(403, { 'content-type': 'application/xml' })
        .end('<Error><Code>ExpiredToken</Code></Error>');
      return;
    }
    if (path === '/flaky.mp4' && flaky.length > 0) {
      res.writeHead(flaky.shift()!, { 'retry-after': '2' }).end('busy');
      return;
    }
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && options.honourRange !== false) start = Number(range[1]);
    if (start >= body.length) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    const slice = body.subarray(start);
    const headers: Record<string, string | number> = {
      'content-type': 'video/mp4',
      'content-length': slice.length,
    };
    if (start > 0) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    res.writeHead(start > 0 ? 206 : 200, headers);
    if (path === '/stall.mp4' && stalls > 0) {
      stalls--;
      res.write(slice.subarray(0, options.stallAfter ?? 1000));
      return;
    }
    const cut = path === '/video.mp4' ? cuts.shift() : undefined;
    if (cut === undefined) {
      res.end(slice);
      return;
    }
    res.write(slice.subarray(0, cut), () => setTimeout(() => req.socket.destroy(), 20));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    body,
    requests,
    /** Sockets the server has open now. */
    openSockets: () => new Promise<number>((resolve) => server.getConnections((_e, n) => resolve(n))),
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The hostile and unusual routes; true when `path` was one of them. */
function unusual(path: string, body: Buffer, res: ServerResponse, options: ArtifactServerOptions): boolean {
  if (path === '/redirect.mp4') {
    res.writeHead(302, { location: '/video.mp4?from=redirect' }).end();
  } else if (path === '/chunked.mp4') {
    res.writeHead(200, { 'content-type': 'video/mp4' });
    for (let at = 0; at < body.length; at += 70_001) res.write(body.subarray(at, at + 70_001));
    res.end();
  } else if (path === '/gzip.mp4') {
    const zipped = gzipSync(body);
    res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': zipped.length }).end(zipped);
  } else if (path === '/endless.mp4') {
    res.writeHead(200, { 'content-type': 'video/mp4' });
    const pump = () => {
      while (!res.destroyed && res.write(body));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  } else if (path === '/trickle.mp4') {
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': body.length });
    let at = 0;
    const timer = setInterval(() => {
      if (res.destroyed || at >= body.length) clearInterval(timer);
      else res.write(body.subarray(at, ++at));
    }, options.trickleMs ?? 1000);
    res.on('close', () => clearInterval(timer));
  } else {
    return false;
  }
  return true;
}
