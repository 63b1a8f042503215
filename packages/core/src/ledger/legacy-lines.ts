import { z } from 'zod';
import type { Logger } from '../deps.js';
import { applyChange, type FoldedLog } from './log-reader.js';
import { JobRecordSchema } from './types.js';

const V1LineSchema = z.discriminatedUnion('op', [
  z.object({ v: z.literal(1), op: z.literal('put'), record: JobRecordSchema }),
  z.object({ v: z.literal(1), op: z.literal('remove'), ref: z.string() }),
]);

/**
 * Applies the format-1 lines a read set aside (no seal, so each goes through the schema; one that
 * fails is skipped with a warning saying where). Their rev is 0: a sealed line of the same ref wins,
 * and among themselves the later wins, so applying them after the pass gives the same result as in it.
 * Loaded only when a ledger has such lines (this module brings zod).
 */
export function applyLegacyLines(fold: FoldedLog, logger: Logger): void {
  for (const { text, where } of fold.legacy.splice(0)) {
    let parsed: ReturnType<typeof V1LineSchema.safeParse> | undefined;
    try {
      parsed = V1LineSchema.safeParse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      logger.warn('Skipped an invalid ledger line', {
        where,
        ...(parsed ? { issues: z.prettifyError(parsed.error) } : {}),
      });
      continue;
    }
    fold.tailLines++;
    applyChange(fold, { ...parsed.data, rev: 0 });
  }
}
