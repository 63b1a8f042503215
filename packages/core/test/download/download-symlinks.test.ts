import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadArtifact } from '../../src/download/download.js';
import { isUsageError } from '../../src/errors/usage-error.js';
import { fakeClock } from '../poll/fakes.js';
import { startArtifactServer } from './artifact-server.js';

// Issue 9 item 1: a symlink (or hard link) planted in the output folder under the part file's or the
// final file's name must never make the download write to the file it points to.

let root: string;
let dir: string;
let outside: string;
let server: Awaited<ReturnType<typeof startArtifactServer>>;
const precious = randomBytes(10_000);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ltx-link-'));
  dir = join(root, 'shared-folder');
  await mkdir(dir);
  outside = join(root, 'precious.bin');
  await writeFile(outside, precious);
  server = await startArtifactServer();
});
afterEach(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const deps = () => ({
  ...fakeClock().deps,
  fetch: (input: string | URL | Request, init?: RequestInit) => fetch(input, init),
});

async function expectRefused(promise: Promise<unknown>, message: RegExp) {
  const error = await promise.catch((e: unknown) => e);
  expect(isUsageError(error)).toBe(true);
  expect((error as Error).message).toMatch(message);
  expect((await readFile(outside)).equals(precious)).toBe(true);
}

describe.each(['socket', 'fetch'] as const)(
  'downloads over %s never write through a planted link',
  (transport) => {
    const get = (onProgress?: () => void) =>
      downloadArtifact({
        url: server.url('/video.mp4'),
        dir,
        fileName: 'clip.mp4',
        deps: deps(),
        transport,
        onProgress,
      });

    it('refuses a part file that is a symlink to a file elsewhere, before any request', async () => {
      await symlink(outside, join(dir, '.clip.mp4.part'));
      await expectRefused(get(), /\.clip\.mp4\.part: it is a symbolic link \(to .*precious\.bin\)/);
      expect(server.requests).toHaveLength(0);
      // The planted link stays (it is not ours to remove); our lock is gone.
      expect((await lstat(join(dir, '.clip.mp4.part'))).isSymbolicLink()).toBe(true);
      expect(await readdir(dir)).toEqual(['.clip.mp4.part']);
    });

    it('refuses a dangling part symlink without creating its target', async () => {
      await symlink(join(root, 'created-elsewhere.bin'), join(dir, '.clip.mp4.part'));
      await expectRefused(get(), /symbolic link/);
      expect(await readdir(root)).not.toContain('created-elsewhere.bin');
    });

    it('refuses a part file that is a hard link to a file elsewhere', async () => {
      await link(outside, join(dir, '.clip.mp4.part'));
      await expectRefused(get(), /has other hard links/);
      expect(server.requests).toHaveLength(0);
    });

    it('refuses a lock file that is a symlink (to a FIFO, whose read would never end)', async () => {
      const fifo = join(root, 'pipe');
      execFileSync('mkfifo', [fifo]);
      await symlink(fifo, join(dir, '.clip.mp4.part.lock'));
      await expectRefused(get(), /\.clip\.mp4\.part\.lock: it is a symbolic link/);
      expect(server.requests).toHaveLength(0);
    });

    it('refuses a FIFO planted under the part file name, without hanging', async () => {
      execFileSync('mkfifo', [join(dir, '.clip.mp4.part')]);
      await expectRefused(get(), /\.clip\.mp4\.part: it is not a regular file/);
    });

    it('refuses a final name that is a symlink, before any request', async () => {
      await symlink(outside, join(dir, 'clip.mp4'));
      await expectRefused(get(), /Refusing to replace .*clip\.mp4: it is a symbolic link/);
      expect(server.requests).toHaveLength(0);
      expect((await lstat(join(dir, 'clip.mp4'))).isSymbolicLink()).toBe(true);
    });

    it('refuses a final-name symlink planted while the download runs, and leaves no part behind', async () => {
      let planted = false;
      const plant = () => {
        if (planted) return;
        planted = true;
        void symlink(outside, join(dir, 'clip.mp4'));
      };
      await expectRefused(get(plant), /clip\.mp4: it is a symbolic link/);
      expect((await readdir(dir)).sort()).toEqual(['clip.mp4']);
    });

    it('still downloads over a plain file of the same name (a stale earlier download)', async () => {
      await writeFile(join(dir, 'clip.mp4'), 'old');
      const result = await get();
      expect((await readFile(result.path)).equals(server.body)).toBe(true);
    });
  },
);
