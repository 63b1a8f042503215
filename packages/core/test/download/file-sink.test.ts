import type { FileHandle } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createDiskSpaceGuard } from '../../src/download/disk-space.js';
import { createFileSink, type FileSinkOptions } from '../../src/download/file-sink.js';
import { isLtxJobsError, LtxJobsError } from '../../src/errors/ltx-jobs-error.js';

/**
 * A FileHandle stand-in over a byte array that writes at most `perCall` bytes per call (short
 * writes, as a real disk may do), or fails with `failWith`.
 */
function fakeHandle(perCall = Number.POSITIVE_INFINITY, failWith?: NodeJS.ErrnoException) {
  const bytes: number[] = [];
  const calls: number[] = [];
  const put = (views: Uint8Array[], position: number) => {
    if (failWith) throw failWith;
    let left = perCall;
    let at = position;
    for (const view of views) {
      for (const byte of view) {
        if (left-- <= 0) break;
        bytes[at++] = byte;
      }
    }
    calls.push(at - position);
    return { bytesWritten: at - position };
  };
  const handle = {
    write: async (view: Uint8Array, offset: number, length: number, position: number) =>
      put([view.subarray(offset, offset + length)], position),
    writev: async (views: Uint8Array[], position: number) => put(views, position),
    datasync: async () => undefined,
  } as unknown as FileHandle;
  return { handle, bytes, calls };
}

const noDiskLimit = createDiskSpaceGuard('/nowhere', async () => undefined);
const options = (handle: FileHandle, extra: Partial<FileSinkOptions> = {}): FileSinkOptions => ({
  handle,
  position: 0,
  limit: Number.POSITIVE_INFINITY,
  tooLong: () => new LtxJobsError('too long', 'network'),
  total: undefined,
  disk: noDiskLimit,
  dir: '/out',
  onWritten: () => undefined,
  ...extra,
});

describe('file sink', () => {
  it('writes views in order at their offsets, through short writes, and reports each view written in order', async () => {
    const { handle, bytes, calls } = fakeHandle(7);
    const written: number[] = [];
    const positions: number[] = [];
    const sink = createFileSink(options(handle, { position: 3, onWritten: (p) => positions.push(p) }));
    const views = [[1, 2, 3], [4, 5, 6, 7, 8], [9], [10, 11, 12, 13, 14, 15, 16, 17]];
    for (const [i, v] of views.entries()) sink.write(new Uint8Array(v), () => written.push(i));
    await sink.flush();
    expect(bytes.slice(3)).toEqual(views.flat());
    expect(written).toEqual([0, 1, 2, 3]);
    expect(calls.every((n) => n <= 7)).toBe(true);
    expect(positions.at(-1)).toBe(3 + 17);
    expect(sink.pending).toBe(0);
  });

  it('refuses bytes past its limit and stops taking more', async () => {
    const { handle } = fakeHandle();
    const sink = createFileSink(options(handle, { position: 8, limit: 10 }));
    expect(sink.write(new Uint8Array(2))).toBe(true);
    expect(sink.write(new Uint8Array(1))).toBe(false);
    await expect(sink.flush()).rejects.toThrow('too long');
    expect(sink.write(new Uint8Array(1))).toBe(false);
  });

  it('turns a full disk into a clear config error, and tells the reader at once', async () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const { handle } = fakeHandle(Number.POSITIVE_INFINITY, full);
    const sink = createFileSink(options(handle));
    const told: Error[] = [];
    sink.onError((e) => told.push(e));
    sink.write(new Uint8Array(10));
    const error = await sink.flush().catch((e: unknown) => e);
    expect(isLtxJobsError(error) && error.kind).toBe('config');
    expect((error as Error).message).toMatch(/Not enough disk space in \/out: the disk is full/);
    expect(told).toEqual([error]);
  });

  it('lets a reader wait until the queue is short again', async () => {
    const { handle } = fakeHandle();
    const sink = createFileSink(options(handle));
    for (let i = 0; i < 10; i++) sink.write(new Uint8Array(100));
    expect(sink.pending).toBe(1000);
    await sink.below(1);
    expect(sink.pending).toBe(0);
  });
});
