import { z } from 'zod';
import type { UseapiEndpoint } from './endpoints.js';

/** An asset `fileId` (`asset:…-type:image/png`) or a local image path, uploaded on submit. */
export const UseapiAssetRefSchema = z
  .string()
  .min(1)
  .describe('Asset fileId (asset:…) or a path to a local image relative to this file (uploaded on submit).');

const text2000 = z.string().max(2000);
const asyncFields = {
  email: z.string().min(1).optional().describe('LTX Studio account; required when several are configured.'),
  pollForResult: z
    .number()
    .int()
    .min(1)
    .max(20)
    .optional()
    .describe('Server polls every 3 s up to N times before answering.'),
  maxJobs: z.number().int().min(1).max(100).optional().describe('Concurrent-job limit for this call.'),
  replyUrl: z.url().optional().describe('Webhook called with the job status when it completes.'),
  replyRef: z.string().optional().describe('Your reference, echoed in the status and the webhook.'),
};
const seed = z.number().int().optional().describe('Random by default.');
const shotAngle = z
  .enum(['eye-level', 'low-angle', 'over-the-shoulder', 'overhead', 'birds-eye-view'])
  .optional();
const aspect3 = z.enum(['16:9', '9:16', '1:1']).optional().meta({ default: '16:9' });
const imageModel = z.enum(['flux', 'flux-premium', 'nano-banana']).optional().meta({
  description:
    'flux: FLUX.1 Kontext (default); flux-premium: FLUX.1 Kontext Max; nano-banana: Gemini 2.5 Flash Image.',
  default: 'flux',
});
const sceneFields = {
  location: text2000.optional(),
  weather: text2000.optional(),
  lighting: text2000.optional(),
  referenceAssetId2: UseapiAssetRefSchema.optional(),
  referenceAssetId3: UseapiAssetRefSchema.optional().describe(
    `flux-premium and nano-banana only. ${UseapiAssetRefSchema.description}`,
  ),
};

/** `POST videos/ltx-create`. */
export const UseapiLtxCreateSchema = z.strictObject({
  ...asyncFields,
  prompt: text2000.min(1).describe('At most 2000 characters.'),
  startAssetId: UseapiAssetRefSchema.optional().describe(`Start frame. ${UseapiAssetRefSchema.description}`),
  endAssetId: UseapiAssetRefSchema.optional().describe(`End frame. ${UseapiAssetRefSchema.description}`),
  model: z.enum(['ltxv', 'ltxv-turbo']).optional().meta({ default: 'ltxv-turbo' }),
  duration: z
    .literal([3, 5, 7, 9, 15, 30, '3', '5', '7', '9', '15', '30'])
    .optional()
    .meta({ description: 'Seconds (number or string). Default 3.', default: '3' }),
  aspectRatio: aspect3,
  intensity: z.enum(['low', 'medium', 'high']).optional().meta({ default: 'medium' }),
  seed,
  audioSFX: z
    .boolean()
    .optional()
    .meta({ description: 'Automatic sound effects. Default false.', default: false }),
});

/** `POST videos/veo-create` (parameters as of the 2025-08-25 docs). */
export const UseapiVeoCreateSchema = z
  .strictObject({
    ...asyncFields,
    model: z.enum(['veo2', 'veo3', 'veo3-fast']).optional().meta({ default: 'veo2' }),
    prompt: text2000.optional().describe('At most 2000 characters.'),
    startAssetId: UseapiAssetRefSchema.optional().describe(
      `Start frame; required for veo2. ${UseapiAssetRefSchema.description}`,
    ),
    duration: z
      .literal([5, 6, 7, 8, '5', '6', '7', '8'])
      .optional()
      .describe('Seconds: veo2 5 (default)-8; veo3 and veo3-fast 8.'),
    aspectRatio: z.enum(['16:9', '9:16']).optional().describe('veo2 16:9 (default) or 9:16; veo3 16:9 only.'),
    audioSFX: z.boolean().optional(),
    resolution: z.enum(['720p', '1080p']).optional().describe('veo3 and veo3-fast only; default 1080p.'),
    seed,
  })
  .superRefine((body, ctx) => {
    const model = body.model ?? 'veo2';
    const issue = (field: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [field], message });
    if (model === 'veo2') {
      if (body.startAssetId === undefined)
        issue('startAssetId', 'veo2 needs startAssetId (a start image); got none');
      if (body.resolution !== undefined)
        issue('resolution', `veo2 does not take resolution (720p); got ${body.resolution}`);
    } else {
      if (body.duration !== undefined && Number(body.duration) !== 8) {
        issue('duration', `${model} supports duration 8; got ${body.duration}`);
      }
      if (body.aspectRatio !== undefined && body.aspectRatio !== '16:9') {
        issue('aspectRatio', `${model} supports aspectRatio 16:9; got ${body.aspectRatio}`);
      }
    }
  });

