/** Current LTX-2.3 model ids. */
export const LTX_CURRENT_MODELS = ['ltx-2-3-fast', 'ltx-2-3-pro'] as const;
/** LTX-2 ids: deprecated 2026-07-15 (served by LTX-2.3 at LTX-2 prices), removed 2026-08-15. */
export const LTX_DEPRECATED_MODELS = ['ltx-2-fast', 'ltx-2-pro'] as const;
export const LTX_MODELS = [...LTX_CURRENT_MODELS, ...LTX_DEPRECATED_MODELS] as const;
export type LtxModel = (typeof LTX_MODELS)[number];

/** Replacement for each deprecated model id. */
export const LTX_MODEL_REPLACEMENTS: Readonly<Record<string, string>> = {
  'ltx-2-fast': 'ltx-2-3-fast',
  'ltx-2-pro': 'ltx-2-3-pro',
};

/** `WIDTHxHEIGHT` strings of text-/image-to-video, by tier. Portrait strings are LTX-2.3 only. */
export const LTX_RESOLUTIONS = [
  '1920x1080',
  '1080x1920',
  '2560x1440',
  '1440x2560',
  '3840x2160',
  '2160x3840',
] as const;
const LANDSCAPE = ['1920x1080', '2560x1440', '3840x2160'];

/** Frames per second of text-/image-to-video. API default 24 (which LTX-2 models do not accept). */
export const LTX_FPS = [24, 25, 48, 50] as const;
/** API default fps when the request has none. */
export const LTX_DEFAULT_FPS = 24;

const SHORT = [6, 8, 10];
const LONG = [6, 8, 10, 12, 14, 16, 18, 20];

/** One row of the support matrix: these resolutions at these fps allow these durations (s). */
interface MatrixRow {
  resolutions: readonly string[];
  fps: readonly number[];
  durations: readonly number[];
}

/**
 * The documented model x resolution x fps -> durations matrix (api-reference A2: LTX-2 from the old
 * docs snapshot, LTX-2.3 from Lightricks' LTX-Desktop).
 */
export const LTX_SUPPORT_MATRIX: Readonly<Record<LtxModel, readonly MatrixRow[]>> = {
  'ltx-2-fast': [
    { resolutions: ['1920x1080'], fps: [25], durations: LONG },
    { resolutions: ['1920x1080'], fps: [50], durations: SHORT },
    { resolutions: ['2560x1440', '3840x2160'], fps: [25, 50], durations: SHORT },
  ],
  'ltx-2-pro': [{ resolutions: LANDSCAPE, fps: [25, 50], durations: SHORT }],
  'ltx-2-3-fast': [
    { resolutions: ['1920x1080', '1080x1920'], fps: [24, 25], durations: LONG },
    { resolutions: ['1920x1080', '1080x1920'], fps: [48, 50], durations: SHORT },
    { resolutions: ['2560x1440', '1440x2560', '3840x2160', '2160x3840'], fps: LTX_FPS, durations: SHORT },
  ],
  'ltx-2-3-pro': [{ resolutions: LTX_RESOLUTIONS, fps: LTX_FPS, durations: SHORT }],
};

/**
 * Checks one combination against {@link LTX_SUPPORT_MATRIX}. Returns `undefined` when allowed, else
 * a message naming the field at fault and what the model supports, e.g.
 * `ltx-2-3-pro supports durations 6, 8, 10 at 1920x1080/25 fps; got 12`.
 */
export function checkLtxMatrix(
  model: LtxModel,
  resolution: string,
  fps: number | undefined,
  duration: number,
): { field: 'resolution' | 'fps' | 'duration'; message: string } | undefined {
  const rows = LTX_SUPPORT_MATRIX[model];
  const forResolution = rows.filter((r) => r.resolutions.includes(resolution));
  if (forResolution.length === 0) {
    const all = [...new Set(rows.flatMap((r) => r.resolutions))];
    return {
      field: 'resolution',
      message: `${model} supports resolutions ${all.join(', ')}; got ${resolution}`,
    };
  }
  const effectiveFps = fps ?? LTX_DEFAULT_FPS;
  const row = forResolution.find((r) => r.fps.includes(effectiveFps));
  if (!row) {
    const allFps = [...new Set(forResolution.flatMap((r) => r.fps))];
    const got = fps === undefined ? `none (the API default is ${LTX_DEFAULT_FPS}); set fps` : String(fps);
    return {
      field: 'fps',
      message: `${model} supports fps ${allFps.join(', ')} at ${resolution}; got ${got}`,
    };
  }
  if (!row.durations.includes(duration)) {
    return {
      field: 'duration',
      message: `${model} supports durations ${row.durations.join(', ')} at ${resolution}/${effectiveFps} fps; got ${duration}`,
    };
  }
  return undefined;
}
