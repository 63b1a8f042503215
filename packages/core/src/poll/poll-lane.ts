import { setMaxListeners } from 'node:events';
import { abortError, type Deps } from '../deps.js';
import { type HttpError, isHttpError, isRateLimitError } from '../errors/http-error.js';
import { isTerminal, type Job } from '../job.js';
import type { JobRef } from '../job-ref.js';
import type { ProviderClient, StatusResult } from '../provider.js';
import type { WatchOutcome } from '../runner/types.js';
import { backoffDelay, classifyStatusError } from './backoff.js';
import { expiredJob, placeholderJob } from './job-states.js';
import { MinHeap } from './min-heap.js';
import type { ScheduledWatchOptions } from './scheduler.js';
import { createStatusBudget, type StatusBudget } from './status-budget.js';
import { createWakeable } from './wake.js';

/** What one provider's lane needs from its scheduler. Intervals are functions: settings may change. */
export interface PollLaneSettings {
  deps: Deps;
  /** Normal pause between reads of one job, in ms. */
  intervalMs: () => number;
  /** First backoff step and cap after transient errors, in ms. */
  backoffBaseMs: () => number;
  backoffCapMs: () => number;
  /** Most status reads of this provider in flight at once (the loop sizes its window below it). */
  maxInFlight: number;
  /** A fixed ceiling of status reads per second (configured); Infinity: only what the provider teaches. */
  statusRequestsPerSecond: number;
  /** Refs whose `unknown` state was already logged (shared by the lanes of one scheduler). */
  warnedUnknown: Set<string>;
}

/** One provider's share of a scheduler: its jobs, its learned budget and its one awaited loop. */
export interface PollLane {
  /** Jobs being polled. */
  readonly size: number;
  /** The provider's budget as learned so far. */
  readonly budget: StatusBudget;
  watch(ref: JobRef, key: string, options: ScheduledWatchOptions): Promise<WatchOutcome>;
  /** Ends every watch of `key` with `end: 'deadline'`. */
  stop(key: string): void;
  /** Rejects every watch with AbortError and stops the loop. */
  dispose(): void;
}

interface Watcher {
  deadline: number;
  ended: boolean;
  onUpdate: ((job: Job) => void) | undefined;
  resolve: (outcome: WatchOutcome) => void;
  reject: (error: unknown) => void;
  cleanup: () => void;
}

interface Entry {
  key: string;
  ref: JobRef;
  job: Job | undefined;
  /** Epoch ms of its next read; the entry sits in the due heap under this key while no read of it runs. */
  nextAt: number;
  failures: number;
  watchers: Set<Watcher>;
  removed: boolean;
}

/** How often the interval setting is read again, ms (it may be a settings lookup). */
const INTERVAL_REFRESH_MS = 1000;
/** Round trip assumed before the first read comes back, ms. */
const INITIAL_LATENCY_MS = 20;
/** Fewest reads the loop keeps in flight when reads are due. */
const MIN_IN_FLIGHT = 2;

/**
 * Reads in flight needed to read `jobs` jobs every `intervalMs` when a read takes `latencyMs`, with
 * half again as headroom: enough that the interval decides when a job is read, and no more, so at
 * most that many reads meet the first 429 of a provider whose limit is not known yet.
 */
export function inFlightWindow(jobs: number, intervalMs: number, latencyMs: number, max: number): number {
  const needed = Math.ceil(((jobs * 1000) / intervalMs) * (latencyMs / 1000) * 1.5) + 1;
  return Math.min(max, Math.max(MIN_IN_FLIGHT, needed));
}

/**
 * Creates one provider's lane: an awaited loop (never a timer per job) that starts the read whose turn
 * comes first (a heap of due times, and one of watch deadlines: no scan of every job), when the
 * provider's learned budget allows, with as many reads in flight as the jobs, the interval and the
 * measured round trip need ({@link inFlightWindow}, at most `maxInFlight`). The loop sleeps until the
 * next due read or deadline and is woken only when something comes due sooner (a new watch, a freed slot).
 */
