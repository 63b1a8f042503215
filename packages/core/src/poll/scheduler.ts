import { abortError, type Deps } from '../deps.js';
import { UsageError } from '../errors/usage-error.js';
import type { Job, ProviderName } from '../job.js';
import { formatJobRef, type JobRef } from '../job-ref.js';
import type { ProviderClient } from '../provider.js';
import type { ProviderLimitsMap, WatchOptions, WatchOutcome } from '../runner/types.js';
import { type BackoffOptions, DEFAULT_BACKOFF_CAP_MS } from './backoff.js';
import { createPollLane, type PollLane } from './poll-lane.js';
import { DEFAULT_STATUS_REQUESTS_PER_SECOND } from './request-budget.js';

/** Pause between two reads of one job, in ms, unless the server's Retry-After is longer (5000, as LTX advises). */
export const DEFAULT_POLL_INTERVAL_MS = 5000;
/** Status reads of one provider in flight at once (4). */
export const DEFAULT_MAX_IN_FLIGHT = 4;

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

/**
 * Creates the shared poll scheduler: one awaited loop per provider (never a timer per job) that reads
 * the job whose turn is next, spacing reads by the provider's `statusRequestsPerSecond` (default 2).
 * Each job is read again after max(`intervalMs`, server Retry-After); transient errors (5xx, 429,
 * network, timeout) back off exponentially with jitter (reset after a success); 404 makes the job
 * `expired`; an `unknown` state is logged once per job and polled at the normal pace.
 */
export function createPollScheduler(options: PollSchedulerOptions): PollScheduler {
  const interval = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const intervalMs = () => {
    const value = typeof interval === 'function' ? interval() : interval;
    return Number.isFinite(value) && value > 0 ? value : DEFAULT_POLL_INTERVAL_MS;
  };
  const lanes = new Map<ProviderName, PollLane>();
  const warnedUnknown = new Set<string>();
  let disposed = false;

  function laneFor(provider: ProviderName): PollLane {
    let lane = lanes.get(provider);
    if (lane) return lane;
    const client = options.clients[provider];
    if (!client) throw new UsageError(`No client configured for provider "${provider}"`);
    lane = createPollLane(client, {
      deps: options.deps,
      intervalMs,
      backoffBaseMs: () => options.backoff?.baseMs ?? intervalMs(),
      backoffCapMs: () => Math.max(options.backoff?.capMs ?? DEFAULT_BACKOFF_CAP_MS, intervalMs()),
      maxInFlight: Math.max(1, options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT),
      statusRequestsPerSecond:
        options.limits?.[provider]?.statusRequestsPerSecond ?? DEFAULT_STATUS_REQUESTS_PER_SECOND,
      warnedUnknown,
    });
    lanes.set(provider, lane);
    return lane;
  }

  return {
    get size() {
      let total = 0;
      for (const lane of lanes.values()) total += lane.size;
      return total;
    },
    watch(ref, watchOptions = {}) {
      if (disposed) return Promise.reject(abortError());
      if (watchOptions.signal?.aborted) return Promise.reject(abortError(watchOptions.signal));
      try {
        return laneFor(ref.provider).watch(ref, formatJobRef(ref), watchOptions);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    stop(ref) {
      const key = typeof ref === 'string' ? ref : formatJobRef(ref);
      for (const lane of lanes.values()) lane.stop(key);
    },
    dispose() {
      disposed = true;
      for (const lane of lanes.values()) lane.dispose();
    },
  };
}
