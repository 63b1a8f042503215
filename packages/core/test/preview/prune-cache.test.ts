import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pruneCache, touchCacheEntry } from '../../src/preview/prune-cache.js';
import { tempDir } from '../takes/take-files.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('ltx-prune-');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function entry(name: string, bytes: number, usedSecondsAgo: number): Promise<void> {
  const folder = join(dir, name);
  await mkdir(folder);
  await writeFile(join(folder, 'copy.mp4'), Buffer.alloc(bytes));
  const at = new Date(Date.now() - usedSecondsAgo * 1000);
  await utimes(folder, at, at);
}

describe('pruneCache', () => {
  it('removes the entries used longest ago until the cache fits; touching one keeps it', async () => {
    await entry('old', 400, 300);
    await entry('older', 400, 400);
    await entry('new', 400, 10);
    await writeFile(join(dir, 'stray-file'), 'x');
    await touchCacheEntry(join(dir, 'older'));
    const result = await pruneCache(dir, 900);
    expect(result).toEqual({ removed: 1, freedBytes: 400, keptBytes: 800 });
    expect((await readdir(dir)).sort()).toEqual(['new', 'older', 'stray-file']);
  });

  it('a cache under the limit, or none at all, is left alone', async () => {
    await entry('a', 10, 5);
    expect(await pruneCache(dir, 100)).toEqual({ removed: 0, freedBytes: 0, keptBytes: 10 });
    expect(await pruneCache(join(dir, 'missing'))).toEqual({ removed: 0, freedBytes: 0, keptBytes: 0 });
  });
});
