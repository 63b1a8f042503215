import type { CostEstimate } from './types.js';

/** `$0.18`, `$12.50`; amounts under a cent keep their first significant digits (`$0.004`). */
export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.01) return `$${Number(usd.toPrecision(2))}`;
  return `$${usd.toFixed(2)}`;
}

/**
 * The estimate as people read it: `≈ $0.54`, `≈ $0.18–$1.80` for a range, `cost unknown` without a
 * figure. Used by the CodeLens, notifications, the CLI and the tree tooltip.
 */
export function formatEstimate(estimate: CostEstimate | undefined): string {
  if (!estimate || 'unknown' in estimate) return 'cost unknown';
  if (estimate.low !== undefined && estimate.high !== undefined && estimate.low !== estimate.high) {
    return `≈ ${formatUsd(estimate.low)}–${formatUsd(estimate.high)}`;
  }
  return `≈ ${formatUsd(estimate.usd)}`;
}

/**
 * One line that says how the figure was made, e.g. `6 s × $0.03/s (output seconds, 720p; prices of
 * 2026-11; an estimate, not a bill)`, or the reason there is none.
 */
export function explainEstimate(estimate: CostEstimate): string {
  if ('unknown' in estimate) return `No estimate: ${estimate.unknown}`;
  const seconds =
    estimate.seconds === undefined
      ? ''
      : `${estimate.low !== undefined ? 'up to ' : ''}${round(estimate.seconds)} s × `;
  const rate = estimate.usdPerSecond === undefined ? '' : `${formatUsd(estimate.usdPerSecond)}/s `;
  const tier = estimate.tier === undefined ? '' : `, ${estimate.tier}`;
  return `${formatEstimate(estimate)}: ${seconds}${rate}(${estimate.basis}${tier}; prices of ${estimate.tableDate}; an estimate, not a bill)`;
}

const round = (n: number) => Math.round(n * 100) / 100;
