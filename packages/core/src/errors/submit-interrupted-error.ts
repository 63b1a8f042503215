import type { SubmitIntentView } from '../ledger/intents.js';
import { hasErrorName, LtxJobsError } from './ltx-jobs-error.js';

/**
 * A billed POST went out but no usable answer came back (the connection dropped after the body was
 * sent, the answer was malformed, the wait timed out): the provider may have made and billed the job.
 * Its intent stays in the ledger as "submit interrupted — may have been billed", and a resubmit of the
 * same input is refused unless the user allows a duplicate. Kind `network` (exit 6 in the CLI).
 */
export class SubmitInterruptedError extends LtxJobsError {
  /** The interrupted submit as the ledger keeps it. */
  readonly intent: SubmitIntentView;

  constructor(message: string, intent: SubmitIntentView, options?: { cause?: unknown }) {
    super(message, 'network', options);
    this.name = 'SubmitInterruptedError';
    this.intent = intent;
  }
}

export const isSubmitInterruptedError = (e: unknown): e is SubmitInterruptedError =>
  hasErrorName(e, 'SubmitInterruptedError');
