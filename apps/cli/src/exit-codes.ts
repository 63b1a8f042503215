import { isHttpError, isLtxJobsError } from '@ltx-jobs/core';

/**
 * Exit codes of `ltx-jobs`. Each failure class has its own code so scripts and CI can react
 * (documented in the README's "Exit codes" section).
 */
export const EXIT = {
  /** Every job succeeded and every artifact is on disk (or the command simply worked). */
  ok: 0,
  /** A bug or an error the CLI did not expect. */
  internal: 1,
  /** Bad input: usage, an invalid request file, a malformed job ref, a request the API rejected as invalid. */
  badInput: 2,
  /** Authentication or configuration: a missing/rejected key, an unusable base URL. */
  authConfig: 3,
  /** The provider ran the job and it failed (e.g. `content_filtered_error`) or refused it. */
  jobFailed: 4,
  /** The job (or its artifacts) expired or is unknown to the provider. */
  expired: 5,
  /** Network failure, server errors after retries, or the `--timeout` deadline passed. The job goes on. */
  networkTimeout: 6,
  /** An identical request was submitted before; nothing was sent (use `--allow-duplicate`). */
  duplicate: 7,
  /** The estimated cost is above `--max-cost` or the daily budget (`LTX_JOBS_DAILY_BUDGET`); nothing was sent. */
  costLimit: 8,
  /** Interrupted with Ctrl-C (SIGINT); the job goes on. */
  interrupted: 130,
} as const;

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Severity when several jobs end differently: the highest wins. Problems the user must fix before
 * anything can work (setup, input) outrank the fate of one job; transient trouble ranks lowest.
 */
const SEVERITY: readonly ExitCode[] = [
  EXIT.ok,
  EXIT.networkTimeout,
  EXIT.expired,
  EXIT.jobFailed,
  EXIT.duplicate,
  EXIT.costLimit,
  EXIT.badInput,
  EXIT.authConfig,
  EXIT.internal,
  EXIT.interrupted,
];

/** The worst of several exit codes (see the ranking above); `0` for an empty list. */
export function worstExitCode(codes: readonly ExitCode[]): ExitCode {
  let worst: ExitCode = EXIT.ok;
  for (const code of codes) {
    if (SEVERITY.indexOf(code) > SEVERITY.indexOf(worst)) worst = code;
  }
  return worst;
}

/** Maps any thrown value to the exit code of its class. An AbortError means the user interrupted. */
export function exitCodeForError(error: unknown): ExitCode {
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError') {
    return EXIT.interrupted;
  }
  if (error instanceof AggregateError) return worstExitCode(error.errors.map(exitCodeForError));
  if (!isLtxJobsError(error)) return EXIT.internal;
  // A signed artifact URL refused on download: it has expired (LTX keeps results 24 h), not the key.
  if (isHttpError(error) && error.provider === 'artifact-host' && error.method === 'GET') {
    if ([403, 404, 410].includes(error.status)) return EXIT.expired;
  }
  switch (error.kind) {
    case 'usage':
    case 'validation':
      return EXIT.badInput;
    case 'config':
    case 'auth':
      return EXIT.authConfig;
    case 'duplicate':
      return EXIT.duplicate;
    case 'cost-limit':
      return EXIT.costLimit;
    case 'job-failed':
      return (error as { errorType?: unknown }).errorType === 'expired' ? EXIT.expired : EXIT.jobFailed;
    case 'not-found':
      return EXIT.expired;
    case 'network':
    case 'timeout':
    case 'server':
    case 'rate-limit':
      return EXIT.networkTimeout;
    case 'http': {
      const status = (error as { status?: unknown }).status;
      // 400/413: the API says the request itself is wrong; 402/422/other: it refused the job.
      return status === 400 || status === 413 ? EXIT.badInput : EXIT.jobFailed;
    }
    default:
      return EXIT.internal;
  }
}
