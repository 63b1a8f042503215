import { bytesSource, estimateCost, isKnownCost, MediaReadError, readMediaInfoFrom } from '@ltx-jobs/core';
import type { SimContext } from './sim-context.js';

/**
 * What an LTX submit costs the simulated account: the core's own estimate of the body, with the
 * length of `ltx://uploads/…` media read from the uploaded bytes (data: URIs are decoded; other URLs
 * are not fetched, so their submits cost 0). `0` when no balance is set or the estimate is unknown.
 */
export async function chargeOf(
  ctx: SimContext,
  endpoint: string,
  body: Record<string, unknown>,
): Promise<number> {
  if (ctx.settings.balanceUsd === null) return 0;
  const estimate = await estimateCost(
    { provider: 'ltx', endpoint, request: body },
    {
      readMedia: async (value) => {
        if (value.startsWith('ltx://uploads/')) {
          const data = ctx.storage.uploads.get(value.slice('ltx://uploads/'.length))?.data;
          if (data) return readMediaInfoFrom(bytesSource(data), value);
        } else if (value.startsWith('data:') && value.includes(';base64,')) {
          const bytes = Buffer.from(value.slice(value.indexOf(',') + 1), 'base64');
          return readMediaInfoFrom(bytesSource(bytes), 'data: URI');
        }
        throw new MediaReadError(`${value.slice(0, 60)}: not read by the simulator`);
      },
    },
  );
  return isKnownCost(estimate) ? estimate.usd : 0;
}

/**
 * The 402 message when `usd` is more than the balance left, else `undefined`. LTX's own message reads
 * `Insufficient funds. Required: 120 credits`; the simulator's account is kept in USD.
 */
export function insufficientFunds(ctx: SimContext, usd: number): string | undefined {
  const balance = ctx.settings.balanceUsd;
  if (balance === null || usd <= balance + 1e-9) return undefined;
  return `Insufficient funds. Required: $${usd.toFixed(2)} (estimated), balance: $${balance.toFixed(2)}`;
}

/** Takes an accepted job's charge off the balance. */
export function charge(ctx: SimContext, usd: number): void {
  if (ctx.settings.balanceUsd !== null) {
    ctx.settings.balanceUsd = Math.round((ctx.settings.balanceUsd - usd) * 1e6) / 1e6;
  }
}
