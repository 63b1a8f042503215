import { z } from 'zod';

/** A price estimate: never a bill (LTX reports no charge), with the table's date. */
export const KnownCostSchema = z.object({
  /** Estimated USD; with a range (`duration: null`), the most it can cost (`high`). */
  usd: z.number().nonnegative(),
  /** Bounds when the billed length is not known before the job runs. */
  low: z.number().nonnegative().optional(),
  high: z.number().nonnegative().optional(),
  basis: z.enum(['output seconds', 'input seconds', 'generated seconds']),
  exact: z.literal(false),
  /** When the price table was checked, e.g. `2026-11`. */
  tableDate: z.string(),
  /** Billed seconds (the upper bound with a range) and the rate applied. */
  seconds: z.number().nonnegative().optional(),
  usdPerSecond: z.number().nonnegative().optional(),
  /** Price tier, e.g. `720p`, `up-to-1080p`. */
  tier: z.string().optional(),
});
/** A known estimate. */
export type KnownCost = z.infer<typeof KnownCostSchema>;

/** No estimate, and why (no price for the combination, the input's length cannot be read, ...). */
export const UnknownCostSchema = z.object({ unknown: z.string() });
export type UnknownCost = z.infer<typeof UnknownCostSchema>;

/** What `estimateCost` returns and the ledger keeps with each job (`JobRecord.estimate`). */
export const CostEstimateSchema = z.union([KnownCostSchema, UnknownCostSchema]);
export type CostEstimate = z.infer<typeof CostEstimateSchema>;

/** True for an estimate with a figure. */
export function isKnownCost(estimate: CostEstimate | undefined): estimate is KnownCost {
  return estimate !== undefined && 'usd' in estimate;
}
