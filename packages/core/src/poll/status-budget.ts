/** Share of the accepted rate kept at the first pushback, which learns the limit: 0.9. */
export const BUDGET_FIRST_DECREASE = 0.9;
/** Share of the current rate kept at every later pushback (multiplicative decrease): 0.95. */
export const BUDGET_DECREASE = 0.95;
/**
 * Additive increase per second while the budget holds reads back, as a share of the rate the provider
 * last accepted (its plateau): 1 % while below {@link BUDGET_RECOVER_TO} of it (a cut by noise heals
 * in a few seconds), 0.1 % above that (probing for more is slow, so genuine 429s stay rare).
 */
export const BUDGET_RECOVER_SHARE = 0.01;
export const BUDGET_PROBE_SHARE = 0.001;
/** Smallest additive step, reads/s per second. */
export const BUDGET_MIN_STEP = 0.02;
/** Slowest pace the budget goes down to, reads/s (one read every 5 s). */
export const BUDGET_MIN_RATE = 0.2;
/** Cool-down after a 429 without Retry-After: 1 s, doubled per pushback in a row, at most 60 s. */
export const BUDGET_DEFAULT_COOL_MS = 1000;
/**
 * How late paced starts may run and still keep their pace (catch up), ms: 50. Kept small: a catch-up
 * burst adds to what a sliding one-second window at the provider counts.
 */
export const BUDGET_CATCH_UP_MS = 50;
/** Share of the plateau the rate climbs back to fast after a cut, before probing slowly: 0.96. */
export const BUDGET_RECOVER_TO = 0.96;
/** A learned rate is forgotten (back to unpaced) after this long without a pushback: 10 min. */
export const BUDGET_FORGET_AFTER_MS = 10 * 60_000;

/** What a budget is doing, for logs and the bench. */
export interface StatusBudgetState {
  /** Reads per second allowed now; Infinity while the provider has not pushed back. */
  perSecond: number;
  /** Epoch ms until which no read starts (shared cool-down after a 429). */
  coolingUntil: number;
  /** 429s seen so far. */
  pushbacks: number;
}

/**
 * One provider's status-read budget, learned from the provider itself: unpaced until the first 429
 * (so the poll interval alone decides when a job is read), then additive increase / multiplicative
 * decrease around the rate the provider accepts. A 429 starts one cool-down (its Retry-After, else
 * 1 s doubling) that holds back every read of the provider, and cuts the rate: the first time to 90 %
 * of the reads the provider accepted in the second before the refused one (counted again when the
 * cool-down ends, once the reads that were in flight have come back), later to 95 % of the current
 * rate (once per pushback: reads already in flight do not cut it again). Between pushbacks the rate
 * climbs back fast to 96 % of the plateau (the rate last accepted) and probes above it slowly. It only
 * keeps time; the poll loop does the waiting.
 */
export interface StatusBudget {
  /** Epoch ms at which the next read may start (never before the cool-down ends). */
  nextStartAt(now: number): number;
  /**
   * Marks a read as started at `now`; `heldBack` says the budget (not the job's interval) delayed it,
   * which is when the rate creeps up.
   */
  started(now: number, heldBack: boolean): void;
  /** The provider answered a read started at `startedAt` (anything but a 429): it counts as accepted. */
  answered(startedAt: number, now: number): void;
  /**
   * The provider answered 429 to a read started at `startedAt`. Returns true when this cut the rate
   * (the first pushback for reads started since the last cut).
   */
  pushedBack(startedAt: number, now: number, retryAfterMs: number | undefined): boolean;
  readonly state: StatusBudgetState;
}

/**
 * Creates a {@link StatusBudget}. `maxPerSecond` is a fixed ceiling a user configured (default: none);
 * the learned rate never goes above it.
 */
