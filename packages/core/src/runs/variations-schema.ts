import { z } from 'zod';

/** Most jobs one request file may expand into (500): a typo in a count should not bill a fortune. */
export const MAX_VARIANTS_PER_FILE = 500;
/** Most takes of one combination (100). */
export const MAX_VARIATION_COUNT = 100;

/**
 * The optional `variations` block of a request file: the request becomes several jobs. `prompts`
 * (each replaces `request.prompt`) x every combination of the `matrix` values (each replaces its
 * request field) x `count` takes of each. LTX has no seed, so each take is a fresh draw.
 */
export const VariationsSchema = z
  .strictObject({
    count: z
      .int()
      .min(1)
      .max(MAX_VARIATION_COUNT)
      .optional()
      .describe(
        'Takes of each combination (default 1). LTX has no seed: each take is a fresh draw, billed on its own.',
      ),
    matrix: z
      .record(z.string().min(1), z.array(z.unknown()).min(1).max(MAX_VARIANTS_PER_FILE))
      .optional()
      .describe(
        'Request fields and the values to try, e.g. { "model": ["ltx-2-3-fast", "ltx-2-3-pro"] }: one job per combination.',
      ),
    prompts: z
      .array(z.string().min(1))
      .min(1)
      .max(MAX_VARIANTS_PER_FILE)
      .optional()
      .describe(
        'Prompts to try; each replaces request.prompt (the request then needs no prompt of its own).',
      ),
  })
  .describe(
    'Makes this file several jobs, submitted as one run: prompts x matrix combinations x count takes. Each job has a stable variant key, so these repeats are intended, never reported as duplicates.',
  );

/** The `variations` block as written. */
export type Variations = z.infer<typeof VariationsSchema>;
