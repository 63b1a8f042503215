const BRAND = Symbol.for('ltx-jobs.error');

/**
 * What went wrong, coarse enough to pick an exit code or a message from. Every error the core throws
 * on purpose is an {@link LtxJobsError} with one of these kinds.
 */
export type ErrorKind =
  | 'usage'
  | 'config'
  | 'validation'
  | 'duplicate'
  | 'auth'
  | 'rate-limit'
  | 'not-found'
  | 'server'
  | 'http'
  | 'network'
  | 'timeout'
  | 'job-failed'
  /** A submit refused before sending: its estimate is above --max-cost or the daily budget. */
  | 'cost-limit';

/** Base of the core's error family. Guards use the brand and `name`, which survive bundling. */
export class LtxJobsError extends Error {
  readonly kind: ErrorKind;
  readonly [BRAND] = true;

  constructor(message: string, kind: ErrorKind, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LtxJobsError';
    this.kind = kind;
  }
}

/** True for any error of the family, even across bundle copies of this module. */
export function isLtxJobsError(error: unknown): error is LtxJobsError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

/** True when `error` belongs to the family and has the given `name`. */
export function hasErrorName<T extends LtxJobsError>(error: unknown, name: string): error is T {
  return isLtxJobsError(error) && error.name === name;
}
