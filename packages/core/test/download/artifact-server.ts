import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
}

/**
 * A real HTTP server on 127.0.0.1:0 that serves one artifact like a storage bucket: Content-Length,
 * Range -> 206 + Content-Range (416 past the end), a socket cut mid-body on demand, 403 for /expired.mp4 (a stale
 * signed URL), and scripted 5xx on /flaky.mp4. Records every request's path and headers.
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
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
