import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree, runCli, spawnCli, textToVideo, writeRequestFile } from './harness.js';

const LTX_KEY = 'ltxv_live_0123456789abcdefXYZ';
const USEAPI_TOKEN = 'user:4242-s3cr3tT0kenValue';
const SECRETS = [LTX_KEY, USEAPI_TOKEN, encodeURIComponent(USEAPI_TOKEN), LTX_KEY.slice(0, 10)];

/** How the fake API answers: `echo:<status>` for every call, or a failed job that echoes the key. */
let plan = 'echo:401';

const auth = (req: IncomingMessage) => req.headers.authorization ?? '';

function answer(req: IncomingMessage, res: ServerResponse): unknown {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const useapi = path.startsWith('/v1/ltxstudio/');
  const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  if (path === '/bucket/silent') return; // a signed upload URL that never answers
  if (plan === 'upload-stall' && path === '/v1/upload') {
    const host = `http://${req.headers.host}`;
    return send(200, {
      upload_url: `${host}/bucket/silent?X-Goog-Signature=x`,
      storage_uri: 'ltx://uploads/u1',
      expires_at: '2030-01-01T00:00:00Z',
      required_headers: {},
    });
  }
  if (plan === 'endless') {
    // An answer that never ends: 64 KiB chunks as fast as the client takes them.
    res.writeHead(req.method === 'POST' ? 202 : 200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    res.write('{"id":"');
    const pump = () => {
      while (!res.destroyed && res.write(chunk)) {}
    };
    res.on('drain', pump);
    pump();
    return;
  }
  if (path.includes('/trickle')) {
    // A status answer that trickles one byte a second and would take a minute.
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '60' });
    const timer = setInterval(() => res.write(' '), 1000);
    res.on('close', () => clearInterval(timer));
    return;
  }
  if (plan === 'failed-job') {
    if (req.method === 'POST') {
      return useapi
        ? send(200, { jobId: 'email:a@b.c-job:1-type:video', generationId: 'g1' })
        : send(202, { id: 'job-1', created_at: '2026-01-15T10:00:00Z' });
    }
    const message = `upstream said: ${auth(req)}`;
    return useapi
      ? send(200, { jobId: 'email:a@b.c-job:1-type:video', status: { type: 'failed', message }, code: 200 })
      : send(200, { id: 'job-1', status: 'failed', error: { type: 'api_error', message } });
  }
  const status = Number(plan.split(':')[1]);
  const echoed = `Authorization header was "${auth(req)}"`;
  return send(
    status,
    useapi
      ? { error: echoed, code: status }
      : { type: 'error', error: { type: 'echo_error', message: echoed } },
    { 'x-request-id': `req ${auth(req)}` },
  );
}

