import { formatUsd } from '../cost/format.js';
import { type CostEstimate, isKnownCost } from '../cost/types.js';
import type { RunTotal } from './run-record.js';

/** The total of several estimates: `usd`, `low` and `high` sum the known ones, `unknown` counts the rest. */
export function sumEstimates(estimates: readonly (CostEstimate | undefined)[]): RunTotal {
  const total = { usd: 0, low: 0, high: 0, unknown: 0 };
  for (const estimate of estimates) {
    if (!isKnownCost(estimate)) total.unknown++;
    else {
      total.usd += estimate.usd;
      total.low += estimate.low ?? estimate.usd;
      total.high += estimate.high ?? estimate.usd;
    }
  }
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  return { usd: round(total.usd), low: round(total.low), high: round(total.high), unknown: total.unknown };
}

/**
 * `≈ $0.72`, `≈ $0.40–$0.80`, with `+ 2 of unknown cost` when some jobs have no estimate; `cost
 * unknown` when none has.
 */
export function formatRunTotal(total: RunTotal): string {
  if (total.unknown > 0 && total.low === 0 && total.high === 0) return 'cost unknown';
  const range =
    total.low !== total.high ? `${formatUsd(total.low)}–${formatUsd(total.high)}` : formatUsd(total.usd);
  return `≈ ${range}${total.unknown > 0 ? ` + ${total.unknown} of unknown cost` : ''}`;
}
