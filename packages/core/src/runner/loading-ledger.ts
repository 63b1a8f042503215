import { UsageError } from '../errors/usage-error.js';
import type { Ledger } from '../ledger/ledger.js';

const stillLoading = async (): Promise<never> => {
  throw new UsageError('The job ledger is still loading');
};

/**
 * The ledger a runner shows while its own loads in the background: no records, no intents. Writes
 * never reach it (every writing method of the runner waits for the real ledger first); if one did, it
 * would be refused.
 */
export const LOADING_LEDGER: Ledger = {
  record: stillLoading,
  update: stillLoading,
  get: () => undefined,
  list: () => [],
  summaries: () => [],
  findByInputHash: () => undefined,
  remove: stillLoading,
  refresh: async () => {},
  intents: () => [],
  claimSubmit: stillLoading,
  dismissIntent: stillLoading,
  close: () => {},
};
