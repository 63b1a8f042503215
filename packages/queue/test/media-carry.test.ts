import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestFile } from '@ltx-jobs/core';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { carryLocalMedia, MEDIA_CARRY_LIMIT_BYTES, materializeMedia } from '../src/index.js';
import { useTestRedis } from './support/redis-server.js';

const server = useTestRedis();
let redis: Redis;
let dir: string;
beforeEach(() => {
  redis = new Redis(server.url);
  dir = mkdtempSync(join(tmpdir(), 'ltx-queue-media-'));
});
afterEach(() => {
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const imageRequest = (image: string): RequestFile => ({
  provider: 'ltx',
  endpoint: 'image-to-video',
  request: { prompt: 'waves', image_uri: image, model: 'ltx-2-3-fast', resolution: '1280x720', duration: 6 },
});

it('local media travel with the job: the worker writes the same bytes out even after the file is gone', async () => {
  const bytes = Buffer.from('\x89PNG\r\n\x1a\n pretend image bytes');
  writeFileSync(join(dir, 'still.png'), bytes);
  const file = imageRequest('still.png');
  const carried = await carryLocalMedia(redis, file, dir);
  expect(carried).toMatchObject([
    { field: 'image_uri', value: 'still.png', fileName: 'still.png', bytes: bytes.length },
  ]);
  rmSync(join(dir, 'still.png'));
  const local = await materializeMedia(redis, file.request, carried, 'machine-a');
  try {
    expect(readFileSync(String(local.request.image_uri))).toEqual(bytes);
    expect(local.request.prompt).toBe('waves');
  } finally {
    await local.cleanup();
  }
  await redis.flushall();
  await expect(materializeMedia(redis, file.request, carried, 'machine-a')).rejects.toThrow(
    /\$\.request\.image_uri: the media file still\.png carried from machine-a is no longer in the team queue/,
  );
});

it('a missing or too large media file is refused at enqueue, naming the field and the file', async () => {
  await expect(carryLocalMedia(redis, imageRequest('missing.png'), dir)).rejects.toThrow(
    /\$\.request\.image_uri: file not found: .*missing\.png/,
  );
  const big = join(dir, 'big.png');
  writeFileSync(big, '');
  truncateSync(big, MEDIA_CARRY_LIMIT_BYTES + 1024 * 1024); // sparse: nothing is written
  await expect(carryLocalMedia(redis, imageRequest('big.png'), dir)).rejects.toThrow(
    /\$\.request\.image_uri: .*big\.png is 33\.0 MiB; a team job carries local media files of at most 32\.0 MiB.*https URL/,
  );
});
