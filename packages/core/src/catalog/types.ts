import type { LtxEndpoint } from '../providers/ltx/endpoints.js';

/** Where a model stands: usable, usable but on its way out, or refused by the API. */
export type ModelStatus = 'current' | 'deprecated' | 'removed';

/**
 * Whether a model takes a feature: `yes`, `no` (the request is refused before sending), or
 * `unconfirmed` (sources disagree or are silent: the request is sent with a warning).
 */
export type Support = 'yes' | 'no' | 'unconfirmed';

/** Resolution tiers by the short side of the frame. */
export const RESOLUTION_TIERS = ['720p', '1080p', '1440p', '2160p'] as const;
/** One of {@link RESOLUTION_TIERS}. */
export type ResolutionTier = (typeof RESOLUTION_TIERS)[number];

/** A `WIDTHxHEIGHT` string the catalog knows, with its tier and orientation. */
export interface ResolutionInfo {
  /** e.g. `1920x1080`. */
  id: string;
  width: number;
  height: number;
  tier: ResolutionTier;
  orientation: 'landscape' | 'portrait';
}

/** One row of a model's envelope: at these tiers and these fps, these durations (seconds) are allowed. */
export interface EnvelopeRow {
  tiers: readonly ResolutionTier[];
  fps: readonly number[];
  durations: readonly number[];
}

/** What a model offers on text-to-video and image-to-video. */
export interface VideoCapabilities {
  /** `WIDTHxHEIGHT` strings it renders (landscape and portrait). */
  resolutions: readonly string[];
  /** Frame rates it renders. A request without `fps` gets {@link LTX_DEFAULT_FPS}. */
  fps: readonly number[];
  /** Resolution tier x fps -> durations (seconds). */
  envelope: readonly EnvelopeRow[];
  /** `duration: null` lets the server pick the length (text-/image-to-video only). */
  autoDuration: boolean;
  /** `generate_audio` (default true). */
  generateAudio: Support;
  /** `camera_motion`. */
  cameraMotion: Support;
  /** `last_frame_uri` (image-to-video). */
  lastFrame: Support;
}

/** One model id of LTX's API. */
export interface CatalogModel {
  /** The id sent as `model`, e.g. `ltx-2-5-fast`. */
  id: string;
  /** Human name, e.g. `LTX-2.5 Fast`. */
  label: string;
  /** Model generation, e.g. `2.5`. */
  generation: string;
  /** `fast` (cheaper, longer clips) or `pro`. */
  variant: 'fast' | 'pro';
  status: ModelStatus;
  /** ISO dates when known. */
  releasedOn?: string;
  deprecatedOn?: string;
  removedOn?: string;
  /** The id to use instead, for a deprecated or removed model. */
  replacement?: string;
  /** Endpoints the API serves this model on today (empty for a removed model). */
  endpoints: readonly LtxEndpoint[];
  /** Text-/image-to-video capabilities; absent for a model that serves neither. */
  video?: VideoCapabilities;
  /** Output resolutions on audio-to-video; absent for a model that does not serve it. */
  audioToVideo?: { resolutions: readonly string[] };
  /** One line for completions and hovers. */
  summary: string;
  /** Where each fact comes from (keys of {@link LtxCatalog.sources}). */
  sources: readonly string[];
}

/** A source the catalog was built from. */
export interface CatalogSource {
  /** What it is. */
  title: string;
  /** URL or repository path. */
  location: string;
  /** When it was read or dated, ISO date. */
  date: string;
}

/** How each endpoint that takes a model treats `model`. */
export interface EndpointModelRule {
  /** `required`, or `optional` with the model the API uses when it is left out. */
  field: 'required' | 'optional';
  defaultModel?: string;
}

/** The whole capability table: data with its sources and the date it was checked. */
export interface LtxCatalog {
  /** ISO date on which the table was last checked against its sources. */
  checkedOn: string;
  sources: Readonly<Record<string, CatalogSource>>;
  resolutions: readonly ResolutionInfo[];
  models: readonly CatalogModel[];
  /** Endpoints with a `model` field (video-to-video-hdr has none). */
  modelRules: Readonly<Partial<Record<LtxEndpoint, EndpointModelRule>>>;
  /** Decisions where the sources are silent or disagree, in words, for `ltx-jobs models` and the README. */
  notes: readonly string[];
}
