import { createDeps, type Deps } from '../deps.js';
import type { JobRef } from '../job-ref.js';
import type { ProviderClient } from '../provider.js';
import type { WatchOutcome } from '../runner/types.js';
import type { BackoffOptions } from './backoff.js';
import { createPollScheduler, type ScheduledWatchOptions } from './scheduler.js';

/** Options of {@link watchJob}: a watch plus the scheduler knobs for this one job. */
export interface WatchJobOptions extends ScheduledWatchOptions {
  /** Normal pause between reads, in ms (or a function read before every wait). Default 5000. */
  intervalMs?: number | (() => number) | undefined;
  /** A fixed ceiling of status reads per second. Default: none (learned from the provider's 429s). */
  statusRequestsPerSecond?: number | undefined;
  /** Backoff after transient errors. Default: base = `intervalMs`, cap 60 s. */
  backoff?: BackoffOptions | undefined;
}

/**
 * Watches one job with a private {@link createPollScheduler} (the same engine, so the same rules:
 * Retry-After, backoff with jitter, 404 -> expired, unknown logged once, abort, deadline).
 * Use the runner's shared scheduler when several jobs are watched at once.
 */
export async function watchJob(
  client: ProviderClient,
  ref: JobRef,
  options: WatchJobOptions = {},
  deps: Deps = createDeps(),
): Promise<WatchOutcome> {
  const { intervalMs, statusRequestsPerSecond, backoff, ...watchOptions } = options;
  const scheduler = createPollScheduler({
    clients: { [client.provider]: client },
    deps,
    intervalMs,
    backoff,
    limits:
      statusRequestsPerSecond === undefined ? undefined : { [client.provider]: { statusRequestsPerSecond } },
  });
  try {
    return await scheduler.watch(ref, watchOptions);
  } finally {
    scheduler.dispose();
  }
}
