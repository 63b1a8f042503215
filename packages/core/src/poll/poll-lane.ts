import { setMaxListeners } from 'node:events';
import { abortError, type Deps } from '../deps.js';
import { type HttpError, isHttpError, isRateLimitError } from '../errors/http-error.js';
import { isNetworkError, NetworkError } from '../errors/network-error.js';
import type { Job } from '../job.js';
import type { JobRef } from '../job-ref.js';
import { isTerminal } from '../job-states.js';
import type { ProviderClient, StatusResult } from '../provider.js';
import type { WatchOutcome } from '../runner/types.js';
import { backoffDelay, classifyStatusError } from './backoff.js';
import { INITIAL_LATENCY_MS, inFlightWindow } from './in-flight-window.js';
import { expiredJob } from './job-states.js';
import { type LaneEntry, LaneWatches } from './lane-watches.js';
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

/** How often the interval setting is read again, ms (it may be a settings lookup). */
const INTERVAL_REFRESH_MS = 1000;
/** How late a read may start and still keep its job's next read on the interval grid, ms. */
const GRID_SLACK_MS = 250;
/** Tries after which a host name that never resolved ends the watch (the base URL is likely wrong). */
export const UNRESOLVED_HOST_TRIES = 3;
/** The error that ends a watch of a provider whose host name never resolved. */
function unresolvedHost(error: NetworkError, tries: number): NetworkError {
  return new NetworkError(
    `${error.message}; gave up after ${tries} tries: the host name does not resolve, so the base URL is likely mistyped (the job, if it exists, goes on)`,
    { ...(error.provider && { provider: error.provider }), requestSent: false, code: error.code },
    { cause: error },
  );
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
  const due = new MinHeap<LaneEntry>();
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
  /** Set once the provider answered anything: from then on network errors are outages, retried. */
  let everAnswered = false;
  let interval = { value: 0, readAt: Number.NEGATIVE_INFINITY };

  // When nobody watches anything any more, the reads still in flight are cut and the loop ends.
  const watches = new LaneWatches(deps.now, deps.logger, () => {
    due.clear();
    if (reading > 0) {
      reads.abort();
      reads = readsController();
    }
    pause.wake();
  });

  const intervalMs = (now: number) => {
    if (now - interval.readAt >= INTERVAL_REFRESH_MS)
      interval = { value: settings.intervalMs(), readAt: now };
    return interval.value;
  };

  /** Runs the loop, or wakes it when `at` (epoch ms) comes sooner than it planned to look again. */
  function kick(at = Number.NEGATIVE_INFINITY): void {
    if (disposed || watches.size === 0) return;
    if (!running) void runLane();
    else if (at < plannedWakeAt) pause.wake();
  }

  function schedule(entry: LaneEntry, at: number): void {
    entry.nextAt = at;
    due.push(at, entry);
    kick(at);
  }

  /** The entry whose read is due first, dropping heap nodes of entries nobody watches any more. */
  function firstDue(): LaneEntry | undefined {
    for (let entry = due.peek(); entry !== undefined; entry = due.peek()) {
      if (!entry.removed) return entry;
      due.pop();
    }
    return undefined;
  }

  async function runLane(): Promise<void> {
    running = true;
    try {
      while (!disposed && watches.size > 0) {
        const now = deps.now();
        let wakeAt = watches.expire(now);
        if (watches.size === 0) break;
        const entry = firstDue();
        const window = inFlightWindow(watches.size, intervalMs(now), latencyMs, maxInFlight);
        waitingForSlot = entry !== undefined && reading >= window;
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
      if (watches.size === 0 || disposed) pause.stop();
    }
  }

  function startRead(entry: LaneEntry, startedAt: number): void {
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
      latencyMs += (deps.now() - startedAt - latencyMs) / 8; // round trip, smoothed
    };
    read
      .then(
        (result) => {
          done();
          onRead(entry, result, startedAt);
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

  function onRead(entry: LaneEntry, result: StatusResult, startedAt: number): void {
    const now = deps.now();
    everAnswered = true;
    budget.answered(startedAt, now);
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
    watches.notify(entry, job);
    if (isTerminal(job.state)) {
      warnedUnknown.delete(entry.key);
      watches.settle(entry, { job, end: 'terminal' });
    } else if (!entry.removed) {
      // One read per interval on the job's own grid: counted from when this read was due, so neither
      // its round trip nor a start a little late (up to 250 ms) stretches the next; a later start (a
      // cool-down, a backlog) moves the grid instead of bunching reads up.
      const interval = intervalMs(now);
      const next = Math.max(entry.nextAt + interval, startedAt + interval - GRID_SLACK_MS);
      schedule(entry, Math.max(next, now + (result.retryAfterMs ?? 0)));
    }
  }

  /** A 429 teaches the budget; any other HTTP answer counts as one the provider accepted. */
  function learn(error: unknown, startedAt: number, now: number): void {
    if (isHttpError(error)) everAnswered = true;
    if (isRateLimitError(error)) {
      if (!budget.pushedBack(startedAt, now, error.retryAfterMs)) return;
      const { perSecond, coolingUntil } = budget.state;
      deps.logger.info(
        `${client.provider} pushed back (429); status reads paced at ${perSecond.toFixed(1)}/s`,
        {
          resumeInMs: coolingUntil - now,
        },
      );
    } else if (isHttpError(error)) {
      budget.answered(startedAt, now);
    }
  }

  function onReadError(entry: LaneEntry, error: unknown, startedAt: number): void {
    const now = deps.now();
    learn(error, startedAt, now);
    if (entry.removed) return;
    const kind = classifyStatusError(error);
    if (kind === 'abort') return;
    if (kind === 'gone') {
      const job = expiredJob(entry.ref, entry.job, error as HttpError, now);
      entry.job = job;
      watches.notify(entry, job);
      warnedUnknown.delete(entry.key);
      watches.settle(entry, { job, end: 'terminal' });
      return;
    }
    if (kind === 'fatal') {
      watches.fail(entry, error);
      return;
    }
    entry.failures++;
    if (
      !everAnswered &&
      isNetworkError(error) &&
      error.code === 'ENOTFOUND' &&
      entry.failures >= UNRESOLVED_HOST_TRIES
    ) {
      watches.fail(entry, unresolvedHost(error, entry.failures));
      return;
    }
    const backoff = (attempt: number) =>
      backoffDelay(attempt, settings.backoffBaseMs(), settings.backoffCapMs(), deps.random);
    if (isRateLimitError(error)) {
      // Not the job's fault: it is read once the shared cool-down ends (backing off only if it repeats).
      schedule(
        entry,
        Math.max(budget.state.coolingUntil, now + (entry.failures > 1 ? backoff(entry.failures - 1) : 0)),
      );
      return;
    }
    const delayMs = Math.max(backoff(entry.failures), (error as { retryAfterMs?: number }).retryAfterMs ?? 0);
    schedule(entry, now + delayMs);
    deps.logger.warn('Status read failed; retrying', {
      ref: entry.key,
      attempt: entry.failures,
      delayMs,
      error: error instanceof Error ? error.message : String(error),
    });
  }

  /**
   * When a new watch first reads its job: now, or, when the last known state was read (or the job
   * submitted) less than an interval ago, once that interval is over. A job just submitted is known to
   * be queued: reading it at once would cost a read per job and tell nothing new. `readNow` (a
   * refresh): now.
   */
  function firstReadAt(initial: Job | undefined, readNow: boolean | undefined): number {
    const now = deps.now();
    if (readNow === true) return now;
    const readAt = initial === undefined ? Number.NaN : Date.parse(initial.updatedAt);
    if (!Number.isFinite(readAt) || readAt > now) return now;
    return Math.max(now, readAt + settings.intervalMs());
  }

  return {
    get size() {
      return watches.size;
    },
    budget,
    watch(ref, key, watchOptions) {
      if (disposed) return Promise.reject(abortError());
      const known = watches.entries.get(key)?.job ?? watchOptions.initial;
      if (known) {
        try {
          watchOptions.onUpdate?.(known);
        } catch (error) {
          deps.logger.error('onUpdate listener threw', { ref: key, error: String(error) });
        }
      }
      if (known && isTerminal(known.state)) return Promise.resolve({ job: known, end: 'terminal' });
      const { entry, fresh } = watches.entryFor(
        ref,
        key,
        watchOptions.initial,
        firstReadAt(watchOptions.initial, watchOptions.readNow),
      );
      const outcome = watches.add(entry, watchOptions);
      if (fresh) schedule(entry, entry.nextAt);
      else kick(watchOptions.deadline ?? Number.POSITIVE_INFINITY);
      return outcome;
    },
    stop(key) {
      const entry = watches.entries.get(key);
      if (entry) watches.settle(entry, { job: watches.jobOf(entry), end: 'deadline' });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      watches.abortAll();
      reads.abort();
      pause.stop();
    },
  };
}
