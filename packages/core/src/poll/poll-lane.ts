import { abortError, type Deps } from '../deps.js';
import type { HttpError } from '../errors/http-error.js';
import { isTerminal, type Job } from '../job.js';
import type { JobRef } from '../job-ref.js';
import type { ProviderClient, StatusResult } from '../provider.js';
import type { WatchOutcome } from '../runner/types.js';
import { backoffDelay, classifyStatusError } from './backoff.js';
import { expiredJob, placeholderJob } from './job-states.js';
import { createRequestBudget, type RequestBudget } from './request-budget.js';
import type { ScheduledWatchOptions } from './scheduler.js';
import { createWakeable } from './wake.js';

/** What one provider's lane needs from its scheduler. Intervals are functions: settings may change. */
export interface PollLaneSettings {
  deps: Deps;
  /** Normal pause between reads of one job, in ms. */
  intervalMs: () => number;
  /** First backoff step and cap after transient errors, in ms. */
  backoffBaseMs: () => number;
  backoffCapMs: () => number;
  /** Status reads of this provider in flight at once. */
  maxInFlight: number;
  /** Status reads per second of this provider. */
  statusRequestsPerSecond: number;
  /** Refs whose `unknown` state was already logged (shared by the lanes of one scheduler). */
  warnedUnknown: Set<string>;
}

/** One provider's share of a scheduler: its jobs, its request budget and its one awaited loop. */
export interface PollLane {
  /** Jobs being polled. */
  readonly size: number;
  watch(ref: JobRef, key: string, options: ScheduledWatchOptions): Promise<WatchOutcome>;
  /** Ends every watch of `key` with `end: 'deadline'`. */
  stop(key: string): void;
  /** Rejects every watch with AbortError and stops the loop. */
  dispose(): void;
}

interface Watcher {
  deadline: number;
  onUpdate: ((job: Job) => void) | undefined;
  resolve: (outcome: WatchOutcome) => void;
  reject: (error: unknown) => void;
  cleanup: () => void;
}

interface Entry {
  key: string;
  ref: JobRef;
  job: Job | undefined;
  nextAt: number;
  failures: number;
  watchers: Set<Watcher>;
  inFlight: AbortController | undefined;
}

interface LaneState {
  entries: Map<string, Entry>;
  running: boolean;
  reading: number;
}

/**
 * Creates one provider's lane: an awaited loop (never a timer per job) that reads the job whose turn
 * comes first, no sooner than the request budget allows, at most `maxInFlight` reads at once.
 */
