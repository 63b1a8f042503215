// The providers and job states as plain constants, free of zod: what views and bundles that never
// parse a job (the VS Code extension's activation) import (job.ts builds the schemas from them).

/** The two job APIs this tool speaks. `useapi` is useapi.net's LTX Studio API (retired 2026-03-09). */
export const PROVIDERS = ['ltx', 'useapi'] as const;

/**
 * The normalised lifecycle. `unknown` is a wire status this client does not recognise: it is NOT
 * terminal, so watchers keep polling at the normal pace. `cancelled` is a job the user cancelled at
 * the provider (useapi's scheduler); it is terminal and is not a failure.
 */
export const JOB_STATES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'expired',
  'unknown',
] as const;

/** One of {@link JOB_STATES}. */
export type JobStateName = (typeof JOB_STATES)[number];

/** States after which a job never changes again and costs no more requests. */
export const TERMINAL_STATES: readonly JobStateName[] = ['succeeded', 'failed', 'cancelled', 'expired'];

/** True when the state can no longer change. */
export function isTerminal(state: JobStateName): boolean {
  return TERMINAL_STATES.includes(state);
}
