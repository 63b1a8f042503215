import type { Deps } from '../deps.js';
import { isNotFoundError } from '../errors/http-error.js';
import { UsageError } from '../errors/usage-error.js';
import type { Job } from '../job.js';
import { jobRefOf } from '../job-ref.js';
import { isTerminal } from '../job-states.js';
import type { Ledger } from '../ledger/ledger.js';
import type { JobRecord } from '../ledger/types.js';
import { placeholderJob } from '../poll/job-states.js';
import type { ProviderClient } from '../provider.js';
import type { CancelOutcome } from './types.js';

/** What cancelling a record's job needs from the runner. */
export interface CancelContext {
  client: ProviderClient;
  ledger: Ledger;
  deps: Deps;
  signal: AbortSignal;
}

/** Message of a job the user cancelled. */
export const USER_CANCELLED_MESSAGE = 'Cancelled by the user';

/**
 * Cancels the job of `record` at its provider and records it as `cancelled` (not watched any more).
 * A job already terminal in the ledger costs no request (`already-ended`). When the provider answers
 * 404 (useapi: "Unable to locate running jobId"), the job ended before the cancel arrived: one status
 * read records its final state and the outcome says `already-ended`.
 * @throws UsageError when the provider cannot cancel (LTX has no cancel endpoint)
 */
export async function cancelRecordJob(context: CancelContext, record: JobRecord): Promise<CancelOutcome> {
  const { client, ledger, deps, signal } = context;
  if (!client.canCancel) {
    throw new UsageError(
      `${record.provider.toUpperCase()} jobs cannot be cancelled: the API has no cancel; ${record.ref} runs to its end (and is billed)`,
    );
  }
  if (record.job !== undefined && isTerminal(record.job.state)) {
    return { outcome: 'already-ended', record };
  }
  const ref = jobRefOf(record);
  try {
    await client.cancel(ref, { signal });
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
    const final = await client.status(ref, { signal }).then(
      (r) => r.job,
      () => undefined,
    );
    if (final === undefined || !isTerminal(final.state)) {
      throw new UsageError(
        `${record.ref} could not be cancelled: the provider has no running job with this id (${error.message})`,
      );
    }
    return {
      outcome: 'already-ended',
      record: await ledger.update(record.ref, (r) => ({ ...r, job: final })),
    };
  }
  const at = new Date(deps.now()).toISOString();
  const job: Job = {
    ...(record.job ?? placeholderJob(ref, deps.now())),
    state: 'cancelled',
    message: USER_CANCELLED_MESSAGE,
    completedAt: at,
    updatedAt: at,
  };
  delete job.progress;
  const updated = await ledger.update(record.ref, (r) => ({ ...r, job, watching: false }));
  return { outcome: 'cancelled', record: updated };
}
