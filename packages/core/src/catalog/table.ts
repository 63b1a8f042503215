import type { EnvelopeRow, LtxCatalog, ResolutionInfo } from './types.js';

// The capability table of LTX's API, as data. Everything that knows what LTX accepts reads this:
// request validation (zod), the generated JSON Schema, editor completions and hovers, the simulator,
// cost estimates and `ltx-jobs models`. Change it here, with its source, and bump CHECKED_ON.

const CHECKED_ON = '2026-11-29';

/** Durations (s) every current model renders at every resolution and fps it offers. */
const BASE_DURATIONS = [2, 3, 4, 5, 6, 8, 10];
/** Longer durations (s): Fast models only, at 720p/1080p and 24/25 fps. */
const LONG_DURATIONS = [12, 14, 16, 18, 20];

const FAST_ENVELOPE: readonly EnvelopeRow[] = [
  { tiers: ['720p', '1080p'], fps: [24, 25], durations: [...BASE_DURATIONS, ...LONG_DURATIONS] },
  { tiers: ['720p', '1080p'], fps: [48, 50], durations: BASE_DURATIONS },
  { tiers: ['1440p', '2160p'], fps: [24, 25, 48, 50], durations: BASE_DURATIONS },
];

function resolution(width: number, height: number): ResolutionInfo {
  const short = Math.min(width, height);
  const tier = short <= 720 ? '720p' : short <= 1080 ? '1080p' : short <= 1440 ? '1440p' : '2160p';
  return {
    id: `${width}x${height}`,
    width,
    height,
    tier,
    orientation: height > width ? 'portrait' : 'landscape',
  };
}

const RESOLUTIONS = [
  resolution(1280, 720),
  resolution(720, 1280),
  resolution(1920, 1080),
  resolution(1080, 1920),
  resolution(2560, 1440),
  resolution(1440, 2560),
  resolution(3840, 2160),
  resolution(2160, 3840),
];
const ALL = RESOLUTIONS.map((r) => r.id);
const UP_TO_1080P = ['1280x720', '720x1280', '1920x1080', '1080x1920'];

