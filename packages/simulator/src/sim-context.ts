import type { FaultBook, JobFaults } from './faults.js';
import type { JobStore } from './job-store.js';
import type { ResolvedOptions, SimTiming } from './options.js';
import type { RateLimiter } from './rate-limit.js';
import type { RequestLog } from './request-log.js';
import type { StorageState } from './storage-state.js';

/** Server-level settings that `setFaults` changes while the server runs. */
export interface LiveFaultSettings {
  ltxConcurrencyLimit: number | null;
  useapiMaxJobs: number | null;
  cutDownloads: boolean;
  failRate: number;
  jobFaults: Record<number, JobFaults>;
  /** USD left on the simulated LTX account; `null` = unlimited. */
  balanceUsd: number | null;
  acceptUnknownValues: boolean;
}

/** Everything the route handlers share. One per simulator. */
export interface SimContext {
  options: ResolvedOptions;
  /** Current timing; `setTiming` replaces fields. Applies to jobs submitted afterwards. */
  timing: SimTiming;
  settings: LiveFaultSettings;
  faults: FaultBook;
  /** The request-rate limit (`rateLimit`); off unless set. */
  rateLimiter: RateLimiter;
  jobs: JobStore;
  storage: StorageState;
  log: RequestLog;
  now: () => number;
}
