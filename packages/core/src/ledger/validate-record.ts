import { z } from 'zod';
import { UsageError } from '../errors/usage-error.js';
import { sanitizeForLedger } from './sanitize.js';
import { type JobRecord, JobRecordSchema } from './types.js';

/**
 * A record fit to be written: its `request` cleaned (sanitizeForLedger) and the whole checked with
 * JobRecordSchema. Throws UsageError naming the ref and the problems. Loaded with the first write, so
 * reading a ledger never loads zod.
 */
export function validateRecord(record: JobRecord): JobRecord {
  const parsed = JobRecordSchema.safeParse({ ...record, request: sanitizeForLedger(record.request) });
  if (!parsed.success) {
    throw new UsageError(`Ledger record ${record.ref} is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
