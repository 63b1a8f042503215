import type { LtxEndpoint } from '../providers/ltx/endpoints.js';
import { LTX_CATALOG } from './table.js';
import type { CatalogModel, EnvelopeRow, ResolutionInfo, ResolutionTier } from './types.js';

/** Frames per second LTX uses when a text-/image-to-video request has no `fps` (24). */
export const LTX_DEFAULT_FPS = 24;

/** ISO date on which the capability table was last checked, e.g. `2026-11-29`. */
export const CATALOG_CHECKED_ON = LTX_CATALOG.checkedOn;

const byId = new Map(LTX_CATALOG.models.map((m) => [m.id, m]));
const resolutionsById = new Map(LTX_CATALOG.resolutions.map((r) => [r.id, r]));
const sortedUnion = (lists: readonly (readonly number[])[]) =>
  [...new Set(lists.flat())].sort((a, b) => a - b);
const videoModels = LTX_CATALOG.models.flatMap((m) => (m.video ? [m.video] : []));
const allFps = sortedUnion(videoModels.map((v) => v.fps));
const allDurations = sortedUnion(videoModels.flatMap((v) => v.envelope.map((row) => row.durations)));

/**
 * The catalog entry of a model id (status, endpoints, capabilities, replacement), or `undefined` for
 * an id the table does not know (newer than {@link CATALOG_CHECKED_ON}, or a typo).
 */
export function modelInfo(id: string): CatalogModel | undefined {
  return byId.get(id);
}

/** Every model of the table, current ones first (table order), then deprecated, then removed. */
export function listModels(): readonly CatalogModel[] {
  const rank = { current: 0, deprecated: 1, removed: 2 } as const;
  return [...LTX_CATALOG.models].sort((a, b) => rank[a.status] - rank[b.status]);
}

/** Models that serve `endpoint` today (current or deprecated, never removed), newest first. */
export function modelsForEndpoint(endpoint: string): CatalogModel[] {
  return LTX_CATALOG.models.filter(
    (m) => m.status !== 'removed' && (m.endpoints as readonly string[]).includes(endpoint),
  );
}

/** True when requests to `endpoint` carry a `model` field (every LTX endpoint but video-to-video-hdr). */
export function endpointTakesModel(endpoint: string): boolean {
  return LTX_CATALOG.modelRules[endpoint as LtxEndpoint] !== undefined;
}

/** The model LTX uses when `model` is left out (`ltx-2-3-pro` on audio-to-video, retake, extend), if any. */
export function defaultModelFor(endpoint: string): string | undefined {
  return LTX_CATALOG.modelRules[endpoint as LtxEndpoint]?.defaultModel;
}

/** The known `WIDTHxHEIGHT` string with its tier and orientation, or `undefined`. */
export function resolutionInfo(resolution: string): ResolutionInfo | undefined {
  return resolutionsById.get(resolution);
}

/** Every `WIDTHxHEIGHT` the table knows (720p to 2160p, landscape and portrait). */
export function knownResolutions(): readonly ResolutionInfo[] {
  return LTX_CATALOG.resolutions;
}

/**
 * Tier of an output resolution the table knows: `1920x1080` -> `1080p`, `720x1280` -> `720p`;
 * `undefined` for a string it does not know. For price lookups by tier.
 */
export function resolutionTier(resolution: string): ResolutionTier | undefined {
  return resolutionsById.get(resolution)?.tier;
}

const TIER_PIXELS: readonly [ResolutionTier, number][] = [
  ['720p', 1280 * 720],
  ['1080p', 1920 * 1080],
  ['1440p', 2560 * 1440],
  ['2160p', 3840 * 2160],
];

/**
 * Smallest tier whose pixel count a `width` x `height` frame fits in (how LTX tiers input videos,
 * e.g. for video-to-video-hdr); `undefined` above 3840x2160.
 */
export function tierForSize(width: number, height: number): ResolutionTier | undefined {
  const pixels = width * height;
  return TIER_PIXELS.find(([, max]) => pixels <= max)?.[0];
}

/** Every fps any model renders (24, 25, 48, 50). A value outside it is "unknown", not "impossible". */
export function knownFps(): readonly number[] {
  return allFps;
}

/** Every duration (s) any model renders (2-6, 8, 10, 12-20 even). Outside it: unknown, not impossible. */
export function knownDurations(): readonly number[] {
  return allDurations;
}

/** Envelope rows of `model` that cover `resolution` (empty when the model does not render it). */
function rowsFor(model: CatalogModel, resolution: string): EnvelopeRow[] {
  const tier = resolutionTier(resolution);
  if (!model.video || tier === undefined || !model.video.resolutions.includes(resolution)) return [];
  return model.video.envelope.filter((row) => row.tiers.includes(tier));
}

/** Frame rates `model` renders at `resolution` (empty when it does not render that resolution). */
export function fpsFor(model: CatalogModel, resolution: string): number[] {
  return sortedUnion(rowsFor(model, resolution).map((row) => row.fps));
}

/**
 * Durations (s) `model` renders at `resolution` and `fps` (default {@link LTX_DEFAULT_FPS}), in
 * ascending order; empty when the model does not render that resolution at that fps.
 */
export function durationsFor(model: CatalogModel, resolution: string, fps = LTX_DEFAULT_FPS): number[] {
  return sortedUnion(
    rowsFor(model, resolution).flatMap((row) => (row.fps.includes(fps) ? [row.durations] : [])),
  );
}

/** The longest duration (s) `model` renders at any resolution and fps; 0 for a model without video. */
export function maxDuration(model: CatalogModel): number {
  return Math.max(0, ...(model.video?.envelope.flatMap((row) => row.durations) ?? []));
}
