import { type HttpError, isRateLimitError } from '../errors/http-error.js';
import type { Job } from '../job.js';
import type { JobRef } from '../job-ref.js';
import { isTerminal } from '../job-states.js';
import { backoffDelay, classifyStatusError, DEFAULT_BACKOFF_CAP_MS } from '../poll/backoff.js';
import { expiredJob, placeholderJob } from '../poll/job-states.js';
import type { ProviderClient } from '../provider.js';

/** Where a job's polling stands between two {@link pollOnce} steps (plain data: a queue can store it). */
export interface PollState {
  /** The last job read, if any. */
  last?: Job | undefined;
  /** Failed reads in a row (for the backoff). */
  failures?: number | undefined;
}

/** The knobs of one {@link pollOnce} step. */
export interface PollStepSettings {
  /** Normal pause between reads of one job, ms (LTX's docs advise 5000). */
  intervalMs: number;
  /** Longest backoff after failed reads, ms. Default {@link DEFAULT_BACKOFF_CAP_MS}. */
  backoffCapMs?: number | undefined;
  /** Epoch ms. Default `Date.now`. */
  now?: (() => number) | undefined;
  /** For the jitter. Default `Math.random`. */
  random?: (() => number) | undefined;
  signal?: AbortSignal | undefined;
}

/** What one status read taught: the job as now known, whether it ended, and when to read it again. */
export interface PollStep {
  job: Job;
  /** True when the job can no longer change (a 404 reads as `expired`, which is terminal). */
  terminal: boolean;
  /** Pause before the next read, ms: the interval (or the server's longer Retry-After), or a backoff. */
  nextPollMs: number;
  /** Failed reads in a row, 0 after a good one: pass it back in the next {@link PollState}. */
  failures: number;
  /** Set when the provider pushed back (429): every read of this provider should pause this long. */
  rateLimitedMs?: number;
  /** The error of a failed read that will be retried (network, 5xx, 429). */
  error?: unknown;
}

/**
 * The single-shot poll step: reads the job once and sorts the answer with the poll engine's own rules
 * (`classifyStatusError`: 404 -> `expired`, 5xx / 429 / network -> retried with backoff and jitter,
 * 401/403 and other 4xx -> thrown; an AbortError is thrown). The local poll engine applies the same
 * rules across many jobs; a team worker calls this in its loop for one job.
 */
export async function pollOnce(
  client: ProviderClient,
  ref: JobRef,
  state: PollState,
  settings: PollStepSettings,
): Promise<PollStep> {
  const now = settings.now ?? Date.now;
  const random = settings.random ?? Math.random;
  try {
    const read = await client.status(ref, settings.signal ? { signal: settings.signal } : {});
    const nextPollMs = Math.max(settings.intervalMs, read.retryAfterMs ?? 0);
    return { job: read.job, terminal: isTerminal(read.job.state), nextPollMs, failures: 0 };
  } catch (error) {
    const kind = classifyStatusError(error);
    if (kind === 'abort' || kind === 'fatal') throw error;
    if (kind === 'gone') {
      const job = expiredJob(ref, state.last, error as HttpError, now());
      return { job, terminal: true, nextPollMs: 0, failures: 0 };
    }
    const failures = (state.failures ?? 0) + 1;
    const backoff = backoffDelay(
      failures,
      settings.intervalMs,
      settings.backoffCapMs ?? DEFAULT_BACKOFF_CAP_MS,
      random,
    );
    const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs ?? 0;
    const nextPollMs = Math.max(backoff, retryAfterMs);
    return {
      job: state.last ?? placeholderJob(ref, now()),
      terminal: false,
      nextPollMs,
      failures,
      error,
      ...(isRateLimitError(error) ? { rateLimitedMs: nextPollMs } : {}),
    };
  }
}
