import { z } from 'zod';
import { catalogFindings } from '../../catalog/check.js';
import type { LtxEndpoint } from './endpoints.js';
import {
  LTX_CAMERA_MOTIONS,
  ltxDurationField,
  ltxFpsField,
  ltxModelField,
  ltxResolutionField,
} from './models.js';

/** A media reference: `https://` URL, `data:` URI, `ltx://` storage URI, or a local file path. */
export const LtxMediaRefSchema = z
  .string()
  .min(1)
  .describe(
    'HTTPS URL, data: URI, ltx:// storage URI, or a path relative to this file (uploaded through /v1/upload on submit)',
  );

const prompt = z.string().describe('What happens in the video.');
const generationFields = (endpoint: LtxEndpoint) => ({
  prompt: prompt.min(1),
  model: ltxModelField(endpoint),
  duration: ltxDurationField,
  resolution: ltxResolutionField,
  fps: ltxFpsField,
  generate_audio: z
    .boolean()
    .optional()
    .meta({ description: 'Generate an audio track. Default true.', default: true }),
  camera_motion: z
    .enum(LTX_CAMERA_MOTIONS)
    .optional()
    .describe('Camera movement (ltx-2-3-pro, ltx-2-5-pro; unconfirmed on ltx-2-3-fast).'),
});

/** Run the table check even when other fields have type errors (it looks only at well-typed fields). */
const ALWAYS = { when: () => true };

/**
 * The capability table's verdict on a body (see `catalogFindings`): every finding the table knows to
 * be refused becomes an issue at its field, carrying its code and fix in `params`. Warnings (values
 * newer than the table) are not issues: `requestWarnings` reports them.
 */
function catalogCheck(endpoint: LtxEndpoint) {
  return (body: unknown, ctx: z.RefinementCtx): void => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
    for (const finding of catalogFindings(endpoint, body as Record<string, unknown>)) {
      if (finding.severity !== 'error') continue;
      ctx.addIssue({
        code: 'custom',
        path: [finding.field],
        message: finding.message,
        params: { catalog: { code: finding.code, ...(finding.fix && { fix: finding.fix }) } },
      });
    }
  };
}

/** `POST /v2/text-to-video`. */
export const LtxTextToVideoSchema = z
  .strictObject(generationFields('text-to-video'))
  .superRefine(catalogCheck('text-to-video'), ALWAYS);

/** `POST /v2/image-to-video`: text-to-video plus the first (and optionally last) frame. */
export const LtxImageToVideoSchema = z
  .strictObject({
    ...generationFields('image-to-video'),
    prompt: prompt.describe('How the image should move.'),
    image_uri: LtxMediaRefSchema.describe(`First frame. ${LtxMediaRefSchema.description}`),
    last_frame_uri: LtxMediaRefSchema.optional().describe(
      `Last frame (ltx-2-3 models; unconfirmed on ltx-2-5). ${LtxMediaRefSchema.description}`,
    ),
  })
  .superRefine(catalogCheck('image-to-video'), ALWAYS);

const orientation = z.enum(['1920x1080', '1080x1920']);

/** `POST /v2/audio-to-video`: output 25 fps, billed per second of input audio. */
export const LtxAudioToVideoSchema = z
  .strictObject({
    audio_uri: LtxMediaRefSchema.describe(`Audio, 2-20 s long. ${LtxMediaRefSchema.description}`),
    image_uri: LtxMediaRefSchema.optional().describe(
      `First frame; required without a prompt. ${LtxMediaRefSchema.description}`,
    ),
    prompt: prompt.optional().describe('Required without image_uri; may be "" when an image is given.'),
    resolution: ltxResolutionField
      .optional()
      .describe('Default: follows the image orientation, else 1920x1080. 720p on the 2.5 models.'),
    guidance_scale: z.number().optional().describe('CFG scale. Default 5 without an image, 9 with one.'),
    model: ltxModelField('audio-to-video'),
  })
  .superRefine((body, ctx) => {
    if (body.image_uri === undefined && (body.prompt === undefined || body.prompt.trim() === '')) {
      ctx.addIssue({
        code: 'custom',
        path: ['prompt'],
        message:
          body.prompt === undefined
            ? 'audio-to-video needs prompt or image_uri; got neither'
            : 'audio-to-video needs a non-empty prompt when there is no image_uri (an empty prompt is allowed only with an image)',
      });
    }
  })
  .superRefine(catalogCheck('audio-to-video'), ALWAYS);

