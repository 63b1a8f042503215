import type { LtxEndpoint } from '../providers/ltx/endpoints.js';

/** The takes a result can spawn: four on a video, one (animate) on an image. */
export const TAKE_ACTIONS = ['extend', 'retake', 'hdr', 'reframe', 'animate'] as const;
/** One of {@link TAKE_ACTIONS}. */
export type TakeAction = (typeof TAKE_ACTIONS)[number];

/** What a take's source is known by, for prefilling its request. */
export interface TakeSource {
  /** Path of the source as the request file names it, e.g. `./lighthouse.mp4` (relative to the request). */
  mediaPath: string;
  /** The prompt of the job that made the source, when known. */
  prompt?: string | undefined;
  /** Picture size of the source, when known. */
  width?: number | undefined;
  height?: number | undefined;
  /** Length of the source video in seconds, when known. */
  durationSeconds?: number | undefined;
}

/** How one take action turns into an LTX request. */
export interface TakeActionSpec {
  /** The LTX endpoint the take is submitted to. */
  endpoint: LtxEndpoint;
  /** Suffix of the take's name and file: `<source>-<suffix>.ltx.json`. */
  suffix: string;
  /** What the source must be. */
  source: 'video' | 'image';
  /** The request field the editor puts the cursor on (the prompt, or the choice that matters). */
  focus: string;
  /**
   * The request file's `output`: `.` puts a video take's results beside its source (already in an
   * output folder); undefined (an image animated where it lies) uses the usual output folder.
   */
  output?: string;
  /** The prefilled body. */
  body(source: TakeSource): Record<string, unknown>;
}

/** Shown in a fresh take's prompt when the source had none: selected, so typing replaces it. */
export const PROMPT_PLACEHOLDER = 'Describe what should happen';

const landscape = (s: TakeSource) =>
  s.width === undefined || s.height === undefined ? undefined : s.width >= s.height;

/**
 * The prefilled request of each take action. Values stay inside what every current model accepts
 * (`ltx-2-3-pro` for the edit endpoints, `ltx-2-3-fast` 1080p 6 s for image-to-video), so a take
 * submits as written; the user changes what they want before submitting.
 */
export const TAKE_ACTION_SPECS: Readonly<Record<TakeAction, TakeActionSpec>> = {
  extend: {
    endpoint: 'extend',
    suffix: 'extend',
    source: 'video',
    output: '.',
    focus: 'prompt',
    body: (s) => ({
      video_uri: s.mediaPath,
      prompt: s.prompt ?? PROMPT_PLACEHOLDER,
      duration: 4,
      mode: 'end',
      model: 'ltx-2-3-pro',
    }),
  },
  retake: {
    endpoint: 'retake',
    suffix: 'retake',
    source: 'video',
    output: '.',
    focus: 'prompt',
    body: (s) => {
      // The middle two seconds (or the whole of a short source): a section to redo.
      const length = s.durationSeconds ?? 2;
      const start = Math.max(0, Math.floor((length - 2) / 2));
      return {
        video_uri: s.mediaPath,
        prompt: s.prompt ?? PROMPT_PLACEHOLDER,
        start_time: start,
        duration: 2,
        mode: 'replace_audio_and_video',
        model: 'ltx-2-3-pro',
      };
    },
  },
  hdr: {
    endpoint: 'video-to-video-hdr',
    suffix: 'hdr',
    source: 'video',
    output: '.',
    focus: 'video_uri',
    body: (s) => ({ video_uri: s.mediaPath }),
  },
  reframe: {
    endpoint: 'video-to-video-reframe',
    suffix: 'reframe',
    source: 'video',
    output: '.',
    focus: 'resolution',
    // The other orientation than the source's (portrait when unknown: the common case is a 16:9 result).
    body: (s) => ({
      video_uri: s.mediaPath,
      model: 'ltx-2-3-pro',
      resolution: landscape(s) === false ? '1920x1080' : '1080x1920',
    }),
  },
  animate: {
    endpoint: 'image-to-video',
    suffix: 'animate',
    source: 'image',
    focus: 'prompt',
    body: (s) => ({
      image_uri: s.mediaPath,
      prompt: s.prompt ?? PROMPT_PLACEHOLDER,
      model: 'ltx-2-3-fast',
      resolution: landscape(s) === false ? '1080x1920' : '1920x1080',
      duration: 6,
      fps: 24,
    }),
  },
};
