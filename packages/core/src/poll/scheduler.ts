import { abortError, type Deps, isAbortError } from '../deps.js';
import type { HttpError } from '../errors/http-error.js';
import { UsageError } from '../errors/usage-error.js';
import { isTerminal, type Job, type ProviderName } from '../job.js';
import { formatJobRef, type JobRef } from '../job-ref.js';
import type { ProviderClient, StatusResult } from '../provider.js';
import type { ProviderLimitsMap, WatchOptions, WatchOutcome } from '../runner/types.js';
import { type BackoffOptions, backoffDelay, classifyStatusError, DEFAULT_BACKOFF_CAP_MS } from './backoff.js';
import { expiredJob, placeholderJob } from './job-states.js';
import {
  createRequestBudget,
  DEFAULT_STATUS_REQUESTS_PER_SECOND,
  type RequestBudget,
} from './request-budget.js';

/** Pause between two reads of one job, in ms, unless the server's Retry-After is longer (5000, as LTX advises). */
export const DEFAULT_POLL_INTERVAL_MS = 5000;
/** Status reads of one provider in flight at once (4). */
export const DEFAULT_MAX_IN_FLIGHT = 4;
const MAX_TIMER_MS = 2_147_483_647;

/** Options of {@link createPollScheduler}. */
export interface PollSchedulerOptions {
  /** One client per provider the scheduler may poll. */
  clients: Partial<Record<ProviderName, ProviderClient>>;
  deps: Deps;
  /**
   * Normal pause between reads of one job, in ms, or a function read before every wait (a setting that
   * may change). Default {@link DEFAULT_POLL_INTERVAL_MS} (5000).
   */
  intervalMs?: number | (() => number) | undefined;
  /** Per-provider request budget (`statusRequestsPerSecond`, default 2). */
  limits?: ProviderLimitsMap | undefined;
  /** Backoff after transient errors. Default: base = `intervalMs`, cap 60 s. */
  backoff?: BackoffOptions | undefined;
  /** Status reads of one provider in flight at once. Default {@link DEFAULT_MAX_IN_FLIGHT} (4). */
  maxInFlight?: number | undefined;
}

/** Options of one scheduled watch. */
export interface ScheduledWatchOptions extends WatchOptions {
  /** The last known state (from a ledger). A terminal one resolves at once and costs no request. */
  initial?: Job | undefined;
}

/** Many watches sharing one awaited loop per provider, within that provider's request budget. */
export interface PollScheduler {
  /**
   * Polls `ref` until it is terminal (`end: 'terminal'`), its deadline passes or {@link stop} is called
   * (`end: 'deadline'`). Rejects with AbortError on `signal`, with the error itself on 401/403 or another
   * non-retryable answer. Watches of the same ref share one read.
   */
  watch(ref: JobRef, options?: ScheduledWatchOptions): Promise<WatchOutcome>;
  /** Ends every watch of `ref` with `end: 'deadline'` (the job itself goes on) and cuts its read in flight. */
  stop(ref: JobRef | string): void;
  /** Jobs being polled right now. */
  readonly size: number;
  /** Rejects every watch with AbortError and cuts every read in flight. */
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

interface Lane {
  client: ProviderClient;
  budget: RequestBudget;
  entries: Map<string, Entry>;
  running: boolean;
  reading: number;
  wake: AbortController | undefined;
  wakePending: boolean;
}

/**
 * Creates the shared poll scheduler: one awaited loop per provider (never a timer per job) that reads
 * the job whose turn is next, spacing reads by the provider's `statusRequestsPerSecond` (default 2).
 * Each job is read again after max(`intervalMs`, server Retry-After); transient errors (5xx, 429,
 * network, timeout) back off exponentially with jitter (reset after a success); 404 makes the job
 * `expired`; an `unknown` state is logged once per job and polled at the normal pace.
 */
export function createPollScheduler(options: PollSchedulerOptions): PollScheduler {
  const { deps } = options;
  const interval = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const intervalMs = () => {
    const value = typeof interval === 'function' ? interval() : interval;
    return Number.isFinite(value) && value > 0 ? value : DEFAULT_POLL_INTERVAL_MS;
  };
  const baseMs = () => options.backoff?.baseMs ?? intervalMs();
  const capMs = () => Math.max(options.backoff?.capMs ?? DEFAULT_BACKOFF_CAP_MS, intervalMs());
  const maxInFlight = Math.max(1, options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
  const lanes = new Map<ProviderName, Lane>();
  const warnedUnknown = new Set<string>();
  let disposed = false;

  function laneFor(provider: ProviderName): Lane {
    let lane = lanes.get(provider);
    if (lane) return lane;
    const client = options.clients[provider];
    if (!client) throw new UsageError(`No client configured for provider "${provider}"`);
    const perSecond =
      options.limits?.[provider]?.statusRequestsPerSecond ?? DEFAULT_STATUS_REQUESTS_PER_SECOND;
    const budget = createRequestBudget(perSecond);
    lane = {
      client,
      budget,
      entries: new Map(),
      running: false,
      reading: 0,
      wake: undefined,
      wakePending: false,
    };
    lanes.set(provider, lane);
    return lane;
  }

  function wake(lane: Lane): void {
    if (lane.wake) lane.wake.abort();
    else lane.wakePending = true;
    if (!lane.running && lane.entries.size > 0 && !disposed) void runLane(lane);
  }

  async function idle(lane: Lane, ms: number): Promise<void> {
    if (lane.wakePending) {
      lane.wakePending = false;
      return;
    }
    const controller = new AbortController();
    lane.wake = controller;
    try {
      if (Number.isFinite(ms)) await deps.sleep(Math.min(ms, MAX_TIMER_MS), controller.signal);
      else
        await new Promise((resolve) => controller.signal.addEventListener('abort', resolve, { once: true }));
    } catch (error) {
      if (!isAbortError(error)) throw error;
    } finally {
      lane.wake = undefined;
      lane.wakePending = false;
    }
  }

  async function runLane(lane: Lane): Promise<void> {
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
            endWatcher(lane, entry, watcher, { job: jobOf(entry), end: 'deadline' });
          }
          continue;
        }
        const startAt =
          due && lane.reading < maxInFlight ? Math.max(due.nextAt, lane.budget.nextAllowedAt) : Infinity;
        if (due && startAt <= now) {
          lane.budget.consume(now);
          startRead(lane, due);
          continue;
        }
        if (lane.entries.size > 0) await idle(lane, Math.min(startAt, earliestDeadline) - now);
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

  function startRead(lane: Lane, entry: Entry): void {
    const controller = new AbortController();
    entry.inFlight = controller;
    lane.reading++;
    let read: Promise<StatusResult>;
    try {
      read = lane.client.status(entry.ref, { signal: controller.signal });
    } catch (error) {
      read = Promise.reject(error);
    }
    read
      .then(
        (result) => onRead(lane, entry, result),
        (error: unknown) => onReadError(lane, entry, error),
      )
      .catch((error: unknown) => deps.logger.error('Poll result handling failed', { error: String(error) }))
      .finally(() => {
        entry.inFlight = undefined;
        lane.reading--;
        wake(lane);
      });
  }

  function onRead(lane: Lane, entry: Entry, result: StatusResult): void {
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
      settle(lane, entry, { job, end: 'terminal' });
      return;
    }
    entry.nextAt = deps.now() + Math.max(intervalMs(), result.retryAfterMs ?? 0);
  }

