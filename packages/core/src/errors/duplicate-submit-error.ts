import type { SubmitIntentView } from '../ledger/intents.js';
import { hasErrorName, LtxJobsError } from './ltx-jobs-error.js';

/**
 * The same input (same provider, endpoint and body hash) was submitted before, or is being submitted,
 * or an earlier submit of it was interrupted and may have been billed; nothing was sent.
 */
export class DuplicateSubmitError extends LtxJobsError {
  /** Ref of the earlier job with this input; `intent:<id>` when only an intent holds it (see `intent`). */
  readonly previousRef: string;
  readonly inputHash: string;
  /** The submit in progress or interrupted that holds this input, when there is no job record. */
  readonly intent: SubmitIntentView | undefined;

  constructor(
    previousRef: string,
    inputHash: string,
    details: { intent?: SubmitIntentView; message?: string } = {},
  ) {
    super(
      details.message ??
        `An identical request was already submitted as ${previousRef}; submitting again would bill again`,
      'duplicate',
    );
    this.name = 'DuplicateSubmitError';
    this.previousRef = previousRef;
    this.inputHash = inputHash;
    this.intent = details.intent;
  }
}

export const isDuplicateSubmitError = (e: unknown): e is DuplicateSubmitError =>
  hasErrorName(e, 'DuplicateSubmitError');