describe('the CLI against a server that echoes the key, trickles, or does not resolve', () => {
  let server: Server;
  let base = '';
  let dir = '';
  let env: Record<string, string> = {};
  let homes = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => answer(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'ltx-jobs-hostile-'));
    writeFileSync(join(dir, 'start.png'), new Uint8Array(64).fill(1));
    env = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      LTX_API_KEY: LTX_KEY,
      LTX_API_BASE_URL: base,
      USEAPI_API_TOKEN: USEAPI_TOKEN,
      USEAPI_BASE_URL: base,
    };
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the CLI with a fresh ledger; returns the run and everything it left in its home folder. */
  async function run(args: string[], extraEnv: Record<string, string> = {}) {
    const home = join(dir, `home-${++homes}`);
    const result = await runCli(args, { env: { ...env, LTX_JOBS_HOME: home, ...extraEnv }, cwd: dir });
    return { ...result, all: `${result.stdout}\n${result.stderr}\n${readTree(home)}` };
  }

  const requests = {
    ltx: () => writeRequestFile(dir, 'ltx', textToVideo('a lighthouse')),
    useapi: () =>
      writeRequestFile(dir, 'useapi', {
        provider: 'useapi',
        endpoint: 'videos/ltx-create',
        request: { prompt: 'paper boats', model: 'ltxv-turbo' },
      }),
    'ltx upload': () =>
      writeRequestFile(dir, 'ltx-upload', {
        provider: 'ltx',
        endpoint: 'image-to-video',
        request: {
          prompt: 'it moves',
          model: 'ltx-2-3-fast',
          resolution: '1920x1080',
          duration: 6,
          image_uri: './start.png',
        },
      }),
    'useapi upload': () =>
      writeRequestFile(dir, 'useapi-upload', {
        provider: 'useapi',
        endpoint: 'videos/ltx-create',
        request: { prompt: 'it moves', model: 'ltxv-turbo', startAssetId: './start.png' },
      }),
  };

  const submitCases = (['ltx', 'useapi'] as const).flatMap((p) =>
    [400, 401, 402, 403, 404, 500].map((status) => [p, status] as const),
  );
  const uploadCases = (['ltx upload', 'useapi upload'] as const).flatMap((p) =>
    [401, 403, 500].map((status) => [p, status] as const),
  );

  it.each([...submitCases, ...uploadCases])(
    'submit (%s) answered %s with the key echoed: no key on stdout, stderr or in the ledger',
    async (which, status) => {
      plan = `echo:${status}`;
      const result = await run(['submit', requests[which](), '--json']);
      expect(result.code).not.toBe(0);
      expect(result.all).toContain('[redacted]');
      for (const secret of SECRETS) expect(result.all).not.toContain(secret);
    },
  );

  it.each(['ltx', 'useapi'] as const)(
    '%s: a failed job whose message echoes the key, and retried 500s while watching, leave no key anywhere',
    async (provider) => {
      plan = 'failed-job';
      const failed = await run(['submit', requests[provider](), '--wait', '--poll-interval', '0.05']);
      expect(failed.code).toBe(4);
      expect(failed.all).toContain('upstream said: Bearer [redacted]');
      for (const secret of SECRETS) expect(failed.all).not.toContain(secret);

      plan = 'echo:500';
      const ref = provider === 'ltx' ? 'ltx:text-to-video/job-1' : 'useapi:email:a@b.c-job:1-type:video';
      const retried = await run(['watch', ref, '--poll-interval', '0.05', '--timeout', '1']);
      expect(retried.code).toBe(6);
      expect(retried.stderr).toContain('failed with 500');
      for (const secret of SECRETS) expect(retried.all).not.toContain(secret);
    },
  );

  it('--timeout 9 to 15 ends a watch whose status answer trickles 1 byte/s, each promptly', async () => {
    const timeouts = [9, 10, 11, 12, 13, 14, 15];
    const runs = await Promise.all(
      timeouts.map(async (seconds) => {
        const started = Date.now();
        const result = await run(['watch', 'ltx:text-to-video/trickle', '--timeout', String(seconds)]);
        return { seconds, result, tookMs: Date.now() - started };
      }),
    );
    for (const { seconds, result, tookMs } of runs) {
      expect(result.code).toBe(6);
      expect(result.stderr).toContain('when --timeout passed');
      // Bounded, not timed: a process that hangs on the socket would take a minute or forever.
      expect(tookMs).toBeLessThan((seconds + 10) * 1000);
    }
  }, 60_000);

  it('--timeout bounds a submit whose media upload never answers: exit 6, nothing submitted', async () => {
    plan = 'upload-stall';
    const started = Date.now();
    const result = await run(['submit', requests['ltx upload'](), '--wait', '--timeout', '2']);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('--timeout passed before the request was sent');
    // The upload's own deadline is 10 minutes; the command ends with its --timeout instead.
    expect(Date.now() - started).toBeLessThan(12_000);
  });

  it.each([
    ['submit', () => ['submit', requests.ltx()]],
    ['watch', () => ['watch', 'ltx:text-to-video/job-1', '--poll-interval', '0.2', '--timeout', '3']],
  ])('%s against an endless JSON answer: exit 6 naming the 4 MiB cap, memory stays flat', async (_, args) => {
    plan = 'endless';
    const home = join(dir, `home-${++homes}`);
    const cli = spawnCli(args(), { env: { ...env, LTX_JOBS_HOME: home }, cwd: dir });
    let peakKb = 0;
    const sample = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${cli.child.pid}/status`, 'utf8');
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {}
    }, 50);
    const result = await cli.done;
    clearInterval(sample);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('sent an answer larger than 4 MiB');
    // Node itself needs ~60-100 MB; a body read whole would take hundreds of MB in seconds.
    expect(peakKb).toBeLessThan(250 * 1024);
  });

  it('watch gives up on a host name that does not resolve, saying the base URL is likely wrong', async () => {
    const result = await run(['watch', 'ltx:text-to-video/abc', '--poll-interval', '0.05'], {
      LTX_API_BASE_URL: 'https://api.ltx.vide.invalid',
    });
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('getaddrinfo ENOTFOUND api.ltx.vide.invalid');
    expect(result.stderr).toContain('the base URL is likely mistyped');
  });

  it.each([
    'https://user:pa55word@host:99999',
    'https://user:pa55word@exa mple.com',
    'https://user:pa55word@api.ltx.video',
  ])('a base URL with credentials (%s) is refused without echoing the password', async (url) => {
    const result = await run(['watch', 'ltx:text-to-video/abc'], { LTX_API_BASE_URL: url });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: LTX_API_BASE_URL /m);
    expect(result.all).not.toContain('pa55word');
  });
});
