import { hashInput } from '../../src/ledger/hash.js';
import type { JobRecord } from '../../src/ledger/types.js';
import { ltxRecord as buildLtxRecord } from '../../test-support/ledger-records.mjs';

/** A plausible record of an LTX text-to-video job named `job <n>`, with `extra` members on top. */
export function ltxRecord(n: number, extra: Partial<JobRecord> = {}): JobRecord {
  return { ...buildLtxRecord(n, { hashInput, name: `job ${n}` }), ...extra };
}
