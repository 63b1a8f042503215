import { hasErrorName, LtxJobsError } from '../errors/ltx-jobs-error.js';
import { formatUsd } from './format.js';

/** A submit refused before anything was sent because its estimate is above a limit the user set. */
export class CostLimitError extends LtxJobsError {
  constructor(
    message: string,
    /** Which limit: `--max-cost` / `ltxJobs.confirmAbove` style per-run cap, or the daily budget. */
    readonly limit: 'max-cost' | 'daily-budget',
  ) {
    super(message, 'cost-limit');
    this.name = 'CostLimitError';
  }
}

/** True for a {@link CostLimitError}. */
export const isCostLimitError = (e: unknown): e is CostLimitError => hasErrorName(e, 'CostLimitError');

/**
 * Refuses (throws {@link CostLimitError}) when `usd` more would take today's estimated spend over the
 * daily budget. The message says how much is left, e.g. `daily budget $5.00: $4.82 spent today
 * (estimated), $0.18 left; this submit ≈ $0.54. Nothing was sent`.
 */
export function checkDailyBudget(
  budgetUsd: number,
  spentTodayUsd: number,
  usd: number,
  what = 'this submit',
): void {
  if (spentTodayUsd + usd <= budgetUsd + 1e-9) return;
  const left = Math.max(0, budgetUsd - spentTodayUsd);
  throw new CostLimitError(
    `Daily budget ${formatUsd(budgetUsd)}: ${formatUsd(spentTodayUsd)} spent today (estimated), ${formatUsd(left)} left; ${what} ≈ ${formatUsd(usd)}. Nothing was sent`,
    'daily-budget',
  );
}

/** Refuses (throws {@link CostLimitError}) a run whose total estimate is above `maxUsd`. */
export function checkMaxCost(maxUsd: number, totalUsd: number): void {
  if (totalUsd <= maxUsd + 1e-9) return;
  throw new CostLimitError(
    `The estimated total ${formatUsd(totalUsd)} is above --max-cost ${formatUsd(maxUsd)}. Nothing was sent`,
    'max-cost',
  );
}