export function createPollLane(client: ProviderClient, settings: PollLaneSettings): PollLane {
  const { deps, maxInFlight, warnedUnknown } = settings;
  const budget: RequestBudget = createRequestBudget(settings.statusRequestsPerSecond);
  const lane: LaneState = { entries: new Map(), running: false, reading: 0 };
  const pause = createWakeable(deps.sleep);
  let disposed = false;

  /** Cuts the loop's pause (something changed) and starts the loop when it is not running. */
  function wake(): void {
    pause.wake();
    if (!lane.running && lane.entries.size > 0 && !disposed) void runLane();
  }

  async function runLane(): Promise<void> {
    lane.running = true;
    try {
      while (!disposed && lane.entries.size > 0) {
        const now = deps.now();
        let due: Entry | undefined;
        let earliestDeadline = Number.POSITIVE_INFINITY;
        const expired: [Entry, Watcher][] = [];
        for (const entry of lane.entries.values()) {
          for (const watcher of entry.watchers) {
            if (watcher.deadline <= now) expired.push([entry, watcher]);
            else if (watcher.deadline < earliestDeadline) earliestDeadline = watcher.deadline;
          }
          if (!entry.inFlight && (!due || entry.nextAt < due.nextAt)) due = entry;
        }
        if (expired.length > 0) {
          for (const [entry, watcher] of expired) {
            endWatcher(entry, watcher, { job: jobOf(entry), end: 'deadline' });
          }
          continue;
        }
        const startAt =
          due && lane.reading < maxInFlight ? Math.max(due.nextAt, budget.nextAllowedAt) : Infinity;
        if (due && startAt <= now) {
          budget.consume(now);
          startRead(due);
          continue;
        }
        if (lane.entries.size > 0) await pause.idle(Math.min(startAt, earliestDeadline) - now);
      }
    } catch (error) {
      deps.logger.error('Poll loop failed', { error: String(error) });
    } finally {
      lane.running = false;
    }
  }

  function jobOf(entry: Entry): Job {
    return entry.job ?? placeholderJob(entry.ref, deps.now());
  }

  function startRead(entry: Entry): void {
    const controller = new AbortController();
    entry.inFlight = controller;
    lane.reading++;
    let read: Promise<StatusResult>;
    try {
      read = client.status(entry.ref, { signal: controller.signal });
    } catch (error) {
      read = Promise.reject(error);
    }
    read
      .then(
        (result) => onRead(entry, result),
        (error: unknown) => onReadError(entry, error),
      )
      .catch((error: unknown) => deps.logger.error('Poll result handling failed', { error: String(error) }))
      .finally(() => {
        entry.inFlight = undefined;
        lane.reading--;
        wake();
      });
  }

  function onRead(entry: Entry, result: StatusResult): void {
    if (lane.entries.get(entry.key) !== entry) return;
    const job = result.job;
    entry.job = job;
    entry.failures = 0;
    if (job.state === 'unknown' && !warnedUnknown.has(entry.key)) {
      warnedUnknown.add(entry.key);
      deps.logger.warn('Unknown job status; still polling at the normal pace', {
        ref: entry.key,
        wireStatus: job.wireStatus,
      });
    }
    notify(entry, job);
    if (isTerminal(job.state)) {
      settle(entry, { job, end: 'terminal' });
      return;
    }
    entry.nextAt = deps.now() + Math.max(settings.intervalMs(), result.retryAfterMs ?? 0);
  }

  function onReadError(entry: Entry, error: unknown): void {
    if (lane.entries.get(entry.key) !== entry) return;
    const kind = classifyStatusError(error);
    if (kind === 'gone') {
      const job = expiredJob(entry.ref, entry.job, error as HttpError, deps.now());
      entry.job = job;
      notify(entry, job);
      settle(entry, { job, end: 'terminal' });
    } else if (kind === 'fatal') {
      for (const watcher of [...entry.watchers]) endWatcher(entry, watcher, undefined, error);
    } else {
      entry.failures++;
      const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs ?? 0;
      const delayMs = Math.max(
        backoffDelay(entry.failures, settings.backoffBaseMs(), settings.backoffCapMs(), deps.random),
        retryAfterMs,
      );
      entry.nextAt = deps.now() + delayMs;
      deps.logger.warn('Status read failed; retrying', {
        ref: entry.key,
        attempt: entry.failures,
        delayMs,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  function notify(entry: Entry, job: Job): void {
    for (const watcher of [...entry.watchers]) {
      try {
        watcher.onUpdate?.(job);
      } catch (error) {
        deps.logger.error('onUpdate listener threw', { ref: entry.key, error: String(error) });
      }
    }
  }

  /** Removes one watcher and resolves (or rejects) it; drops the entry and its read once nobody watches. */
  function endWatcher(entry: Entry, watcher: Watcher, outcome?: WatchOutcome, error?: unknown): void {
    if (!entry.watchers.delete(watcher)) return;
    watcher.cleanup();
    if (entry.watchers.size === 0 && lane.entries.get(entry.key) === entry) {
      lane.entries.delete(entry.key);
      entry.inFlight?.abort();
      wake();
    }
    if (outcome) watcher.resolve(outcome);
    else watcher.reject(error);
  }

  function settle(entry: Entry, outcome: WatchOutcome): void {
    if (isTerminal(outcome.job.state)) warnedUnknown.delete(entry.key);
    for (const watcher of [...entry.watchers]) endWatcher(entry, watcher, outcome);
  }

  return {
    get size() {
      return lane.entries.size;
    },
    watch(ref, key, watchOptions) {
      const { signal, onUpdate, initial } = watchOptions;
      if (disposed) return Promise.reject(abortError());
      let entry = lane.entries.get(key);
      const known = entry?.job ?? initial;
      if (known) {
        try {
          onUpdate?.(known);
        } catch (error) {
          deps.logger.error('onUpdate listener threw', { ref: key, error: String(error) });
        }
      }
      if (known && isTerminal(known.state)) return Promise.resolve({ job: known, end: 'terminal' });
      if (!entry) {
        entry = {
          key,
          ref,
          job: initial,
          nextAt: deps.now(),
          failures: 0,
          watchers: new Set(),
          inFlight: undefined,
        };
        lane.entries.set(key, entry);
      }
      const target = entry;
      return new Promise<WatchOutcome>((resolve, reject) => {
        const onAbort = () => endWatcher(target, watcher, undefined, abortError(signal));
        const watcher: Watcher = {
          deadline: watchOptions.deadline ?? Number.POSITIVE_INFINITY,
          onUpdate,
          resolve,
          reject,
          cleanup: () => signal?.removeEventListener('abort', onAbort),
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        target.watchers.add(watcher);
        wake();
      });
    },
    stop(key) {
      const entry = lane.entries.get(key);
      if (entry) settle(entry, { job: jobOf(entry), end: 'deadline' });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const entry of [...lane.entries.values()]) {
        for (const watcher of [...entry.watchers]) endWatcher(entry, watcher, undefined, abortError());
      }
      pause.wake();
    },
  };
}
