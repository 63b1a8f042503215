import { readdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';

/** Default upper bound of the preview cache: 1 GiB. */
export const PREVIEW_CACHE_MAX_BYTES = 1024 ** 3;

/**
 * Keeps the preview cache (one folder per source file, see `createPreviewMaker`) under `maxBytes` by
 * removing the folders used longest ago (their modification time, which {@link touchCacheEntry}
 * refreshes on use). Only folders directly under `cacheDir` are ever removed. Returns what it freed.
 */
export async function pruneCache(
  cacheDir: string,
  maxBytes: number = PREVIEW_CACHE_MAX_BYTES,
): Promise<{ removed: number; freedBytes: number; keptBytes: number }> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  const entries: { path: string; used: number; bytes: number }[] = [];
  for (const name of names) {
    const path = join(cacheDir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) continue;
    let bytes = 0;
    for (const file of await readdir(path).catch(() => [] as string[])) {
      bytes += (await stat(join(path, file)).catch(() => undefined))?.size ?? 0;
    }
    entries.push({ path, used: info.mtimeMs, bytes });
  }
  let total = entries.reduce((sum, e) => sum + e.bytes, 0);
  let removed = 0;
  let freedBytes = 0;
  for (const entry of entries.sort((a, b) => a.used - b.used)) {
    if (total <= maxBytes) break;
    await rm(entry.path, { recursive: true, force: true });
    total -= entry.bytes;
    freedBytes += entry.bytes;
    removed++;
  }
  return { removed, freedBytes, keptBytes: total };
}

/** Marks a cache folder as just used (so {@link pruneCache} removes it last). Errors are ignored. */
export async function touchCacheEntry(folder: string): Promise<void> {
  const now = new Date();
  await utimes(folder, now, now).catch(() => undefined);
}
