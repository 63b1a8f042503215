/** Round trip assumed before the first read comes back, ms. */
export const INITIAL_LATENCY_MS = 20;
/** Fewest reads the loop keeps in flight when reads are due. */
const MIN_IN_FLIGHT = 2;

/**
 * Reads in flight needed to read `jobs` jobs every `intervalMs` when a read takes `latencyMs`, with
 * half again as headroom: enough that the interval decides when a job is read, and no more, so at
 * most that many reads meet the first 429 of a provider whose limit is not known yet.
 */
export function inFlightWindow(jobs: number, intervalMs: number, latencyMs: number, max: number): number {
  const needed = Math.ceil(((jobs * 1000) / intervalMs) * (latencyMs / 1000) * 1.5) + 1;
  return Math.min(max, Math.max(MIN_IN_FLIGHT, needed));
}
