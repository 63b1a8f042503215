import type { ProviderName } from '../job.js';
import { hashInput } from '../ledger/hash.js';

/** What makes a run's job distinct in the ledger: its run, variant key and attempt. */
export interface RunJobIdentity {
  /** The run's id. */
  runId: string;
  /** The variant key of a file with `variations` (absent for a plain file or manifest line). */
  variantKey?: string | undefined;
  /** 1 for the first submit of the job, 2 for its first resubmit by `run resume`, … Default 1. */
  attempt?: number | undefined;
}

/**
 * The input hash a run's job claims. First attempt: the request plus its variant key (a plain file or
 * manifest line: the request alone, so it is a duplicate of the same request submitted before, and
 * the same variations file submitted again repeats every hash). A resubmit by `run resume` (attempt
 * 2+) adds the run id and the attempt, so it claims a hash of its own: two resumes of one run at once
 * claim the same hash, and only one sends.
 */
export function runInputHash(
  file: { provider: ProviderName; endpoint: string; request: unknown },
  identity?: RunJobIdentity,
): string {
  const attempt = identity?.attempt ?? 1;
  const variant =
    attempt > 1 ? `${identity?.variantKey ?? ''}@${identity?.runId}#${attempt}` : identity?.variantKey;
  return hashInput(file.provider, file.endpoint, file.request, variant);
}
