import { open } from 'node:fs/promises';

/**
 * Random access to the bytes of a media file, local or remote. Readers ask for small windows
 * (box headers, frame headers) instead of loading the whole file.
 */
export interface ByteSource {
  /** Total length in bytes, when known. */
  readonly size: number | undefined;
  /** Bytes `[offset, offset + length)`; fewer at the end of the file, none past it. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Releases the file handle or connection. Safe to call twice. */
  close(): Promise<void>;
}

/** Why a media file's duration or tracks cannot be read: the message names the file and the problem. */
export class MediaReadError extends Error {
  override readonly name = 'MediaReadError';
}

/** True for a {@link MediaReadError}. */
export function isMediaReadError(error: unknown): error is MediaReadError {
  return error instanceof MediaReadError;
}

/** Opens a local file for windowed reads. Throws {@link MediaReadError} when it cannot be opened. */
export async function openFileSource(path: string): Promise<ByteSource> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new MediaReadError(`${path}: cannot open (${error.code ?? error.message})`);
  });
  const { size } = await handle.stat();
  let closed = false;
  return {
    size,
    async read(offset, length) {
      const want = Math.max(0, Math.min(length, size - offset));
      if (want === 0) return new Uint8Array(0);
      const buffer = new Uint8Array(want);
      const { bytesRead } = await handle.read(buffer, 0, want, offset);
      return buffer.subarray(0, bytesRead);
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}

/** A source over bytes already in memory (uploads the simulator holds, tests). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.byteLength,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.byteLength, offset + length)),
    close: async () => {},
  };
}

/** Runs `body` with `source`, closing it afterwards whatever happens. */
export async function withSource<T>(source: ByteSource, body: (s: ByteSource) => Promise<T>): Promise<T> {
  try {
    return await body(source);
  } finally {
    await source.close();
  }
}

/** Four ASCII characters at `at` (a box type, a chunk id, a fourcc). */
export function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
}

/** A DataView over exactly `bytes`. */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