/** `POST /v2/retake`: regenerate a section of a video. */
export const LtxRetakeSchema = z
  .strictObject({
    video_uri: LtxMediaRefSchema.describe(
      `Source video: at most 3840x2160, at least 73 frames. ${LtxMediaRefSchema.description}`,
    ),
    start_time: z.number().min(0).describe('Start of the section to regenerate, in seconds.'),
    duration: z.number().min(2).describe('Section length in seconds, at least 2 (clamped at the video end).'),
    prompt: prompt.optional().describe('What happens in the section.'),
    mode: z.enum(['replace_audio', 'replace_video', 'replace_audio_and_video']).optional().meta({
      description: 'What to regenerate. Default replace_audio_and_video.',
      default: 'replace_audio_and_video',
    }),
    resolution: orientation.optional().describe('Default: follows the input video orientation.'),
    model: ltxModelField('retake'),
  })
  .superRefine(catalogCheck('retake'), ALWAYS);

/** Frames `context + duration` may span at the input's fps; checked at 24 fps (about 21 s). */
export const LTX_EXTEND_MAX_FRAMES = 505;

/** `POST /v2/extend`: add up to 20 s at the start or end of a video. */
export const LtxExtendSchema = z
  .strictObject({
    video_uri: LtxMediaRefSchema.describe(
      `16:9 or 9:16 video, at most 4K, at least 73 frames. ${LtxMediaRefSchema.description}`,
    ),
    duration: z.number().min(2).max(20).describe('Seconds to add, 2-20.'),
    prompt: prompt.optional().describe('What happens in the added part.'),
    mode: z
      .enum(['start', 'end'])
      .optional()
      .meta({ description: 'Where to add. Default end.', default: 'end' }),
    model: ltxModelField('extend'),
    context: z
      .number()
      .min(0)
      .max(20)
      .optional()
      .describe('Seconds of the input used as context (max 20). context + duration must fit in 505 frames.'),
  })
  .superRefine(catalogCheck('extend'), ALWAYS)
  .superRefine((body, ctx) => {
    const limit = LTX_EXTEND_MAX_FRAMES / 24;
    if (body.context !== undefined && body.context + body.duration > limit) {
      ctx.addIssue({
        code: 'custom',
        path: ['context'],
        message: `context + duration must fit in ${LTX_EXTEND_MAX_FRAMES} frames (about ${limit.toFixed(1)} s at 24 fps); got ${body.context} + ${body.duration} = ${body.context + body.duration} s`,
      });
    }
  });

/** `POST /v2/video-to-video-hdr`: SDR to HDR; result is a ZIP of EXR frames. */
export const LtxVideoToVideoHdrSchema = z.strictObject({
  video_uri: LtxMediaRefSchema.describe(
    `SDR source: up to 1080p 181 frames, 1440p 101 frames, 2160p 41 frames. ${LtxMediaRefSchema.description}`,
  ),
});

/** `POST /v2/video-to-video-reframe`: outpaint a video to another aspect ratio. */
export const LtxVideoToVideoReframeSchema = z
  .strictObject({
    video_uri: LtxMediaRefSchema.describe(
      `Source video: at most 60 s and 1800 frames. ${LtxMediaRefSchema.description}`,
    ),
    model: ltxModelField('video-to-video-reframe'),
    resolution: z
      .enum([
        '720x720',
        '1080x1080',
        '720x900',
        '1080x1350',
        '900x720',
        '1350x1080',
        '720x1280',
        '1080x1920',
        '1280x720',
        '1920x1080',
      ])
      .describe('Output WIDTHxHEIGHT: 1:1, 4:5, 5:4, 9:16 or 16:9.'),
    placement: z
      .strictObject({
        anchor: z
          .enum([
            'center',
            'top',
            'bottom',
            'left',
            'right',
            'top_left',
            'top_right',
            'bottom_left',
            'bottom_right',
          ])
          .optional(),
        x: z.number().optional(),
        y: z.number().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
      })
      .optional()
      .describe(
        'Unconfirmed (seen only in a third-party mirror): anchor, or x/y/width/height as fractions of the frame.',
      ),
  })
  .superRefine(catalogCheck('video-to-video-reframe'), ALWAYS);

/** The body schema of every LTX v2 endpoint. */
export const LTX_REQUEST_SCHEMAS = {
  'text-to-video': LtxTextToVideoSchema,
  'image-to-video': LtxImageToVideoSchema,
  'audio-to-video': LtxAudioToVideoSchema,
  retake: LtxRetakeSchema,
  extend: LtxExtendSchema,
  'video-to-video-hdr': LtxVideoToVideoHdrSchema,
  'video-to-video-reframe': LtxVideoToVideoReframeSchema,
} satisfies Record<LtxEndpoint, z.ZodType>;

/** Fields of each LTX endpoint that take media (URL, data URI, ltx:// URI or a local file to upload). */
export const LTX_MEDIA_FIELDS: Readonly<Record<LtxEndpoint, readonly string[]>> = {
  'text-to-video': [],
  'image-to-video': ['image_uri', 'last_frame_uri'],
  'audio-to-video': ['audio_uri', 'image_uri'],
  retake: ['video_uri'],
  extend: ['video_uri'],
  'video-to-video-hdr': ['video_uri'],
  'video-to-video-reframe': ['video_uri'],
};