export function createPollLane(client: ProviderClient, settings: PollLaneSettings): PollLane {
  const { deps, maxInFlight, warnedUnknown } = settings;
  const budget = createStatusBudget(settings.statusRequestsPerSecond);
  const entries = new Map<string, Entry>();
  const due = new MinHeap<Entry>();
  const deadlines = new MinHeap<[Entry, Watcher]>();
  const pause = createWakeable(deps);
  /** One signal for every read in flight (each read adds a listener while it runs). */
  const readsController = () => {
    const controller = new AbortController();
    setMaxListeners(maxInFlight + 8, controller.signal);
    return controller;
  };
  let reads = readsController();
  let running = false;
  let reading = 0;
  let latencyMs = INITIAL_LATENCY_MS;
  let plannedWakeAt = Number.POSITIVE_INFINITY;
  let waitingForSlot = false;
  let disposed = false;
  let interval = { value: 0, readAt: Number.NEGATIVE_INFINITY };

  const intervalMs = (now: number) => {
    if (now - interval.readAt >= INTERVAL_REFRESH_MS)
      interval = { value: settings.intervalMs(), readAt: now };
    return interval.value;
  };

  /** Runs the loop, or wakes it when `at` (epoch ms) comes sooner than it planned to look again. */
  function kick(at = Number.NEGATIVE_INFINITY): void {
    if (disposed || entries.size === 0) return;
    if (!running) void runLane();
    else if (at < plannedWakeAt) pause.wake();
  }

  function schedule(entry: Entry, at: number): void {
    entry.nextAt = at;
    due.push(at, entry);
    kick(at);
  }

  /** The entry whose read is due first, dropping heap nodes of removed entries. */
  function firstDue(): Entry | undefined {
    for (let entry = due.peek(); entry !== undefined; entry = due.peek()) {
      if (!entry.removed) return entry;
      due.pop();
    }
    return undefined;
  }

  /** Ends every watch whose deadline passed; returns the next deadline still to come. */
  function expireDeadlines(now: number): number {
    while (deadlines.peekKey() <= now) {
      const [entry, watcher] = deadlines.pop() as [Entry, Watcher];
      if (!watcher.ended) endWatcher(entry, watcher, { job: jobOf(entry), end: 'deadline' });
    }
    return deadlines.peekKey();
  }

  async function runLane(): Promise<void> {
    running = true;
    try {
      while (!disposed && entries.size > 0) {
        const now = deps.now();
        let wakeAt = expireDeadlines(now);
        if (entries.size === 0) break;
        const entry = firstDue();
        waitingForSlot =
          entry !== undefined &&
          reading >= inFlightWindow(entries.size, intervalMs(now), latencyMs, maxInFlight);
        if (entry !== undefined && !waitingForSlot) {
          const budgetAt = budget.nextStartAt(now);
          const startAt = Math.max(entry.nextAt, budgetAt);
          if (startAt <= now) {
            due.pop();
            budget.started(now, budgetAt > entry.nextAt);
            startRead(entry, now);
            continue;
          }
          wakeAt = Math.min(wakeAt, startAt);
        }
        plannedWakeAt = wakeAt;
        await pause.idleUntil(wakeAt);
        plannedWakeAt = Number.NEGATIVE_INFINITY;
      }
    } catch (error) {
      deps.logger.error('Poll loop failed', { error: String(error) });
    } finally {
      running = false;
      plannedWakeAt = Number.POSITIVE_INFINITY;
      if (entries.size === 0 || disposed) pause.stop();
    }
  }

  function jobOf(entry: Entry): Job {
    return entry.job ?? placeholderJob(entry.ref, deps.now());
  }

  function startRead(entry: Entry, startedAt: number): void {
    reading++;
    let read: Promise<StatusResult>;
    try {
      read = client.status(entry.ref, { signal: reads.signal });
    } catch (error) {
      read = Promise.reject(error);
    }
    // The slot is given back before the result is handled, so a rescheduled entry is never seen reading.
    const done = () => {
      reading--;
      // Round trip, smoothed over the last few reads.
      latencyMs += (deps.now() - startedAt - latencyMs) / 8;
    };
    read
      .then(
        (result) => {
          done();
          onRead(entry, result);
        },
        (error: unknown) => {
          done();
          onReadError(entry, error, startedAt);
        },
      )
      .catch((error: unknown) => deps.logger.error('Poll result handling failed', { error: String(error) }))
      .then(() => {
        if (waitingForSlot) kick();
      });
  }

  function onRead(entry: Entry, result: StatusResult): void {
    const now = deps.now();
    budget.answered(now);
    if (entry.removed) return;
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
    if (!entry.removed) schedule(entry, now + Math.max(intervalMs(now), result.retryAfterMs ?? 0));
  }

  function onReadError(entry: Entry, error: unknown, startedAt: number): void {
    const now = deps.now();
    if (isRateLimitError(error)) {
      if (budget.pushedBack(startedAt, now, error.retryAfterMs)) {
        const { perSecond, coolingUntil } = budget.state;
        deps.logger.info(
          `${client.provider} pushed back (429); status reads paced at ${perSecond.toFixed(1)}/s`,
          {
            resumeInMs: coolingUntil - now,
          },
        );
      }
    } else if (isHttpError(error)) {
      budget.answered(now);
    }
    if (entry.removed) return;
    const kind = classifyStatusError(error);
    if (kind === 'abort') return;
    if (kind === 'gone') {
      const job = expiredJob(entry.ref, entry.job, error as HttpError, now);
      entry.job = job;
      notify(entry, job);
      settle(entry, { job, end: 'terminal' });
    } else if (kind === 'fatal') {
      for (const watcher of [...entry.watchers]) endWatcher(entry, watcher, undefined, error);
    } else if (isRateLimitError(error)) {
      // Not the job's fault: it goes first once the shared cool-down ends (backing off only if it repeats).
      entry.failures++;
      const backoff =
        entry.failures > 1
          ? backoffDelay(entry.failures - 1, settings.backoffBaseMs(), settings.backoffCapMs(), deps.random)
          : 0;
      schedule(entry, Math.max(budget.state.coolingUntil, now + backoff));
    } else {
      entry.failures++;
      const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs ?? 0;
      const delayMs = Math.max(
        backoffDelay(entry.failures, settings.backoffBaseMs(), settings.backoffCapMs(), deps.random),
        retryAfterMs,
      );
      schedule(entry, now + delayMs);
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

  /** Drops the entry once nobody watches it; when the lane empties, its reads in flight are cut. */
  function remove(entry: Entry): void {
    if (entries.get(entry.key) !== entry) return;
    entries.delete(entry.key);
    entry.removed = true;
    if (entries.size === 0) {
      due.clear();
      deadlines.clear();
      if (reading > 0) {
        reads.abort();
        reads = readsController();
      }
      pause.wake();
    }
  }

  /** Removes one watcher and resolves (or rejects) it; drops the entry once nobody watches. */
  function endWatcher(entry: Entry, watcher: Watcher, outcome?: WatchOutcome, error?: unknown): void {
    if (watcher.ended) return;
    watcher.ended = true;
    entry.watchers.delete(watcher);
    watcher.cleanup();
    if (entry.watchers.size === 0) remove(entry);
    if (outcome) watcher.resolve(outcome);
    else watcher.reject(error);
  }

  function settle(entry: Entry, outcome: WatchOutcome): void {
    if (isTerminal(outcome.job.state)) warnedUnknown.delete(entry.key);
    for (const watcher of [...entry.watchers]) endWatcher(entry, watcher, outcome);
  }

  function addWatcher(target: Entry, options: ScheduledWatchOptions): Promise<WatchOutcome> {
    const { signal } = options;
    return new Promise<WatchOutcome>((resolve, reject) => {
      const onAbort = () => endWatcher(target, watcher, undefined, abortError(signal));
      const watcher: Watcher = {
        deadline: options.deadline ?? Number.POSITIVE_INFINITY,
        ended: false,
        onUpdate: options.onUpdate,
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      target.watchers.add(watcher);
      if (Number.isFinite(watcher.deadline)) deadlines.push(watcher.deadline, [target, watcher]);
    });
  }

  return {
    get size() {
      return entries.size;
    },
    budget,
    watch(ref, key, watchOptions) {
      const { onUpdate, initial } = watchOptions;
      if (disposed) return Promise.reject(abortError());
      let entry = entries.get(key);
      const known = entry?.job ?? initial;
      if (known) {
        try {
          onUpdate?.(known);
        } catch (error) {
          deps.logger.error('onUpdate listener threw', { ref: key, error: String(error) });
        }
      }
      if (known && isTerminal(known.state)) return Promise.resolve({ job: known, end: 'terminal' });
      const fresh = entry === undefined;
      if (entry === undefined) {
        entry = {
          key,
          ref,
          job: initial,
          nextAt: deps.now(),
          failures: 0,
          watchers: new Set(),
          removed: false,
        };
        entries.set(key, entry);
      }
      const outcome = addWatcher(entry, watchOptions);
      if (fresh) schedule(entry, entry.nextAt);
      else kick(watchOptions.deadline ?? Number.POSITIVE_INFINITY);
      return outcome;
    },
    stop(key) {
      const entry = entries.get(key);
      if (entry) settle(entry, { job: jobOf(entry), end: 'deadline' });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const entry of [...entries.values()]) {
        for (const watcher of [...entry.watchers]) endWatcher(entry, watcher, undefined, abortError());
      }
      reads.abort();
      pause.stop();
    },
  };
}
