import type { ProviderName, SubmitPhase } from '@ltx-jobs/core';

/** `waiting for a slot (2/2 LTX jobs running)`: a submit held back by the provider's concurrency. */
export function waitingForSlot(
  provider: ProviderName,
  phase: Extract<SubmitPhase, { phase: 'waiting-for-slot' }>,
): string {
  const who = provider === 'ltx' ? 'LTX' : 'useapi';
  return `waiting for a slot (${phase.running}/${phase.limit} ${who} jobs running)`;
}
