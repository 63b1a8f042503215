/**
 * A binary min-heap ordered by a number each item carries (read once, when the item is pushed; push
 * it again to change it); equal numbers come out in the order they went in. Removal is lazy: callers
 * skip items that no longer count when they surface. The poll loop keeps its due reads and its watch
 * deadlines in these instead of scanning every job.
 */
export class MinHeap<T> {
  private readonly keys: number[] = [];
  private readonly seqs: number[] = [];
  private readonly items: T[] = [];
  private seq = 0;

  private less(keyA: number, seqA: number, keyB: number, seqB: number): boolean {
    return keyA < keyB || (keyA === keyB && seqA < seqB);
  }

  /** Number of items held (stale ones included). */
  get size(): number {
    return this.items.length;
  }

  /** Adds `item` under `key`. O(log n). */
  push(key: number, item: T): void {
    const { keys, seqs, items } = this;
    const seq = this.seq++;
    let i = items.length;
    keys.push(key);
    seqs.push(seq);
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(key, seq, keys[parent] as number, seqs[parent] as number)) break;
      keys[i] = keys[parent] as number;
      seqs[i] = seqs[parent] as number;
      items[i] = items[parent] as T;
      i = parent;
    }
    keys[i] = key;
    seqs[i] = seq;
    items[i] = item;
  }

  /** The smallest key, or Infinity when empty. */
  peekKey(): number {
    return this.keys.length > 0 ? (this.keys[0] as number) : Number.POSITIVE_INFINITY;
  }

  /** The item with the smallest key, or undefined. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Removes and returns the item with the smallest key. O(log n). */
  pop(): T | undefined {
    const { keys, seqs, items } = this;
    if (items.length === 0) return undefined;
    const top = items[0];
    const lastKey = keys.pop() as number;
    const lastSeq = seqs.pop() as number;
    const lastItem = items.pop() as T;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child =
          right < n &&
          this.less(keys[right] as number, seqs[right] as number, keys[left] as number, seqs[left] as number)
            ? right
            : left;
        if (!this.less(keys[child] as number, seqs[child] as number, lastKey, lastSeq)) break;
        keys[i] = keys[child] as number;
        seqs[i] = seqs[child] as number;
        items[i] = items[child] as T;
        i = child;
      }
      keys[i] = lastKey;
      seqs[i] = lastSeq;
      items[i] = lastItem;
    }
    return top;
  }

  /** Drops every item. */
  clear(): void {
    this.keys.length = 0;
    this.seqs.length = 0;
    this.items.length = 0;
  }
}
