import { hasErrorName, LtxJobsError } from './ltx-jobs-error.js';

/** Configuration that cannot work: no API key, a plain-http base URL on a non-loopback host. */
export class ConfigError extends LtxJobsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'config', options);
    this.name = 'ConfigError';
  }
}

export const isConfigError = (e: unknown): e is ConfigError => hasErrorName(e, 'ConfigError');
