import { hasErrorName, LtxJobsError } from './ltx-jobs-error.js';

/** The same input (same provider, endpoint and body hash) was submitted before; nothing was sent. */
export class DuplicateSubmitError extends LtxJobsError {
  /** Ref of the earlier job with this input. */
  readonly previousRef: string;
  readonly inputHash: string;

  constructor(previousRef: string, inputHash: string) {
    super(
      `An identical request was already submitted as ${previousRef}; submitting again would bill again`,
      'duplicate',
    );
    this.name = 'DuplicateSubmitError';
    this.previousRef = previousRef;
    this.inputHash = inputHash;
  }
}

export const isDuplicateSubmitError = (e: unknown): e is DuplicateSubmitError =>
  hasErrorName(e, 'DuplicateSubmitError');
