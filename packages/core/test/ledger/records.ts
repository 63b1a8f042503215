import { hashInput } from '../../src/ledger/hash.js';
import type { JobRecord } from '../../src/ledger/types.js';

/** A plausible record of an LTX text-to-video job (request shaped like the docs' example). */
export function ltxRecord(n: number, extra: Partial<JobRecord> = {}): JobRecord {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const request = {
    prompt: `a lighthouse at dusk #${n}`,
    model: 'ltx-2-3-fast',
    duration: 6,
    resolution: '1920x1080',
  };
  return {
    ref: `ltx:text-to-video/${id}`,
    provider: 'ltx',
    endpoint: 'text-to-video',
    id,
    name: `job ${n}`,
    request,
    inputHash: hashInput('ltx', 'text-to-video', request),
    submittedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    downloads: [],
    watching: true,
    ...extra,
  };
}
