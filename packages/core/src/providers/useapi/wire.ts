import { z } from 'zod';

/** `asset` of a signed asset: `fileId` is what generation calls take as `*AssetId`. */
export const UseapiAssetSchema = z.looseObject({
  type: z.string().optional(),
  fileId: z.string(),
  mimeType: z.string().optional(),
  artifactSubtype: z.string().optional(),
});

/** A signed asset URL; `expirationDateString` is epoch milliseconds as a string. */
export const UseapiSignedAssetSchema = z.looseObject({
  assetUrl: z.string().optional(),
  expirationDateString: z.string().optional(),
  asset: UseapiAssetSchema.optional(),
});

/** `status` of `GET assets/{jobId}`; `type` is `active`, `completed` or `failed` (others are kept). */
export const UseapiStatusSchema = z.looseObject({
  type: z.string(),
  progress: z.number().optional(),
  message: z.string().optional(),
  artifact: UseapiSignedAssetSchema.optional(),
});

/** `200` body of `GET assets/{jobId}`, also a create response when `pollForResult` finished in time. */
export const UseapiJobSchema = z.looseObject({
  status: UseapiStatusSchema.optional(),
  jobId: z.string().optional(),
  replyRef: z.string().optional(),
  replyUrl: z.string().optional(),
  code: z.number().optional(),
});
export type UseapiJob = z.infer<typeof UseapiJobSchema>;

/** `200` body of a create endpoint: the job was handed to the scheduler, or a full status. */
export const UseapiCreateResponseSchema = z.looseObject({
  jobId: z.string().min(1),
  generationId: z.string().optional(),
  status: UseapiStatusSchema.optional(),
});
export type UseapiCreateResponse = z.infer<typeof UseapiCreateResponseSchema>;

/** `200` body of `POST assets/`. */
export const UseapiUploadResponseSchema = z.looseObject({
  assetUrl: z.string().optional(),
  expirationDateString: z.string().optional(),
  asset: UseapiAssetSchema,
});

/** Body of every useapi error answer. */
export const UseapiErrorSchema = z.looseObject({ error: z.string(), code: z.number().optional() });