export function createStatusBudget(maxPerSecond = Number.POSITIVE_INFINITY): StatusBudget {
  if (!(maxPerSecond > 0)) throw new RangeError(`statusRequestsPerSecond must be > 0, got ${maxPerSecond}`);
  let rate = maxPerSecond;
  /** The rate the provider last accepted: the measured one, or the rate a later pushback cut. */
  let plateau = Number.POSITIVE_INFINITY;
  let nextPacedAt = Number.NEGATIVE_INFINITY;
  let coolingUntil = Number.NEGATIVE_INFINITY;
  let lastCutAt = Number.NEGATIVE_INFINITY;
  let lastStartAt = Number.NEGATIVE_INFINITY;
  let inARow = 0;
  let pushbacks = 0;
  /** The first pushback's second, counted again once its reads in flight have come back. */
  let relearn: { at: number; from: number; to: number } | undefined;
  // Start times of the reads answered in the last 3 s, in the order they came back (oldest at `head`).
  const starts: number[] = [];
  const answeredAt: number[] = [];
  let head = 0;

  const forget = (now: number) => {
    while (head < answeredAt.length && (answeredAt[head] as number) <= now - 3000) head++;
    if (head > 1024 && head * 2 > answeredAt.length) {
      starts.splice(0, head);
      answeredAt.splice(0, head);
      head = 0;
    }
  };
  /** Answered reads that started in (from, to]. */
  const acceptedBetween = (from: number, to: number) => {
    let count = 0;
    for (let i = head; i < starts.length; i++) {
      const at = starts[i] as number;
      if (at > from && at <= to) count++;
    }
    return count;
  };
  const setRate = (value: number) => {
    rate = Math.max(BUDGET_MIN_RATE, Math.min(value, maxPerSecond));
  };
  /** Reads/s gained per second of holding reads back (see {@link BUDGET_RECOVER_SHARE}). */
  const step = () =>
    Math.max(
      BUDGET_MIN_STEP,
      plateau * (rate < BUDGET_RECOVER_TO * plateau ? BUDGET_RECOVER_SHARE : BUDGET_PROBE_SHARE),
    );

  return {
    nextStartAt(now) {
      if (relearn !== undefined && now >= relearn.at) {
        const accepted = acceptedBetween(relearn.from, relearn.to);
        plateau = Math.max(plateau, accepted);
        setRate(Math.max(rate, accepted * BUDGET_FIRST_DECREASE));
        relearn = undefined;
      }
      if (Number.isFinite(rate) && rate < maxPerSecond && now - lastCutAt > BUDGET_FORGET_AFTER_MS) {
        rate = maxPerSecond;
        plateau = Number.POSITIVE_INFINITY;
      }
      return Math.max(coolingUntil, nextPacedAt);
    },
    started(now, heldBack) {
      if (heldBack && Number.isFinite(rate) && rate < maxPerSecond) {
        // Additive increase for the time the budget held reads back (at most 1 s at a time).
        rate = Math.min(maxPerSecond, rate + (step() * Math.min(1000, now - lastStartAt)) / 1000);
      }
      lastStartAt = now;
      if (Number.isFinite(rate)) {
        // Starts that come a little late (timer slack) keep their pace, so the rate is not lost to
        // lateness; after a longer pause the pace starts again from now.
        const spacing = 1000 / rate;
        nextPacedAt =
          (nextPacedAt >= now - Math.max(spacing, BUDGET_CATCH_UP_MS) ? nextPacedAt : now) + spacing;
      }
    },
    answered(startedAt, now) {
      inARow = 0;
      starts.push(startedAt);
      answeredAt.push(now);
      forget(now);
    },
    pushedBack(startedAt, now, retryAfterMs) {
      pushbacks++;
      inARow++;
      const coolMs = retryAfterMs ?? Math.min(60_000, BUDGET_DEFAULT_COOL_MS * 2 ** Math.min(6, inARow - 1));
      coolingUntil = Math.max(coolingUntil, now + coolMs);
      if (startedAt <= lastCutAt) return false;
      // The first pushback learns the rate from what the provider accepted; later ones cut the current
      // rate (a short burst after a stall must not cut it to what a stall allowed).
      if (Number.isFinite(rate)) {
        // Refused at (or above) the plateau: that is the edge. Refused well below it (noise, or the
        // provider lowered its limit): the plateau comes down a little, and again if it repeats.
        plateau = rate >= BUDGET_RECOVER_TO * plateau ? rate : Math.max(rate, plateau * BUDGET_DECREASE);
        setRate(rate * BUDGET_DECREASE);
      } else {
        forget(now);
        plateau = acceptedBetween(startedAt - 1000, startedAt);
        setRate(plateau * BUDGET_FIRST_DECREASE);
        relearn = { at: coolingUntil, from: startedAt - 1000, to: startedAt };
      }
      lastCutAt = now;
      nextPacedAt = Math.max(nextPacedAt, coolingUntil);
      return true;
    },
    get state() {
      return { perSecond: rate, coolingUntil, pushbacks };
    },
  };
}
