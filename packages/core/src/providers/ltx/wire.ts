import { z } from 'zod';

/** `202` body of `POST /v2/{endpoint}`. */
export const LtxSubmitAcceptedSchema = z.looseObject({
  id: z.string().min(1),
  created_at: z.string().optional(),
});
export type LtxSubmitAccepted = z.infer<typeof LtxSubmitAcceptedSchema>;

/** `{type, message}` of a failed job and of the error envelope. */
export const LtxErrorDetailSchema = z.looseObject({ type: z.string(), message: z.string().default('') });

/** Body of every non-2xx LTX answer. */
export const LtxErrorEnvelopeSchema = z.looseObject({
  type: z.literal('error'),
  error: LtxErrorDetailSchema,
});
export type LtxErrorEnvelope = z.infer<typeof LtxErrorEnvelopeSchema>;

/** Wire statuses this client knows; any other string parses as {@link LtxOtherStatusSchema}. */
export const LTX_WIRE_STATUSES = ['pending', 'processing', 'completed', 'failed'] as const;

const base = { id: z.string().min(1), created_at: z.string().optional() };

export const LtxActiveStatusSchema = z.looseObject({ ...base, status: z.enum(['pending', 'processing']) });
export const LtxCompletedStatusSchema = z.looseObject({
  ...base,
  status: z.literal('completed'),
  completed_at: z.string().optional(),
  /**
   * Label -> URL, e.g. `video_url`, `exr_frames_url`. Optional here so that a `completed` job whose
   * result has not arrived yet is read as "still finishing" and polled on, not as a malformed answer.
   */
  result: z.record(z.string(), z.string()).optional(),
});
export const LtxFailedStatusSchema = z.looseObject({
  ...base,
  status: z.literal('failed'),
  completed_at: z.string().optional(),
  error: LtxErrorDetailSchema.optional(),
});
/** A status string this client does not know (kept, mapped to `unknown`, polled on). */
export const LtxOtherStatusSchema = z.looseObject({
  ...base,
  status: z.string().refine((s) => !(LTX_WIRE_STATUSES as readonly string[]).includes(s)),
});

/** `200` body of `GET /v2/{endpoint}/{id}`, tolerant of statuses added later. */
export const LtxJobStatusSchema = z.union([
  LtxActiveStatusSchema,
  LtxCompletedStatusSchema,
  LtxFailedStatusSchema,
  LtxOtherStatusSchema,
]);
export type LtxJobStatus = z.infer<typeof LtxJobStatusSchema>;

/** `200` body of `POST /v1/upload`: a signed PUT slot, valid 1 h; `storage_uri` valid 24 h. */
export const LtxUploadSlotSchema = z.looseObject({
  upload_url: z.url(),
  storage_uri: z.string().min(1),
  expires_at: z.string().optional(),
  required_headers: z.record(z.string(), z.string()).default({}),
});
export type LtxUploadSlot = z.infer<typeof LtxUploadSlotSchema>;
