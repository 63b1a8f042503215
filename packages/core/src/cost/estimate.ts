import { isMediaReadError } from '../media/byte-source.js';
import type { MediaInfo } from '../media/media-info.js';
import { isLtxEndpoint, type LtxEndpoint } from '../providers/ltx/endpoints.js';
import { autoDurationBounds } from './durations.js';
import { createMediaReader, type MediaReader } from './media-reader.js';
import { type PriceFacts, priceFromFacts } from './price-facts.js';
import {
  EXTEND_MAX_BILLED_FRAMES,
  hdrInputTier,
  priceTierOfResolution,
  priceTierOfSize,
  REMOVED_MODELS,
} from './price-table.js';
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

/** Model an edit endpoint uses when the request names none. */
const DEFAULT_EDIT_MODEL = 'ltx-2-3-pro';
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
  if (model !== null && REMOVED_MODELS[model]) {
    throw new Unknown(
      `${model} was removed on 2026-08-15 (the API refuses it); use ${REMOVED_MODELS[model]}`,
    );
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
  if (endpoint === 'video-to-video-hdr') return null;
  if (typeof request.model === 'string') return request.model;
  if (
    endpoint === 'text-to-video' ||
    endpoint === 'image-to-video' ||
    endpoint === 'video-to-video-reframe'
  ) {
    throw new Unknown('$.request.model is not set');
  }
  return DEFAULT_EDIT_MODEL;
}

function outputTier(request: Record<string, unknown>, fallback?: string): string {
  const tier = priceTierOfResolution(request.resolution) ?? fallback;
  if (tier === undefined) throw new Unknown('$.request.resolution is not a WIDTHxHEIGHT string');
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
    const bounds = autoDurationBounds(model, String(request.resolution), request.fps);
    return { endpoint, model, tier, seconds: bounds };
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
      // Both make 1920x1080 or 1080x1920 (their only resolutions): the 1080p tier.
      return { endpoint, model, tier: outputTier(request, '1080p'), seconds };
    case 'video-to-video-reframe':
      return { endpoint, model, tier: outputTier(request), seconds };
    case 'video-to-video-hdr': {
      if (!picture)
        throw new Unknown(
          '$.request.video_uri: its picture size cannot be read (HDR is priced by input tier)',
        );
      const tier = hdrInputTier(picture.width, picture.height);
      if (!tier)
        throw new Unknown(`no known HDR price for a ${picture.width}x${picture.height} input (above 4K)`);
      return { endpoint, model, tier, seconds };
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
        tier: priceTierOfSize(picture.width, picture.height),
        seconds: Math.min(added, cap),
      };
    }
  }
}