  function onReadError(lane: Lane, entry: Entry, error: unknown): void {
    if (lane.entries.get(entry.key) !== entry) return;
    const kind = classifyStatusError(error);
    if (kind === 'gone') {
      const job = expiredJob(entry.ref, entry.job, error as HttpError, deps.now());
      entry.job = job;
      notify(entry, job);
      settle(lane, entry, { job, end: 'terminal' });
    } else if (kind === 'fatal') {
      for (const watcher of [...entry.watchers]) endWatcher(lane, entry, watcher, undefined, error);
    } else {
      entry.failures++;
      const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs ?? 0;
      const delayMs = Math.max(backoffDelay(entry.failures, baseMs(), capMs(), deps.random), retryAfterMs);
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
  function endWatcher(
    lane: Lane,
    entry: Entry,
    watcher: Watcher,
    outcome?: WatchOutcome,
    error?: unknown,
  ): void {
    if (!entry.watchers.delete(watcher)) return;
    watcher.cleanup();
    if (entry.watchers.size === 0 && lane.entries.get(entry.key) === entry) {
      lane.entries.delete(entry.key);
      entry.inFlight?.abort();
      wake(lane);
    }
    if (outcome) watcher.resolve(outcome);
    else watcher.reject(error);
  }

  function settle(lane: Lane, entry: Entry, outcome: WatchOutcome): void {
    if (isTerminal(outcome.job.state)) warnedUnknown.delete(entry.key);
    for (const watcher of [...entry.watchers]) endWatcher(lane, entry, watcher, outcome);
  }

  return {
    get size() {
      let total = 0;
      for (const lane of lanes.values()) total += lane.entries.size;
      return total;
    },
    watch(ref, watchOptions = {}) {
      const { signal, onUpdate, initial } = watchOptions;
      if (disposed) return Promise.reject(abortError());
      if (signal?.aborted) return Promise.reject(abortError(signal));
      let lane: Lane;
      try {
        lane = laneFor(ref.provider);
      } catch (error) {
        return Promise.reject(error);
      }
      const key = formatJobRef(ref);
      let entry = lane.entries.get(key);
      const known = entry?.job ?? initial;
      if (known) onUpdate?.(known);
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
        const onAbort = () => endWatcher(lane, target, watcher, undefined, abortError(signal));
        const watcher: Watcher = {
          deadline: watchOptions.deadline ?? Number.POSITIVE_INFINITY,
          onUpdate,
          resolve,
          reject,
          cleanup: () => signal?.removeEventListener('abort', onAbort),
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        target.watchers.add(watcher);
        wake(lane);
      });
    },
    stop(ref) {
      const key = typeof ref === 'string' ? ref : formatJobRef(ref);
      for (const lane of lanes.values()) {
        const entry = lane.entries.get(key);
        if (entry) settle(lane, entry, { job: jobOf(entry), end: 'deadline' });
      }
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const lane of lanes.values()) {
        for (const entry of [...lane.entries.values()]) {
          for (const watcher of [...entry.watchers])
            endWatcher(lane, entry, watcher, undefined, abortError());
        }
        lane.wake?.abort();
      }
    },
  };
}
