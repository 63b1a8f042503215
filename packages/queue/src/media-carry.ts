import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { formatBytes, localMediaRefs, locateLocalMedia, type RequestFile, UsageError } from '@ltx-jobs/core';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { QUEUE_PREFIX } from './keys.js';

/** The largest local media file a team job carries (in Redis) to the worker that runs it. */
export const MEDIA_CARRY_LIMIT_BYTES = 32 * 1024 * 1024;
/** How long carried media stay in Redis for the job's workers (a job waiting longer fails, naming it). */
export const MEDIA_CARRY_TTL_SECONDS = 14 * 24 * 3600;

const mediaKey = (sha256: string) => `${QUEUE_PREFIX}:team:media:${sha256}`;

/** A local media file the enqueuer put in Redis, so that a worker on any machine can upload it. */
export const CarriedMediaSchema = z.object({
  /** The request's field, e.g. `image_uri`. */
  field: z.string().min(1),
  /** The path as the request file wrote it. */
  value: z.string(),
  /** The file's name (the worker writes it under this name before uploading it). */
  fileName: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
});
export type CarriedMedia = z.infer<typeof CarriedMediaSchema>;

/**
 * Puts the local media files `file` names (relative to `baseDir`) in Redis, each at most
 * {@link MEDIA_CARRY_LIMIT_BYTES}, so that a worker on another machine uploads the same bytes. Throws a
 * UsageError naming the field and the file when one is missing, unreadable or too large (then nothing
 * is enqueued): a larger file goes in the request as an https URL the provider can fetch.
 */
export async function carryLocalMedia(
  redis: Redis,
  file: RequestFile,
  baseDir: string,
): Promise<CarriedMedia[]> {
  const carried: CarriedMedia[] = [];
  for (const ref of localMediaRefs(file.provider, file.endpoint, file.request)) {
    const found = await locateLocalMedia(ref.value, baseDir, ref.extensions);
    if ('problem' in found) throw new UsageError(`$.request.${ref.field}: ${found.problem}`);
    const size = (await stat(found.path)).size;
    if (size > MEDIA_CARRY_LIMIT_BYTES) {
      throw new UsageError(
        `$.request.${ref.field}: ${found.path} is ${formatBytes(size)}; a team job carries local media files of at most ${formatBytes(MEDIA_CARRY_LIMIT_BYTES)} to its worker. Put the file where the provider can fetch it and write its https URL in the request, or submit without --queue`,
      );
    }
    const bytes = await readFile(found.path);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // The same bytes are stored once; every job carrying them renews their time.
    await redis.set(mediaKey(sha256), bytes, 'EX', MEDIA_CARRY_TTL_SECONDS);
    carried.push({ field: ref.field, value: ref.value, fileName: basename(found.path), sha256, bytes: size });
  }
  return carried;
}

/** True when every file of `media` is still in Redis (an earlier attempt's media can be sent again). */
export async function mediaStillCarried(redis: Redis, media: readonly CarriedMedia[]): Promise<boolean> {
  if (media.length === 0) return false;
  const found = await redis.exists(...media.map((m) => mediaKey(m.sha256)));
  return found === new Set(media.map((m) => m.sha256)).size;
}

/** Carried media written out for one upload: the request to upload from, and its folder. */
export interface MaterializedMedia {
  request: Record<string, unknown>;
  /** Folder the carried files were written to (relative paths of the request resolve against it). */
  baseDir: string;
  /** Removes the folder. */
  cleanup(): Promise<void>;
}

/**
 * Writes the carried media of a job into a fresh temporary folder (checked against their sha256) and
 * points the request's fields at them. Throws a UsageError naming the field, the file and what to do
 * when a file is no longer in Redis (the job waited longer than {@link MEDIA_CARRY_TTL_SECONDS}).
 */
export async function materializeMedia(
  redis: Redis,
  request: Record<string, unknown>,
  media: readonly CarriedMedia[],
  submittedOn: string,
): Promise<MaterializedMedia> {
  const dir = await mkdtemp(join(tmpdir(), 'ltx-jobs-media-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const out: Record<string, unknown> = { ...request };
    for (const [index, item] of media.entries()) {
      const bytes = await redis.getBuffer(mediaKey(item.sha256));
      const sum = bytes ? createHash('sha256').update(bytes).digest('hex') : '';
      if (!bytes || sum !== item.sha256) {
        throw new UsageError(
          `$.request.${item.field}: the media file ${item.value} carried from ${submittedOn} is no longer in the team queue (kept ${MEDIA_CARRY_TTL_SECONDS / 86_400} days); submit the request again`,
        );
      }
      const path = join(dir, `${index}-${item.fileName}`);
      await writeFile(path, bytes);
      out[item.field] = path;
    }
    return { request: out, baseDir: dir, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
