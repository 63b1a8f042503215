import {
  ConfigError,
  type ProviderClient,
  type ProviderName,
  USEAPI_DEPRECATION_NOTICE,
  USEAPI_RETIRED_ON,
} from '@ltx-jobs/core';

/** No key is stored for `provider`: the message says how to set one; the UI offers "Set API Key". */
export class MissingApiKeyError extends ConfigError {
  constructor(readonly provider: ProviderName) {
    super(`No API key for ${provider === 'ltx' ? 'LTX' : 'useapi.net'} is set: run "LTX Jobs: Set API Key"`);
    this.name = 'MissingApiKeyError';
  }
}

/** True for a {@link MissingApiKeyError} (by name: it survives bundling). */
export function isMissingApiKeyError(error: unknown): error is MissingApiKeyError {
  return error instanceof Error && error.name === 'MissingApiKeyError';
}

/** What a lazy client needs at call time: the key from secret storage and the base URL setting. */
export interface ClientSource {
  provider: ProviderName;
  /** Endpoints of the provider (static). */
  endpoints: readonly string[];
  canCancel: boolean;
  /** Reads the API key now; undefined when none is stored. */
  apiKey(): Thenable<string | undefined>;
  /** Builds the core client for this key and the current settings (the core validates the base URL). */
  create(apiKey: string): ProviderClient | Promise<ProviderClient>;
}

/**
 * A {@link ProviderClient} that builds the core client on every call from the current key and base
 * URL, so "Set API Key" and settings changes take effect without restarting running watches.
 * Throws {@link MissingApiKeyError} saying how to set a key when there is none.
 */
export function createLazyClient(source: ClientSource): ProviderClient {
  const resolve = async (): Promise<ProviderClient> => {
    const key = await source.apiKey();
    if (!key) throw new MissingApiKeyError(source.provider);
    return source.create(key);
  };
  const client: ProviderClient = {
    provider: source.provider,
    endpoints: source.endpoints,
    canCancel: source.canCancel,
    submit: async (endpoint, body, options) => (await resolve()).submit(endpoint, body, options),
    status: async (ref, options) => (await resolve()).status(ref, options),
    cancel: async (ref, options) => (await resolve()).cancel(ref, options),
    resolveMedia: async (endpoint, body, options) => (await resolve()).resolveMedia(endpoint, body, options),
  };
  if (source.provider === 'useapi') {
    return { ...client, deprecation: { since: USEAPI_RETIRED_ON, message: USEAPI_DEPRECATION_NOTICE } };
  }
  return client;
}
