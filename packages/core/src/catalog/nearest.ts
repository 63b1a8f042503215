import { resolutionInfo } from './lookup.js';
import type { CatalogModel } from './types.js';

/** The value of `allowed` closest to `value` (the smaller one on a tie); `undefined` when empty. */
export function nearestNumber(value: number, allowed: readonly number[]): number | undefined {
  let best: number | undefined;
  for (const candidate of allowed) {
    const d = Math.abs(candidate - value);
    if (
      best === undefined ||
      d < Math.abs(best - value) ||
      (d === Math.abs(best - value) && candidate < best)
    )
      best = candidate;
  }
  return best;
}

/**
 * The resolution of `allowed` closest to `resolution`: same orientation first, then the nearest pixel
 * count (the smaller on a tie), e.g. 3840x2160 with 2.5 Pro -> 1920x1080.
 */
export function nearestResolution(resolution: string, allowed: readonly string[]): string | undefined {
  const from = resolutionInfo(resolution);
  const pixels = from ? from.width * from.height : 0;
  const scored = allowed
    .map((id) => ({ id, info: resolutionInfo(id) }))
    .filter((c) => c.info !== undefined)
    .map(({ id, info }) => ({
      id,
      sameOrientation: from === undefined || info?.orientation === from.orientation,
      distance: Math.abs((info?.width ?? 0) * (info?.height ?? 0) - pixels),
      pixels: (info?.width ?? 0) * (info?.height ?? 0),
    }));
  scored.sort(
    (a, b) =>
      Number(b.sameOrientation) - Number(a.sameOrientation) || a.distance - b.distance || a.pixels - b.pixels,
  );
  return scored[0]?.id;
}

/** The model to suggest among `able`: the first (newest) of the same variant, else the first. */
export function preferredModel(
  able: readonly CatalogModel[],
  variant: CatalogModel['variant'],
): CatalogModel | undefined {
  return able.find((m) => m.status === 'current' && m.variant === variant) ?? able[0];
}
