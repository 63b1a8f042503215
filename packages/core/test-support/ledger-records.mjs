/**
 * Ledger records shared by the unit tests (`test/ledger/records.ts`) and the bench (`bench/ledger.mjs`).
 * Plain ESM with JSDoc types; imports nothing at run time (callers pass `hashInput` from src/ or dist/).
 * The `JobRecord` import below is a type, erased before anything runs.
 */

/** @typedef {import('../src/ledger/types.js').JobRecord} JobRecord */

/**
 * @typedef {object} LtxRecordOptions
 * @property {(provider: 'ltx', endpoint: string, request: unknown) => string} hashInput The core's
 *   `hashInput`, which fills `inputHash`.
 * @property {string} [name] The record's `name`; no `name` member when omitted.
 */

/**
 * A plausible record of an LTX text-to-video job number `n` (request shaped like the docs' example),
 * submitted `n` seconds after 2026-01-01T00:00:00Z, watched, with no downloads.
 * @param {number} n
 * @param {LtxRecordOptions} options
 * @returns {JobRecord}
 */
export function ltxRecord(n, { hashInput, name }) {
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
    ...(name === undefined ? {} : { name }),
    request,
    inputHash: hashInput('ltx', 'text-to-video', request),
    submittedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    downloads: [],
    watching: true,
  };
}
