import type { LtxEndpoint } from '../providers/ltx/endpoints.js';
import { BILLING_BASIS, findPrice, PRICE_TABLE, type PriceTier } from './price-table.js';
import type { CostEstimate } from './types.js';

/** What a price depends on, once the request and its media are read. */
export interface PriceFacts {
  endpoint: LtxEndpoint;
  model: string | null;
  tier: PriceTier;
  /** Billed seconds, or their bounds when the server picks the length. */
  seconds: number | { low: number; high: number };
}

const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

/**
 * The estimate for known facts: rate x seconds from {@link PRICE_TABLE}, or unknown when the table has
 * no row for the endpoint, model and tier. Pure.
 */
export function priceFromFacts(facts: PriceFacts): CostEstimate {
  const row = findPrice(facts.endpoint, facts.model, facts.tier);
  if (!row) {
    const what = facts.model === null ? facts.endpoint : `${facts.model} ${facts.endpoint}`;
    return { unknown: `no known price for ${what} at ${facts.tier} (prices of ${PRICE_TABLE.checked})` };
  }
  const base = {
    basis: BILLING_BASIS[facts.endpoint],
    exact: false as const,
    tableDate: PRICE_TABLE.checked,
    usdPerSecond: row.usdPerSecond,
    tier: facts.tier,
  };
  if (typeof facts.seconds === 'number') {
    return { usd: round(row.usdPerSecond * facts.seconds), ...base, seconds: round(facts.seconds) };
  }
  const low = round(row.usdPerSecond * facts.seconds.low);
  const high = round(row.usdPerSecond * facts.seconds.high);
  return { usd: high, low, high, ...base, seconds: round(facts.seconds.high) };
}
