import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeProvenance } from '../../src/download/provenance.js';
import type { JobRecord } from '../../src/ledger/types.js';
import type { TakeParent } from '../../src/takes/take-link.js';

/** The repository's examples/frames/first.png. */
export const FIRST_PNG = fileURLToPath(new URL('../../../../examples/frames/first.png', import.meta.url));
/** The simulator's H.264 + AAC result (640x360, 3 s), the file every simulated LTX job returns. */
export const LANDSCAPE_MP4 = fileURLToPath(
  new URL('../../../simulator/assets/landscape.mp4', import.meta.url),
);

/** The simulator's portrait result (360x640, 3 s). */
export const PORTRAIT_MP4 = fileURLToPath(new URL('../../../simulator/assets/portrait.mp4', import.meta.url));

/** A fresh temp folder. */
export function tempDir(prefix = 'ltx-takes-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** A succeeded LTX record whose artifact is `path` (optionally itself a take of `parent`). */
export function resultRecord(
  id: string,
  path: string,
  options: { endpoint?: string; parent?: TakeParent; prompt?: string } = {},
): JobRecord {
  const endpoint = options.endpoint ?? 'text-to-video';
  return {
    ref: `ltx:${endpoint}/${id}`,
    provider: 'ltx',
    endpoint,
    id,
    name: `job-${id}`,
    request: { prompt: options.prompt ?? `prompt of ${id}`, model: 'ltx-2-3-fast' },
    inputHash: `h-${id}`,
    submittedAt: '2026-11-23T10:00:00.000Z',
    downloads: [{ label: 'video_url', path, bytes: 1, completedAt: '2026-11-23T10:01:00.000Z' }],
    watching: false,
    ...(options.parent === undefined ? {} : { parent: options.parent }),
  };
}

/**
 * Copies the simulator's MP4 to `dir/<name>` and, for a `record`, writes its provenance beside it the
 * way the extension does after a download. Returns the copy's path.
 */
export async function artifactIn(
  dir: string,
  name: string,
  record?: (path: string) => JobRecord,
): Promise<string> {
  const path = join(dir, name);
  await copyFile(LANDSCAPE_MP4, path);
  if (record) {
    const r = record(path);
    await writeProvenance(r, r.downloads[0]!);
  }
  return path;
}

/** Writes `text` to `dir/<name>` and returns the path. */
export async function fileIn(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}
