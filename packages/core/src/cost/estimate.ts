import {
  defaultModelFor,
  durationsFor,
  endpointTakesModel,
  LTX_DEFAULT_FPS,
  modelInfo,
  resolutionTier,
  tierForSize,
} from '../catalog/lookup.js';
import type { ResolutionTier } from '../catalog/types.js';
import { isMediaReadError } from '../media/byte-source.js';
import type { MediaInfo } from '../media/media-info.js';
import { isLtxEndpoint, type LtxEndpoint } from '../providers/ltx/endpoints.js';
import { createMediaReader, type MediaReader } from './media-reader.js';
import { type PriceFacts, priceFromFacts } from './price-facts.js';
import { EXTEND_MAX_BILLED_FRAMES, hdrPriceTier } from './price-table.js';
import type { CostEstimate } from './types.js';

/** The part of a request file an estimate reads. */
export interface EstimateInput {
  provider: string;
  endpoint: string;
  request: Record<string, unknown>;
}

/** Options of {@link estimateCost}. */
export interface EstimateOptions {
  /** The request file's folder (relative media paths). Default: the working directory. */
  baseDir?: string;
  /** How media lengths are read; default {@link createMediaReader} over `baseDir`. */
  readMedia?: MediaReader;
}

/** The media field whose length is billed, per input-billed endpoint. */
const BILLED_INPUT: Partial<Record<LtxEndpoint, string>> = {
  'audio-to-video': 'audio_uri',
  retake: 'video_uri',
  extend: 'video_uri',
  'video-to-video-hdr': 'video_uri',
  'video-to-video-reframe': 'video_uri',
};

class Unknown {
  constructor(readonly reason: string) {}
}

/**
 * Estimates what a request will cost, from the price table, the request and the length of its input
 * media (read from the files themselves, or a bounded Range read of a URL). Returns
 * `{ usd, low?, high?, basis, exact: false, tableDate, ... }`, or `{ unknown: reason }` when no
 * honest figure exists (no price for the combination, an input whose length cannot be read, useapi).
 * `duration: null` gives a range (`usd` is then its upper bound). Never throws for a bad request.
 */
export async function estimateCost(
  input: EstimateInput,
  options: EstimateOptions = {},
): Promise<CostEstimate> {
  try {
    return priceFromFacts(await factsOf(input, options));
  } catch (error) {
    if (error instanceof Unknown) return { unknown: error.reason };
    if (isMediaReadError(error)) return { unknown: error.message };
    throw error;
  }
}

async function factsOf(input: EstimateInput, options: EstimateOptions): Promise<PriceFacts> {
  if (input.provider !== 'ltx') {
    throw new Unknown(`${input.provider} bills by its own plan; no price table covers it`);
  }
  const { endpoint, request } = input;
  if (!isLtxEndpoint(endpoint)) throw new Unknown(`no price for the unknown endpoint ${endpoint}`);
  const model = modelOf(endpoint, request);
  const info = model === null ? undefined : modelInfo(model);
  if (info?.status === 'removed') {
    const when = info.removedOn === undefined ? '' : ` on ${info.removedOn}`;
    const instead = info.replacement === undefined ? '' : `; use ${info.replacement}`;
    throw new Unknown(`${model} was removed${when} (the API refuses it)${instead}`);
  }
  const field = BILLED_INPUT[endpoint];
  if (field === undefined) return generationFacts(endpoint, model, request);
  const value = request[field];
  if (typeof value !== 'string' || value === '') throw new Unknown(`$.request.${field} is not set`);
  const readMedia = options.readMedia ?? createMediaReader({ baseDir: options.baseDir ?? process.cwd() });
  const media = await readMedia(value).catch((error: unknown) => {
    if (isMediaReadError(error)) throw new Unknown(`$.request.${field}: ${error.message}`);
    throw error;
  });
  return inputFacts(endpoint, model, request, media);
}

