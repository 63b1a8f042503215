import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAbortError } from '../../src/deps.js';
import { type DownloadArtifactOptions, downloadArtifact as download } from '../../src/download/download.js';
import { isHttpError } from '../../src/errors/http-error.js';
import { isUsageError } from '../../src/errors/usage-error.js';
import { fakeClock } from '../poll/fakes.js';
import { startArtifactServer } from './artifact-server.js';

let dir: string;
let server: Awaited<ReturnType<typeof startArtifactServer>> | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ltx-dl-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

function realFetchDeps() {
  const clock = fakeClock();
  return {
    clock,
    deps: { ...clock.deps, fetch: (input: string | URL | Request, init?: RequestInit) => fetch(input, init) },
  };
}

describe.each(['socket', 'fetch'] as const)(
  'downloadArtifact over %s (real HTTP on loopback)',
  (transport) => {
    const downloadArtifact = (options: DownloadArtifactOptions) => download({ ...options, transport });

    it('streams into a .part file in the target folder and renames it only when complete', async () => {
      server = await startArtifactServer();
      const { deps } = realFetchDeps();
      const seenDuring: string[][] = [];
      const progress: [number, number | undefined][] = [];
      const out = join(dir, 'out');
      const result = await downloadArtifact({
        url: server.url('/video.mp4?X-Goog-Signature=abc'),
        dir: out,
        fileName: 'clip.mp4',
        deps,
        onProgress: (received, total) => {
          progress.push([received, total]);
          if (progress.length === 1) void readdir(out).then((names) => seenDuring.push(names));
        },
      });
      expect(result).toEqual({ path: join(out, 'clip.mp4'), bytes: server.body.length });
      expect((await readFile(result.path)).equals(server.body)).toBe(true);
      expect(await readdir(out)).toEqual(['clip.mp4']);
      expect(seenDuring[0]?.sort()).toEqual(['.clip.mp4.part', '.clip.mp4.part.lock']);
      expect(progress.at(-1)).toEqual([server.body.length, server.body.length]);
      for (const request of server.requests) expect(request.headers.authorization).toBeUndefined();
    });

    it('resumes with Range after the connection is cut mid-body (twice)', async () => {
      server = await startArtifactServer({ cuts: [300_000, 200_000] });
      const { deps, clock } = realFetchDeps();
      const result = await downloadArtifact({
        url: server.url('/video.mp4'),
        dir,
        fileName: 'clip.mp4',
        deps,
      });
      expect((await readFile(result.path)).equals(server.body)).toBe(true);
      expect(server.requests).toHaveLength(3);
      expect(server.requests[0]!.headers.range).toBeUndefined();
      const first = Number(/^bytes=(\d+)-$/.exec(server.requests[1]!.headers.range ?? '')?.[1]);
      const second = Number(/^bytes=(\d+)-$/.exec(server.requests[2]!.headers.range ?? '')?.[1]);
      expect(first).toBeGreaterThan(0);
      expect(second).toBeGreaterThan(first);
      expect(clock.sleeps).toHaveLength(2);
      expect(await readdir(dir)).toEqual(['clip.mp4']);
    });

    it('starts over when the host ignores Range and answers 200', async () => {
      server = await startArtifactServer({ cuts: [400_000], honourRange: false });
      const { deps } = realFetchDeps();
      const result = await downloadArtifact({
        url: server.url('/video.mp4'),
        dir,
        fileName: 'clip.mp4',
        deps,
      });
      expect(result.bytes).toBe(server.body.length);
      expect((await readFile(result.path)).equals(server.body)).toBe(true);
      expect(server.requests[1]!.headers.range).toMatch(/^bytes=\d+-$/);
    });

    it('cuts an attempt that stalls and resumes it', async () => {
      server = await startArtifactServer({ stalls: 1, stallAfter: 5000 });
      const { deps } = realFetchDeps();
      const result = await downloadArtifact({
        url: server.url('/stall.mp4'),
        dir,
        fileName: 's.mp4',
        deps,
        stallWindowMs: 300,
      });
      expect((await readFile(result.path)).equals(server.body)).toBe(true);
      expect(server.requests[1]!.headers.range).toBe('bytes=5000-');
    });

    it('retries 503 honouring Retry-After', async () => {
      server = await startArtifactServer({ flaky: [503, 502] });
      const { deps, clock } = realFetchDeps();
      const result = await downloadArtifact({ url: server.url('/flaky.mp4'), dir, fileName: 'f.mp4', deps });
      expect(result.bytes).toBe(server.body.length);
      expect(clock.sleeps.every((ms) => ms >= 2000)).toBe(true);
      expect(server.requests).toHaveLength(3);
    });

    it('says an expired signed URL has probably expired, as an artifact-host HttpError, without retrying', async () => {
      server = await startArtifactServer();
      const { deps } = realFetchDeps();
      const error = await downloadArtifact({
        url: server.url('/expired.mp4?sig=secret'),
        dir,
        fileName: 'x.mp4',
        deps,
      }).catch((e: unknown) => e);
      expect(isHttpError(error)).toBe(true);
      expect(error).toMatchObject({ status: 403, provider: 'artifact-host' });
      expect(String((error as Error).message)).toMatch(/expired/);
      expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(
        'secret',
      );
      expect(server.requests).toHaveLength(1);
      expect(await readdir(dir)).toEqual([]);
    });

    it('refuses a file whose size does not match expectedBytes and leaves nothing behind', async () => {
      server = await startArtifactServer();
      const { deps } = realFetchDeps();
      await expect(
        downloadArtifact({
          url: server.url('/video.mp4'),
          dir,
          fileName: 'c.mp4',
          deps,
          expectedBytes: 5,
          maxAttempts: 1,
        }),
      ).rejects.toThrow(/expected 5/);
      expect(await readdir(dir)).toEqual([]);
    });

    it('stops on abort mid-body, keeps the bytes, and the next download resumes from them', async () => {
      server = await startArtifactServer({ body: randomBytes(8 * 1024 * 1024) });
      const { deps } = realFetchDeps();
      const controller = new AbortController();
      const error = await downloadArtifact({
        url: server.url('/video.mp4'),
        dir,
        fileName: 'c.mp4',
        deps,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }).catch((e: unknown) => e);
      expect(isAbortError(error)).toBe(true);
      expect(await readdir(dir)).toEqual(['.c.mp4.part']);
      const kept = (await stat(join(dir, '.c.mp4.part'))).size;
      expect(kept).toBeGreaterThan(0);

      const result = await downloadArtifact({ url: server.url('/video.mp4'), dir, fileName: 'c.mp4', deps });
      expect((await readFile(result.path)).equals(server.body)).toBe(true);
      expect(server.requests[1]?.headers.range).toBe(`bytes=${kept}-`);
      expect(await readdir(dir)).toEqual(['c.mp4']);
    });

    it('resumes the part of a run that was killed (its lock names a dead process)', async () => {
      server = await startArtifactServer();
      const { deps } = realFetchDeps();
      await writeFile(join(dir, '.clip.mp4.part'), server.body.subarray(0, 300_000));
      await writeFile(join(dir, '.clip.mp4.part.lock'), String(deadPid()));
      const result = await downloadArtifact({
        url: server.url('/video.mp4'),
        dir,
        fileName: 'clip.mp4',
        deps,
      });
      expect((await readFile(result.path)).equals(server.body)).toBe(true);
      expect(server.requests.map((r) => r.headers.range)).toEqual(['bytes=300000-']);
      expect(await readdir(dir)).toEqual(['clip.mp4']);
    });

    it('fetches the whole file again when the part left behind is not shorter than it (416)', async () => {
      server = await startArtifactServer();
      const { deps } = realFetchDeps();
      await writeFile(join(dir, '.clip.mp4.part'), Buffer.alloc(server.body.length + 10, 1));
      const result = await downloadArtifact({
        url: server.url('/video.mp4'),
        dir,
        fileName: 'clip.mp4',
        deps,
      });
      expect((await readFile(result.path)).equals(server.body)).toBe(true);
      expect(server.requests.map((r) => r.headers.range)).toEqual([
        `bytes=${server.body.length + 10}-`,
        undefined,
      ]);
    });

    it('writes a private part when a live process is downloading the same file', async () => {
      server = await startArtifactServer();
      const { deps } = realFetchDeps();
      await writeFile(join(dir, '.clip.mp4.part'), Buffer.alloc(1000, 9));
      await writeFile(join(dir, '.clip.mp4.part.lock'), String(process.pid));
      const result = await downloadArtifact({
        url: server.url('/video.mp4'),
        dir,
        fileName: 'clip.mp4',
        deps,
      });
      expect((await readFile(result.path)).equals(server.body)).toBe(true);
      expect(server.requests[0]?.headers.range).toBeUndefined();
      // The other process's part and lock are left alone.
      expect((await readdir(dir)).sort()).toEqual(['.clip.mp4.part', '.clip.mp4.part.lock', 'clip.mp4']);
    });

    it.each(['../evil.mp4', '/etc/passwd', '..', '.', 'sub/../../x'])(
      'refuses the escaping name %j before any request',
      async (name) => {
        server = await startArtifactServer();
        const { deps } = realFetchDeps();
        const error = await downloadArtifact({
          url: server.url('/video.mp4'),
          dir,
          fileName: name,
          deps,
        }).catch((e: unknown) => e);
        expect(isUsageError(error)).toBe(true);
        expect(server.requests).toHaveLength(0);
      },
    );

    it('refuses non-http URLs', async () => {
      const { deps } = realFetchDeps();
      await expect(downloadArtifact({ url: 'file:///etc/passwd', dir, fileName: 'x', deps })).rejects.toThrow(
        /only http and https/,
      );
    });
  },
);
