import { describe, expect, it } from 'vitest';
import { createReadRing } from '../../src/download/read-ring.js';

const KIB = 1024;

describe('read ring', () => {
  it('hands out space, holds views until released, and refuses reads when full', () => {
    const ring = createReadRing(256 * KIB);
    const views: Uint8Array[] = [];
    for (;;) {
      const region = ring.nextRegion();
      if (!region) break;
      expect(region.length).toBeGreaterThanOrEqual(64 * KIB);
      region.fill(views.length + 1);
      const view = ring.commit(region, 64 * KIB);
      ring.hold(view);
      views.push(view);
    }
    expect(views).toHaveLength(4);
    expect(ring.hasRoom()).toBe(false);
    // Every held view still has its own bytes.
    expect(views.map((view, i) => view.every((b) => b === i + 1))).toEqual([true, true, true, true]);
    ring.release();
    expect(ring.hasRoom()).toBe(true);
    const region = ring.nextRegion()!;
    // The only space is where the first view was: the ring wrapped round.
    expect(region.byteOffset).toBe(views[0]!.byteOffset);
    region.fill(9);
    expect(views.slice(1).map((view, i) => view.every((b) => b === i + 2))).toEqual([true, true, true]);
  });

  it('never overlaps a held view with a region, whatever the read sizes', () => {
    const ring = createReadRing(512 * KIB);
    const held: Uint8Array[] = [];
    let state = 7;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state;
    };
    for (let step = 0; step < 4000; step++) {
      const region = ring.nextRegion();
      if (region && next() % 3 !== 0) {
        const length = 1 + (next() % region.length);
        const view = ring.commit(region, length);
        for (const other of held) {
          const apart =
            view.byteOffset + view.length <= other.byteOffset ||
            other.byteOffset + other.length <= view.byteOffset;
          expect(apart).toBe(true);
        }
        ring.hold(view);
        held.push(view);
      } else if (held.length > 0) {
        held.shift();
        ring.release();
      }
    }
  });

  it('starts from the beginning once everything is released or reset', () => {
    const ring = createReadRing(256 * KIB);
    const view = ring.commit(ring.nextRegion()!, 100);
    ring.hold(view);
    expect(ring.nextRegion()!.byteOffset).toBe(view.byteOffset + 100);
    ring.release();
    expect(ring.nextRegion()!.byteOffset).toBe(view.byteOffset);
    ring.hold(ring.commit(ring.nextRegion()!, 10));
    ring.reset();
    expect(ring.nextRegion()!.byteOffset).toBe(view.byteOffset);
  });
});
