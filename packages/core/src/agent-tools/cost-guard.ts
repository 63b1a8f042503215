import { createHash } from 'node:crypto';
import { formatUsd } from '../cost/format.js';
import { canonicalJson } from '../ledger/hash.js';
import type { LoadedRequest } from './request-source.js';
import type { EstimateView } from './schemas.js';

/**
 * The quote id of an estimate for one exact request: a hash of the provider, endpoint, request body
 * (as written) and the estimate's figures. The same request with the same estimate always gets the
 * same id, in any process, so `ltx_submit` can check that the call confirms what the agent was shown;
 * a changed request or a changed price gives another id.
 */
export function quoteOf(loaded: LoadedRequest, estimate: EstimateView): string {
  const { provider, endpoint, request } = loaded.file;
  const figures = estimate.known
    ? { usd: estimate.usd, low: estimate.low, high: estimate.high, tableDate: estimate.tableDate }
    : { unknown: estimate.reason };
  const digest = createHash('sha256')
    .update(canonicalJson({ provider, endpoint, request, figures }))
    .digest('hex');
  return `q-${digest.slice(0, 16)}`;
}

/** A cost limit and where it comes from (shown in the refusal), e.g. `--max-cost`. */
export interface CostLimit {
  usd: number;
  from: string;
}

/** The tighter of several limits; undefined when none is set. */
export function tightestLimit(...limits: (CostLimit | undefined)[]): CostLimit | undefined {
  let tightest: CostLimit | undefined;
  for (const limit of limits) {
    if (limit !== undefined && (tightest === undefined || limit.usd < tightest.usd)) tightest = limit;
  }
  return tightest;
}

/** The highest the estimate may reach: `high` of a range, else `usd`; undefined when unknown. */
export function worstCase(estimate: EstimateView): number | undefined {
  return estimate.known ? (estimate.high ?? estimate.usd) : undefined;
}

/**
 * Why a submit must not go ahead, or undefined when it may: with a limit set, an estimate above it or
 * an unknown estimate is refused unless `confirmQuote` is this request's current quote. A wrong quote
 * (another request, an older price) is refused even without a limit, since the call meant to confirm
 * something it was not shown.
 */
export function costRefusal(
  estimate: EstimateView,
  quote: string,
  limit: CostLimit | undefined,
  confirmQuote: string | undefined,
): string | undefined {
  const retry = `Nothing was sent. To submit it anyway, call ltx_submit again with the same request and confirmQuote: "${quote}".`;
  if (confirmQuote !== undefined && confirmQuote !== quote) {
    return `confirmQuote "${confirmQuote}" is not the quote of this request (its estimate now: ${estimate.amount}, quote "${quote}"); the request or the price changed since that quote was given. ${retry}`;
  }
  if (limit === undefined || confirmQuote === quote) return undefined;
  const high = worstCase(estimate);
  if (high === undefined) {
    return `The cost of this request cannot be estimated (${estimate.reason ?? 'unknown'}) and a cost limit of ${formatUsd(limit.usd)} is set (${limit.from}). ${retry}`;
  }
  if (high <= limit.usd) return undefined;
  return `The estimate ${estimate.amount} (${estimate.basis}) is above the cost limit of ${formatUsd(limit.usd)} (${limit.from}). ${retry}`;
}
