import type { LoadedRequest } from './request-source.js';
import type { EstimateView } from './schemas.js';

/**
 * The cost estimate of a valid request, for the agent. PLACEHOLDER until core's `estimateCost`
 * (packages/core/src/cost) lands: says plainly that no estimate is available.
 */
export async function estimateView(_loaded: LoadedRequest): Promise<EstimateView> {
  const reason = 'cost estimates are not available in this build';
  return { known: false, reason, text: `unknown (${reason})` };
}
