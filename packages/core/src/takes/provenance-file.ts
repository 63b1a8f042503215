import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PROVENANCE_SUFFIX } from '../download/provenance.js';
import { TakeParentSchema } from './take-link.js';

/** The part of a `<artifact>.ltx-job.json` provenance file that takes are built from. */
export const ProvenanceSourceSchema = z.object({
  format: z.literal('ltx-jobs/provenance@1'),
  ref: z.string(),
  endpoint: z.string(),
  name: z.string().optional(),
  /** The body as sent; its `prompt` seeds the prompt of a take. */
  request: z.unknown(),
  /** Present when the job was itself a take. */
  takeOf: TakeParentSchema.optional(),
});
/** What a take needs from the provenance file of its source. */
export type ProvenanceSource = z.infer<typeof ProvenanceSourceSchema>;

/**
 * Reads the provenance file beside `artifactPath` (`<artifactPath>.ltx-job.json`). Undefined when
 * there is none, or it is not a provenance file this version understands (a take of that file then
 * simply has no parent job): a file on disk is untrusted input.
 */
export async function readProvenanceSource(artifactPath: string): Promise<ProvenanceSource | undefined> {
  let text: string;
  try {
    text = await readFile(`${artifactPath}${PROVENANCE_SUFFIX}`, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = ProvenanceSourceSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
