import type { ResolutionTier } from '../catalog/types.js';
import type { LtxEndpoint } from '../providers/ltx/endpoints.js';

/** What a price is per second of. */
export type BillingBasis = 'output seconds' | 'input seconds' | 'generated seconds';

/**
 * The catalog's resolution tier (`720p` ... `2160p`), or for HDR the input tier the price is given for
 * (`up-to-1080p`, `up-to-2160p`).
 */
export type PriceTier = ResolutionTier | 'up-to-1080p' | 'up-to-2160p';

/** One known price: this endpoint, model and tier cost `usdPerSecond` per second of the basis. */
export interface PriceRow {
  endpoint: LtxEndpoint;
  /** Model id, or `null` for an endpoint that takes no model (HDR). */
  model: string | null;
  tier: PriceTier;
  usdPerSecond: number;
  /** Where the figure comes from (see {@link PRICE_TABLE}.sources). */
  source: string;
}

/** How each LTX endpoint is billed (docs.ltx.io/pricing; help.ltx.io "Understanding LTX-2 API Pricing"). */
export const BILLING_BASIS: Readonly<Record<LtxEndpoint, BillingBasis>> = {
  'text-to-video': 'output seconds',
  'image-to-video': 'output seconds',
  'audio-to-video': 'input seconds',
  retake: 'input seconds',
  extend: 'generated seconds',
  'video-to-video-hdr': 'input seconds',
  'video-to-video-reframe': 'input seconds',
};

/** Extend bills the generated seconds, at most this many frames. */
export const EXTEND_MAX_BILLED_FRAMES = 505;

const PRICING = 'docs.ltx.io/pricing (transcription of 2026-10-07)';
const CURRENT = `${PRICING}; help.ltx.io; ComfyUI nodes_ltxv.py price badges`;
const LEGACY = 'docs.ltx.video/pricing (legacy page)';

function generation(model: string, tier: ResolutionTier, usdPerSecond: number, source: string): PriceRow[] {
  return (['text-to-video', 'image-to-video'] as const).map((endpoint) => ({
    endpoint,
    model,
    tier,
    usdPerSecond,
    source,
  }));
}

/**
 * LTX's prices, as far as public sources give them, for estimates only (never a bill: no API reports
 * the charge). A combination with no row has no estimate ("unknown"), never a guess. Versioned by the
 * date the figures were checked; `shared/docs/ltx-catalog-2026-11.md` records the research.
 */
export const PRICE_TABLE = {
  /** When the rows were last checked against the sources (shown with every estimate). */
  checked: '2026-11',
  sources: [
    PRICING,
    'help.ltx.io "Understanding LTX-2 API Pricing"',
    LEGACY,
    'ComfyUI comfy_api_nodes/nodes_ltxv.py price badges',
  ],
  rows: [
    ...generation('ltx-2-3-fast', '720p', 0.03, CURRENT),
    ...generation('ltx-2-3-pro', '1440p', 0.16, CURRENT),
    ...generation('ltx-2-5-fast', '720p', 0.09, CURRENT),
    ...generation('ltx-2-5-pro', '2160p', 0.39, CURRENT),
    { endpoint: 'audio-to-video', model: 'ltx-2-3-pro', tier: '1080p', usdPerSecond: 0.1, source: CURRENT },
    { endpoint: 'retake', model: 'ltx-2-3-pro', tier: '1080p', usdPerSecond: 0.1, source: CURRENT },
    { endpoint: 'extend', model: 'ltx-2-3-pro', tier: '1080p', usdPerSecond: 0.1, source: CURRENT },
    { endpoint: 'video-to-video-hdr', model: null, tier: 'up-to-1080p', usdPerSecond: 0.2, source: CURRENT },
    { endpoint: 'video-to-video-hdr', model: null, tier: 'up-to-2160p', usdPerSecond: 0.8, source: CURRENT },
    {
      endpoint: 'video-to-video-reframe',
      model: 'ltx-2-3-pro',
      tier: '720p',
      usdPerSecond: 0.1,
      source: CURRENT,
    },
    // Removed 2026-08-15 (the API refuses them): kept for reference; estimates say so instead.
    ...generation('ltx-2-fast', '1080p', 0.04, LEGACY),
    ...generation('ltx-2-fast', '1440p', 0.08, LEGACY),
    ...generation('ltx-2-fast', '2160p', 0.16, LEGACY),
    ...generation('ltx-2-pro', '1080p', 0.06, LEGACY),
    ...generation('ltx-2-pro', '1440p', 0.12, LEGACY),
    ...generation('ltx-2-pro', '2160p', 0.24, LEGACY),
  ] satisfies PriceRow[],
} as const;

/** The row for this endpoint, model and tier, if the table knows its price. */
export function findPrice(endpoint: string, model: string | null, tier: PriceTier): PriceRow | undefined {
  return PRICE_TABLE.rows.find((r) => r.endpoint === endpoint && r.model === model && r.tier === tier);
}

/** HDR's price tier for an input of the catalog tier `tier`: up to 1080p, or up to 4K. */
export function hdrPriceTier(tier: ResolutionTier): PriceTier {
  return tier === '720p' || tier === '1080p' ? 'up-to-1080p' : 'up-to-2160p';
}
