/** Status reads per second per provider when nothing else is configured (2). */
export const DEFAULT_STATUS_REQUESTS_PER_SECOND = 2;

/**
 * Spaces one provider's status reads evenly: at most `perSecond` reads per second, i.e. one read every
 * `1000 / perSecond` ms, with no bursts. It only keeps time; the scheduler's loop does the waiting.
 */
export interface RequestBudget {
  /** Epoch ms at which the next read may start. */
  readonly nextAllowedAt: number;
  /** Marks a read as started at `now` (epoch ms). */
  consume(now: number): void;
}

/** Creates a {@link RequestBudget}; `perSecond` must be > 0 (Infinity disables spacing). */
export function createRequestBudget(perSecond: number): RequestBudget {
  if (!(perSecond > 0)) throw new RangeError(`statusRequestsPerSecond must be > 0, got ${perSecond}`);
  const spacingMs = Number.isFinite(perSecond) ? 1000 / perSecond : 0;
  let nextAllowedAt = Number.NEGATIVE_INFINITY;
  return {
    get nextAllowedAt() {
      return nextAllowedAt;
    },
    consume(now) {
      nextAllowedAt = Math.max(now, nextAllowedAt) + spacingMs;
    },
  };
}