/** `POST images/create` (alias `images/flux-create`). */
export const UseapiImageCreateSchema = z.strictObject({
  ...asyncFields,
  ...sceneFields,
  prompt: text2000.min(1).describe('At most 2000 characters.'),
  model: imageModel,
  aspectRatio: aspect3,
  referenceAssetId: UseapiAssetRefSchema.optional(),
  reference_strength: z.number().min(0).max(100).optional().meta({ default: 50 }),
  style: z
    .enum([
      'base',
      'cinematic',
      'vintage',
      'low_key',
      'indy',
      'y2k',
      'pop',
      'grunge',
      'dreamy',
      'hand_drawn',
      '2d_novel',
      'boost',
      'scribble',
      'film_noir',
      'anime',
      '3d_cartoon',
      'colored',
    ])
    .optional()
    .meta({ default: 'base' }),
  shotType: z.string().optional().describe('Free text, e.g. "wide shot", "close-up".'),
  shotAngle,
  seed,
});

/** `POST images/edit` (alias `images/flux-edit`). */
export const UseapiImageEditSchema = z.strictObject({
  ...asyncFields,
  ...sceneFields,
  prompt: text2000.min(1).describe('At most 2000 characters.'),
  referenceAssetId: UseapiAssetRefSchema.describe(`The image to edit. ${UseapiAssetRefSchema.description}`),
  model: imageModel,
  aspectRatio: aspect3,
  shotType: z.string().optional(),
  shotAngle,
  seed,
});

/** `POST images/upscale`. */
export const UseapiImageUpscaleSchema = z.strictObject({
  ...asyncFields,
  jobId: z.string().min(1).describe('jobId of a completed images/create or images/edit job.'),
});

/** The body schema of every useapi create endpoint. */
export const USEAPI_REQUEST_SCHEMAS = {
  'videos/ltx-create': UseapiLtxCreateSchema,
  'videos/veo-create': UseapiVeoCreateSchema,
  'images/create': UseapiImageCreateSchema,
  'images/edit': UseapiImageEditSchema,
  'images/upscale': UseapiImageUpscaleSchema,
} satisfies Record<UseapiEndpoint, z.ZodType>;

/** Asset-id fields of each useapi endpoint that may name a local image to upload. */
export const USEAPI_MEDIA_FIELDS: Readonly<Record<UseapiEndpoint, readonly string[]>> = {
  'videos/ltx-create': ['startAssetId', 'endAssetId'],
  'videos/veo-create': ['startAssetId'],
  'images/create': ['referenceAssetId', 'referenceAssetId2', 'referenceAssetId3'],
  'images/edit': ['referenceAssetId', 'referenceAssetId2', 'referenceAssetId3'],
  'images/upscale': [],
};

/** `type` query of `POST assets/` per endpoint: `image` for ltx-create, `reference-image` elsewhere. */
export const USEAPI_UPLOAD_TYPES: Readonly<Record<UseapiEndpoint, 'image' | 'reference-image'>> = {
  'videos/ltx-create': 'image',
  'videos/veo-create': 'reference-image',
  'images/create': 'reference-image',
  'images/edit': 'reference-image',
  'images/upscale': 'reference-image',
};
