import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../src/poll/min-heap.js';

describe('MinHeap', () => {
  it('pops by key, equal keys in the order pushed', () => {
    const heap = new MinHeap<string>();
    const keys = [5, 1, 9, 1, 3, 9, 0, 5, 1];
    for (const [i, k] of keys.entries()) heap.push(k, `${k}:${i}`);
    expect(heap.size).toBe(keys.length);
    expect(heap.peekKey()).toBe(0);
    const out: string[] = [];
    for (let item = heap.pop(); item !== undefined; item = heap.pop()) out.push(item);
    expect(out).toEqual(['0:6', '1:1', '1:3', '1:8', '3:4', '5:0', '5:7', '9:2', '9:5']);
    expect(heap.peekKey()).toBe(Number.POSITIVE_INFINITY);
  });

  it('stays ordered under mixed pushes and pops', () => {
    const heap = new MinHeap<number>();
    let seed = 7;
    const rand = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const shadow: number[] = [];
    for (let i = 0; i < 2000; i++) {
      if (rand() < 0.6) {
        const k = Math.floor(rand() * 100);
        heap.push(k, k);
        shadow.push(k);
      } else if (shadow.length > 0) {
        shadow.sort((a, b) => a - b);
        expect(heap.pop()).toBe(shadow.shift());
      }
    }
  });
});

describe('inFlightWindow', () => {
  it('carries the jobs at their interval over the measured round trip, within [2, max]', async () => {
    const { inFlightWindow } = await import('../../src/poll/in-flight-window.js');
    expect(inFlightWindow(1000, 5000, 20, 64)).toBe(7);
    expect(inFlightWindow(1000, 5000, 150, 64)).toBe(46);
    expect(inFlightWindow(1000, 5000, 1000, 64)).toBe(64);
    expect(inFlightWindow(3, 5000, 20, 64)).toBe(2);
    expect(inFlightWindow(1000, 5000, 20, 1)).toBe(1);
  });
});
