import { z } from 'zod';
import { ProviderNameSchema } from '../job.js';
import { INTENT_STAGES } from './intents.js';

const ProcessOwnerSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  started: z.number().optional(),
});

/**
 * The durable note a submit writes BEFORE its POST (issue 9 item 5). It claims the input hash so no
 * other process submits the same input meanwhile, and when the process dies or the answer is lost it
 * is what is left to say "this may have been billed". On success it becomes the job record (whose
 * `intentId` names it) and the note is removed.
 */
export const SubmitIntentSchema = z.object({
  v: z.literal(1),
  /** 16 hex characters; also in the job record (`intentId`) once the submit got its id. */
  id: z.string().regex(/^[0-9a-f]{16}$/),
  /** The input hash of the request file (see hashInput). */
  inputHash: z.string(),
  provider: ProviderNameSchema,
  endpoint: z.string(),
  /** `name` from the request file, else its base name. */
  name: z.string().optional(),
  /** Absolute path (CLI) or URI (extension) of the request file. */
  requestFile: z.string().optional(),
  outputDir: z.string().optional(),
  /** The request as written in the file, cleaned like a record's (no secrets, no long data URIs). */
  request: z.unknown().optional(),
  /** ISO-8601: when the input hash was claimed. */
  claimedAt: z.string(),
  stage: z.enum(INTENT_STAGES),
  /** ISO-8601: when the POST went out (stage `posting` and later). */
  postedAt: z.string().optional(),
  /** useapi: the `replyRef` this submit added to the body, by which the job can be found again. */
  marker: z.string().optional(),
  /** Why the submit is `interrupted`, when known (e.g. "connection reset after the request was sent"). */
  reason: z.string().optional(),
  /** The submitting process; while it runs, the intent is `submitting`, not interrupted. */
  owner: ProcessOwnerSchema,
  /** True when this intent holds the exclusive claim of its input hash (not an `--allow-duplicate` submit). */
  exclusive: z.boolean(),
});
export type SubmitIntent = z.infer<typeof SubmitIntentSchema>;
