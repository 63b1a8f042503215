import { estimateCost } from '../cost/estimate.js';
import { explainEstimate, formatEstimate } from '../cost/format.js';
import { type CostEstimate, isKnownCost } from '../cost/types.js';
import type { LoadedRequest } from './request-source.js';
import type { EstimateView } from './schemas.js';

/** A request's estimate as core's `estimateCost` made it (kept in the ledger) and as the agent sees it. */
export interface RequestEstimate {
  cost: CostEstimate;
  view: EstimateView;
}

/** The agent's view of an estimate: the figures, or why there are none, and one line that explains it. */
export function estimateViewOf(cost: CostEstimate): EstimateView {
  if (!isKnownCost(cost))
    return { known: false, reason: cost.unknown, amount: formatEstimate(cost), text: explainEstimate(cost) };
  return {
    known: true,
    usd: cost.usd,
    ...(cost.low === undefined ? {} : { low: cost.low }),
    ...(cost.high === undefined ? {} : { high: cost.high }),
    basis: cost.basis,
    tableDate: cost.tableDate,
    amount: formatEstimate(cost),
    text: explainEstimate(cost),
  };
}

/**
 * Estimates a valid request with core's {@link estimateCost} (price table, and the length of its input
 * media read from the files, relative to the request's folder).
 */
export async function estimateLoadedRequest(loaded: LoadedRequest): Promise<RequestEstimate> {
  const cost = await estimateCost(loaded.file, { baseDir: loaded.baseDir });
  return { cost, view: estimateViewOf(cost) };
}
