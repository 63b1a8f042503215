import { abortError, type Deps } from '../deps.js';
import { UsageError } from '../errors/usage-error.js';
import type { Job, ProviderName } from '../job.js';
import { formatJobRef, type JobRef } from '../job-ref.js';
import type { ProviderClient } from '../provider.js';
import type { ProviderLimitsMap, WatchOptions, WatchOutcome } from '../runner/types.js';
import { type BackoffOptions, DEFAULT_BACKOFF_CAP_MS } from './backoff.js';
import { createPollLane, type PollLane } from './poll-lane.js';
import type { StatusBudgetState } from './status-budget.js';

/** Pause between two reads of one job, in ms, unless the server's Retry-After is longer (5000, as LTX advises). */
export const DEFAULT_POLL_INTERVAL_MS = 5000;
/**
 * Most status reads of one provider in flight at once (64). The loop keeps fewer: as many as the jobs,
 * the interval and the measured round trip need (1,000 jobs at 5 s over 20 ms: 7).
 */
export const DEFAULT_MAX_IN_FLIGHT = 64;

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
  /**
   * Per-provider limits. `statusRequestsPerSecond` is a fixed ceiling; without it (the default) each
   * provider's budget is learned from its 429s (see `createStatusBudget`).
   */
  limits?: ProviderLimitsMap | undefined;
  /** Backoff after transient errors. Default: base = `intervalMs`, cap 60 s. */
  backoff?: BackoffOptions | undefined;
  /** Most status reads of one provider in flight at once. Default {@link DEFAULT_MAX_IN_FLIGHT} (64). */
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
  /** What the budget of `provider` has learned so far (undefined before its first watch). */
  budgetOf(provider: ProviderName): StatusBudgetState | undefined;
  /** Rejects every watch with AbortError and cuts every read in flight. */
  dispose(): void;
}

/**
 * Creates the shared poll scheduler: one awaited loop per provider (never a timer per job) that reads
 * the job whose turn is next. Each job is read again `intervalMs` after its last read was due (or
 * after the server's Retry-After, if later), so its round trip does not stretch the interval: the
 * interval decides, not a budget, until the provider pushes back. A 429 starts one cool-down for all
 * of that provider's jobs and from then on its reads are paced at a rate learned by additive increase
 * and multiplicative decrease. Other transient errors (5xx, network, timeout) back off exponentially
 * with jitter (reset after a success); 404 makes the job `expired`; an `unknown` state is logged once
 * per job and polled at the normal pace.
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
        options.limits?.[provider]?.statusRequestsPerSecond ?? Number.POSITIVE_INFINITY,
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
    budgetOf(provider) {
      return lanes.get(provider)?.budget.state;
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
