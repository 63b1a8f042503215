import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '../../src/deps.js';
import { createLtxClient } from '../../src/providers/ltx/client.js';

/** What reached the loopback server, as the real fetch (undici) put it on the wire. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bytes: number;
}

describe('LTX upload over real HTTP on loopback', () => {
  const seen: Seen[] = [];
  let server: Server;
  let base = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          bytes: Buffer.concat(chunks).length,
        });
        if (req.method === 'POST' && req.url === '/v1/upload') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              upload_url: `${base}/bucket/obj-1?X-Goog-Signature=sig`,
              storage_uri: 'ltx://uploads/obj-1',
              expires_at: '2026-01-15T11:00:00.000Z',
              required_headers: { 'x-goog-content-length-range': '0,104857600' },
            }),
          );
        } else if (req.method === 'PUT' && req.url?.startsWith('/bucket/obj-1')) {
          res.writeHead(200).end();
        } else {
          res.writeHead(404).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends Content-Length, Content-Type and required headers, and no Authorization to the signed URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ltx-loop-'));
    const file = join(dir, 'voice.m4a');
    writeFileSync(file, new Uint8Array(3000).fill(7));
    const client = createLtxClient({ apiKey: 'loop-key', baseUrl: base, deps: createDeps() });
    const out = await client.resolveMedia(
      'audio-to-video',
      { audio_uri: pathToFileURL(file).href, prompt: 'a choir' },
      { baseDir: '/unused' },
    );
    expect(out).toEqual({ audio_uri: 'ltx://uploads/obj-1', prompt: 'a choir' });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /v1/upload',
      'PUT /bucket/obj-1?X-Goog-Signature=sig',
    ]);
    expect(seen[0]?.headers.authorization).toBe('Bearer loop-key');
    const put = seen[1]!;
    expect(put.headers.authorization).toBeUndefined();
    expect(put.headers['content-type']).toBe('audio/mp4');
    expect(put.headers['content-length']).toBe('3000');
    expect(put.headers['x-goog-content-length-range']).toBe('0,104857600');
    expect(put.bytes).toBe(3000);
  });
});
