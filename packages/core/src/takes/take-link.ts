import { z } from 'zod';

/** One step of a take chain: a source file and, when a job made it, that job. */
export const TakeLinkSchema = z.object({
  /** Job ref of the job whose artifact this file is (`ltx:<endpoint>/<id>`); absent for a plain file. */
  ref: z.string().optional(),
  /** Absolute path of the file as it was when the take was made. */
  file: z.string(),
  /** Endpoint of the job that made the file, when known (`text-to-video`, `extend`, ...). */
  endpoint: z.string().optional(),
});
/** One step of a take chain. */
export type TakeLink = z.infer<typeof TakeLinkSchema>;

/**
 * What a job is a take of: the local file its request sent as media (uploaded at submit), the job
 * that produced that file when there was one, and the chain above it. Kept in the ledger record
 * (`parent`) and written into provenance files.
 */
export const TakeParentSchema = TakeLinkSchema.extend({
  /** The request field that carried the file, e.g. `video_uri`, `image_uri`. */
  field: z.string(),
  /** The links above the parent, root first (empty when the parent is itself an original). */
  chain: z.array(TakeLinkSchema),
});
/** What a job is a take of. */
export type TakeParent = z.infer<typeof TakeParentSchema>;

/** The whole chain of a take, root first, ending with its direct parent. */
export function fullChain(parent: TakeParent): TakeLink[] {
  const link: TakeLink = { file: parent.file };
  if (parent.ref !== undefined) link.ref = parent.ref;
  if (parent.endpoint !== undefined) link.endpoint = parent.endpoint;
  return [...parent.chain, link];
}