/** The table. Read it through the functions of `catalog/lookup.ts`; see `LtxCatalog` for the shape. */
export const LTX_CATALOG: LtxCatalog = {
  checkedOn: CHECKED_ON,
  sources: {
    catalog: {
      title: 'LTX catalog, capabilities and prices as of November 2026 (team research notes)',
      location: 'shared/docs/ltx-catalog-2026-11.md',
      date: '2026-11-29',
    },
    capabilities: {
      title: 'Lightricks LTX-Desktop: API offering flags (fast, fast-2.5, pro, pro-2.5)',
      location:
        'https://github.com/Lightricks/LTX-Desktop/blob/main/backend/runtime_config/ltx_capabilities.py',
      date: '2026-08-20',
    },
    specs: {
      title: 'Lightricks LTX-Desktop: API duration/fps envelopes',
      location: 'https://github.com/Lightricks/LTX-Desktop/blob/main/backend/api_model_specs.py',
      date: '2026-08-20',
    },
    openapi: {
      title: "LTX's OpenAPI 3.1 document (field names and shapes; older than the 2.5 models)",
      location: 'shared/docs/ltx-openapi.json',
      date: '2026-07-30',
    },
    deprecation: {
      title: 'LTX-2 deprecation notice',
      location: 'https://docs.ltx.video/ltx-2-deprecation',
      date: '2026-07-02',
    },
  },
  resolutions: RESOLUTIONS,
  models: [
    {
      id: 'ltx-2-5-fast',
      label: 'LTX-2.5 Fast',
      generation: '2.5',
      variant: 'fast',
      status: 'current',
      releasedOn: '2026-08-11',
      endpoints: ['text-to-video', 'image-to-video', 'audio-to-video'],
      video: {
        resolutions: ALL,
        fps: [24, 25, 48, 50],
        envelope: FAST_ENVELOPE,
        autoDuration: true,
        generateAudio: 'yes',
        cameraMotion: 'no',
        lastFrame: 'unconfirmed',
      },
      audioToVideo: { resolutions: UP_TO_1080P },
      summary:
        'LTX-2.5 Fast: up to 4K, up to 20 s at 720p/1080p and 24/25 fps, duration null = auto. No camera_motion, retake or extend.',
      sources: ['catalog', 'capabilities'],
    },
    {
      id: 'ltx-2-5-pro',
      label: 'LTX-2.5 Pro',
      generation: '2.5',
      variant: 'pro',
      status: 'current',
      releasedOn: '2026-08-11',
      endpoints: ['text-to-video', 'image-to-video', 'audio-to-video'],
      video: {
        resolutions: UP_TO_1080P,
        fps: [24, 25, 50],
        envelope: [{ tiers: ['720p', '1080p'], fps: [24, 25, 50], durations: BASE_DURATIONS }],
        autoDuration: true,
        generateAudio: 'yes',
        cameraMotion: 'yes',
        lastFrame: 'unconfirmed',
      },
      audioToVideo: { resolutions: UP_TO_1080P },
      summary:
        'LTX-2.5 Pro (API only): 720p/1080p at 24/25/50 fps, 2-10 s, duration null = auto, camera_motion. No retake, no extend.',
      sources: ['catalog', 'capabilities'],
    },
    {
      id: 'ltx-2-3-fast',
      label: 'LTX-2.3 Fast',
      generation: '2.3',
      variant: 'fast',
      status: 'current',
      endpoints: ['text-to-video', 'image-to-video'],
      video: {
        resolutions: ALL,
        fps: [24, 25, 48, 50],
        envelope: FAST_ENVELOPE,
        autoDuration: false,
        generateAudio: 'yes',
        cameraMotion: 'unconfirmed',
        lastFrame: 'yes',
      },
      summary:
        'LTX-2.3 Fast: up to 4K, up to 20 s at 720p/1080p and 24/25 fps. Text- and image-to-video only (no audio-to-video).',
      sources: ['catalog', 'specs', 'openapi'],
    },
    {
      id: 'ltx-2-3-pro',
      label: 'LTX-2.3 Pro',
      generation: '2.3',
      variant: 'pro',
      status: 'current',
      endpoints: [
        'text-to-video',
        'image-to-video',
        'audio-to-video',
        'retake',
        'extend',
        'video-to-video-reframe',
      ],
      video: {
        resolutions: ALL,
        fps: [24, 25, 48, 50],
        envelope: [
          { tiers: ['720p', '1080p', '1440p', '2160p'], fps: [24, 25, 48, 50], durations: BASE_DURATIONS },
        ],
        autoDuration: false,
        generateAudio: 'yes',
        cameraMotion: 'yes',
        lastFrame: 'yes',
      },
      audioToVideo: { resolutions: ['1920x1080', '1080x1920'] },
      summary:
        'LTX-2.3 Pro: up to 4K, 2-10 s. Every endpoint that takes a model (the only one for retake, extend and reframe).',
      sources: ['catalog', 'specs', 'openapi'],
    },
    {
      id: 'ltx-2-fast',
      label: 'LTX-2 Fast',
      generation: '2',
      variant: 'fast',
      status: 'removed',
      deprecatedOn: '2026-07-15',
      removedOn: '2026-08-15',
      replacement: 'ltx-2-3-fast',
      endpoints: [],
      summary: 'Removed on 2026-08-15: the API refuses it. Use ltx-2-3-fast.',
      sources: ['deprecation', 'catalog'],
    },
    {
      id: 'ltx-2-pro',
      label: 'LTX-2 Pro',
      generation: '2',
      variant: 'pro',
      status: 'removed',
      deprecatedOn: '2026-07-15',
      removedOn: '2026-08-15',
      replacement: 'ltx-2-3-pro',
      endpoints: [],
      summary: 'Removed on 2026-08-15: the API refuses it. Use ltx-2-3-pro.',
      sources: ['deprecation', 'catalog'],
    },
  ],
  modelRules: {
    'text-to-video': { field: 'required' },
    'image-to-video': { field: 'required' },
    'audio-to-video': { field: 'optional', defaultModel: 'ltx-2-3-pro' },
    retake: { field: 'optional', defaultModel: 'ltx-2-3-pro' },
    extend: { field: 'optional', defaultModel: 'ltx-2-3-pro' },
    'video-to-video-reframe': { field: 'required' },
  },
  notes: [
    'camera_motion on ltx-2-3-fast is sent with a warning: the OpenAPI document takes it for every model, LTX-Desktop does not offer it on Fast models, the catalog notes are silent. On ltx-2-5-fast it is refused (LTX-Desktop: no camera_motion on 2.5 Fast).',
    'last_frame_uri on the 2.5 models is sent with a warning: the OpenAPI document (older than 2.5) says "ltx-2-3 models only".',
    'Audio-to-video resolutions: 1920x1080/1080x1920 on ltx-2-3-pro (OpenAPI); 720p and 1080p on the 2.5 models (their resolution list).',
    'Values the table does not know (a newer model id, resolution, fps or duration) are sent with a warning naming this date; --strict / ltxJobs.validation "strict" refuse them.',
  ],
};
