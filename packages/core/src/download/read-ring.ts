// The receive buffer of one socket download: a fixed block of memory that the socket reads straight
// into (Node's `onread` option) and the file writer writes straight out of. No buffer is allocated
// per chunk and nothing is copied in user space, which is what lets Node keep up with curl: a fresh
// 64 KiB Buffer per read costs page faults and garbage collection (5x curl's CPU per byte, measured).
// Memory stays flat by construction: when the writer falls behind, the ring fills and the socket
// is paused (backpressure) until the writer hands space back.

/**
 * Size of the ring of one download, in bytes (512 KiB). Small on purpose: it stays in the CPU's
 * cache between the copy in from the socket and the copy out to the file. Measured on loopback with
 * 1 GiB: 8 MiB rings ran at half curl's speed, 256-512 KiB at curl's.
 */
export const DEFAULT_RING_BYTES = 512 * 1024;
/** A read is never offered less contiguous space than this (64 KiB, what Node reads by default). */
const MIN_READ_BYTES = 64 * 1024;
/** Largest single read (128 KiB): a quarter of the ring, so reading goes on while a write runs. */
const MAX_READ_BYTES = 128 * 1024;

/** A ring of bytes between a socket (the producer) and a file writer (the consumer). */
export interface ReadRing {
  /**
   * Contiguous free space for the next socket read, or undefined when the ring is full (pause the
   * socket; resume once {@link ReadRing.hasRoom} is true again).
   */
  nextRegion(): Uint8Array | undefined;
  /** True when {@link ReadRing.nextRegion} would offer space. */
  hasRoom(): boolean;
  /**
   * Records that a read put `length` bytes at the start of `region` (from {@link ReadRing.nextRegion}).
   * Returns those bytes; they stay untouched until handed back with {@link ReadRing.release}.
   */
  commit(region: Uint8Array, length: number): Uint8Array;
  /** Holds `view` (part of a committed read) until the writer has written it. FIFO order. */
  hold(view: Uint8Array): void;
  /** Hands back the oldest held view: its bytes (and anything before them) may be reused. */
  release(): void;
  /** Forgets every held view (between attempts, once nothing reads or writes the memory). */
  reset(): void;
}

/** A ring of `size` bytes (default {@link DEFAULT_RING_BYTES}). */
export function createReadRing(size = DEFAULT_RING_BYTES): ReadRing {
  const memory = new Uint8Array(Math.max(size, 2 * MIN_READ_BYTES));
  const held: number[] = []; // start offsets of the held views, oldest first
  let heldAt = 0; // index of the oldest held view in `held` (a queue without shifting)
  let head = 0; // where the next read goes

  const region = (start: number, end: number) =>
    memory.subarray(start, Math.min(end, start + MAX_READ_BYTES));

  // The free space. Held views occupy [tail, head), going round the end of the memory when
  // `tail >= head` ("wrapped"). With nothing held everything is free: reading restarts at 0 (the
  // parsers copy what they keep, so unheld bytes are never looked at again).
  const free = (): { start: number; end: number } | undefined => {
    if (heldAt === held.length) return { start: 0, end: memory.length };
    const tail = held[heldAt]!;
    if (tail >= head) return tail - head >= MIN_READ_BYTES ? { start: head, end: tail } : undefined;
    if (memory.length - head >= MIN_READ_BYTES) return { start: head, end: memory.length };
    return tail >= MIN_READ_BYTES ? { start: 0, end: tail } : undefined;
  };

  return {
    nextRegion() {
      const space = free();
      if (!space) return undefined;
      head = space.start;
      return region(space.start, space.end);
    },
    hasRoom: () => free() !== undefined,
    commit(given, length) {
      const start = given.byteOffset - memory.byteOffset;
      head = start + length;
      return memory.subarray(start, head);
    },
    hold(view) {
      held.push(view.byteOffset - memory.byteOffset);
    },
    release() {
      heldAt++;
      if (heldAt === held.length) {
        held.length = 0;
        heldAt = 0;
      } else if (heldAt > 1024) {
        held.splice(0, heldAt);
        heldAt = 0;
      }
    },
    reset() {
      held.length = 0;
      heldAt = 0;
      head = 0;
    },
  };
}