function modelOf(endpoint: LtxEndpoint, request: Record<string, unknown>): string | null {
  if (!endpointTakesModel(endpoint)) return null;
  if (typeof request.model === 'string') return request.model;
  const fallback = defaultModelFor(endpoint);
  if (fallback === undefined) throw new Unknown('$.request.model is not set');
  return fallback;
}

/** The catalog tier of a `WIDTHxHEIGHT` string (by its pixels when the catalog does not list it). */
function tierOf(resolution: unknown): ResolutionTier | undefined {
  if (typeof resolution !== 'string') return undefined;
  const known = resolutionTier(resolution);
  if (known !== undefined) return known;
  const match = /^(\d+)x(\d+)$/.exec(resolution);
  return match ? tierForSize(Number(match[1]), Number(match[2])) : undefined;
}

function outputTier(request: Record<string, unknown>, fallback?: ResolutionTier): ResolutionTier {
  const tier = tierOf(request.resolution) ?? (request.resolution === undefined ? fallback : undefined);
  if (tier === undefined)
    throw new Unknown(`$.request.resolution: no price tier for ${JSON.stringify(request.resolution)}`);
  return tier;
}

function generationFacts(
  endpoint: LtxEndpoint,
  model: string | null,
  request: Record<string, unknown>,
): PriceFacts {
  const tier = outputTier(request);
  const { duration } = request;
  if (duration === null && model !== null) {
    // duration: null (auto): the server picks one of the lengths the model renders here.
    const info = modelInfo(model);
    const fps = typeof request.fps === 'number' ? request.fps : LTX_DEFAULT_FPS;
    const lengths = info ? durationsFor(info, String(request.resolution), fps) : [];
    const [low, high] = [lengths[0], lengths.at(-1)];
    if (low === undefined || high === undefined)
      throw new Unknown(`the lengths ${model} may pick are not known`);
    return { endpoint, model, tier, seconds: { low, high } };
  }
  if (typeof duration !== 'number' || !(duration > 0))
    throw new Unknown('$.request.duration is not a number of seconds');
  return { endpoint, model, tier, seconds: duration };
}

function inputFacts(
  endpoint: LtxEndpoint,
  model: string | null,
  request: Record<string, unknown>,
  media: MediaInfo,
): PriceFacts {
  const seconds = media.durationSeconds;
  const picture = media.width && media.height ? { width: media.width, height: media.height } : undefined;
  switch (endpoint) {
    case 'audio-to-video':
    case 'retake':
      // Without a resolution both make 1920x1080 or 1080x1920 (by the input's orientation): 1080p.
      return { endpoint, model, tier: outputTier(request, '1080p'), seconds };
    case 'video-to-video-reframe':
      return { endpoint, model, tier: outputTier(request), seconds };
    case 'video-to-video-hdr': {
      if (!picture)
        throw new Unknown(
          '$.request.video_uri: its picture size cannot be read (HDR is priced by input tier)',
        );
      const tier = inputTier(picture, 'HDR');
      return { endpoint, model, tier: hdrPriceTier(tier), seconds };
    }
    default: {
      // extend: the generated seconds at the input's tier, at most 505 frames at the input's frame rate.
      if (!picture)
        throw new Unknown(
          '$.request.video_uri: its picture size cannot be read (extend is priced by its tier)',
        );
      const added = typeof request.duration === 'number' ? request.duration : undefined;
      if (added === undefined) throw new Unknown('$.request.duration is not a number of seconds');
      const cap = media.frameRate ? EXTEND_MAX_BILLED_FRAMES / media.frameRate : Number.POSITIVE_INFINITY;
      return {
        endpoint,
        model,
        tier: inputTier(picture, 'extend'),
        seconds: Math.min(added, cap),
      };
    }
  }
}

/** The catalog tier of an input picture (by its pixels); unknown above 4K. */
function inputTier(picture: { width: number; height: number }, what: string): ResolutionTier {
  const tier = tierForSize(picture.width, picture.height);
  if (tier === undefined) {
    throw new Unknown(`no known ${what} price for a ${picture.width}x${picture.height} input (above 4K)`);
  }
  return tier;
}
