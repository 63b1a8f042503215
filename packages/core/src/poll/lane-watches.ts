import { abortError, type Logger } from '../deps.js';
import type { Job } from '../job.js';
import type { JobRef } from '../job-ref.js';
import type { WatchOutcome } from '../runner/types.js';
import { placeholderJob } from './job-states.js';
import { MinHeap } from './min-heap.js';
import type { ScheduledWatchOptions } from './scheduler.js';

/** One watch of a job: its deadline, listener and promise. */
interface Watcher {
  deadline: number;
  ended: boolean;
  onUpdate: ((job: Job) => void) | undefined;
  resolve: (outcome: WatchOutcome) => void;
  reject: (error: unknown) => void;
  cleanup: () => void;
}

/** One polled job, shared by every watch of it. */
export interface LaneEntry {
  key: string;
  ref: JobRef;
  job: Job | undefined;
  /** Epoch ms of its next read; the loop keeps it in its due heap under this key while no read of it runs. */
  nextAt: number;
  /** Failed reads in a row (backoff). */
  failures: number;
  watchers: Set<Watcher>;
  /** Set once nobody watches it; a read still in flight is then ignored. */
  removed: boolean;
}

/**
 * The watches of one lane: which jobs are watched, by whom and until when (a heap of deadlines, so
 * finding the next one costs no scan). It resolves and rejects the watch promises; the lane decides
 * when to read. `onEmpty` runs when the last job stops being watched.
 */
export class LaneWatches {
  readonly entries = new Map<string, LaneEntry>();
  private readonly deadlines = new MinHeap<[LaneEntry, Watcher]>();

  constructor(
    private readonly now: () => number,
    private readonly logger: Logger,
    private readonly onEmpty: () => void,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The entry of `key`, created when there is none (due at `firstAt`, default now); `fresh` says it
   * was created.
   */
  entryFor(
    ref: JobRef,
    key: string,
    initial: Job | undefined,
    firstAt?: number,
  ): { entry: LaneEntry; fresh: boolean } {
    const found = this.entries.get(key);
    if (found) return { entry: found, fresh: false };
    const entry: LaneEntry = {
      key,
      ref,
      job: initial,
      nextAt: firstAt ?? this.now(),
      failures: 0,
      watchers: new Set(),
      removed: false,
    };
    this.entries.set(key, entry);
    return { entry, fresh: true };
  }

  /** Adds a watch of `entry`; it settles through {@link settle}, {@link fail}, its deadline or its signal. */
  add(entry: LaneEntry, options: ScheduledWatchOptions): Promise<WatchOutcome> {
    const { signal } = options;
    return new Promise<WatchOutcome>((resolve, reject) => {
      const onAbort = () => this.end(entry, watcher, undefined, abortError(signal));
      const watcher: Watcher = {
        deadline: options.deadline ?? Number.POSITIVE_INFINITY,
        ended: false,
        onUpdate: options.onUpdate,
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      entry.watchers.add(watcher);
      if (Number.isFinite(watcher.deadline)) this.deadlines.push(watcher.deadline, [entry, watcher]);
    });
  }

  /** Ends every watch whose deadline passed (`end: 'deadline'`); returns the next deadline to come. */
  expire(now: number): number {
    while (this.deadlines.peekKey() <= now) {
      const [entry, watcher] = this.deadlines.pop() as [LaneEntry, Watcher];
      if (!watcher.ended) this.end(entry, watcher, { job: this.jobOf(entry), end: 'deadline' });
    }
    return this.deadlines.peekKey();
  }

  /** The last known job of `entry`, or a placeholder (`unknown`, "not read yet"). */
  jobOf(entry: LaneEntry): Job {
    return entry.job ?? placeholderJob(entry.ref, this.now());
  }

  /** Tells every watch of `entry` about `job`; a listener that throws is logged, not propagated. */
  notify(entry: LaneEntry, job: Job): void {
    for (const watcher of [...entry.watchers]) {
      try {
        watcher.onUpdate?.(job);
      } catch (error) {
        this.logger.error('onUpdate listener threw', { ref: entry.key, error: String(error) });
      }
    }
  }

  /** Resolves every watch of `entry` with `outcome`. */
  settle(entry: LaneEntry, outcome: WatchOutcome): void {
    for (const watcher of [...entry.watchers]) this.end(entry, watcher, outcome);
  }

  /** Rejects every watch of `entry` with `error`. */
  fail(entry: LaneEntry, error: unknown): void {
    for (const watcher of [...entry.watchers]) this.end(entry, watcher, undefined, error);
  }

  /** Rejects every watch with AbortError. */
  abortAll(): void {
    for (const entry of [...this.entries.values()]) this.fail(entry, abortError());
  }

  private end(entry: LaneEntry, watcher: Watcher, outcome?: WatchOutcome, error?: unknown): void {
    if (watcher.ended) return;
    watcher.ended = true;
    entry.watchers.delete(watcher);
    watcher.cleanup();
    if (entry.watchers.size === 0) this.remove(entry);
    if (outcome) watcher.resolve(outcome);
    else watcher.reject(error);
  }

  private remove(entry: LaneEntry): void {
    if (this.entries.get(entry.key) !== entry) return;
    this.entries.delete(entry.key);
    entry.removed = true;
    if (this.entries.size === 0) {
      this.deadlines.clear();
      this.onEmpty();
    }
  }
}
