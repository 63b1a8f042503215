import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHttpSource, readMediaInfoFrom, withSource } from '../../src/media/index.js';
import { makeMp4 } from '../../test-support/media-files.mjs';

const video = makeMp4({ durationSeconds: 8, moovAtEnd: true, mdatBytes: 2 * 1024 * 1024 });
const requests: { path: string; range: string | undefined }[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', range: req.headers.range });
    const match = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (req.url?.startsWith('/ranged') && match) {
      const from = Number(match[1]);
      const to = Math.min(Number(match[2]), video.byteLength - 1);
      res.writeHead(206, { 'content-range': `bytes ${from}-${to}/${video.byteLength}` });
      res.end(video.subarray(from, to + 1));
    } else if (req.url?.startsWith('/missing')) {
      res.writeHead(404).end();
    } else {
      res.writeHead(200, { 'content-length': String(video.byteLength) });
      res.end(video);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('openHttpSource', () => {
  it('reads a remote MP4 whose moov is at the end with a few small Range requests', async () => {
    requests.length = 0;
    const info = await withSource(openHttpSource(`${base}/ranged/clip.mp4?sig=secret`), (s) =>
      readMediaInfoFrom(s, 'clip'),
    );
    expect(info.durationSeconds).toBe(8);
    expect(requests.length).toBeLessThanOrEqual(2);
    expect(requests.every((r) => r.range?.startsWith('bytes='))).toBe(true);
  });

  it('refuses to stream a large file from a server that ignores Range, naming the URL without its query', async () => {
    const source = openHttpSource(`${base}/whole/clip.mp4?sig=secret`, { maxBytes: 64 * 1024 });
    const error = await withSource(source, (s) => readMediaInfoFrom(s, 'clip')).catch((e: Error) => e);
    expect(String(error)).toContain(`${base}/whole/clip.mp4: ignores Range requests`);
    expect(String(error)).not.toContain('secret');
  });

  it('reports an HTTP error status and refuses plain http to a non-loopback host', async () => {
    await expect(openHttpSource(`${base}/missing.mp4`).read(0, 16)).rejects.toThrow('answered HTTP 404');
    expect(() => openHttpSource('http://example.com/a.mp4')).toThrow('only https:// media');
  });
});
