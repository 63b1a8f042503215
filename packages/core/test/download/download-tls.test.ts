import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadArtifact } from '../../src/download/download.js';
import { isNetworkError } from '../../src/errors/network-error.js';
import { fakeClock } from '../poll/fakes.js';

// The socket transport over TLS, against a loopback https server with a throwaway certificate made
// with openssl for this run (skipped where openssl is missing).

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let dir: string;
let server: Server;
let cert: Buffer;
const body = randomBytes(3 * 1024 * 1024 + 17);
const url = (path: string) => `https://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
const deps = () => ({
  ...fakeClock().deps,
  fetch: () => Promise.reject(new Error('fetch is not used here')),
});

describe.skipIf(!hasOpenssl)('downloads over TLS (socket transport)', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ltx-tls-'));
    const [key, crt] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'].concat([
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        crt,
      ]),
      { stdio: 'ignore' },
    );
    cert = await readFile(crt);
    server = createServer({ key: await readFile(key), cert }, (req, res) => {
      const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
      const headers = { 'content-length': body.length - from };
      if (from > 0)
        res.writeHead(206, {
          ...headers,
          'content-range': `bytes ${from}-${body.length - 1}/${body.length}`,
        });
      else res.writeHead(200, headers);
      res.end(body.subarray(from));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('downloads over https, verifying the certificate', async () => {
    const result = await downloadArtifact({
      url: url('/clip.mp4?sig=x'),
      dir,
      fileName: 'clip.mp4',
      deps: deps(),
      transport: 'socket',
      tls: { ca: cert },
    });
    expect((await readFile(result.path)).equals(body)).toBe(true);
  });

  it('refuses a certificate it cannot verify (no retry, nothing kept)', async () => {
    const error = await downloadArtifact({
      url: url('/clip.mp4'),
      dir,
      fileName: 'untrusted.mp4',
      deps: deps(),
      transport: 'socket',
      maxAttempts: 1,
    }).catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /Could not reach the artifact host https:\/\/127\.0\.0\.1:\d+ \(.*CERT.*\)/,
    );
  });
});
